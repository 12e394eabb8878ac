"""Sending to a real LRS (Ralph on 127.0.0.1): every field arrives, exactly once, whatever happens.

Answers are taken through the store as the app takes them, with the outbox attached, so the
statements tested are those the app queues; then they are sent, read back and compared.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lrs_support import HOME_PAGE, PASSWORD, USER, Ralph, running_ralph
from store_support import MINI_BANK, FakeNow, take

from quizkit.bank.loader import read_bank
from quizkit.bank.model import Bank
from quizkit.engine.attempt import Confidence
from quizkit.engine.quiz import Mode
from quizkit.history.paths import database_path
from quizkit.history.store import Store, timestamp
from quizkit.xapi import queue, statements
from quizkit.xapi.build import body
from quizkit.xapi.client import LrsClient, UnreachableError
from quizkit.xapi.queue import Outbox
from quizkit.xapi.statements import Identity
from quizkit.xapi.sync import BackgroundSync, send_pending

IDENTITY = Identity(HOME_PAGE, f"{HOME_PAGE}/xapi")


@pytest.fixture
def ralph(tmp_path: Path) -> Iterator[Ralph]:
    yield from running_ralph(tmp_path)
ALL_RIGHT = {"mini-single": "right", "mini-multiple": "right", "mini-true-false": "right", "mini-matching": "right"}


@pytest.fixture(scope="module")
def bank() -> Bank:
    loaded = read_bank(MINI_BANK).bank
    assert loaded is not None
    return loaded


def history(path: Path, profile: str = "ana", now: FakeNow | None = None) -> Store:
    store = Store.open(path, now=now or FakeNow())
    store.outbox = Outbox(IDENTITY, profile, lambda: timestamp(store.now()))
    return store


OUTBOX = Outbox(IDENTITY, "ana", lambda: "2026-11-25T12:00:00.000Z")


def client(server: Ralph) -> LrsClient:
    return LrsClient(server.url, USER, PASSWORD)


def queued(path: Path, profile: str = "ana") -> dict[str, dict[str, Any]]:
    """Every statement in the queue, whatever its state, as it is built to be sent."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        return {item.statement_id: json.loads(body(db, IDENTITY, profile, item))
                for item in queue.pending(db, 1_000_000) + sent_rows(db)}


def sent_rows(db: sqlite3.Connection) -> list[queue.Pending]:
    return [queue.Pending(*row) for row in db.execute(
        "SELECT id, statement_id, attempt_id, position, sequence, answer_id, body FROM xapi_outbox WHERE state != 'queued'")]


def sync(path: Path, lrs: LrsClient, batch: int = 100):
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        return send_pending(db, lrs, batch, lambda: "2026-11-25T12:00:00.000Z", OUTBOX)


def contains(stored: Any, sent: Any) -> bool:
    """Whether everything sent is in what the LRS returns (which adds stored, authority, version)."""
    if isinstance(sent, dict):
        return isinstance(stored, dict) and all(key in stored and contains(stored[key], value) for key, value in sent.items())
    if isinstance(sent, list):
        return isinstance(stored, list) and len(stored) == len(sent) and all(map(contains, stored, sent))
    return stored == sent


def test_every_field_arrives_and_reads_back(ralph: Ralph, bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    now = FakeNow()
    with history(path, now=now) as store:
        take(store, bank, {"mini-single": ("right", Confidence.SURE), "mini-multiple": "partial",
                           "mini-true-false": ("wrong", Confidence.GUESSED), "mini-matching": "partial"})
        now.advance(hours=1)
        take(store, bank, {"mini-single": "wrong", "mini-multiple": "skip", "mini-true-false": None,
                           "mini-matching": "right"}, mode=Mode.EXAM)
    sent = queued(path)
    # 4 answers and a completion, then 3 answers (one unanswered) and a completion.
    assert len(sent) == 9
    report = sync(path, client(ralph))
    assert (report.sent, report.rejected, report.problem) == (9, [], None)
    back = {s["id"]: s for s in client(ralph).statements({"limit": "3"})}  # pages of 3: the "more" links are followed
    assert back.keys() == sent.keys()
    for statement_id, statement in sent.items():
        assert contains(back[statement_id], statement), statement_id
    answered = [s for s in back.values() if s["verb"]["id"].endswith("/answered")]
    confidences = Counter(s["result"].get("extensions", {}).get("https://quizkit.invalid/xapi/extensions/confidence")
                          for s in answered)
    assert confidences == {None: 5, "sure": 1, "guessed": 1}
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert queue.status(db).sent == 9 and queue.status(db).queued == 0


def test_a_confidence_stated_after_sending_is_a_newer_statement(ralph: Ralph, bank: Bank, tmp_path: Path) -> None:
    from quizkit.engine.attempt import Attempt
    from quizkit.engine.quiz import Mode, QuizSpec, build_quiz
    from quizkit.engine.scoring import Response

    path = tmp_path / "history.sqlite3"
    with history(path) as store:
        # An exam: its answers (and how sure) may change until it is submitted, after the statement went.
        attempt = Attempt(build_quiz([bank], QuizSpec(mode=Mode.EXAM, shuffle=False, question_ids=frozenset({"mini-single"}))))
        attempt_id = store.start(attempt, [bank])
        attempt.answer(Response(frozenset({"a"})))
        store.record_answer(attempt_id, attempt)
        attempt.set_confidence(Confidence.UNSURE)
        store.record_confidence(attempt_id, attempt)  # not sent yet: the queued statement is rewritten
        assert len(queued(path)) == 1
        assert sync(path, client(ralph)).sent == 1
        attempt.set_confidence(Confidence.SURE)
        store.record_confidence(attempt_id, attempt)  # sent already: a second statement, sequence 2
    assert sync(path, client(ralph)).sent == 1
    sequences = sorted((s["context"]["extensions"]["https://quizkit.invalid/xapi/extensions/answer-sequence"],
                        s["result"]["extensions"]["https://quizkit.invalid/xapi/extensions/confidence"])
                       for s in ralph.stored())
    assert sequences == [(1, "unsure"), (2, "sure")]


class FlakyClient(LrsClient):
    """Stops the LRS before its ``stop_before``-th request, or loses the reply of one that was stored."""

    def __init__(self, server: Ralph, *, stop_before: int = 0, lose_reply_of: int = 0) -> None:
        super().__init__(server.url, USER, PASSWORD, timeout=5)
        object.__setattr__(self, "state", {"server": server, "posts": 0, "stop": stop_before, "lose": lose_reply_of})

    def post_statements(self, statements: Any) -> None:
        state = self.state  # type: ignore[attr-defined]
        state["posts"] += 1
        if state["posts"] == state["stop"]:
            state["server"].stop()
        super().post_statements(statements)
        if state["posts"] == state["lose"]:
            raise UnreachableError("the connection dropped before the reply")


def test_stopped_mid_sync_every_statement_arrives_exactly_once(ralph: Ralph, bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    now = FakeNow()
    with history(path, now=now) as store:
        for outcome in ("right", "wrong", "partial"):
            take(store, bank, {**ALL_RIGHT, "mini-multiple": outcome})
            now.advance(hours=1)
    expected = queued(path)
    assert len(expected) == 15
    # Batches of 2. First the reply to the 2nd request is lost (stored, but we cannot know): the
    # run stops. Then the LRS goes down before the 3rd request of the next run. Then it is back.
    report = sync(path, FlakyClient(ralph, lose_reply_of=2), batch=2)
    assert report.unreachable and report.sent == 2
    report = sync(path, FlakyClient(ralph, stop_before=3), batch=2)
    assert report.unreachable and report.sent == 4  # the batch whose reply was lost, again, and the next
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert queue.status(db).queued == 9
    ralph.start()
    report = sync(path, client(ralph), batch=2)
    assert report.sent == 9 and report.problem is None
    stored = Counter(statement["id"] for statement in ralph.stored())
    assert stored.keys() == expected.keys() and set(stored.values()) == {1}  # each once, the resent batch too


def test_a_malformed_statement_is_set_aside_and_the_rest_arrive(ralph: Ralph, bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with history(path) as store:
        take(store, bank, ALL_RIGHT)
        take(store, bank, ALL_RIGHT)
    bodies = queued(path)
    bad_id = next(iter(bodies))
    broken = bodies[bad_id] | {"actor": {"objectType": "Agent"}}  # no identifier: as a bug or a damaged row would make it
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE xapi_outbox SET body = ? WHERE statement_id = ?", (json.dumps(broken), bad_id))
    report = sync(path, client(ralph), batch=4)
    assert report.sent == 9 and [statement_id for statement_id, _ in report.rejected] == [bad_id]
    assert re.match(r"HTTP 4\d\d: .*actor", report.rejected[0][1])  # Ralph: 422, the actor has no identifier
    assert {s["id"] for s in ralph.stored()} == bodies.keys() - {bad_id}
    again = sync(path, client(ralph), batch=4)
    assert (again.sent, again.rejected, again.requests) == (0, [], 0)  # never retried
    with contextlib.closing(sqlite3.connect(path)) as db:
        [aside] = queue.rejected(db)
    assert aside.statement_id == bad_id and aside.problem == report.rejected[0][1]


def test_wrong_credentials_set_nothing_aside(ralph: Ralph, bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with history(path) as store:
        take(store, bank, ALL_RIGHT)
    report = sync(path, LrsClient(ralph.url, USER, "wrong password"))
    assert report.sent == 0 and report.rejected == [] and not report.unreachable
    assert "check [lrs] url, username and the password" in (report.problem or "")
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert queue.status(db).queued == 5


def test_the_background_sender_waits_for_the_lrs_and_then_sends(ralph: Ralph, bank: Bank, tmp_path: Path) -> None:
    import threading

    path = tmp_path / "history.sqlite3"
    ralph.stop()
    with history(path) as store:
        take(store, bank, ALL_RIGHT)
    reports = []
    delivered = threading.Event()

    def heard(report: Any) -> None:
        reports.append(report)
        if not report.problem:
            delivered.set()

    sender = BackgroundSync(path, client(ralph), 100, lambda: "2026-11-25T12:00:00.000Z", OUTBOX, on_report=heard,
                            first_delay=0.2, max_delay=0.5)
    sender.start()
    try:
        ralph.start()
        sender.nudge()
        assert delivered.wait(30), reports
    finally:
        sender.stop()
    assert reports[0].unreachable and len(ralph.stored()) == 5


def quizkit(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("QUIZKIT_")}
    environment.update({"PYTHONWARNINGS": "error", "TZ": "UTC", **env})
    return subprocess.run([sys.executable, "-m", "quizkit", *args], capture_output=True, text=True,
                          env=environment, timeout=120, check=False)


def lrs_environment(server: Ralph, tmp_path: Path) -> dict[str, str]:
    config = tmp_path / "config.toml"
    config.write_text(f'[lrs]\nurl = "{server.url}"\nusername = "{USER}"\nhome_page = "{HOME_PAGE}"\n'
                      f'activity_base = "{HOME_PAGE}/xapi"\nbatch_size = 3\n', encoding="utf-8")
    return {"QUIZKIT_CONFIG": str(config), "QUIZKIT_LRS_PASSWORD": PASSWORD, "QUIZKIT_DATA_DIR": str(tmp_path / "data")}


def test_sync_command_sends_and_reports(ralph: Ralph, bank: Bank, tmp_path: Path) -> None:
    env = lrs_environment(ralph, tmp_path)
    with history(database_path(tmp_path / "data", "ana")) as store:
        take(store, bank, ALL_RIGHT)
    status = quizkit("sync", "--status", "--profile", "ana", env=env)
    assert status.returncode == 0 and "queued: 5" in status.stdout and "sent: 0" in status.stdout
    result = quizkit("sync", "--profile", "ana", env=env)
    assert result.returncode == 0, result.stderr
    assert f"sent 5 statements to {ralph.url} in 2 requests" in result.stdout and "queued: 0" in result.stdout
    assert PASSWORD not in result.stdout + result.stderr + status.stdout
    shown = quizkit("config", env=env)
    assert re.search(r"^ +lrs\.password +\*{8} +\[environment: \$QUIZKIT_LRS_PASSWORD\]$", shown.stdout, re.MULTILINE)
    assert re.search(rf"^ +lrs\.batch_size +3 +\[file: {re.escape(env['QUIZKIT_CONFIG'])}:6\]$", shown.stdout, re.MULTILINE)
    assert PASSWORD not in shown.stdout + shown.stderr


FIRST = {
    "ana": ALL_RIGHT,
    "ben": {"mini-single": "right", "mini-multiple": "partial", "mini-true-false": "right", "mini-matching": "right"},
    "cy": {"mini-single": "right", "mini-multiple": "wrong", "mini-true-false": "right", "mini-matching": "partial"},
    "di": {"mini-single": "wrong", "mini-multiple": "wrong", "mini-true-false": "right", "mini-matching": "wrong"},
    "eve": {"mini-single": "wrong", "mini-multiple": "wrong", "mini-true-false": "wrong", "mini-matching": "wrong"},
}


def test_stats_from_the_lrs_equal_stats_from_exported_files(ralph: Ralph, bank: Bank, tmp_path: Path) -> None:
    env = lrs_environment(ralph, tmp_path)
    data = tmp_path / "data"
    for name, first in FIRST.items():
        now = FakeNow()
        with history(database_path(data, name), name, now) as store:
            take(store, bank, first)
            now.advance(days=1)
            take(store, bank, ALL_RIGHT)
            now.advance(days=1)
            take(store, bank, {"mini-single": "wrong", "mini-multiple": "partial", "mini-true-false": None,
                               "mini-matching": "right"}, mode=Mode.EXAM)
            if name == "di":
                now.advance(days=1)
                take(store, bank, {"mini-single": "right"}, finish=False)
        assert quizkit("sync", "--profile", name, env=env).returncode == 0
    files = tmp_path / "results"
    files.mkdir()
    for name in FIRST:
        result = quizkit("export-results", str(MINI_BANK), "--profile", name, "-o", str(files / f"{name}.csv"), env=env)
        assert result.returncode == 0, result.stderr
    for mode in ((), ("--mode", "exam")):
        from_files = quizkit("stats", "--bank", str(MINI_BANK), "--format", "json", *mode, str(files), env=env)
        from_lrs = quizkit("stats", "--bank", str(MINI_BANK), "--format", "json", *mode, "--lrs", env=env)
        assert from_files.returncode == from_lrs.returncode == 0, from_lrs.stderr
        files_report, lrs_report = json.loads(from_files.stdout), json.loads(from_lrs.stdout)
        assert files_report["trainees_analysed"] == 5
        for report in (files_report, lrs_report):
            report.pop("inputs", None)
            for trainee in report.get("trainees", []):
                trainee.pop("origins", None)
        assert lrs_report == files_report


def test_sync_backfills_answers_recorded_before_the_lrs_was_configured(ralph: Ralph, bank: Bank, tmp_path: Path) -> None:
    env = lrs_environment(ralph, tmp_path)
    path = database_path(tmp_path / "data", "ana")
    with Store.open(path, now=FakeNow()) as store:  # no LRS configured yet: nothing queued
        take(store, bank, ALL_RIGHT)
        take(store, bank, {"mini-single": "wrong", "mini-multiple": "partial"}, mode=Mode.EXAM, finish=False)
    status = quizkit("sync", "--status", "--profile", "ana", env=env)
    assert "queued: 0" in status.stdout and "not yet queued: 6 answers and 1 finished attempt" in status.stdout
    # The mini bank is not among the app's banks: its answers wait, said, and only the completion goes.
    unfound = quizkit("sync", "--profile", "ana", env=env)
    assert unfound.returncode == 1 and "not backfilled: 2 answers to mini-bank/mini-single" in unfound.stdout
    assert "give its bank with --bank" in unfound.stdout and "not yet queued: 6 answers" in unfound.stdout
    result = quizkit("sync", "--profile", "ana", "--bank", str(MINI_BANK), env=env)
    assert result.returncode == 0, result.stderr
    assert "backfilled 6 statements of answers recorded before the LRS was configured" in result.stdout
    assert f"sent 6 statements to {ralph.url}" in result.stdout and "backfilled: 7" in result.stdout
    stored = ralph.stored()
    with contextlib.closing(sqlite3.connect(path)) as db:
        uids = dict(db.execute("SELECT id, uid FROM attempt"))
        expected = {statements.statement_id(uids[attempt], question, 1) for attempt, question in db.execute(
            "SELECT DISTINCT n.attempt_id, i.question_id FROM answer n JOIN item i"
            " ON i.attempt_id = n.attempt_id AND i.position = n.position")}
    assert {s["id"] for s in stored} == expected | {statements.completed_id(uids[1])}
    assert all(s["actor"]["account"]["name"] == "ana" for s in stored)
    again = quizkit("sync", "--profile", "ana", env=env)
    assert "backfilled 0" not in again.stdout and "sent 0 statements" in again.stdout and len(ralph.stored()) == 7


def test_pseudonyms_are_keyed_and_the_key_is_never_printed_nor_stored(ralph: Ralph, bank: Bank, tmp_path: Path) -> None:
    env = lrs_environment(ralph, tmp_path)
    config = Path(env["QUIZKIT_CONFIG"])
    config.write_text(config.read_text(encoding="utf-8") + "pseudonymous = true\n", encoding="utf-8")
    path = database_path(tmp_path / "data", "ana")
    with history(path) as store:
        take(store, bank, ALL_RIGHT)
    refused = quizkit("sync", "--profile", "ana", env=env)
    assert refused.returncode == 2 and refused.stdout == "" and len(refused.stderr.strip().splitlines()) == 1
    assert "pseudonyms need the programme's secret key: set $QUIZKIT_LRS_PSEUDONYM_KEY" in refused.stderr
    assert ralph.stored() == []
    key = "a long and random programme secret"
    keyed = {**env, "QUIZKIT_LRS_PSEUDONYM_KEY": key}
    result = quizkit("sync", "--profile", "ana", env=keyed)
    assert result.returncode == 0, result.stderr
    names = {s["actor"]["account"]["name"] for s in ralph.stored()}
    assert names == {hmac.new(key.encode(), f"{HOME_PAGE}\nana".encode(), hashlib.sha256).hexdigest()}
    shown = quizkit("config", env=keyed)
    assert re.search(r"^ +lrs\.pseudonym_key +\*{8} +\[environment: \$QUIZKIT_LRS_PSEUDONYM_KEY\]$", shown.stdout,
                     re.MULTILINE)
    assert key not in shown.stdout + shown.stderr + result.stdout + result.stderr
    for file in path.parent.iterdir():  # the history, its WAL and anything beside it
        assert key.encode() not in file.read_bytes()
