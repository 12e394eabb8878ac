"""Finding an interrupted quiz and rebuilding it exactly as it was.

A quiz closed by a shut terminal, a kill or a power cut is offered again at the same question,
with its answers, flags, confidence and timers, and with the question and option order the
trainee saw. The order comes from the stored layout, not from replaying the seed: a later
quizkit may shuffle differently, and the banks may have gained questions since.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from quizkit.bank.model import Bank
from quizkit.engine.attempt import Answer, Attempt, Confidence
from quizkit.engine.quiz import Mode, Quiz, QuizItem
from quizkit.engine.scoring import Outcome, Response, Score
from quizkit.history.store import PRE_REVEAL_CONFIDENCE, Store, StoreError, decode_spec, parse_timestamp


class ResumeError(StoreError):
    """The attempt cannot be rebuilt from the banks now loaded (a question was removed, say)."""


@dataclass(frozen=True, slots=True)
class Unfinished:
    """An attempt left open: what the app shows when offering to resume it."""

    attempt_id: int
    mode: Mode
    bank_ids: tuple[str, ...]
    started_at: dt.datetime
    updated_at: dt.datetime
    questions: int
    answered: int
    current: int
    elapsed_seconds: float


@dataclass(frozen=True, slots=True)
class Resumed:
    attempt_id: int
    attempt: Attempt
    #: Questions whose wording changed since the attempt started. Their answers keep the score
    #: they were given, which the trainee may already have seen; the app may say so.
    edited: tuple[str, ...]


def unfinished(store: Store) -> list[Unfinished]:
    """Attempts still open, most recently used first."""
    rows = store.connection.execute(
        "SELECT a.id, a.mode, a.banks, a.started_at, a.updated_at, a.question_count,"
        " (SELECT count(*) FROM final_answer f WHERE f.attempt_id = a.id), a.current_position, a.elapsed_seconds"
        " FROM attempt a WHERE a.status = 'open' ORDER BY a.updated_at DESC, a.id DESC").fetchall()
    return [Unfinished(row[0], Mode(row[1]), tuple(json.loads(row[2])), parse_timestamp(row[3]),
                       parse_timestamp(row[4]), row[5], row[6], row[7], row[8]) for row in rows]


def resume(store: Store, attempt_id: int, banks: Iterable[Bank], *,
           clock: Callable[[], float] = time.monotonic) -> Resumed:
    """Rebuild the quiz and the attempt state of open attempt ``attempt_id`` from the store.

    Raises :class:`ResumeError` if the attempt is not open, or if a question it asked is no
    longer in ``banks`` or has gained or lost options: the trainee can then abandon it (its
    answers stay in the history) and start afresh.
    """
    db = store.connection
    row = db.execute("SELECT status, spec, seed, banks, current_position, elapsed_seconds FROM attempt WHERE id = ?",
                     (attempt_id,)).fetchone()
    if row is None or row[0] != "open":
        raise ResumeError(f"attempt {attempt_id} is not an unfinished attempt in {store.path}")
    _, spec, seed, bank_ids, current, elapsed = row
    layout = stored_layout(store, attempt_id, banks, "resumed (abandon it: its answers stay in the history)")
    quiz = Quiz(decode_spec(spec), seed, layout.items, tuple(json.loads(bank_ids)))
    attempt = Attempt(quiz, clock=clock, current=current, answers=stored_answers(store, attempt_id), flags=layout.flags)
    attempt.restore_clock(elapsed, layout.seconds)
    return Resumed(attempt_id, attempt, layout.edited)


@dataclass(frozen=True, slots=True)
class StoredLayout:
    """An attempt's questions as the trainee saw them, rebuilt from the store and the banks now loaded."""

    items: tuple[QuizItem, ...]
    flags: set[int]
    #: Position → seconds spent on it.
    seconds: dict[int, float]
    #: Questions whose wording changed since the attempt.
    edited: tuple[str, ...]


def stored_layout(store: Store, attempt_id: int, banks: Iterable[Bank], cannot: str) -> StoredLayout:
    """The questions of attempt ``attempt_id`` in their stored order; :class:`ResumeError` (ending
    "cannot be ``cannot``") if one is no longer in ``banks`` or has other options now."""
    questions = {question.id: question for bank in banks for question in bank.questions}
    items, flags, seconds, edited = [], set(), {}, []
    for position, question_id, content_hash, option_order, premise_order, flagged, spent in store.connection.execute(
            "SELECT position, question_id, content_hash, option_order, premise_order, flagged, seconds"
            " FROM item WHERE attempt_id = ? ORDER BY position", (attempt_id,)):
        question = questions.get(question_id)
        if question is None:
            raise ResumeError(f"question '{question_id}' of attempt {attempt_id} is no longer in the banks; "
                              f"the attempt cannot be {cannot}")
        options, premises = tuple(json.loads(option_order)), tuple(json.loads(premise_order))
        if (sorted(options) != sorted(o.id for o in question.options)
                or sorted(premises) != sorted(p.id for p in question.premises)):
            raise ResumeError(f"question '{question_id}' has different options since attempt {attempt_id} began; "
                              f"the attempt cannot be {cannot}")
        if question.content_hash != content_hash:
            edited.append(question_id)
        items.append(QuizItem(question, options, premises))
        if flagged:
            flags.add(position)
        if spent:
            seconds[position] = spent
    return StoredLayout(tuple(items), flags, seconds, tuple(edited))


def stored_answers(store: Store, attempt_id: int) -> dict[int, Answer]:
    """Position → final answer of attempt ``attempt_id``, with its confidence only if stated before the reveal,
    in the order given (practice's look-back walks the answers in that order)."""
    return {
        position: Answer(Response(frozenset(json.loads(chosen)), tuple((p, o) for p, o in json.loads(pairs))),
                         Score(points, Outcome(outcome)), spent, Confidence(confidence) if confidence else None)
        for position, chosen, pairs, points, outcome, spent, confidence in store.connection.execute(
            "SELECT f.position, f.chosen, f.pairs, f.points, f.outcome, f.seconds, " + PRE_REVEAL_CONFIDENCE +
            " FROM final_answer f WHERE f.attempt_id = ? ORDER BY f.id", (attempt_id,))  # a withdrawn answer is no final answer
    }
