"""Putting an answer together before it is submitted: the rules every face shares."""

from __future__ import annotations

import pytest

from quizkit.engine.draft import Draft
from quizkit.engine.quiz import QuizSpec, build_quiz
from quizkit.engine.scoring import Response


def item(bank, question_id: str):
    quiz = build_quiz([bank], QuizSpec(shuffle=False, question_ids=frozenset({question_id})))
    return quiz.items[0]


def test_single_best_answer_holds_one_option(mini_bank) -> None:
    draft = Draft(item(mini_bank, "mini-single"))
    draft.choose("a")
    draft.choose("b")
    assert draft.response == Response(frozenset({"b"}))


def test_multiple_response_toggles_each_option(mini_bank) -> None:
    draft = Draft(item(mini_bank, "mini-multiple"))
    for option in ("a", "b", "c", "a"):
        draft.choose(option)
    assert draft.response.chosen == {"b", "c"}
    draft.clear()
    assert draft.is_empty


def test_matching_pairs_one_to_one(mini_bank) -> None:
    draft = Draft(item(mini_bank, "mini-matching"))
    draft.pair("nodule", "look")
    draft.pair("red", "look")          # the option moves: it may answer one premise only
    assert draft.response.pairs == (("red", "look"),)
    draft.pair("nodule", "rethink")
    draft.pair("nodule", "nothing")    # a premise holds one option
    assert dict(draft.response.pairs) == {"red": "look", "nodule": "nothing"}
    draft.clear("red")
    assert draft.response.pairs == (("nodule", "nothing"),)


def test_a_draft_starts_from_the_answer_given_and_refuses_what_the_question_lacks(mini_bank) -> None:
    matching = item(mini_bank, "mini-matching")
    draft = Draft.of(matching, Response(pairs=(("nodule", "look"),)))
    assert draft.paired_with("nodule") == "look" and draft.paired_with("red") is None
    with pytest.raises(ValueError, match="not an option"):
        draft.pair("nodule", "z")
    with pytest.raises(ValueError, match="not a premise"):
        draft.pair("elbow", "look")
    with pytest.raises(ValueError, match="use pair"):
        draft.choose("look")
