"""What a finished attempt adds up to: score, breakdowns, calibration, what to retry.

Calibration lists confidently wrong answers first: in clinical practice a clinician who is sure
and wrong acts on the error, so those are the answers a trainee most needs to see.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from quizkit.engine.attempt import Attempt, Confidence
from quizkit.engine.cbm import CbmScore, cbm_score
from quizkit.engine.quiz import QuizItem
from quizkit.engine.scoring import Outcome, Response, Score
from quizkit.engine.topics import topics


@dataclass(frozen=True, slots=True)
class QuestionResult:
    index: int
    item: QuizItem
    response: Response | None
    score: Score
    confidence: Confidence | None
    seconds: float


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Points earned out of questions asked, for one section or tag."""

    name: str
    points: float
    questions: int

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.questions if self.questions else 0.0


@dataclass(frozen=True, slots=True)
class Calibration:
    confidence: Confidence | None
    questions: int
    correct: int


@dataclass(frozen=True, slots=True)
class Results:
    questions: tuple[QuestionResult, ...]
    seconds: float
    seed: int

    @property
    def points(self) -> float:
        return sum(q.score.points for q in self.questions)

    @property
    def percent(self) -> float:
        return 100.0 * self.points / len(self.questions) if self.questions else 0.0

    def count(self, outcome: Outcome) -> int:
        return sum(q.score.outcome is outcome for q in self.questions)

    def by_section(self) -> list[Breakdown]:
        """Per cited part, weakest first."""
        return _breakdown(((q.item.question.cite.section,), q) for q in self.questions)

    def by_tag(self) -> list[Breakdown]:
        """Per topic tag; format tags such as ``vignette`` are not topics (quizkit.engine.topics)."""
        return _breakdown((topics(q.item.question), q) for q in self.questions)

    def cbm(self) -> CbmScore:
        """The certainty-based score (quizkit.engine.cbm), beside the plain :attr:`points`."""
        return cbm_score((q.score, q.confidence) for q in self.questions)

    def calibration(self) -> list[Calibration]:
        """Accuracy per stated confidence, in the order sure, unsure, guessed, not stated."""
        rows = []
        for confidence in (*Confidence, None):
            rated = [q for q in self.questions if q.confidence is confidence and q.score.outcome is not Outcome.SKIPPED]
            if rated:
                rows.append(Calibration(confidence, len(rated), sum(q.score.outcome is Outcome.CORRECT for q in rated)))
        return rows

    def confidently_wrong(self) -> list[QuestionResult]:
        return [q for q in self.questions if q.confidence is Confidence.SURE
                and q.score.outcome in (Outcome.INCORRECT, Outcome.PARTIAL)]

    def review_order(self) -> list[QuestionResult]:
        """Every question, confidently wrong first, then the other misses, then the rest."""
        dangerous = {q.index for q in self.confidently_wrong()}

        def rank(q: QuestionResult) -> tuple[int, int]:
            if q.index in dangerous:
                return (0, q.index)
            return (1 if q.score.outcome is not Outcome.CORRECT else 2, q.index)
        return sorted(self.questions, key=rank)

    def missed_ids(self) -> list[str]:
        return [q.item.question.id for q in self.questions if q.score.outcome is not Outcome.CORRECT]


def _breakdown(keyed: Iterable[tuple[Iterable[str], QuestionResult]]) -> list[Breakdown]:
    points: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for names, result in keyed:
        for name in names:
            points[name] += result.score.points
            counts[name] += 1
    rows = [Breakdown(name, points[name], counts[name]) for name in sorted(counts, key=_natural)]
    return sorted(rows, key=lambda row: row.percent)  # weakest first: what to study next heads the list


def _natural(name: str) -> tuple[str, int]:
    """Sort part-2 before part-10."""
    head, _, tail = name.rpartition("-")
    return (head, int(tail)) if tail.isdigit() else (name, 0)


def results_of(attempt: Attempt) -> Results:
    questions = []
    for index, item in enumerate(attempt.quiz.items):
        answer = attempt.answers.get(index)
        questions.append(QuestionResult(
            index, item,
            answer.response if answer else None,
            answer.score if answer else Score(0.0, Outcome.SKIPPED),
            answer.confidence if answer else None,
            answer.seconds if answer else 0.0,
        ))
    return Results(tuple(questions), attempt.elapsed, attempt.quiz.seed)
