"""Latency of answering in the app, driven by Textual's pilot on the bundled banks.

    python bench/feedback.py [--questions N]

Each row is the median over N questions of the time from a key press until the screen has been
refreshed: a key bound to nothing (the baseline: the pilot's own cost), picking an option,
submitting (the answer is scored and the full feedback with its citation is rendered), and
moving to the next question, with every answer committed to a history as the app does. The
column "− no-op" subtracts the baseline: the cost of the action itself; "CPU − no-op" is the
processor time the action used, which other load on the machine does not inflate. Goal (issue #4):
submit-and-feedback under 50 ms.

``--sync`` measures the same quiz twice more, in the same process and alternating, with and
without the xAPI queue that an LRS in the configuration turns on (each answer's transaction also
queues its statement's reference; the statements go out later, in the background), and prints
the submit row of each and their ratio (issue #16: the app's answer latency unchanged with sync on).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from quizkit.bank.pipeline import load_banks
from quizkit.engine.quiz import QuizSpec
from quizkit.history.store import Store, timestamp
from quizkit.tui.app import QuizkitApp
from quizkit.xapi.queue import Outbox
from quizkit.xapi.statements import Identity

SUBMIT = "submit and show feedback"


async def measure(questions: int, data_dir: Path, *, queue: bool = False) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    banks, sources = load_banks()
    store = Store.open(data_dir / "history.sqlite3")  # every answer is committed, as in use
    if queue:  # as quizkit/xapi/setup.py attaches it when an LRS is configured
        store.outbox = Outbox(Identity("https://quizkit.invalid", "https://quizkit.invalid/xapi"), "bench",
                              lambda: timestamp(store.now()))
    app = QuizkitApp(banks, sources, store, spec=QuizSpec(seed=7, count=questions))
    names = ("no-op key (baseline)", "pick an option", SUBMIT, "next question")
    timings: dict[str, list[float]] = {name: [] for name in names}
    cpu_times: dict[str, list[float]] = {name: [] for name in names}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        async def timed(name: str, key: str) -> None:
            started, cpu = time.perf_counter(), time.process_time()
            await pilot.press(key)
            await pilot.pause()
            timings[name].append(time.perf_counter() - started)
            cpu_times[name].append(time.process_time() - cpu)

        for _ in range(questions):
            await timed("no-op key (baseline)", "f12")
            await timed("pick an option", "1")
            await pilot.press("s")  # how sure, stated before the answer is scored (else Enter asks first)
            await pilot.pause()
            await timed(SUBMIT, "enter")
            await timed("next question", "enter")
    return timings, cpu_times


def compare_sync(count: int) -> None:
    """Submit-and-feedback with the xAPI queue off and on, alternating four runs (off, on, on, off)."""
    timings: dict[bool, list[float]] = {False: [], True: []}
    cpu_times: dict[bool, list[float]] = {False: [], True: []}
    for queue in (False, True, True, False):
        with tempfile.TemporaryDirectory() as scratch:
            wall, cpu = asyncio.run(measure(count, Path(scratch), queue=queue))
        timings[queue] += [a - b for a, b in zip(wall[SUBMIT], wall["no-op key (baseline)"], strict=True)]
        cpu_times[queue] += [a - b for a, b in zip(cpu[SUBMIT], cpu["no-op key (baseline)"], strict=True)]
    print(f"\n{'submit and show feedback':<26}  {'− no-op ms':>10}  {'CPU − no-op ms':>14}")
    for queue in (False, True):
        print(f"{'xAPI queue ' + ('on' if queue else 'off'):<26}  {statistics.median(timings[queue]) * 1000:>10.1f}  "
              f"{statistics.median(cpu_times[queue]) * 1000:>14.1f}")
    ratio = statistics.median(timings[True]) / statistics.median(timings[False])
    cpu_ratio = statistics.median(cpu_times[True]) / statistics.median(cpu_times[False])
    print(f"{'on ÷ off':<26}  {ratio:>10.2f}  {cpu_ratio:>14.2f}")
    print(f"({2 * count} questions each, alternating runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--sync", action="store_true", help="also compare submit with the xAPI queue off and on")
    options = parser.parse_args()
    count = options.questions
    with tempfile.TemporaryDirectory() as scratch:
        timings, cpu_times = asyncio.run(measure(count, Path(scratch)))
    baseline = statistics.median(timings["no-op key (baseline)"])
    cpu_baseline = statistics.median(cpu_times["no-op key (baseline)"])
    print(f"{'action':<26}  {'median ms':>9}  {'p90 ms':>7}  {'× no-op':>8}  {'− no-op ms':>10}  {'CPU − no-op ms':>14}")
    for name, values in timings.items():
        median = statistics.median(values)
        p90 = statistics.quantiles(values, n=10)[-1]
        cpu = statistics.median(cpu_times[name]) - cpu_baseline
        print(f"{name:<26}  {median * 1000:>9.1f}  {p90 * 1000:>7.1f}  {median / baseline:>8.2f}  "
              f"{(median - baseline) * 1000:>10.1f}  {cpu * 1000:>14.1f}")
    print(f"({count} questions, pilot at 80x24)")
    if options.sync:
        compare_sync(count)


if __name__ == "__main__":
    main()
