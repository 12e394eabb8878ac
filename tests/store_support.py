"""Helpers for the history tests: fixed clocks, and quizzes taken on the mini bank as the app takes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from conftest import DATA

from quizkit.bank.loader import read_bank
from quizkit.bank.model import Bank
from quizkit.engine.attempt import Attempt, Confidence
from quizkit.engine.quiz import Mode, QuizKind, QuizSpec, build_quiz
from quizkit.engine.scoring import Response
from quizkit.history.store import Store

MINI_BANK = DATA / "valid" / "mini-bank.yaml"
T0 = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)

#: Responses to each mini-bank question, by the outcome they score.
RESPONSES: dict[str, dict[str, Response]] = {
    "mini-single": {"right": Response(frozenset({"a"})), "wrong": Response(frozenset({"b"}))},
    "mini-multiple": {"right": Response(frozenset({"a", "b"})), "partial": Response(frozenset({"a"})),
                      "wrong": Response(frozenset({"c"}))},
    "mini-true-false": {"right": Response(frozenset({"false"})), "wrong": Response(frozenset({"true"}))},
    "mini-matching": {"right": Response(pairs=(("nodule", "look"), ("red", "rethink"))),
                      "partial": Response(pairs=(("nodule", "look"), ("red", "nothing"))),
                      "wrong": Response(pairs=(("nodule", "nothing"), ("red", "look")))},
}


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class FakeNow:
    """A wall clock the test moves by hand, for the store's timestamps."""

    def __init__(self, moment: dt.datetime = T0) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)


def edited_bank(tmp_path: Path, old: str, new: str) -> Bank:
    """The mini bank with one piece of text replaced, as an educator's edit would."""
    text = MINI_BANK.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "mini-bank-edited.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    loaded = read_bank(path)
    assert loaded.bank is not None, loaded.diagnostics
    return loaded.bank


def take(store: Store, bank: Bank, answers: Mapping[str, str | tuple[str, Confidence | None]], *,
         mode: Mode = Mode.PRACTICE, finish: bool = True, seconds_each: float = 10.0,
         kind: QuizKind = QuizKind.PART) -> int:
    """Take a quiz of the questions in ``answers`` (bank order), answering each as named, through the store.

    A value is an outcome ("right", "partial", "wrong"; "skip" submits an empty answer, None leaves
    it unanswered), optionally with a stated confidence. The quiz counts as ``kind`` (by default a
    part quiz, whose score is its parts' score). Returns the attempt id.
    """
    quiz = build_quiz([bank], QuizSpec(mode=mode, shuffle=False, question_ids=frozenset(answers), origin=kind))
    clock = FakeClock()
    attempt = Attempt(quiz, clock=clock)
    attempt_id = store.start(attempt, [bank])
    for index, item in enumerate(quiz.items):
        if index:
            attempt.go(index)
            store.record_progress(attempt_id, attempt)
        clock.now += seconds_each
        wanted = answers[item.question.id]
        outcome, confidence = wanted if isinstance(wanted, tuple) else (wanted, None)
        if outcome is None:
            continue
        # Stated with the answer, before its feedback, as the app asks for it.
        attempt.answer(Response() if outcome == "skip" else RESPONSES[item.question.id][outcome], confidence)
        store.record_answer(attempt_id, attempt)
    if finish:
        attempt.finish()
        store.finish(attempt_id, attempt)
    return attempt_id
