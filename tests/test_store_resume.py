"""An interrupted quiz comes back as it was: same question, answers, flags, timers and order."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_support import RESPONSES, T0, FakeClock, FakeNow, edited_bank

from quizkit.engine.attempt import Attempt, Confidence
from quizkit.engine.quiz import Mode, QuizSpec, build_quiz
from quizkit.engine.scoring import Outcome, Response
from quizkit.history.queries import attempts
from quizkit.history.resume import ResumeError, resume, unfinished
from quizkit.history.store import Store


def _interrupted_exam(database: Path, mini_bank) -> tuple[int, Attempt]:
    """An exam, shuffled, a few moves in, then left unfinished (test_store_kill.py kills for real)."""
    clock = FakeClock()
    attempt = Attempt(build_quiz([mini_bank], QuizSpec(mode=Mode.EXAM, seed=11, time_limit_seconds=600)), clock=clock)
    with Store.open(database, now=FakeNow()) as store:
        attempt_id = store.start(attempt, [mini_bank])
        clock.now += 30
        question = attempt.item.question.id
        attempt.answer(RESPONSES[question]["wrong"])
        store.record_answer(attempt_id, attempt)
        clock.now += 5
        attempt.answer(RESPONSES[question]["right"])  # changed: the newest answer counts
        store.record_answer(attempt_id, attempt)
        attempt.set_confidence(Confidence.UNSURE)
        store.record_confidence(attempt_id, attempt)
        attempt.go(2)
        store.record_progress(attempt_id, attempt)
        clock.now += 20
        attempt.toggle_flag()
        store.record_flag(attempt_id, attempt)
        attempt.go(3)
        attempt.toggle_flag()
        store.record_flag(attempt_id, attempt)
        attempt.toggle_flag()  # flagged and unflagged again
        store.record_flag(attempt_id, attempt)
        clock.now += 7
        store.record_progress(attempt_id, attempt)  # the app's clock tick
    return attempt_id, attempt


def test_resume_rebuilds_the_attempt_exactly(tmp_path: Path, mini_bank) -> None:
    database = tmp_path / "history.sqlite3"
    attempt_id, before = _interrupted_exam(database, mini_bank)
    with Store.open(database, now=FakeNow(T0)) as store:
        [waiting] = unfinished(store)
        assert (waiting.attempt_id, waiting.mode, waiting.questions, waiting.answered, waiting.current) == (
            attempt_id, Mode.EXAM, 4, 1, 3)
        assert waiting.elapsed_seconds == pytest.approx(62)
        clock = FakeClock()
        clock.now = 5.0  # a new process: its monotonic clock has nothing to do with the old one
        resumed = resume(store, attempt_id, [mini_bank], clock=clock)
    after = resumed.attempt
    assert resumed.edited == ()
    assert after.quiz == before.quiz  # same questions, seed and option/premise order
    assert (after.current, after.flags, after.finished) == (3, {2}, False)
    assert after.answers == before.answers
    assert after.answers[0].confidence is Confidence.UNSURE and after.answers[0].score.outcome is Outcome.CORRECT
    assert after.elapsed == pytest.approx(62) and after.remaining() == pytest.approx(538)
    assert {i: after.seconds_on(i) for i in range(4)} == pytest.approx({i: before.seconds_on(i) for i in range(4)})
    clock.now += 8
    assert after.elapsed == pytest.approx(70) and after.seconds_on(3) == pytest.approx(before.seconds_on(3) + 8)


def test_a_resumed_attempt_carries_on_and_finishes(tmp_path: Path, mini_bank) -> None:
    database = tmp_path / "history.sqlite3"
    attempt_id, _ = _interrupted_exam(database, mini_bank)
    with Store.open(database, now=FakeNow()) as store:
        attempt = resume(store, attempt_id, [mini_bank], clock=FakeClock()).attempt
        attempt.answer(RESPONSES[attempt.item.question.id]["right"])
        store.record_answer(attempt_id, attempt)
        attempt.finish()
        store.finish(attempt_id, attempt)
        assert unfinished(store) == []
        [summary] = attempts(store)
        assert (summary.status, summary.answered, summary.points) == ("finished", 2, 2.0)
        with pytest.raises(ResumeError, match="not an unfinished attempt"):
            resume(store, attempt_id, [mini_bank])


def test_practice_resumes_on_the_answered_question_with_its_feedback(tmp_path: Path, mini_bank) -> None:
    database = tmp_path / "history.sqlite3"
    with Store.open(database, now=FakeNow()) as store:
        attempt = Attempt(build_quiz([mini_bank], QuizSpec(shuffle=False)), clock=FakeClock())
        attempt_id = store.start(attempt, [mini_bank])
        attempt.answer(Response(frozenset({"a"})))
        store.record_answer(attempt_id, attempt)
    with Store.open(database, now=FakeNow()) as store:
        attempt = resume(store, attempt_id, [mini_bank], clock=FakeClock()).attempt
    assert attempt.current == 0 and attempt.may_show_feedback()
    attempt.go(1)  # practice still moves forward only


def test_abandoned_attempts_are_not_offered_but_stay_in_history(tmp_path: Path, mini_bank) -> None:
    database = tmp_path / "history.sqlite3"
    attempt_id, _ = _interrupted_exam(database, mini_bank)
    with Store.open(database, now=FakeNow()) as store:
        store.abandon(attempt_id)
        assert unfinished(store) == []
        assert [(s.status, s.answered) for s in attempts(store)] == [("abandoned", 1)]


def test_an_edited_question_resumes_and_is_named(tmp_path: Path, mini_bank) -> None:
    database = tmp_path / "history.sqlite3"
    attempt_id, _ = _interrupted_exam(database, mini_bank)
    edited = edited_bank(tmp_path, "What confirms that a skin lesion is metastatic?",
                         "Which test confirms that a skin lesion is metastatic?")
    with Store.open(database, now=FakeNow()) as store:
        resumed = resume(store, attempt_id, [edited])
    assert resumed.edited == ("mini-single",)
    assert resumed.attempt.quiz.items[[i.question.id for i in resumed.attempt.quiz.items].index("mini-single")] \
        .question.stem.startswith("Which test")


@pytest.mark.parametrize(("old", "new", "why"), [
    ("  - id: mini-matching\n", "  - id: mini-matching-renamed\n", "no longer in the banks"),
    ("      - id: c\n        text: Inspection\n", "      - id: d\n        text: Inspection\n", "different options"),
])
def test_a_question_removed_or_reshaped_cannot_resume(tmp_path: Path, mini_bank, old: str, new: str, why: str) -> None:
    database = tmp_path / "history.sqlite3"
    attempt_id, _ = _interrupted_exam(database, mini_bank)
    with Store.open(database, now=FakeNow()) as store, pytest.raises(ResumeError, match=why) as refused:
        resume(store, attempt_id, [edited_bank(tmp_path, old, new)])
    assert "abandon it" in str(refused.value)
