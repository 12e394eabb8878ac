"""Practice mode's skip and look-back, as engine rules (the pilot tests in test_tui_practice.py press the keys).

The mini_bank bank holds, in order: single (key a), multiple, true/false and matching; built
unshuffled, question i of the quiz is the bank's question i.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from store_support import RESPONSES, FakeClock, FakeNow

from quizkit.engine.attempt import Attempt, AttemptError, Confidence
from quizkit.engine.quiz import Mode, QuizSpec, build_quiz
from quizkit.engine.results import results_of
from quizkit.engine.scoring import Outcome
from quizkit.history.resume import resume
from quizkit.history.store import Store


def practice(mini_bank, mode: Mode = Mode.PRACTICE) -> Attempt:
    return Attempt(build_quiz([mini_bank], QuizSpec(mode=mode, shuffle=False)), clock=FakeClock())


def answer(attempt: Attempt, outcome: str = "right", confidence: Confidence | None = None) -> None:
    attempt.answer(RESPONSES[attempt.item.question.id][outcome], confidence)


def test_a_skipped_question_comes_back_after_the_others(mini_bank) -> None:
    attempt = practice(mini_bank)
    assert attempt.skip() == 1                      # question 1 put off
    answer(attempt)
    assert attempt.advance() and attempt.current == 2
    answer(attempt)
    assert attempt.advance() and attempt.current == 3
    answer(attempt)
    assert attempt.advance() and attempt.current == 0  # back after the others
    answer(attempt)
    assert not attempt.advance()                     # nothing left: the quiz can finish


def test_skipping_again_sends_a_question_to_the_end_of_the_queue_again(mini_bank) -> None:
    attempt = practice(mini_bank)
    attempt.skip()                                    # 0 put off → 1
    attempt.skip()                                    # 1 put off → 2
    answer(attempt)
    attempt.advance()                                 # → 3
    answer(attempt)
    attempt.advance()
    assert attempt.current == 0                       # the first put off comes first
    attempt.skip()                                    # and put off again: 1, then 0
    assert attempt.current == 1
    answer(attempt)
    attempt.advance()
    assert attempt.current == 0


def test_the_only_question_left_cannot_be_skipped_and_counts_as_missed_if_never_answered(mini_bank) -> None:
    attempt = practice(mini_bank)
    attempt.skip()
    for _ in range(3):
        answer(attempt)
        attempt.advance()
    assert attempt.current == 0
    with pytest.raises(AttemptError, match="only question left"):
        attempt.skip()
    attempt.finish()
    results = results_of(attempt)
    assert attempt.unanswered() == [0]
    assert (results.points, results.percent, results.count(Outcome.SKIPPED)) == (3.0, 75.0, 1)


def test_skip_and_advance_need_the_right_state(mini_bank) -> None:
    attempt = practice(mini_bank)
    with pytest.raises(AttemptError, match="before going on"):
        attempt.advance()
    answer(attempt)
    with pytest.raises(AttemptError, match="is answered"):
        attempt.skip()
    exam = practice(mini_bank, Mode.EXAM)
    for action in (exam.skip, exam.advance, lambda: exam.look_back(-1)):
        with pytest.raises(AttemptError, match="only practice mode"):
            action()


def test_looking_back_walks_the_answers_in_the_order_given_then_the_live_question(mini_bank) -> None:
    attempt = practice(mini_bank)
    attempt.skip()                                    # 0 put off
    answer(attempt, "wrong", Confidence.SURE)         # 1
    attempt.advance()
    answer(attempt)                                   # 2
    attempt.advance()
    answer(attempt)                                   # 3
    attempt.advance()                                 # back to 0, live
    assert attempt.look_back(-1) == 3 and attempt.looking_back and attempt.current == 0
    assert attempt.look_back(-1) == 2
    assert attempt.look_back(-1) == 1 and attempt.shown == 1
    with pytest.raises(AttemptError, match="no earlier answer"):
        attempt.look_back(-1)
    assert attempt.look_back(1) == 2
    assert attempt.look_back(5) == 0 and not attempt.looking_back  # the end of the trail is the live question


def test_looking_back_is_read_only(mini_bank) -> None:
    attempt = practice(mini_bank)
    answer(attempt, "wrong", Confidence.SURE)
    attempt.advance()
    attempt.look_back(-1)
    before = attempt.answers[0]
    with pytest.raises(AttemptError, match="final"):
        attempt.answer(RESPONSES["mini-single"]["right"], Confidence.GUESSED)
    with pytest.raises(AttemptError, match="final"):
        attempt.set_confidence(Confidence.GUESSED, 0)
    with pytest.raises(AttemptError, match="final"):
        attempt.skip()
    assert attempt.answers == {0: before} and before.confidence is Confidence.SURE
    assert before.score.points == 0.0
    attempt.return_to_live()
    assert attempt.shown == 1 and 1 not in attempt.answers


def test_a_resumed_practice_quiz_keeps_its_queue_and_its_look_back_order(tmp_path: Path, mini_bank) -> None:
    database = tmp_path / "history.sqlite3"
    attempt = practice(mini_bank)
    with Store.open(database, now=FakeNow()) as store:
        attempt_id = store.start(attempt, [mini_bank])
        attempt.skip()                                # 0 put off
        store.record_progress(attempt_id, attempt)
        answer(attempt)                               # 1
        store.record_answer(attempt_id, attempt)
        attempt.advance()
        attempt.skip()                                # 2 put off
        store.record_progress(attempt_id, attempt)
        answer(attempt)                               # 3
        store.record_answer(attempt_id, attempt)
    with Store.open(database, now=FakeNow()) as store:
        resumed = resume(store, attempt_id, [mini_bank], clock=FakeClock()).attempt
    assert resumed.current == 3 and resumed.answered_in_order() == [1, 3]
    assert resumed.advance() and resumed.current == 0  # the skipped ones, in the order put off
    answer(resumed)
    assert resumed.advance() and resumed.current == 2
    assert resumed.look_back(-1) == 0 and resumed.look_back(-1) == 3
