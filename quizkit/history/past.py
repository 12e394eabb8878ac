"""A past attempt, opened again: its results and each answer as it was given.

A finished (or abandoned) attempt is rebuilt from what the store kept when it was taken: the
questions in the order shown, each option in its place, the final answers with their scores,
the confidence stated before each reveal, and the time on each question. The scores are the
ones given then, even if a question has been reworded since (:attr:`PastResults.edited` says
which), so the trainee sees the attempt as they sat it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quizkit.bank.model import Bank
from quizkit.engine.results import QuestionResult, Results
from quizkit.engine.scoring import Outcome, Score
from quizkit.history.resume import ResumeError, stored_answers, stored_layout
from quizkit.history.store import Store


@dataclass(frozen=True, slots=True)
class PastResults:
    attempt_id: int
    results: Results
    edited: tuple[str, ...]


def past_results(store: Store, attempt_id: int, banks: Iterable[Bank]) -> PastResults:
    """The results of attempt ``attempt_id`` as they stood when it ended; :class:`ResumeError` if it
    does not exist or a question it asked is no longer in ``banks``."""
    row = store.connection.execute("SELECT seed, elapsed_seconds FROM attempt WHERE id = ?", (attempt_id,)).fetchone()
    if row is None:
        raise ResumeError(f"there is no attempt {attempt_id} in {store.path}")
    seed, elapsed = row
    layout = stored_layout(store, attempt_id, banks, "opened")
    answers = stored_answers(store, attempt_id)
    questions = []
    for index, item in enumerate(layout.items):
        answer = answers.get(index)
        questions.append(QuestionResult(
            index, item, answer.response if answer else None,
            answer.score if answer else Score(0.0, Outcome.SKIPPED),
            answer.confidence if answer else None,
            layout.seconds.get(index, 0.0)))
    return PastResults(attempt_id, Results(tuple(questions), elapsed, seed), layout.edited)
