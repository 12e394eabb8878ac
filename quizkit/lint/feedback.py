"""Lint rules about feedback: the rationales and explanation a trainee reads after answering.

Feedback is where most of the learning happens; the schema can require it but not that it says
anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizkit.bank.diagnostics import Diagnostic
from quizkit.lint.question import TRUE_FALSE, Context, Reading, ids
from quizkit.lint.text import content_of, split, words

# QL113 -------------------------------------------------------------------------------------

#: A rationale needs at least this many words besides its verdict ("Correct:", "Wrong;") to explain anything.
RATIONALE_MIN_WORDS = 3
_VERDICT = re.compile(r"^\W*(?:correct|incorrect|wrong|right|true|false|yes|no)\b\W*", re.IGNORECASE)
_PLACEHOLDERS = frozenset({"todo", "tbd", "tba", "fixme", "xxx", "lorem"})


def rationale_missing(reading: Reading, context: Context) -> Iterator[Diagnostic]:
    """Rationales that explain nothing, or repeat another option's."""
    question = reading.question
    seen: dict[str, str] = {}
    for option in question.options:
        reason = words(_VERDICT.sub("", option.rationale))
        text = " ".join(reason)
        label = "rationale" if question.type is not TRUE_FALSE else f"rationale_{option.id}"
        if len(reason) < RATIONALE_MIN_WORDS or not _PLACEHOLDERS.isdisjoint(reason):
            yield Diagnostic(option.position, "QL113",
                             f"the {label} of option '{option.id}' in question '{question.id}' "
                             f"('{option.rationale.strip()}') explains nothing. Trainees read it right after "
                             "answering; say why the option is right, or why it is wrong and what it would fit instead.")
        elif text in seen:
            yield Diagnostic(option.position, "QL113",
                             f"the {label} of option '{option.id}' in question '{question.id}' repeats that of option "
                             f"'{seen[text]}'. Each option is chosen for its own reason; explain this one.")
        seen.setdefault(text, option.id)


# QL114 -------------------------------------------------------------------------------------


def explanation_misses_key(reading: Reading, context: Context) -> Iterator[Diagnostic]:
    """An explanation that never mentions the keyed answer."""
    question = reading.question
    # Only this rule reads the explanation's content words: split without remembering it.
    explained = content_of(split(question.explanation))
    if question.type is TRUE_FALSE:
        # The key is a bare True or False; the explanation should at least speak of the statement.
        if reading.stem_content and not reading.stem_content & explained:
            yield Diagnostic(question.position, "QL114",
                             f"the explanation of question '{question.id}' shares no word with the statement it "
                             "explains. Say why the statement is true or false in its own terms.")
        return
    missed = [option for option in reading.keyed
              if reading.option_content[option.id] and not reading.option_content[option.id] & explained]
    if missed:
        yield Diagnostic(question.position, "QL114",
                         f"the explanation of question '{question.id}' does not mention keyed option(s) {ids(missed)}: "
                         "none of their words appear in it. Trainees read the explanation to learn the answer; "
                         "name it there.")
