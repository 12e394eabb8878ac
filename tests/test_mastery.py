"""Mastery per part and topic across every answer, quiz kinds, and spaced review's outlook."""

from __future__ import annotations

import dataclasses

import pytest
from store_support import T0, take

from quizkit.bank.model import CognitiveLevel, Difficulty
from quizkit.engine.quiz import QuizKind, QuizSpec
from quizkit.engine.topics import topics
from quizkit.history.mastery import mastery
from quizkit.history.queries import attempts, part_trends
from quizkit.history.spaced import review_outlook

ALL = ("mini-single", "mini-multiple", "mini-true-false", "mini-matching")


def test_mastery_counts_every_question_of_a_part_latest_answer_first_and_unanswered_as_missed(store, mini_bank, now) -> None:
    take(store, mini_bank, {"mini-single": "right", "mini-multiple": None}, kind=QuizKind.CUSTOM)  # submitted unanswered
    now.advance(days=10)
    take(store, mini_bank, {"mini-true-false": "right"}, kind=QuizKind.RETRY)
    now.advance(hours=1)
    take(store, mini_bank, {"mini-single": "wrong", "mini-matching": None}, finish=False)  # open: its blank counts for nothing
    seen = mastery(store, [mini_bank])
    # ch-1 (matching, never answered) is weakest; ch-2: 3 seen of 3, only true/false right on its latest answer.
    assert [(m.name, m.total, m.seen, m.correct) for m in seen.parts] == [("ch-1", 1, 0, 0), ("ch-2", 3, 3, 1)]
    ch2 = seen.parts[1]
    assert (ch2.correct_before, ch2.seen_before, ch2.trend) == (1, 2, 0)   # single lost, true/false gained
    assert [(m.name, m.total, m.seen, m.correct) for m in seen.topics] == [("biopsy", 1, 1, 0)]


def test_mastery_before_any_answer_has_everything_unseen_and_no_trend(mini_bank) -> None:
    seen = mastery(None, [mini_bank], now=T0)
    assert [(m.name, m.seen, m.correct, m.trend) for m in seen.parts] == [("ch-1", 0, 0, None), ("ch-2", 0, 0, None)]


def test_format_tags_are_not_topics(mini_bank) -> None:
    question = dataclasses.replace(mini_bank.questions[0], tags=("vignette", "biopsy"))
    assert topics(question) == ("biopsy",)


@pytest.mark.parametrize(("spec", "kind"), [
    (QuizSpec(), QuizKind.PART),
    (QuizSpec(difficulties=frozenset(Difficulty), levels=frozenset(CognitiveLevel)), QuizKind.PART),  # all ticked
    (QuizSpec(count=5), QuizKind.CUSTOM),
    (QuizSpec(tags=frozenset({"biopsy"})), QuizKind.CUSTOM),
    (QuizSpec(difficulties=frozenset({Difficulty("easy")})), QuizKind.CUSTOM),
    (QuizSpec(question_ids=frozenset({"q"})), QuizKind.CUSTOM),
    (QuizSpec(question_ids=frozenset({"q"}), origin=QuizKind.REVIEW), QuizKind.REVIEW),
])
def test_a_quiz_kind_follows_from_what_it_leaves_out_or_says_it_is(spec: QuizSpec, kind: QuizKind) -> None:
    assert spec.kind is kind


def test_only_part_quizzes_make_a_parts_trend_and_best(store, mini_bank, now) -> None:
    take(store, mini_bank, {q: "wrong" if q == "mini-single" else "right" for q in ALL})
    now.advance(days=1)
    take(store, mini_bank, {"mini-single": "right"}, kind=QuizKind.RETRY)
    now.advance(days=1)
    take(store, mini_bank, {"mini-single": "right", "mini-multiple": "right"}, kind=QuizKind.CUSTOM)
    assert [a.kind for a in attempts(store)] == [QuizKind.PART, QuizKind.RETRY, QuizKind.CUSTOM]
    ch2 = {t.section: t for t in part_trends(store)}["ch-2"]
    assert [round(s.percent) for s in ch2.scores] == [67] and round(ch2.best) == 67


def test_review_outlook_says_when_next_and_keeps_to_the_daily_limit(store, mini_bank, now) -> None:
    take(store, mini_bank, dict.fromkeys(ALL, "right"))
    outlook = review_outlook(store)
    assert outlook.due == () and outlook.next_due is not None
    days = outlook.next_due_in_days(now())
    assert days is not None and days >= 1
    now.advance(days=days)
    everything = review_outlook(store)
    assert everything.due_in_all == len(everything.due) >= 1
    limited = review_outlook(store, daily_limit=1)
    assert len(limited.due) == 1 and limited.due_in_all == everything.due_in_all
    take(store, mini_bank, {limited.due[0].question_id: "right"}, kind=QuizKind.REVIEW)  # today's one, done
    assert review_outlook(store, daily_limit=1).due == ()
