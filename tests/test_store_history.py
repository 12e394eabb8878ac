"""Reading history back: attempts, trends per part, retry, edits since, export, and FSRS review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fsrs import Rating
from store_support import T0, FakeNow, edited_bank, take

from quizkit.engine.attempt import Confidence
from quizkit.engine.quiz import Mode
from quizkit.engine.scoring import Outcome
from quizkit.history.queries import (
    EXPORT_COLUMNS,
    attempts,
    current_hashes,
    export_rows,
    missed_question_ids,
    part_trends,
    question_history,
)
from quizkit.history.spaced import (
    LEECH_MISSES,
    LEECH_WINDOW,
    due,
    leeches,
    rating,
    schedules,
)
from quizkit.history.store import Store

ALL_WRONG = {"mini-single": "wrong", "mini-multiple": "wrong", "mini-true-false": "wrong", "mini-matching": "wrong"}
ALL_RIGHT = dict.fromkeys(ALL_WRONG, "right")


# -- attempts and trends ----------------------------------------------------------------------
def test_attempts_list_every_attempt_with_its_score(store: Store, mini_bank, now: FakeNow) -> None:
    take(store, mini_bank, {**ALL_RIGHT, "mini-multiple": "partial"})
    now.advance(days=1)
    take(store, mini_bank, {"mini-single": "wrong", "mini-matching": None}, mode=Mode.EXAM, finish=False)
    first, second = attempts(store)
    assert (first.status, first.mode, first.bank_ids, first.questions, first.answered) == (
        "finished", Mode.PRACTICE, ("mini-bank",), 4, 4)
    assert (first.points, first.percent, first.started_at, first.finished_at) == (3.5, 87.5, T0, T0)
    assert (second.status, second.answered, second.points, second.finished_at) == ("open", 1, 0.0, None)
    assert second.started_at == T0 + dt.timedelta(days=1)
    assert first.uid != second.uid and len(first.uid) == 32


def test_trend_per_part_runs_first_to_last_over_finished_attempts(store: Store, mini_bank, now: FakeNow) -> None:
    take(store, mini_bank, ALL_WRONG)
    now.advance(days=1)
    take(store, mini_bank, {**ALL_RIGHT, "mini-single": "wrong"})
    now.advance(days=1)
    take(store, mini_bank, ALL_WRONG, finish=False)  # unfinished: left out of the trend
    now.advance(days=1)
    take(store, mini_bank, ALL_RIGHT)
    trends = part_trends(store)
    assert [t.section for t in trends] == ["ch-1", "ch-2"]
    ch1, ch2 = trends
    assert [s.percent for s in ch1.scores] == [0, 100, 100] and ch1.change == 100
    assert [round(s.percent) for s in ch2.scores] == [0, 67, 100] and (ch2.first, ch2.last) == (0, 100)
    assert [s.questions for s in ch2.scores] == [3, 3, 3]


def test_an_unanswered_exam_question_counts_zero_in_the_trend(store: Store, mini_bank) -> None:
    take(store, mini_bank, {"mini-single": "right", "mini-multiple": None}, mode=Mode.EXAM)
    [ch2] = part_trends(store)
    assert (ch2.scores[0].points, ch2.scores[0].questions) == (1.0, 2)


# -- what to retry ----------------------------------------------------------------------------
def test_retry_lists_questions_not_answered_correctly_since_they_were_missed(store: Store, mini_bank, now: FakeNow) -> None:
    take(store, mini_bank, {"mini-single": "wrong", "mini-multiple": "right", "mini-true-false": "wrong",
                       "mini-matching": "partial"})
    now.advance(hours=1)
    take(store, mini_bank, {"mini-single": "right", "mini-multiple": "wrong"})
    now.advance(hours=1)
    take(store, mini_bank, {"mini-true-false": "skip", "mini-matching": None}, mode=Mode.EXAM)
    # single: wrong then right, cleared. multiple: right then wrong, missed (most recent).
    # true-false: wrong then an explicit skip, missed. matching: partial, then left unanswered.
    assert missed_question_ids(store) == ["mini-true-false", "mini-multiple", "mini-matching"]


def test_only_the_final_answer_of_an_exam_counts(store: Store, mini_bank) -> None:
    from store_support import RESPONSES, FakeClock

    from quizkit.engine.attempt import Attempt
    from quizkit.engine.quiz import QuizSpec, build_quiz

    attempt = Attempt(build_quiz([mini_bank], QuizSpec(mode=Mode.EXAM, shuffle=False, count=1)), clock=FakeClock())
    attempt_id = store.start(attempt, [mini_bank])
    for outcome in ("right", "wrong", "right", "wrong"):
        attempt.answer(RESPONSES["mini-single"][outcome])
        store.record_answer(attempt_id, attempt)
    attempt.finish()
    store.finish(attempt_id, attempt)
    assert store.connection.execute("SELECT count(*) FROM answer").fetchone()[0] == 4  # every change was committed
    assert [(s.answered, s.points) for s in attempts(store)] == [(1, 0.0)]
    assert missed_question_ids(store) == ["mini-single"]
    assert [a.outcome for a in question_history(store, "mini-single")] == [Outcome.INCORRECT]


# -- history survives edits -------------------------------------------------------------------
def test_answers_to_an_earlier_wording_are_marked_edited_since(store: Store, mini_bank, tmp_path: Path, now: FakeNow) -> None:
    take(store, mini_bank, {"mini-single": "wrong", "mini-true-false": "right"})
    edited = edited_bank(tmp_path, "What confirms that a skin lesion is metastatic?",
                         "Which single test confirms that a skin lesion is metastatic?")
    now.advance(days=1)
    take(store, edited, {"mini-single": "right"})
    current = current_hashes([edited])
    assert [s.edited for s in attempts(store, current)] == [1, 0]
    rows = export_rows(store, "ana", current)
    assert [(r["question_id"], r["edited_since"]) for r in rows] == [
        ("mini-single", True), ("mini-true-false", False), ("mini-single", False)]
    assert [r["edited_since"] for r in export_rows(store, "ana", {})] == [None, None, None]
    # Still one question to the history: answered again after the edit, it is no longer to retry.
    assert missed_question_ids(store) == []
    old, new = question_history(store, "mini-single")
    assert old.content_hash != new.content_hash == edited.questions[0].content_hash


def test_export_rows_hold_each_final_answer_with_its_attempt(store: Store, mini_bank) -> None:
    take(store, mini_bank, {"mini-multiple": ("partial", Confidence.SURE), "mini-matching": "right"}, mode=Mode.EXAM)
    rows = export_rows(store, "ana", current_hashes([mini_bank]))
    assert all(tuple(row) == EXPORT_COLUMNS for row in rows)
    first, second = rows
    assert {k: first[k] for k in ("profile", "attempt_id", "attempt_status", "mode", "attempt_started_at",
                                  "attempt_finished_at", "attempt_questions", "question_number", "question_id",
                                  "bank_id", "bank_version", "section", "edited_since", "chosen", "pairs", "points",
                                  "outcome", "confidence", "seconds", "answered_at")} == {
        "profile": "ana", "attempt_id": 1, "attempt_status": "finished", "mode": "exam",
        "attempt_started_at": "2026-11-25T09:00:00.000Z", "attempt_finished_at": "2026-11-25T09:00:00.000Z",
        "attempt_questions": 2, "question_number": 1, "question_id": "mini-multiple", "bank_id": "mini-bank",
        "bank_version": "1.0.0", "section": "ch-2", "edited_since": False, "chosen": ["a"], "pairs": [],
        "points": 0.5, "outcome": "partial", "confidence": "sure", "seconds": 10.0,
        "answered_at": "2026-11-25T09:00:00.000Z"}
    assert (second["question_number"], second["pairs"], second["confidence"]) == (
        2, [["nodule", "look"], ["red", "rethink"]], None)


# -- spaced review ----------------------------------------------------------------------------
@pytest.mark.parametrize(("outcome", "confidence", "expected"), [
    (Outcome.INCORRECT, Confidence.SURE, Rating.Again),
    (Outcome.INCORRECT, None, Rating.Again),
    (Outcome.SKIPPED, None, Rating.Again),
    (Outcome.PARTIAL, Confidence.SURE, Rating.Hard),
    (Outcome.CORRECT, Confidence.GUESSED, Rating.Hard),
    (Outcome.CORRECT, Confidence.UNSURE, Rating.Good),
    (Outcome.CORRECT, None, Rating.Good),
    (Outcome.CORRECT, Confidence.SURE, Rating.Easy),
])
def test_rating_from_correctness_and_confidence(outcome: Outcome, confidence: Confidence | None, expected: Rating) -> None:
    assert rating(outcome, confidence) is expected


def test_questions_fall_due_on_their_fsrs_schedule(store: Store, mini_bank, now: FakeNow) -> None:
    take(store, mini_bank, {"mini-single": ("right", Confidence.SURE), "mini-multiple": "partial",
                       "mini-true-false": "right", "mini-matching": "wrong"})
    day = dt.timedelta(days=1)
    assert {q: s.due - T0 for q, s in schedules(store).items()} == {
        "mini-single": 8 * day, "mini-multiple": day, "mini-true-false": 2 * day, "mini-matching": day}
    assert due(store, T0 + day - dt.timedelta(seconds=1)) == []
    assert [s.question_id for s in due(store, T0 + day)] == ["mini-matching", "mini-multiple"]
    assert [s.question_id for s in due(store, T0 + 8 * day)] == [
        "mini-matching", "mini-multiple", "mini-true-false", "mini-single"]
    now.advance(days=8)
    assert len(due(store)) == 4  # "now" defaults to the store's clock
    # Reviewing a question moves it on: right and sure after a week stretches the interval.
    take(store, mini_bank, {"mini-single": ("right", Confidence.SURE)})
    single = schedules(store)["mini-single"]
    assert single.reviews == 2 and single.due - now.moment > 8 * day


def test_a_question_missed_again_and_again_is_a_leech_shown_apart(store: Store, mini_bank, now: FakeNow) -> None:
    for n in range(LEECH_MISSES):
        take(store, mini_bank, {"mini-matching": "wrong", "mini-single": "wrong" if n < LEECH_MISSES - 1 else "right"})
        now.advance(days=2)
        if n == LEECH_MISSES - 2:
            assert leeches(store) == []
    [leech] = leeches(store)
    assert (leech.question_id, leech.misses, leech.recent_misses, leech.reviews, leech.is_leech) == (
        "mini-matching", LEECH_MISSES, LEECH_MISSES, LEECH_MISSES, True)
    assert [s.question_id for s in due(store, now.moment + dt.timedelta(days=30))] == ["mini-single"]
    assert schedules(store)["mini-single"].misses == LEECH_MISSES - 1
    # Once learnt, it stops being a leech: the count is over its last LEECH_WINDOW answers.
    for _ in range(LEECH_WINDOW - LEECH_MISSES + 1):
        take(store, mini_bank, {"mini-matching": "right"})
        now.advance(days=2)
    matching = schedules(store)["mini-matching"]
    assert (matching.misses, matching.recent_misses, matching.is_leech) == (LEECH_MISSES, LEECH_MISSES - 1, False)
    assert leeches(store) == []


# -- withdrawn exam answers -----------------------------------------------------------------------
def withdraw_after(store: Store, mini_bank, outcome: str) -> None:
    """An exam on the single question, answered as ``outcome`` and then cleared, as backspace does."""
    from store_support import RESPONSES, FakeClock

    from quizkit.engine.attempt import Attempt
    from quizkit.engine.quiz import QuizSpec, build_quiz

    attempt = Attempt(build_quiz([mini_bank], QuizSpec(mode=Mode.EXAM, shuffle=False, question_ids=frozenset({"mini-single"}))),
                      clock=FakeClock())
    attempt_id = store.start(attempt, [mini_bank])
    attempt.answer(RESPONSES["mini-single"][outcome])
    store.record_answer(attempt_id, attempt)
    attempt.clear()
    store.record_answer(attempt_id, attempt)
    attempt.finish()
    store.finish(attempt_id, attempt)


def test_a_withdrawn_answer_is_no_miss_no_review_and_no_leech(store: Store, mini_bank, now: FakeNow) -> None:
    for _ in range(LEECH_WINDOW):
        withdraw_after(store, mini_bank, "wrong")
        now.advance(days=1)
    assert store.connection.execute("SELECT count(*) FROM answer").fetchone()[0] == 2 * LEECH_WINDOW  # all kept
    assert missed_question_ids(store) == []
    assert schedules(store) == {} and leeches(store) == []
    assert [(s.answered, s.points) for s in attempts(store)] == [(0, 0.0)] * LEECH_WINDOW
    assert export_rows(store, "ana") == []


def test_a_withdrawal_after_a_right_answer_leaves_the_question_as_before(store: Store, mini_bank, now: FakeNow) -> None:
    take(store, mini_bank, {"mini-single": "wrong"})
    now.advance(hours=1)
    withdraw_after(store, mini_bank, "right")
    assert missed_question_ids(store) == ["mini-single"]     # the earlier miss still stands
    assert schedules(store)["mini-single"].reviews == 1


def test_deliberate_skips_count_towards_a_leech(store: Store, mini_bank, now: FakeNow) -> None:
    # An empty answer given on purpose is a miss, unlike a withdrawal: it says "I do not know".
    for _ in range(LEECH_MISSES):
        take(store, mini_bank, {"mini-single": "skip"}, mode=Mode.EXAM)
        now.advance(days=2)
    [leech] = leeches(store)
    assert (leech.question_id, leech.recent_misses, leech.last_outcome) == ("mini-single", LEECH_MISSES, Outcome.SKIPPED)


def test_the_overview_is_what_each_face_shows(store: Store, mini_bank, now: FakeNow) -> None:
    from quizkit.history.overview import EMPTY, history_overview

    take(store, mini_bank, ALL_WRONG)
    now.advance(days=1)
    take(store, mini_bank, {"mini-single": "right", "mini-multiple": "partial"})
    overview = history_overview(store, current_hashes([mini_bank]))
    assert [a.points for a in overview.attempts] == [0.0, 1.5] and len(overview.finished) == 2
    assert [(p.section, p.first, p.last, p.best) for p in overview.parts] == [
        ("ch-1", 0.0, 0.0, 0.0), ("ch-2", 0.0, 75.0, 75.0)]
    assert overview.retry == ("mini-multiple", "mini-matching", "mini-true-false")  # most recent miss first
    assert history_overview(None) is EMPTY
