"""Statements built when they are sent, from the history's rows (the queue holds references).

Each queued row names an answer row (or, for ``completed``, an attempt); the statement is built
from that row, its attempt and item, and the definition of the wording answered kept in
``xapi_activity``, by the same functions (``statements``) and with the same id as at answer time
before version 7. Only the confidence of an answer can change after it is queued, and then the
statement must say the new one anyway (``Outbox.restated``), so building late loses nothing.
The actor is made here too, so a pseudonym key is only ever in memory.
"""

from __future__ import annotations

import json
import sqlite3

from quizkit.bank.model import QuestionType
from quizkit.xapi.queue import Pending
from quizkit.xapi.statements import Activity, AnswerRecord, AttemptRecord, Identity, answered, completed


class UnbuildableError(Exception):
    """A queued row whose statement cannot be built (its answer or its wording is missing from
    the history): it is set aside like a statement the LRS refused, with this reason."""


def body(db: sqlite3.Connection, identity: Identity, profile: str, item: Pending) -> str:
    """The JSON of the statement queued as ``item``."""
    if item.body is not None:
        return item.body  # queued before version 7: sent as it was built then
    if item.position is None:
        return json.dumps(completed(identity, attempt_record(db, profile, item.attempt_id)))
    if item.answer_id is None:
        raise UnbuildableError(f"queued row {item.row} names no answer")
    return json.dumps(answered(identity, answer_record(db, profile, item.answer_id, item.sequence)))


def answer_record(db: sqlite3.Connection, profile: str, answer_id: int, sequence: int) -> AnswerRecord:
    row = db.execute(
        "SELECT a.uid, a.mode, a.started_at, n.position, i.bank_version, i.section, i.content_hash, i.bank_id,"
        " i.question_id, x.kind, x.definition, n.chosen, n.pairs, n.points, n.outcome, n.seconds, n.confidence,"
        " n.answered_at FROM answer n JOIN attempt a ON a.id = n.attempt_id"
        " JOIN item i ON i.attempt_id = n.attempt_id AND i.position = n.position"
        " LEFT JOIN xapi_activity x ON x.bank_id = i.bank_id AND x.question_id = i.question_id"
        " AND x.content_hash = i.content_hash WHERE n.id = ?", (answer_id,)).fetchone()
    if row is None:
        raise UnbuildableError(f"answer {answer_id} is not in the history")
    (uid, mode, started, position, version, section, content_hash, bank_id, question_id, kind, definition, chosen,
     pairs, points, outcome, seconds, confidence, answered_at) = row
    if definition is None:
        raise UnbuildableError(f"the wording of {bank_id}/{question_id} answered ({content_hash[:12]}) is not in "
                               "the history")
    activity = Activity(bank_id, question_id, QuestionType(kind), json.loads(definition))
    return AnswerRecord(profile, uid, mode, started, position, sequence, activity, version, section, content_hash,
                        json.loads(chosen), json.loads(pairs), points, outcome, seconds, confidence, answered_at)


def attempt_record(db: sqlite3.Connection, profile: str, attempt_id: int) -> AttemptRecord:
    row = db.execute("SELECT uid, mode, started_at, finished_at, banks, question_count, elapsed_seconds FROM attempt"
                     " WHERE id = ?", (attempt_id,)).fetchone()
    if row is None or row[3] is None:
        raise UnbuildableError(f"attempt {attempt_id} is not a finished attempt in the history")
    uid, mode, started, finished, banks, questions, elapsed = row
    points = db.execute("SELECT coalesce(sum(points), 0) FROM final_answer WHERE attempt_id = ?",
                        (attempt_id,)).fetchone()[0]
    return AttemptRecord(profile, uid, mode, started, finished, json.loads(banks), questions, points, elapsed)
