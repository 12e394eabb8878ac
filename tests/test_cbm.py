"""Certainty-based marking against a table worked by hand (docs/cbm.md)."""

from __future__ import annotations

import pytest

from quizkit.engine.attempt import Confidence
from quizkit.engine.cbm import cbm_mark, cbm_score, certainty
from quizkit.engine.scoring import Outcome, Score

RIGHT, WRONG, SKIPPED = Score(1.0, Outcome.CORRECT), Score(0.0, Outcome.INCORRECT), Score(0.0, Outcome.SKIPPED)
HALF = Score(0.5, Outcome.PARTIAL)


@pytest.mark.parametrize(("result", "confidence", "mark"), [
    # Gardner-Medwin's LAPT table: C=1/2/3 earn 1/2/3 when right and 0/−2/−6 when wrong.
    (RIGHT, Confidence.GUESSED, 1), (RIGHT, Confidence.UNSURE, 2), (RIGHT, Confidence.SURE, 3),
    (WRONG, Confidence.GUESSED, 0), (WRONG, Confidence.UNSURE, -2), (WRONG, Confidence.SURE, -6),
    # Not stated counts as C=1: leaving it out never costs a mark.
    (RIGHT, None, 1), (WRONG, None, 0),
    # Partly right earns its fraction of the right mark; unanswered earns nothing at any certainty.
    (HALF, Confidence.SURE, 1.5), (HALF, Confidence.UNSURE, 1), (HALF, Confidence.GUESSED, 0.5),
    (SKIPPED, Confidence.SURE, 0), (SKIPPED, None, 0),
])
def test_each_answer_is_marked_as_the_table_says(result: Score, confidence: Confidence | None, mark: float) -> None:
    assert cbm_mark(result, confidence) == mark


def test_a_quiz_worked_by_hand() -> None:
    # right+sure 3, wrong+sure −6, right+unsure 2, wrong+guessed 0, half+sure 1.5, right unstated 1 → 1.5
    answers = [(RIGHT, Confidence.SURE), (WRONG, Confidence.SURE), (RIGHT, Confidence.UNSURE),
               (WRONG, Confidence.GUESSED), (HALF, Confidence.SURE), (RIGHT, None)]
    total = cbm_score(answers)
    assert (total.marks, total.questions, total.best) == (1.5, 6, 18)
    assert total.average == pytest.approx(0.25)


def test_over_confidence_costs_more_than_it_earns() -> None:
    # At 75% right, "sure" averages 0.75·3 − 0.25·6 = 0.75 and "unsure" 0.75·2 − 0.25·2 = 1: the
    # scheme rewards saying C=2 when between 67% and 80% sure.
    sure = cbm_score([(RIGHT, Confidence.SURE)] * 3 + [(WRONG, Confidence.SURE)])
    unsure = cbm_score([(RIGHT, Confidence.UNSURE)] * 3 + [(WRONG, Confidence.UNSURE)])
    assert (sure.average, unsure.average) == (0.75, 1.0)
    assert [certainty(c) for c in (Confidence.GUESSED, Confidence.UNSURE, Confidence.SURE, None)] == [1, 2, 3, 1]
