"""Reading a trainee's history back: attempts, trends per part, what to retry, and the export.

Only the final answer to each question of an attempt counts (an exam answer changed three
times is one answer). Answers are matched to questions by the question's stable id; where a
question's content hash now differs from the one it had when answered, the answer is marked
*edited since* rather than silently mixed with answers to the new wording.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from quizkit.bank.model import Bank
from quizkit.engine.attempt import Confidence
from quizkit.engine.quiz import Mode, QuizKind
from quizkit.engine.scoring import Outcome
from quizkit.history.store import PRE_REVEAL_CONFIDENCE, Store, decode_spec, parse_timestamp

#: The columns of ``quizkit export-results``, in order (docs/history.md says what each holds).
#: The educator's tools read these files: add columns only at the end, never rename or reorder.
EXPORT_FORMAT_VERSION = 1
EXPORT_COLUMNS = (
    "profile", "attempt_uid", "attempt_id", "attempt_status", "mode", "seed", "attempt_started_at",
    "attempt_finished_at", "attempt_questions", "question_number", "question_id", "bank_id", "bank_version",
    "section", "content_hash", "edited_since", "chosen", "pairs", "points", "outcome", "confidence",
    "seconds", "answered_at", "quizkit_version", "confidence_stated",
)

#: When each answer's confidence was stated, for the ``confidence_stated`` column: the migration to
#: version 4 marks the practice confidences of older histories, given after their feedback.
_CONFIDENCE_STATED = ("(CASE WHEN f.confidence IS NULL THEN NULL WHEN f.id IN (SELECT answer_id FROM after_reveal)"
                      " THEN 'after_reveal' ELSE 'before_reveal' END)")


def current_hashes(banks: Iterable[Bank]) -> dict[str, str]:
    """Question id → content hash of the banks as they are now, to tell which answers are to older wordings."""
    return {question.id: question.content_hash for bank in banks for question in bank.questions}


def edited_since(question_id: str, answered_hash: str, current: Mapping[str, str]) -> bool | None:
    """Whether the question changed since it was answered; None when it is not in the banks loaded."""
    now = current.get(question_id)
    return None if now is None else now != answered_hash


@dataclass(frozen=True, slots=True)
class AttemptSummary:
    attempt_id: int
    uid: str
    status: str  # open, finished or abandoned
    mode: Mode
    bank_ids: tuple[str, ...]
    started_at: dt.datetime
    finished_at: dt.datetime | None
    questions: int
    answered: int
    points: float
    #: Answers in this attempt to questions whose wording has changed since (0 without banks to compare).
    edited: int
    #: What the quiz was for: only a part quiz's score stands for its parts.
    kind: QuizKind = QuizKind.PART

    @property
    def percent(self) -> float:
        """Points over questions asked: an unanswered question counts as zero, as on the results screen."""
        return 100.0 * self.points / self.questions if self.questions else 0.0


def attempts(store: Store, current: Mapping[str, str] | None = None) -> list[AttemptSummary]:
    """Every attempt, oldest first."""
    edited: dict[int, int] = {}
    if current:
        for attempt_id, question_id, content_hash in store.connection.execute(
                "SELECT f.attempt_id, i.question_id, i.content_hash FROM final_answer f JOIN item i USING (attempt_id, position)"):
            edited[attempt_id] = edited.get(attempt_id, 0) + bool(edited_since(question_id, content_hash, current))
    rows = store.connection.execute(
        "SELECT a.id, a.uid, a.status, a.mode, a.banks, a.started_at, a.finished_at, a.question_count,"
        " count(f.id), coalesce(sum(f.points), 0), a.spec FROM attempt a LEFT JOIN final_answer f ON f.attempt_id = a.id"
        " GROUP BY a.id ORDER BY a.started_at, a.id")
    return [AttemptSummary(row[0], row[1], row[2], Mode(row[3]), tuple(json.loads(row[4])), parse_timestamp(row[5]),
                           parse_timestamp(row[6]) if row[6] else None, row[7], row[8], row[9], edited.get(row[0], 0),
                           decode_spec(row[10]).kind)
            for row in rows]


@dataclass(frozen=True, slots=True)
class PartScore:
    attempt_id: int
    started_at: dt.datetime
    points: float
    questions: int

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.questions


@dataclass(frozen=True, slots=True)
class PartTrend:
    """How one part (a cited section) went across the finished attempts that asked it, oldest first."""

    section: str
    scores: tuple[PartScore, ...]

    @property
    def first(self) -> float:
        return self.scores[0].percent

    @property
    def last(self) -> float:
        return self.scores[-1].percent

    @property
    def best(self) -> float:
        return max(score.percent for score in self.scores)

    @property
    def change(self) -> float:
        return self.last - self.first


def part_trends(store: Store) -> list[PartTrend]:
    """Score per part in each finished part quiz, parts in natural order (part-2 before part-10).

    Unfinished attempts are left out: their unanswered questions would read as wrong answers. So
    are retries, reviews and custom quizzes (:class:`QuizKind`): a retry of three missed questions
    answered right is not 100% of the part. Every answer still counts in :mod:`mastery`.
    """
    part_quizzes = {attempt_id for attempt_id, spec in store.connection.execute(
        "SELECT id, spec FROM attempt WHERE status = 'finished'") if decode_spec(spec).kind is QuizKind.PART}
    scores: dict[str, list[PartScore]] = {}
    for section, attempt_id, started_at, points, questions in store.connection.execute(
            # CROSS JOIN keeps attempts as the outer loop, so each item is found by its key.
            "SELECT i.section, a.id, a.started_at, coalesce(sum(f.points), 0), count(*) FROM attempt a"
            " CROSS JOIN item i ON i.attempt_id = a.id"
            " LEFT JOIN final_answer f ON f.attempt_id = i.attempt_id AND f.position = i.position"
            " WHERE a.status = 'finished' GROUP BY i.section, a.id ORDER BY a.started_at, a.id"):
        if attempt_id not in part_quizzes:
            continue
        scores.setdefault(section, []).append(PartScore(attempt_id, parse_timestamp(started_at), points, questions))
    return [PartTrend(section, tuple(scores[section])) for section in sorted(scores, key=_natural)]


def _natural(name: str) -> tuple[str, int]:
    head, _, tail = name.rpartition("-")
    return (head, int(tail)) if tail.isdigit() else (name, 0)


def missed_question_ids(store: Store) -> list[str]:
    """Questions to retry: those whose latest answer, across every attempt, is not correct.

    So a question missed once and answered correctly since is not listed, and one answered
    correctly and missed since is. Most recent miss first. An explicit skip counts as a miss;
    a question left unanswered in an exam, or whose answer was withdrawn (chosen, then cleared),
    has no answer and does not count.
    """
    latest: dict[str, str] = {}
    for question_id, outcome in store.connection.execute(
            "SELECT i.question_id, f.outcome FROM final_answer f JOIN item i USING (attempt_id, position)"
            " ORDER BY f.answered_at DESC, f.id DESC"):
        latest.setdefault(question_id, outcome)
    return [question_id for question_id, outcome in latest.items() if outcome != Outcome.CORRECT.value]


@dataclass(frozen=True, slots=True)
class PastAnswer:
    attempt_id: int
    answered_at: dt.datetime
    outcome: Outcome
    points: float
    confidence: Confidence | None
    content_hash: str


def question_history(store: Store, question_id: str) -> list[PastAnswer]:
    """Final answers to one question, oldest first: for "last time you answered…" on the feedback screen."""
    return [PastAnswer(row[0], parse_timestamp(row[1]), Outcome(row[2]), row[3],
                       Confidence(row[4]) if row[4] else None, row[5])
            for row in store.connection.execute(
                "SELECT f.attempt_id, f.answered_at, f.outcome, f.points, " + PRE_REVEAL_CONFIDENCE + ", i.content_hash"
                " FROM item i JOIN final_answer f USING (attempt_id, position) WHERE i.question_id = ?"
                " ORDER BY f.answered_at, f.id", (question_id,))]


def export_rows(store: Store, profile: str, current: Mapping[str, str] | None = None) -> list[dict[str, object]]:
    """One row per final answer, with its attempt's metadata, keyed by :data:`EXPORT_COLUMNS`.

    Times are ISO 8601 in UTC; ``chosen`` is a list of option ids and ``pairs`` a list of
    [premise, option]; ``edited_since`` is None when the question is not in the banks given;
    ``confidence_stated`` is ``before_reveal`` or ``after_reveal`` (None without a confidence), so
    an educator can keep to the confidences that calibration and the certainty-based score use.
    """
    current = current or {}
    rows = store.connection.execute(
        "SELECT a.uid, a.id, a.status, a.mode, a.seed, a.started_at, a.finished_at, a.question_count, i.position,"
        " i.question_id, i.bank_id, i.bank_version, i.section, i.content_hash, f.chosen, f.pairs, f.points,"
        " f.outcome, f.confidence, f.seconds, f.answered_at, a.quizkit_version, " + _CONFIDENCE_STATED +
        " FROM final_answer f JOIN item i USING (attempt_id, position) JOIN attempt a ON a.id = f.attempt_id"
        " ORDER BY a.started_at, a.id, i.position")
    return [dict(zip(EXPORT_COLUMNS, (
        profile, uid, attempt_id, status, mode, seed, started_at, finished_at, questions, position + 1,
        question_id, bank_id, bank_version, section, content_hash, edited_since(question_id, content_hash, current),
        json.loads(chosen), json.loads(pairs), points, outcome, confidence, seconds, answered_at, version, stated),
        strict=True))
        for (uid, attempt_id, status, mode, seed, started_at, finished_at, questions, position, question_id, bank_id,
             bank_version, section, content_hash, chosen, pairs, points, outcome, confidence, seconds, answered_at,
             version, stated) in rows]
