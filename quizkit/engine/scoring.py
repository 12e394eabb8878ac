"""Scoring one response, with partial credit where the question type allows it.

The rules (also in the README, where trainees read them):

* single best answer and true/false: 1 if the key is chosen, else 0;
* multiple response: (keys chosen − wrong options chosen) ÷ number of keys, never below 0.
  Choosing everything therefore earns nothing extra: each wrong pick cancels a right one;
* matching: the fraction of premises paired with their keyed option.

A question is *correct* only with full marks; anything between is *partial*.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from quizkit.bank.model import Question, QuestionType


@dataclass(frozen=True, slots=True)
class Response:
    """What the trainee answered: chosen option ids, or (premise, option) pairs for matching."""

    chosen: frozenset[str] = frozenset()
    pairs: tuple[tuple[str, str], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.chosen and not self.pairs


class Outcome(enum.Enum):
    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"
    SKIPPED = "skipped"

    @property
    def mark(self) -> str:
        """A mark that carries the outcome without colour."""
        return {"correct": "✓", "partial": "◐", "incorrect": "✗", "skipped": "–"}[self.value]


@dataclass(frozen=True, slots=True)
class Score:
    points: float  # 0.0 .. 1.0
    outcome: Outcome


def score(question: Question, response: Response | None) -> Score:
    """Score ``response`` to ``question``; ``None`` or an empty response is skipped."""
    if response is None or response.is_empty:
        return Score(0.0, Outcome.SKIPPED)
    if question.type is QuestionType.MATCHING:
        key = question.match_map
        right = sum(1 for premise, option in dict(response.pairs).items() if key.get(premise) == option)
        points = right / len(key)
    elif question.type is QuestionType.MULTIPLE:
        right = len(response.chosen & question.key)
        wrong = len(response.chosen - question.key)
        points = max(0.0, (right - wrong) / len(question.key))
    else:
        points = 1.0 if response.chosen == question.key else 0.0
    if points >= 1.0:
        return Score(1.0, Outcome.CORRECT)
    return Score(points, Outcome.PARTIAL if points > 0 else Outcome.INCORRECT)
