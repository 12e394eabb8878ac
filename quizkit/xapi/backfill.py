"""Queuing the answers recorded before an LRS was configured (``quizkit sync`` does it).

The app queues a statement with each answer only while an LRS is configured, so a trainee who
practised first and was given an LRS later has answers the LRS would never hear of. This finds
them and queues them as the app would have, in a transaction per attempt:

* **which**: every answer of a question (in an attempt) that has no statement queued at all,
  and every finished attempt without its ``completed`` statement. A question with some
  statement queued is left as it is: its statements' sequence numbers are taken, and the
  newest must stay the answer.
* **how**: a reference per answer row, numbered 1, 2, … in the order the answers were given,
  so the statement ids are those the app would have made: running it again, or after the app
  queued some, adds nothing twice (and an LRS keeps a resent id once).
* **the wording**: a statement describes the question as it was answered, so it needs that
  wording (the content hash kept with the answer). It is taken from the banks given; answers
  whose wording is no longer in them (the bank was edited, or not found) are not queued but
  counted, and queued by a later run that is given the bank.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from quizkit.bank.model import Bank, Question
from quizkit.xapi.queue import enqueue, remember_activity
from quizkit.xapi.statements import completed_id, statement_id

_UNQUEUED = (" FROM answer n JOIN item i ON i.attempt_id = n.attempt_id AND i.position = n.position"
             " WHERE NOT EXISTS (SELECT 1 FROM xapi_outbox o WHERE o.attempt_id = n.attempt_id"
             " AND o.position = n.position)")
_UNFINISHED = (" FROM attempt a WHERE a.status = 'finished' AND NOT EXISTS (SELECT 1 FROM xapi_outbox o"
               " WHERE o.attempt_id = a.id AND o.position IS NULL)")


@dataclass(slots=True)
class Backlog:
    """What the LRS has not been told of: answers and finished attempts with nothing queued."""

    answers: int = 0
    attempts: int = 0


@dataclass(slots=True)
class BackfillReport:
    queued: int = 0
    #: Answers not queued because the wording answered is in none of the banks given, by question.
    missing_wording: dict[str, int] = field(default_factory=dict)


def backlog(db: sqlite3.Connection) -> Backlog:
    """How many answers and finished attempts have no statement queued (for ``sync --status``)."""
    answers = db.execute("SELECT count(*)" + _UNQUEUED).fetchone()[0]
    attempts = db.execute("SELECT count(*)" + _UNFINISHED).fetchone()[0]
    return Backlog(answers, attempts)


def backfill(db: sqlite3.Connection, banks: Iterable[Bank], queued_at: str) -> BackfillReport:
    """Queue every answer and finished attempt that has no statement queued (module docstring).

    ``db`` is in autocommit mode; each attempt is its own transaction, so the app, writing an
    answer meanwhile, waits for one attempt's rows at most.
    """
    wordings = {(q.bank_id, q.id, q.content_hash): q for bank in banks for q in bank.questions}
    report = BackfillReport()
    attempts = [row[0] for row in db.execute(
        "SELECT DISTINCT n.attempt_id" + _UNQUEUED + " UNION SELECT a.id" + _UNFINISHED + " ORDER BY 1")]
    for attempt_id in attempts:
        db.execute("BEGIN IMMEDIATE")
        try:
            _attempt(db, attempt_id, wordings, queued_at, report)
        except BaseException:
            db.rollback()
            raise
        db.execute("COMMIT")
    return report


def _attempt(db: sqlite3.Connection, attempt_id: int, wordings: dict[tuple[str, str, str], Question],
             queued_at: str, report: BackfillReport) -> None:
    uid, status = db.execute("SELECT uid, status FROM attempt WHERE id = ?", (attempt_id,)).fetchone()
    # Read again inside the transaction: the app may have queued some since the list was made.
    rows = db.execute("SELECT n.id, n.position, i.bank_id, i.question_id, i.content_hash,"
                      " EXISTS (SELECT 1 FROM xapi_activity x WHERE x.bank_id = i.bank_id"
                      " AND x.question_id = i.question_id AND x.content_hash = i.content_hash)"
                      + _UNQUEUED + " AND n.attempt_id = ? ORDER BY n.id", (attempt_id,)).fetchall()
    sequences: dict[int, int] = {}
    for answer_id, position, bank_id, question_id, content_hash, known in rows:
        if not known:
            question = wordings.get((bank_id, question_id, content_hash))
            if question is None:
                name = f"{bank_id}/{question_id}"
                report.missing_wording[name] = report.missing_wording.get(name, 0) + 1
                continue
            remember_activity(db, question, content_hash)
        sequences[position] = sequence = sequences.get(position, 0) + 1
        enqueue(db, statement_id(uid, question_id, sequence), attempt_id, position, sequence, answer_id, queued_at,
                backfilled=True)
        report.queued += 1
    if status == "finished" and db.execute("SELECT 1 FROM xapi_outbox WHERE attempt_id = ? AND position IS NULL",
                                           (attempt_id,)).fetchone() is None:
        enqueue(db, completed_id(uid), attempt_id, None, 1, None, queued_at, backfilled=True)
        report.queued += 1
