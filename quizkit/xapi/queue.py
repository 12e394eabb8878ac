"""The statement queue: statements written into the history, in the answer's own transaction.

The store calls an :class:`Outbox` inside the transaction that records an answer, a stated
confidence or the end of an attempt, so the answer and its statement are committed together or
not at all: a crash cannot leave an answer the LRS will never hear of, nor a statement about an
answer that was rolled back. Sending happens later, from ``sync``, which reads the same table.

The table, ``xapi_outbox``, is added by a history migration (``quizkit/history/store.py``).
Rows move from ``queued`` to ``sent``, or to ``rejected`` when the LRS refused that statement
(a 4xx answer for it alone): kept aside with the LRS's reason, reported, never retried for ever.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from quizkit.engine.attempt import Attempt
from quizkit.xapi.statements import AnswerRecord, AttemptRecord, Identity, answered, completed


@dataclass(frozen=True, slots=True)
class Outbox:
    """Builds and queues the statements of one profile's history (given to ``Store.outbox``)."""

    identity: Identity
    profile: str
    timestamp: Callable[[], str]

    def answered(self, db: sqlite3.Connection, attempt_id: int, attempt: Attempt, position: int) -> None:
        """Queue the statement for the answer row just inserted for question ``position``."""
        record = self._record(db, attempt_id, attempt, position, _next_sequence(db, attempt_id, position))
        self._insert(db, attempt_id, position, record.sequence, answered(self.identity, record))

    def restated(self, db: sqlite3.Connection, attempt_id: int, attempt: Attempt, position: int) -> None:
        """The confidence of the newest answer changed: rewrite its statement while it waits, or,
        once sent, queue a new statement with the next sequence number (the newest is the answer)."""
        waiting = db.execute("SELECT id, sequence FROM xapi_outbox WHERE attempt_id = ? AND position = ?"
                             " AND state = 'queued' AND sequence = (SELECT max(sequence) FROM xapi_outbox"
                             " WHERE attempt_id = ? AND position = ?)",
                             (attempt_id, position, attempt_id, position)).fetchone()
        if waiting is not None:
            record = self._record(db, attempt_id, attempt, position, waiting[1])
            db.execute("UPDATE xapi_outbox SET body = ? WHERE id = ?",
                       (json.dumps(answered(self.identity, record)), waiting[0]))
        else:
            self.answered(db, attempt_id, attempt, position)

    def completed(self, db: sqlite3.Connection, attempt_id: int) -> None:
        """Queue the ``completed`` statement of the attempt just finished."""
        uid, mode, started, finished, banks, questions, elapsed = db.execute(
            "SELECT uid, mode, started_at, finished_at, banks, question_count, elapsed_seconds FROM attempt"
            " WHERE id = ?", (attempt_id,)).fetchone()
        points = db.execute("SELECT coalesce(sum(points), 0) FROM final_answer WHERE attempt_id = ?",
                            (attempt_id,)).fetchone()[0]
        record = AttemptRecord(self.profile, uid, mode, started, finished, json.loads(banks), questions, points, elapsed)
        self._insert(db, attempt_id, None, 1, completed(self.identity, record))

    def _record(self, db: sqlite3.Connection, attempt_id: int, attempt: Attempt, position: int,
                sequence: int) -> AnswerRecord:
        row = db.execute(
            "SELECT a.uid, a.mode, a.started_at, i.bank_version, i.section, i.content_hash, f.chosen, f.pairs,"
            " f.points, f.outcome, f.seconds, f.confidence, f.answered_at FROM attempt a"
            " JOIN item i ON i.attempt_id = a.id JOIN final_answer f ON f.attempt_id = a.id AND f.position = i.position"
            " WHERE a.id = ? AND i.position = ?", (attempt_id, position)).fetchone()
        (uid, mode, started, version, section, content_hash, chosen, pairs, points, outcome, seconds, confidence,
         answered_at) = row
        return AnswerRecord(self.profile, uid, mode, started, position, sequence, attempt.quiz.items[position].question,
                            version, section, content_hash, json.loads(chosen), json.loads(pairs), points, outcome,
                            seconds, confidence, answered_at)

    def _insert(self, db: sqlite3.Connection, attempt_id: int, position: int | None, sequence: int,
                statement: dict[str, object]) -> None:
        # OR IGNORE: a statement with this id is already queued (a completed attempt finished twice).
        db.execute("INSERT OR IGNORE INTO xapi_outbox (statement_id, attempt_id, position, sequence, body, queued_at)"
                   " VALUES (?, ?, ?, ?, ?, ?)",
                   (statement["id"], attempt_id, position, sequence, json.dumps(statement), self.timestamp()))


def _next_sequence(db: sqlite3.Connection, attempt_id: int, position: int) -> int:
    return int(db.execute("SELECT coalesce(max(sequence), 0) + 1 FROM xapi_outbox WHERE attempt_id = ? AND position = ?",
                          (attempt_id, position)).fetchone()[0])


@dataclass(frozen=True, slots=True)
class QueueStatus:
    queued: int
    sent: int
    rejected: int
    oldest_queued: str | None
    last_sent: str | None


@dataclass(frozen=True, slots=True)
class Rejected:
    statement_id: str
    problem: str
    queued_at: str


def status(db: sqlite3.Connection) -> QueueStatus:
    """How many statements wait, were sent and were set aside."""
    counts = dict(db.execute("SELECT state, count(*) FROM xapi_outbox GROUP BY state").fetchall())
    oldest = db.execute("SELECT min(queued_at) FROM xapi_outbox WHERE state = 'queued'").fetchone()[0]
    last = db.execute("SELECT max(sent_at) FROM xapi_outbox WHERE state = 'sent'").fetchone()[0]
    return QueueStatus(counts.get("queued", 0), counts.get("sent", 0), counts.get("rejected", 0), oldest, last)


def rejected(db: sqlite3.Connection) -> list[Rejected]:
    """The statements set aside, oldest first, with the LRS's reason."""
    return [Rejected(*row) for row in db.execute(
        "SELECT statement_id, coalesce(problem, ''), queued_at FROM xapi_outbox WHERE state = 'rejected' ORDER BY id")]


def pending(db: sqlite3.Connection, limit: int, after: int = 0) -> list[tuple[int, str]]:
    """Up to ``limit`` queued statements as (row id, JSON body), oldest first, after row ``after``."""
    return db.execute("SELECT id, body FROM xapi_outbox WHERE state = 'queued' AND id > ? ORDER BY id LIMIT ?",
                      (after, limit)).fetchall()


def mark_sent(db: sqlite3.Connection, rows: list[int], when: str) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        db.executemany("UPDATE xapi_outbox SET state = 'sent', sent_at = ?, problem = NULL WHERE id = ?",
                       [(when, row) for row in rows])
    except BaseException:
        db.rollback()
        raise
    db.execute("COMMIT")


def mark_rejected(db: sqlite3.Connection, row: int, problem: str) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("UPDATE xapi_outbox SET state = 'rejected', problem = ? WHERE id = ?", (problem, row))
    except BaseException:
        db.rollback()
        raise
    db.execute("COMMIT")
