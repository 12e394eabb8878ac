"""Latency of answering in the app, driven by Textual's pilot on the bundled banks.

    python bench/feedback.py [--questions N]

Each row is the median over N questions of the time from a key press until the screen has been
refreshed: a key bound to nothing (the baseline: the pilot's own cost), picking an option,
submitting (the answer is scored and the full feedback with its citation is rendered), and
moving to the next question, with every answer committed to a history as the app does. The
column "− no-op" subtracts the baseline: the cost of the action itself; "CPU − no-op" is the
processor time the action used, which other load on the machine does not inflate. Goal (issue #4):
submit-and-feedback under 50 ms.
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
from quizkit.history.store import Store
from quizkit.tui.app import QuizkitApp


async def measure(questions: int, data_dir: Path) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    banks, sources = load_banks()
    store = Store.open(data_dir / "history.sqlite3")  # every answer is committed, as in use
    app = QuizkitApp(banks, sources, store, spec=QuizSpec(seed=7, count=questions))
    names = ("no-op key (baseline)", "pick an option", "submit and show feedback", "next question")
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
            await timed("submit and show feedback", "enter")
            await timed("next question", "enter")
    return timings, cpu_times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=40)
    count = parser.parse_args().questions
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


if __name__ == "__main__":
    main()
