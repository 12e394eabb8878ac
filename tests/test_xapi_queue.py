"""The statement queue from the inside: what an answer's transaction writes, statements built
when sent, the migration that brought that in, and the backfill of earlier answers."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import pytest
from store_support import MINI_BANK, RESPONSES, FakeNow, edited_bank, take

from quizkit.bank.loader import read_bank
from quizkit.bank.model import Bank
from quizkit.engine.attempt import Attempt, Confidence
from quizkit.engine.quiz import Mode, QuizSpec, build_quiz
from quizkit.history.store import MIGRATIONS, Store, timestamp
from quizkit.xapi import queue
from quizkit.xapi.backfill import backfill, backlog
from quizkit.xapi.build import answer_record, body
from quizkit.xapi.queue import Outbox
from quizkit.xapi.statements import Identity, answered, statement_id

IDENTITY = Identity("https://hospital.example.org", "https://hospital.example.org/xapi")


@pytest.fixture(scope="module")
def bank() -> Bank:
    loaded = read_bank(MINI_BANK).bank
    assert loaded is not None
    return loaded


def outboxed(path: Path) -> Store:
    store = Store.open(path, now=FakeNow())
    store.outbox = Outbox(IDENTITY, "ana", lambda: timestamp(store.now()))
    return store


def built(path: Path) -> dict[str, dict[str, object]]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return {item.statement_id: json.loads(body(db, IDENTITY, "ana", item)) for item in queue.pending(db, 10_000)}


def exam_with_second_thoughts(store: Store, bank: Bank) -> None:
    """An exam: an answer changed, one withdrawn, a confidence stated after the answer."""
    attempt = Attempt(build_quiz([bank], QuizSpec(mode=Mode.EXAM, shuffle=False,
                                                  question_ids=frozenset({"mini-single", "mini-true-false"}))))
    attempt_id = store.start(attempt, [bank])
    attempt.answer(RESPONSES["mini-single"]["wrong"])
    store.record_answer(attempt_id, attempt)
    attempt.answer(RESPONSES["mini-single"]["right"])
    store.record_answer(attempt_id, attempt)
    attempt.set_confidence(Confidence.UNSURE)
    store.record_confidence(attempt_id, attempt)
    attempt.go(1)
    attempt.answer(RESPONSES["mini-true-false"]["right"])
    store.record_answer(attempt_id, attempt)
    attempt.clear()
    store.record_answer(attempt_id, attempt)
    attempt.finish()
    store.finish(attempt_id, attempt)


def test_an_answer_queues_a_reference_and_the_statement_built_later_is_the_one_built_at_once(
        bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with outboxed(path) as store:
        take(store, bank, {"mini-single": ("right", Confidence.SURE), "mini-multiple": "partial",
                           "mini-true-false": "wrong", "mini-matching": "partial"})
        exam_with_second_thoughts(store, bank)
    with contextlib.closing(sqlite3.connect(path)) as db:
        # Nothing but references in the answers' transactions; each wording's definition once.
        assert db.execute("SELECT count(*) FROM xapi_outbox WHERE body IS NOT NULL").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM xapi_activity").fetchone()[0] == 4
        rows = db.execute("SELECT statement_id, answer_id, sequence FROM xapi_outbox WHERE position IS NOT NULL").fetchall()
        questions = {q.id: q for q in bank.questions}
        for statement, answer_id, sequence in rows:
            late = answer_record(db, "ana", answer_id, sequence)
            # The same record with the bank's own question: the statement as built at answer time.
            at_once = answered(IDENTITY, late.__class__(*[questions[late.question.id] if name == "question" else
                                                          getattr(late, name) for name in late.__slots__]))
            assert answered(IDENTITY, late) == at_once and at_once["id"] == statement
    statements = built(path)
    assert len(statements) == 4 + 1 + 4 + 1  # the exam: two answers to each question, and its completion
    exam = sorted((s["object"]["id"].rsplit("/", 1)[1], s["context"]["extensions"][EXT + "answer-sequence"],
                   s["result"].get("response"), s["result"]["extensions"].get(EXT + "confidence"))
                  for s in statements.values() if s["context"]["extensions"].get(EXT + "mode") == "exam"
                  and s["verb"]["id"].endswith("answered"))
    assert exam == [("mini-single", 1, "b", None), ("mini-single", 2, "a", "unsure"),
                    ("mini-true-false", 1, "false", None), ("mini-true-false", 2, None, None)]


EXT = "https://quizkit.invalid/xapi/extensions/"


def test_rows_queued_before_version_7_survive_the_migration_and_are_sent_as_they_were(
        bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with outboxed(path) as store:
        take(store, bank, {"mini-single": "right", "mini-multiple": "wrong"})
    expected = built(path)
    # Make it the version 6 file that the previous quizkit wrote: statement bodies in the queue.
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("CREATE TABLE old AS SELECT id, statement_id, attempt_id, position, sequence, body, state, queued_at,"
                   " sent_at, problem FROM xapi_outbox")
        for statement, text in expected.items():
            db.execute("UPDATE old SET body = ? WHERE statement_id = ?", (json.dumps(text), statement))
        db.executescript(f"""
            BEGIN;
            DROP TABLE xapi_outbox; DROP TABLE xapi_activity;
            {';'.join(step for step in MIGRATIONS[5] if isinstance(step, str))};
            INSERT INTO xapi_outbox SELECT * FROM old; DROP TABLE old;
            UPDATE xapi_outbox SET state = 'sent', sent_at = 'then' WHERE position = 1;
            PRAGMA user_version = 6;
            COMMIT;""")
    with outboxed(path) as store:
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) == 7
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert queue.status(db).queued == 2 and queue.status(db).sent == 1
        kept = {item.statement_id: json.loads(body(db, IDENTITY, "ana", item)) for item in queue.pending(db, 10)}
    assert kept == {key: value for key, value in expected.items() if key in kept}


def test_backfill_queues_earlier_answers_as_the_app_would_have_and_only_once(bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with Store.open(path, now=FakeNow()) as store:  # no LRS configured: nothing queued
        take(store, bank, {"mini-single": "right", "mini-multiple": "partial", "mini-true-false": "wrong",
                           "mini-matching": "right"})
        exam_with_second_thoughts(store, bank)
        take(store, bank, {"mini-single": "wrong"}, finish=False)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        assert (backlog(db).answers, backlog(db).attempts) == (9, 2)
        report = backfill(db, [bank], "2026-12-01T00:00:00.000Z")
        assert (report.queued, report.missing_wording) == (9 + 2, {})
        assert (backlog(db).answers, backlog(db).attempts) == (0, 0)
        assert queue.status(db).backfilled == 11
        assert backfill(db, [bank], "later").queued == 0  # again: nothing twice
        uids = dict(db.execute("SELECT id, uid FROM attempt"))
        for attempt_id, sequence, question_id, statement in db.execute(
                "SELECT o.attempt_id, o.sequence, i.question_id, o.statement_id FROM xapi_outbox o"
                " JOIN item i ON i.attempt_id = o.attempt_id AND i.position = o.position"):
            assert statement == statement_id(uids[attempt_id], question_id, sequence)
    exam = sorted((s["object"]["id"].rsplit("/", 1)[1], s["context"]["extensions"][EXT + "answer-sequence"],
                   s["result"].get("response")) for s in built(path).values()
                  if s["context"].get("extensions", {}).get(EXT + "mode") == "exam" and s["verb"]["id"].endswith("answered"))
    assert exam == [("mini-single", 1, "b"), ("mini-single", 2, "a"), ("mini-true-false", 1, "false"),
                    ("mini-true-false", 2, None)]


def test_an_answer_whose_wording_is_gone_is_counted_not_queued_until_its_bank_is_given(
        bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with Store.open(path, now=FakeNow()) as store:
        take(store, bank, {"mini-multiple": "right", "mini-true-false": "right"})
    edited = edited_bank(tmp_path, "Which", "Which one")  # the wording of mini-multiple only
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        report = backfill(db, [edited], "now")
        assert report.missing_wording == {f"{bank.id}/mini-multiple": 1} and report.queued == 2
        assert backlog(db).answers == 1
        assert backfill(db, [bank], "now").queued == 1  # given the bank it was answered from
        assert backlog(db).answers == 0


def test_a_question_with_a_statement_queued_is_left_to_the_app(bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with Store.open(path, now=FakeNow()) as store:
        attempt = Attempt(build_quiz([bank], QuizSpec(mode=Mode.EXAM, shuffle=False,
                                                      question_ids=frozenset({"mini-single"}))))
        attempt_id = store.start(attempt, [bank])
        attempt.answer(RESPONSES["mini-single"]["wrong"])
        store.record_answer(attempt_id, attempt)  # before the LRS was configured
        store.outbox = Outbox(IDENTITY, "ana", lambda: timestamp(store.now()))
        attempt.answer(RESPONSES["mini-single"]["right"])
        store.record_answer(attempt_id, attempt)  # after: queued as the first statement about it
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        assert backlog(db).answers == 0 and backfill(db, [bank], "now").queued == 0
