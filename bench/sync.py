"""How fast queued statements reach an LRS, and what queuing costs an answer.

Run: ``python bench/sync.py [--statements N]``.

Needs the test extra (Ralph, the LRS the integration tests use). In one run:

1. **Answer latency, paired.** The mini bank's four questions answered as the app records them
   (``Store.record_answer``), N/5 quizzes of them, in three histories taken turn about, quiz by
   quiz, so that the machine's load falls on all three alike: without an LRS configured (sync
   off); with the outbox attached (statements queued) but nothing sending; and with the outbox
   *and* the background sender running against a live LRS, as the app runs with sync on. Each
   answer's wall time and the answering thread's processor time (``time.thread_time``: the
   sender's thread is not counted, its effect on the answer shows in the wall time) are
   compared, median and 95th percentile, with the ratio of the medians to sync off.
2. **Sending.** The N statements queued in (1) sent to a fresh Ralph by ``quizkit.xapi.sync``
   (batches of 100, each batch's outcome committed), against a plain loop that POSTs the same
   bodies in batches of 100 to another fresh Ralph and records nothing. Statements per second.

Results go in bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from lrs_support import PASSWORD, USER, Ralph  # noqa: E402

from quizkit.bank.loader import read_bank  # noqa: E402
from quizkit.engine.attempt import Attempt  # noqa: E402
from quizkit.engine.quiz import QuizSpec, build_quiz  # noqa: E402
from quizkit.engine.scoring import Response  # noqa: E402
from quizkit.history.store import Store, timestamp, utc_now  # noqa: E402
from quizkit.xapi.build import body  # noqa: E402
from quizkit.xapi.client import LrsClient  # noqa: E402
from quizkit.xapi.queue import Outbox, pending  # noqa: E402
from quizkit.xapi.statements import Identity  # noqa: E402
from quizkit.xapi.sync import BackgroundSync, send_pending  # noqa: E402

BANK = ROOT / "tests" / "data" / "valid" / "mini-bank.yaml"
RESPONSES = {"mini-single": Response(frozenset({"a"})), "mini-multiple": Response(frozenset({"a"})),
             "mini-true-false": Response(frozenset({"false"})),
             "mini-matching": Response(pairs=(("nodule", "look"), ("red", "rethink")))}


def quizzes_in_turn(stores: list[Store], quizzes: int) -> list[tuple[list[float], list[float]]]:
    """(wall seconds, thread processor seconds) per ``record_answer`` in each store, the stores
    taking turns quiz by quiz, over ``quizzes`` quizzes of the four mini-bank questions each."""
    bank = read_bank(BANK).bank
    assert bank is not None
    times: list[tuple[list[float], list[float]]] = [([], []) for _ in stores]
    for _ in range(quizzes):
        for store, (wall, cpu) in zip(stores, times, strict=True):
            attempt = Attempt(build_quiz([bank], QuizSpec(shuffle=False)))
            attempt_id = store.start(attempt, [bank])
            for index, item in enumerate(attempt.quiz.items):
                if index:
                    attempt.go(index)
                attempt.answer(RESPONSES[item.question.id])
                start, start_cpu = time.perf_counter(), time.thread_time()
                store.record_answer(attempt_id, attempt)
                cpu.append(time.thread_time() - start_cpu)
                wall.append(time.perf_counter() - start)
            attempt.finish()
            store.finish(attempt_id, attempt)
    return times


def describe(times: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[int(0.95 * len(ordered))] * 1000


def plain_loop(bodies: list[str], url: str, batch: int) -> float:
    client = LrsClient(url, USER, PASSWORD)
    start = time.perf_counter()
    for i in range(0, len(bodies), batch):
        client.post_statements(("[" + ",".join(bodies[i:i + batch]) + "]").encode())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=10_000, help="statements to queue and send (default 10,000)")
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    quizzes = args.statements // 5  # four answers and a completion per quiz
    identity = Identity("https://hospital.example.org", "https://hospital.example.org/xapi")
    with tempfile.TemporaryDirectory(dir=Path.home()) as folder:
        work = Path(folder)
        print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {platform.machine()}; "
              f"{args.statements} statements, batches of {args.batch}; history in {work}")
        live = Ralph(work / "live")
        live.start()
        try:
            with Store.open(work / "without.sqlite3") as off, Store.open(work / "queued.sqlite3") as queued, \
                    Store.open(work / "with.sqlite3") as on:
                for store in (queued, on):
                    store.outbox = Outbox(identity, "ana", lambda: timestamp(utc_now()))
                sender = BackgroundSync(on.path, LrsClient(live.url, USER, PASSWORD), args.batch,
                                        lambda: timestamp(utc_now()), Outbox(identity, "ana", lambda: "now"),
                                        first_delay=0.5, max_delay=2)
                sender.start()
                try:
                    times = quizzes_in_turn([off, queued, on], quizzes)
                finally:
                    sender.stop(timeout=60)
        finally:
            live.stop()
        print(f"{'answer (record_answer)':<40}{'wall median':>12}{'p95':>8}{'× off':>7}{'cpu median':>12}{'p95':>8}"
              f"{'× off':>7}   (ms; {len(times[0][0])} answers each)")
        base_wall, base_cpu = describe(times[0][0]), describe(times[0][1])
        for label, (wall, cpu) in zip(("sync off (no LRS configured)", "queued, no sender running",
                                       "sync on: queued + background sender"), times, strict=True):
            (wall_median, wall_p95), (cpu_median, cpu_p95) = describe(wall), describe(cpu)
            print(f"{label:<40}{wall_median:>12.3f}{wall_p95:>8.3f}{wall_median / base_wall[0]:>7.2f}"
                  f"{cpu_median:>12.3f}{cpu_p95:>8.3f}{cpu_median / base_cpu[0]:>7.2f}")

        # Sending: the same bodies, to two fresh LRSs.
        with contextlib.closing(sqlite3.connect(work / "with.sqlite3", isolation_level=None)) as db:
            db.execute("UPDATE xapi_outbox SET state = 'queued', sent_at = NULL")
            outbox = Outbox(identity, "ana", lambda: "now")
            bodies = [body(db, identity, "ana", item) for item in pending(db, 10 * args.statements)]
            ours, baseline = Ralph(work / "ours"), Ralph(work / "baseline")
            for server in (ours, baseline):
                server.start()
            try:
                start = time.perf_counter()
                report = send_pending(db, LrsClient(ours.url, USER, PASSWORD), args.batch, lambda: "now", outbox)
                ours_seconds = time.perf_counter() - start
                assert report.sent == len(bodies) and report.problem is None, report
                base_seconds = plain_loop(bodies, baseline.url, args.batch)
                assert len(ours.stored()) == len(baseline.stored()) == len(bodies)
            finally:
                for server in (ours, baseline):
                    server.stop()
        print(f"{'sender':<34}{'seconds':>9}{'statements/s':>15}")
        print(f"{'plain batched POST loop':<34}{base_seconds:>9.2f}{len(bodies) / base_seconds:>15.0f}")
        print(f"{'quizkit sync (build + marks)':<34}{ours_seconds:>9.2f}{len(bodies) / ours_seconds:>15.0f}")
        print(f"  ratio: {ours_seconds / base_seconds:.2f}× the plain loop's time")


if __name__ == "__main__":
    main()
