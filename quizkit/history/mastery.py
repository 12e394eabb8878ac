"""Mastery per part and per topic, across every answer a trainee has given.

A quiz score says how one sitting went; mastery says where the trainee stands on the whole bank:
for each part (the section a question cites) and each topic tag, how many of its questions they
have seen, how many they got right *the last time* they met them, and how that has moved over
the last week. Every answer counts, whatever the quiz (part, custom, retry, review), because
each is the trainee's latest word on that question; questions never seen count as not mastered,
so a part is never flattered by the few questions asked of it.

A question left unanswered in a *finished* quiz counts as missed, at the time the quiz was
submitted: the trainee was asked and did not know. (An unfinished quiz's unanswered questions
have not been asked yet and count for nothing.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from quizkit.bank.model import Bank
from quizkit.engine.scoring import Outcome
from quizkit.engine.topics import topics
from quizkit.history.store import Store, parse_timestamp

#: How far back the trend looks.
TREND_DAYS = 7


@dataclass(frozen=True, slots=True)
class Mastery:
    """One part or topic: its questions in the banks, and where the trainee stands on them."""

    name: str
    total: int
    seen: int
    #: Questions whose latest answer is correct.
    correct: int
    #: ``correct`` and ``seen`` :data:`TREND_DAYS` days ago: the trend is the difference.
    correct_before: int
    seen_before: int

    @property
    def percent(self) -> float:
        """Correct on the latest answer, out of every question (seen or not)."""
        return 100.0 * self.correct / self.total if self.total else 0.0

    @property
    def trend(self) -> int | None:
        """Questions gained (or lost) to correct over the last :data:`TREND_DAYS` days; None when
        nothing had been seen before then (a first week is a start, not a trend)."""
        return self.correct - self.correct_before if self.seen_before else None


@dataclass(frozen=True, slots=True)
class MasteryOverview:
    parts: tuple[Mastery, ...]
    topics: tuple[Mastery, ...]


def latest_outcomes(store: Store, until: dt.datetime | None = None) -> dict[str, bool]:
    """Question id → whether its latest answer (up to ``until``) is correct; unanswered in a
    finished quiz is a miss (see the module's docstring)."""
    events: list[tuple[str, int, str, bool]] = []
    for question_id, answered_at, answer_id, outcome in store.connection.execute(
            "SELECT i.question_id, f.answered_at, f.id, f.outcome FROM final_answer f JOIN item i USING (attempt_id, position)"):
        events.append((answered_at, answer_id, question_id, outcome == Outcome.CORRECT.value))
    for question_id, finished_at in store.connection.execute(
            "SELECT i.question_id, a.finished_at FROM attempt a JOIN item i ON i.attempt_id = a.id"
            " WHERE a.status = 'finished' AND NOT EXISTS (SELECT 1 FROM final_answer f"
            " WHERE f.attempt_id = i.attempt_id AND f.position = i.position)"):
        events.append((finished_at, 0, question_id, False))
    # In time order, so that each question keeps its latest answer.
    return {question_id: correct for moment, _, question_id, correct in sorted(events)
            if until is None or parse_timestamp(moment) <= until}


def mastery(store: Store | None, banks: Iterable[Bank], now: dt.datetime | None = None) -> MasteryOverview:
    """Mastery of every part and topic of ``banks``, weakest first; ``store`` None: nothing seen yet."""
    banks = list(banks)
    now = now or (store.now() if store is not None else dt.datetime.now(dt.UTC))
    latest = latest_outcomes(store) if store is not None else {}
    before = latest_outcomes(store, now - dt.timedelta(days=TREND_DAYS)) if store is not None else {}
    parts: dict[str, list[str]] = {}
    tags: dict[str, list[str]] = {}
    for bank in banks:
        for question in bank.questions:
            parts.setdefault(question.cite.section, []).append(question.id)
            for tag in topics(question):
                tags.setdefault(tag, []).append(question.id)
    return MasteryOverview(_ranked(parts, latest, before), _ranked(tags, latest, before))


def _ranked(groups: dict[str, list[str]], latest: dict[str, bool], before: dict[str, bool]) -> tuple[Mastery, ...]:
    rows = [Mastery(name, len(ids), sum(q in latest for q in ids), sum(latest.get(q, False) for q in ids),
                    sum(before.get(q, False) for q in ids), sum(q in before for q in ids)) for name, ids in groups.items()]
    # Weakest first; among equals, the least seen (most to discover), then by name.
    return tuple(sorted(rows, key=lambda m: (m.percent, m.seen / m.total if m.total else 0, _natural(m.name))))


def _natural(name: str) -> tuple[str, int]:
    head, _, tail = name.rpartition("-")
    return (head, int(tail)) if tail.isdigit() else (name, 0)
