"""Scoring rules, one worked example per rule (the README states the same rules)."""

from __future__ import annotations

import pytest

from quizkit.engine.scoring import Outcome, Response, score


def question(bank, qid):
    return next(q for q in bank.questions if q.id == qid)


def test_single_best_answer_is_right_or_wrong(mini_bank) -> None:
    q = question(mini_bank, "mini-single")
    assert score(q, Response(frozenset({"a"}))).outcome is Outcome.CORRECT
    assert score(q, Response(frozenset({"b"}))).points == 0.0


def test_true_false_uses_true_and_false_options(mini_bank) -> None:
    q = question(mini_bank, "mini-true-false")
    assert [o.id for o in q.options] == ["true", "false"]
    assert score(q, Response(frozenset({"false"}))).outcome is Outcome.CORRECT
    assert score(q, Response(frozenset({"true"}))).outcome is Outcome.INCORRECT


@pytest.mark.parametrize(("chosen", "points", "outcome"), [
    ({"a", "b"}, 1.0, Outcome.CORRECT),
    ({"a"}, 0.5, Outcome.PARTIAL),
    ({"a", "c"}, 0.0, Outcome.INCORRECT),     # one right, one wrong: they cancel
    ({"a", "b", "c"}, 0.5, Outcome.PARTIAL),  # choosing everything costs a point per wrong pick
    ({"c"}, 0.0, Outcome.INCORRECT),          # never below zero
])
def test_multiple_response_is_right_minus_wrong_over_keys(mini_bank, chosen, points, outcome) -> None:
    result = score(question(mini_bank, "mini-multiple"), Response(frozenset(chosen)))
    assert (result.points, result.outcome) == (points, outcome)


def test_matching_scores_the_fraction_of_pairs(mini_bank) -> None:
    q = question(mini_bank, "mini-matching")
    assert score(q, Response(pairs=(("nodule", "look"), ("red", "rethink")))).outcome is Outcome.CORRECT
    half = score(q, Response(pairs=(("nodule", "look"), ("red", "nothing"))))
    assert (half.points, half.outcome) == (0.5, Outcome.PARTIAL)


def test_matching_counts_over_every_premise_not_only_those_paired(mini_bank) -> None:
    # One right pair out of two premises is half marks: an unpaired premise is not answered right.
    q = question(mini_bank, "mini-matching")
    half_paired = score(q, Response(pairs=(("nodule", "look"),)))
    assert (half_paired.points, half_paired.outcome) == (0.5, Outcome.PARTIAL)


def test_no_response_is_skipped(mini_bank) -> None:
    q = question(mini_bank, "mini-single")
    assert score(q, None).outcome is Outcome.SKIPPED
    assert score(q, Response()).outcome is Outcome.SKIPPED
