"""Latency of answering in the app, driven by Textual's pilot on the bundled banks.

    python bench/feedback.py [--questions N]

Each row is the median over N questions of the time from a key press until the screen has been
refreshed: a key bound to nothing (the baseline: the pilot's own cost), picking an option,
submitting (the answer is scored and the full feedback with its citation is rendered), and
moving to the next question. Goal (issue #4): submit-and-feedback under 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from quizkit.quiz import QuizSpec
from quizkit.tui.app import QuizkitApp
from quizkit.validate import load_banks


async def measure(questions: int) -> dict[str, list[float]]:
    banks, sources = load_banks()
    app = QuizkitApp(banks, sources, spec=QuizSpec(seed=7, count=questions))
    timings: dict[str, list[float]] = {"no-op key (baseline)": [], "pick an option": [],
                                       "submit and show feedback": [], "next question": []}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        async def timed(name: str, key: str) -> None:
            started = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            timings[name].append(time.perf_counter() - started)

        for _ in range(questions):
            await timed("no-op key (baseline)", "f12")
            await timed("pick an option", "1")
            await timed("submit and show feedback", "enter")
            await timed("next question", "enter")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=40)
    count = parser.parse_args().questions
    timings = asyncio.run(measure(count))
    baseline = statistics.median(timings["no-op key (baseline)"])
    print(f"{'action':<26}  {'median ms':>9}  {'p90 ms':>7}  {'× no-op':>8}")
    for name, values in timings.items():
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"{name:<26}  {statistics.median(values) * 1000:>9.1f}  {p90 * 1000:>7.1f}  {statistics.median(values) / baseline:>8.2f}")
    print(f"({count} questions, pilot at 80x24)")


if __name__ == "__main__":
    main()
