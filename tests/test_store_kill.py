"""Killing a quiz at any moment loses no answer the trainee was told was saved.

A driver process (store_driver.py) takes quizzes through the store, printing ``ACK`` after each
committed answer; it is SIGKILLed at random points, a hundred times over two histories (one per
core), each kill landing on a history recovered from the kills before it (the driver resumes
the interrupted quiz, as the app offers to). After every kill the file must pass
``PRAGMA integrity_check`` and hold every acknowledged answer.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import DATA, TESTS

from quizkit.history.store import Store

KILLS = 100
LANES = 2
DRIVER = TESTS / "store_driver.py"
BANK = DATA / "valid" / "mini-bank.yaml"

Ack = tuple[int, int, int]  # answer id, attempt id, position


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_at_random_points_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    with ThreadPoolExecutor(LANES) as pool:
        lanes = pool.map(_run_lane, [tmp_path / f"lane-{n}.sqlite3" for n in range(LANES)], range(LANES),
                         [KILLS // LANES] * LANES)
        failures, acknowledged = zip(*lanes, strict=True)
    assert not [f for lane in failures for f in lane]
    # The kills must have landed on a history that was actually being written.
    assert sum(acknowledged) > KILLS


def _run_lane(database: Path, seed: int, kills: int) -> tuple[list[str], int]:
    rng = random.Random(20261125 + seed)
    failures: list[str] = []
    total = 0
    for kill in range(kills):
        acks = _kill_and_collect(database, rng)
        total += len(acks)
        failures.extend(f"lane {seed}, kill {kill}: {problem}" for problem in _check(database, acks))
    return failures, total


def _kill_and_collect(database: Path, rng: random.Random) -> list[Ack]:
    """Run the driver, SIGKILL it at a random point, and return every answer it acknowledged."""
    driver = subprocess.Popen([sys.executable, str(DRIVER), str(database), str(BANK), str(rng.randrange(10**6))],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=TESTS.parent,
                              env={**os.environ, "PYTHONPATH": str(TESTS.parent)})
    watchdog = threading.Timer(60, driver.kill)  # a hang fails the test instead of blocking the suite
    watchdog.start()
    seen: list[str] = []
    try:
        assert driver.stdout is not None
        # Most kills land mid-quiz, a few answers in; some land while the driver is still
        # opening (the first time: creating and migrating) the file.
        wait_for = rng.choice([None, *range(12)])
        if wait_for is None:
            time.sleep(rng.uniform(0, 0.4))
        else:
            while sum(line.startswith("ACK") for line in seen) < wait_for:
                line = driver.stdout.readline()
                if not line:
                    break
                seen.append(line)
            time.sleep(rng.uniform(0, 0.005))
        driver.send_signal(signal.SIGKILL)
        rest, err = driver.communicate()
    finally:
        watchdog.cancel()
    assert driver.returncode == -signal.SIGKILL, f"the driver stopped by itself:\n{err}"
    # Lines printed before the kill are still in the pipe: those answers were acknowledged too.
    return [_ack(line) for line in [*seen, *rest.splitlines()] if line.startswith("ACK")]


def _ack(line: str) -> Ack:
    answer_id, attempt_id, position = map(int, line.split()[1:])
    return answer_id, attempt_id, position


def _check(database: Path, acks: list[Ack]) -> list[str]:
    if not database.exists():
        return ["an answer was acknowledged but there is no file"] if acks else []
    problems = []
    # A plain connection, so that the check sees the file exactly as the kill left it.
    with contextlib.closing(sqlite3.connect(database)) as db:
        integrity = db.execute("PRAGMA integrity_check").fetchall()
        if integrity != [("ok",)]:
            problems.append(f"integrity_check: {integrity}")
        # A kill while the file is first created can leave it before the schema is committed:
        # no table yet, which is fine only if nothing was acknowledged (checked below).
        created = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'answer'").fetchone() is not None
        stored = ({row[0]: (row[1], row[2]) for row in db.execute("SELECT id, attempt_id, position FROM answer")}
                  if created else {})
    problems.extend(f"acknowledged answer {answer_id} is missing or wrong" for answer_id, attempt_id, position in acks
                    if stored.get(answer_id) != (attempt_id, position))
    with Store.open(database) as store:
        if store.moved_aside is not None:
            problems.append(f"the store moved the file aside: {store.moved_aside.message}")
    return problems
