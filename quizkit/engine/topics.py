"""Which of a question's tags name a topic, and which only its format.

A bank tags a question with what it teaches (``biopsy``, ``staging``) and sometimes with how it is
written (``vignette``: a clinical case). Breakdowns and mastery by tag are about topics: "vignette
40%" would say nothing about what a trainee knows, so format tags are left out of them.
"""

from __future__ import annotations

from quizkit.bank.model import Question

#: Tags that describe a question's form rather than its subject.
FORMAT_TAGS = frozenset({"vignette"})


def topics(question: Question) -> tuple[str, ...]:
    """The question's tags that name what it teaches."""
    return tuple(tag for tag in question.tags if tag not in FORMAT_TAGS)
