"""The statement queue: a reference to each answer, written in the answer's own transaction.

The store calls an :class:`Outbox` inside the transaction that records an answer, a stated
confidence or the end of an attempt, so the answer and its place in the queue are committed
together or not at all: a crash cannot leave an answer the LRS will never hear of, nor a
statement about an answer that was rolled back. What is written there is small on purpose — the
statement's id, the answer row it reports and its sequence number, and the question's definition
once per wording (``xapi_activity``) — so that sync costs the answer next to nothing
(bench/README.md); the statement itself is built when it is sent (``build``), with the same id
and content as if built at once.

The table, ``xapi_outbox``, is added by the history migrations (``quizkit/history/store.py``).
Rows move from ``queued`` to ``sent``, or to ``rejected`` when the LRS refused that statement
(a 4xx answer for it alone): kept aside with the LRS's reason, reported, never retried for ever.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from quizkit.bank.model import Question
from quizkit.engine.attempt import Attempt
from quizkit.xapi.statements import Identity, completed_id, definition, statement_id


@dataclass(frozen=True, slots=True)
class Outbox:
    """Queues the statements of one profile's history (given to ``Store.outbox``), and says who
    they are about when they are built (``identity``, ``profile``)."""

    identity: Identity
    profile: str
    timestamp: Callable[[], str]

    def answered(self, db: sqlite3.Connection, attempt_id: int, attempt: Attempt, position: int,
                 answer_id: int) -> None:
        """Queue the statement for answer row ``answer_id``, just inserted for question ``position``."""
        uid, content_hash, sequence = db.execute(
            "SELECT a.uid, i.content_hash, (SELECT coalesce(max(o.sequence), 0) + 1 FROM xapi_outbox o"
            " WHERE o.attempt_id = a.id AND o.position = i.position) FROM attempt a JOIN item i ON i.attempt_id = a.id"
            " WHERE a.id = ? AND i.position = ?", (attempt_id, position)).fetchone()
        question = attempt.quiz.items[position].question
        remember_activity(db, question, content_hash)
        enqueue(db, statement_id(uid, question.id, sequence), attempt_id, position, sequence, answer_id,
                self.timestamp())

    def restated(self, db: sqlite3.Connection, attempt_id: int, attempt: Attempt, position: int) -> None:
        """The confidence of the newest answer changed. A statement still waiting for it is built
        when sent, so it will carry the new confidence (a row queued before version 7, with its
        body already written, is pointed at the answer to be built afresh); once sent, a new
        statement with the next sequence number is queued (the newest is the answer)."""
        newest = db.execute("SELECT max(id) FROM answer WHERE attempt_id = ? AND position = ?",
                            (attempt_id, position)).fetchone()[0]
        waiting = db.execute("SELECT id FROM xapi_outbox WHERE attempt_id = ? AND position = ?"
                             " AND state = 'queued' AND sequence = (SELECT max(sequence) FROM xapi_outbox"
                             " WHERE attempt_id = ? AND position = ?)",
                             (attempt_id, position, attempt_id, position)).fetchone()
        if waiting is not None:
            db.execute("UPDATE xapi_outbox SET answer_id = ?, body = NULL WHERE id = ? AND body IS NOT NULL",
                       (newest, waiting[0]))
        else:
            self.answered(db, attempt_id, attempt, position, newest)

    def completed(self, db: sqlite3.Connection, attempt_id: int) -> None:
        """Queue the ``completed`` statement of the attempt just finished."""
        uid = db.execute("SELECT uid FROM attempt WHERE id = ?", (attempt_id,)).fetchone()[0]
        enqueue(db, completed_id(uid), attempt_id, None, 1, None, self.timestamp())


def remember_activity(db: sqlite3.Connection, question: Question, content_hash: str) -> None:
    """Keep the definition of ``question``'s wording, once, for the statements built later.

    Looked up first: the definition is built and serialised only for the first answer to a
    wording, never again, so an answer's transaction stays small.
    """
    key = (question.bank_id, question.id, content_hash)
    if db.execute("SELECT 1 FROM xapi_activity WHERE bank_id = ? AND question_id = ? AND content_hash = ?",
                  key).fetchone() is None:
        db.execute("INSERT INTO xapi_activity (bank_id, question_id, content_hash, kind, definition)"
                   " VALUES (?, ?, ?, ?, ?)", (*key, question.type.value, json.dumps(definition(question))))


def enqueue(db: sqlite3.Connection, statement: str, attempt_id: int, position: int | None, sequence: int,
            answer_id: int | None, queued_at: str, *, backfilled: bool = False) -> None:
    """Add one reference to the queue, inside the caller's transaction."""
    # OR IGNORE: a statement with this id is already queued (a completed attempt finished twice).
    db.execute("INSERT OR IGNORE INTO xapi_outbox (statement_id, attempt_id, position, sequence, answer_id,"
               " backfilled, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (statement, attempt_id, position, sequence, answer_id, backfilled, queued_at))


@dataclass(frozen=True, slots=True)
class QueueStatus:
    queued: int
    sent: int
    rejected: int
    oldest_queued: str | None
    last_sent: str | None
    #: Statements queued for answers recorded before an LRS was configured (any state).
    backfilled: int = 0


@dataclass(frozen=True, slots=True)
class Pending:
    """A queued statement: its body when queued before version 7, else what to build it from."""

    row: int
    statement_id: str
    attempt_id: int
    position: int | None
    sequence: int
    answer_id: int | None
    body: str | None


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
    backfilled = db.execute("SELECT count(*) FROM xapi_outbox WHERE backfilled").fetchone()[0]
    return QueueStatus(counts.get("queued", 0), counts.get("sent", 0), counts.get("rejected", 0), oldest, last,
                       backfilled)


def rejected(db: sqlite3.Connection) -> list[Rejected]:
    """The statements set aside, oldest first, with the LRS's reason."""
    return [Rejected(*row) for row in db.execute(
        "SELECT statement_id, coalesce(problem, ''), queued_at FROM xapi_outbox WHERE state = 'rejected' ORDER BY id")]


def pending(db: sqlite3.Connection, limit: int, after: int = 0) -> list[Pending]:
    """Up to ``limit`` queued statements, oldest first, after row ``after``."""
    return [Pending(*row) for row in db.execute(
        "SELECT id, statement_id, attempt_id, position, sequence, answer_id, body FROM xapi_outbox"
        " WHERE state = 'queued' AND id > ? ORDER BY id LIMIT ?", (after, limit))]


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
