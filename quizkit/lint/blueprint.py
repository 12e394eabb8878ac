"""QL117: a question covers a teaching point that its key does not test.

A question's ``covers`` says which of the bank's teaching points it tests, and the blueprint
view counts a point as taught when some question covers it. A point listed because the question
is *about* its topic, while the key decides something else, makes the blueprint look complete
when it is not. So a point counts as tested only when what the question keys (the stem, the
keyed options or pairs, and the explanation, which says why the key is right) shares at least
:data:`MIN_SHARE` of the point's content words, compared as QL115 compares a quote with a key.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from quizkit.bank.diagnostics import Diagnostic
from quizkit.bank.model import Bank, Question, TeachingPoint
from quizkit.lint.evidence import evidence_words
from quizkit.lint.question import MATCHING, TRUE_FALSE, Context, Reading, keyed

#: The share of a point's content words that the question's stem, key and explanation must use
#: for the point to count as tested (docs/lint.md, QL117, gives the measurements behind it).
MIN_SHARE = 0.2


def keyed_texts(question: Question) -> list[str]:
    """What the question decides and teaches: its stem, what its key says, and its explanation."""
    if question.type is TRUE_FALSE:
        key: list[str] = []
    elif question.type is MATCHING:
        key = [text for p, o in question.matches for text in (question.premise(p).text, question.option(o).text)]
    else:
        key = [option.text for option in keyed(question)]
    return [question.stem, *key, question.explanation]


def share_tested(question: Question, point: TeachingPoint) -> float:
    """The share of ``point``'s content words that the question's stem, key and explanation use."""
    wanted = evidence_words(point.point)
    if not wanted:
        return 1.0
    # The words of the texts joined, from each text's remembered words (evidence_words says why).
    used = frozenset().union(*map(evidence_words, keyed_texts(question)))
    return len(wanted & used) / len(wanted)


def tests_point(question: Question, point: TeachingPoint) -> bool:
    """Whether ``question``'s key tests ``point``, by the words they share (see :data:`MIN_SHARE`)."""
    return share_tested(question, point) >= MIN_SHARE


def covers_untested(reading: Reading, context: Context) -> Iterator[Diagnostic]:
    """QL117: each point in ``covers`` that the question's stem, key and explanation do not speak to."""
    question = reading.question
    points = {point.id: point for point in context.blueprint}
    for point_id in question.covers:
        point = points.get(point_id)
        if point is None or tests_point(question, point):
            continue  # an unknown point is QK311's to report
        yield Diagnostic(question.covers_position, "QL117",
                         f"question '{question.id}' covers '{point_id}' (\"{point.point.strip()}\"), but its stem, "
                         f"key and explanation use {share_tested(question, point):.0%} of the point's words, so the "
                         "key may test something else. Remove the point from `covers`, or make the key and "
                         "explanation test it; waive with the reason if they do in other words.")


@dataclass(frozen=True, slots=True)
class PointRow:
    """One teaching point and the questions whose key tests it."""

    bank_id: str
    point: TeachingPoint
    questions: tuple[str, ...]


def tested_points(banks: Iterable[Bank]) -> list[PointRow]:
    """Every teaching point of ``banks``, in blueprint order, with the questions that cover it and
    whose key tests it (a cover that QL117 reports does not count; one it waives does)."""
    return [PointRow(bank.id, point, tuple(
                question.id for question in bank.questions if point.id in question.covers and (
                    tests_point(question, point) or any(w.rule == "QL117" for w in question.waivers))))
            for bank in banks for point in bank.blueprint]
