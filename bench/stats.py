"""How fast ``quizkit stats`` analyses a large cohort: ``python bench/stats.py [--trainees N] [--questions K]``.

Writes one results file per trainee, as ``quizkit export-results`` would (default 10,000 trainees,
each a finished exam of the first 100 questions of the bundled banks: 1,000,000 responses),
with answers drawn from a two-parameter logistic model so the statistics have something to
find. Then times each stage of the analysis against a baseline measured in the same run:

* reading the files into the response matrix, against ``csv.reader`` alone on the same files
  (the floor for any CSV reader in Python);
* the statistics, against a plain loop summing every cell of the matrix once;
* with polars (``pip install quizkit[fast]``), the columnar path: the files read and the cohort
  kept in columns, and the report built on them;
* the command end to end, as a subprocess (the columnar path when polars is installed);
* with polars and numpy installed (``pip install quizkit[bench]``), the floor issue #17 sets:
  polars reading the same files and pivoting them into the matrix of points, and numpy computing
  p, D, r_pb and KR-20 on it; the command against that floor as a new process, the two taken in
  turn ``--runs`` times (medians, and the quartiles of the per-run ratios), and quizkit's
  statistics against numpy's on the same matrix (the best of 25 runs each, taken in turn).

Results go in bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import importlib.util
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from quizkit.bank.bundled import bundled_banks
from quizkit.bank.loader import read_bank
from quizkit.bank.model import Bank, Question, QuestionType
from quizkit.bank.pipeline import bank_files
from quizkit.educator.analysis import build_report
from quizkit.educator.cohort import PARALLEL_BYTES, Cohort, Collector
from quizkit.educator.engine import ENGINE_VARIABLE
from quizkit.educator.formatting import as_json, as_text
from quizkit.engine.scoring import Response, score
from quizkit.gcpause import collector_paused
from quizkit.history.queries import EXPORT_COLUMNS, current_hashes

T = TypeVar("T")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3, help="runs of each new-process command, taken in turn (default: 3)")
    parser.add_argument("--dir", type=Path, help="folder for the results files (default: a new temporary folder)")
    args = parser.parse_args()
    banks = [loaded.bank for loaded in map(read_bank, bank_files([bundled_banks()])) if loaded.bank is not None]
    questions = [q for bank in banks for q in bank.questions][: args.questions]
    used = [bank for bank in banks if any(q.bank_id == bank.id for q in questions)]
    responses = args.trainees * len(questions)
    with contextlib.ExitStack() as stack:
        folder = args.dir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="quizkit-stats-bench-")))
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        files = write_cohort(folder, questions, args.trainees)
        written = time.perf_counter() - started
        size = sum(f.stat().st_size for f in files)

        # As the command does (quizkit.gcpause.collector_paused), so that the stages add up to it.
        stack.enter_context(collector_paused())
        rows: list[tuple[str, float, str]] = []
        floor, _ = timed(lambda: csv_reader_only(files))
        rows.append(("baseline: csv.reader alone over the files, one core", floor, ""))
        collector = Collector(current_hashes(used))
        reading, cohort = timed(lambda: read_all(collector, files))
        cores = f"{os.cpu_count()} cores" if size >= PARALLEL_BYTES and (os.cpu_count() or 1) > 1 else "one core"
        rows.append((f"read the files into the response matrix, {cores}", reading, f"{reading / floor:.1f}× csv.reader"))

        matrix = [[a.points for a in t.answers] for t in cohort.trainees]
        loop, _ = timed(lambda: plain_sum(matrix))
        rows.append(("baseline: a plain loop summing the matrix", loop, ""))
        for engine in ("pure", "fast"):
            os.environ[ENGINE_VARIABLE] = engine
            analysing, report = timed(lambda: build_report(cohort, used))
            rows.append((f"statistics: tests, questions, options, trainees ({engine})", analysing,
                         f"{analysing / loop:.0f}× the loop"))
        os.environ.pop(ENGINE_VARIABLE)
        rows.extend(columnar_rows(files, used))
        rendering, _ = timed(lambda: (as_json(report), as_text(report)))
        rows.append(("format the report as JSON and as text", rendering, ""))
        rows.append(("total in process (read + statistics + format)", reading + analysing + rendering, ""))

        floors = numpy_floor_rows(files, matrix, analysing)
        rows.extend(end_to_end_rows(folder, files, args.runs))
        print(f"quizkit stats bench: {args.trainees:,} trainees × {len(questions)} questions = {responses:,} responses "
              f"in {len(files):,} CSV files ({size / 1e6:.0f} MB, written in {written:.0f} s); Python "
              f"{platform.python_version()}, {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs\n")
        print(table(rows + floors))
        print(f"\n{len(report.questions)} questions analysed, {sum(bool(q.flags) for q in report.questions)} flagged; "
              f"KR-20 of the tests: {', '.join(f'{t.stats.kr20:.2f}' for t in report.tests if t.stats.kr20 is not None)}")


def write_cohort(folder: Path, questions: list[Question], trainees: int) -> list[Path]:
    """One export per trainee, all of profile 'default' as on trainees' own machines."""
    rng = random.Random(0)
    # Two-parameter logistic model: P(full marks) = 1 / (1 + exp(−a(θ − b))).
    items = [(q, rng.uniform(0.3, 2.0), rng.gauss(-0.5, 1.0)) for q in questions]
    start = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    files = []
    for n in range(trainees):
        theta = rng.gauss(0.0, 1.0)
        uid = f"{n:032x}"
        began = start + dt.timedelta(minutes=n)
        stamp = began.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        path = folder / f"trainee-{n:05d}.csv"
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, lineterminator="\n")
            writer.writerow(EXPORT_COLUMNS)
            for number, (question, a, b) in enumerate(items, start=1):
                right = rng.random() < 1 / (1 + math.exp(-a * (theta - b)))
                response = respond(question, right, rng)
                scored = score(question, response)
                writer.writerow((
                    "default", uid, 1, "finished", "exam", n, stamp, stamp, len(items), number, question.id,
                    question.bank_id, "1.0.0", question.cite.section, question.content_hash, "false",
                    ";".join(sorted(response.chosen)), ";".join(f"{p}={o}" for p, o in response.pairs),
                    scored.points, scored.outcome.value, "", 30.0, stamp, "0.1.0", ""))
        files.append(path)
    return files


def numpy_floor_rows(files: list[Path], matrix: list[list[float]], analysing: float) -> list[tuple[str, float, str]]:
    """The polars + numpy floor in process, and quizkit's statistics against it; none without the two."""
    try:
        import numpy as np
        import polars as pl
    except ImportError:
        return [("(polars or numpy not installed: no floor; pip install quizkit[bench])", 0.0, "")]
    reading, dense = timed(lambda: polars_matrix(files))
    points = np.asarray(matrix, dtype=np.float64)
    # quizkit's own item statistics (quizkit[fast]) on the same matrix, from the same points.
    # Milliseconds each, so one timing is mostly noise: the best of alternating runs, as timeit does.
    from quizkit.educator.itemstats_np import analyse_matrix

    numpy_stats, item_stats = best_of_alternating(
        lambda: numpy_statistics(points),
        lambda: analyse_matrix(np.ones_like(points), (points >= 1.0).astype(np.float64)))
    assert dense.shape == points.shape, (dense.shape, points.shape)
    return [
        (f"floor: polars {pl.__version__} reads the files into a matrix", reading, ""),
        (f"floor: numpy {np.__version__}: p, D, r_pb, KR-20 on the matrix (best of 25)", numpy_stats,
         f"quizkit's whole report (fast) {analysing / numpy_stats:.0f}× this"),
        ("quizkit[fast] item statistics on the matrix (p, D, r_pb, KR-20, groups, scores; best of 25)", item_stats,
         f"{item_stats / numpy_stats:.1f}× numpy's"),
    ]


def end_to_end_rows(folder: Path, files: list[Path], runs: int) -> list[tuple[str, float, str]]:
    """``quizkit stats`` as a user runs it, and the floor as a new process (python, polars, numpy),
    taken in turn ``runs`` times so that both meet the same load: medians, and the quartiles of
    the per-run ratios."""
    commands = {f"quizkit stats DIR --format {form} (a new process, median)":
                [sys.executable, "-m", "quizkit", "stats", str(folder), "--format", form] for form in ("text", "json")}
    floor_name = "floor: both in a new process (python, polars, numpy; median)"
    if importlib.util.find_spec("polars") and importlib.util.find_spec("numpy"):
        commands[floor_name] = [sys.executable, "-c", (
            f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); from pathlib import Path; import stats; "
            f"stats.numpy_statistics(stats.polars_matrix(sorted(Path({str(files[0].parent)!r}).glob('*.csv'))))")]
    taken: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            seconds, result = timed(lambda command=command: subprocess.run(command, capture_output=True, text=True, check=False))
            if result.returncode != 0:
                sys.exit(f"{name} failed: {result.stderr}")
            taken[name].append(seconds)
    rows = [(name, statistics.median(times), "") for name, times in taken.items()]
    if floor_name in taken:
        ratios = sorted(q / f for q, f in zip(taken[next(iter(commands))], taken[floor_name], strict=True))
        low, high = ratios[len(ratios) // 4], ratios[(3 * len(ratios)) // 4]
        rows[-1] = (floor_name, rows[-1][1], f"quizkit stats (text) {statistics.median(ratios):.2f}× this "
                                             f"(runs p25–p75 {low:.2f}–{high:.2f})")
    return rows


def columnar_rows(files: list[Path], banks: list[Bank]) -> list[tuple[str, float, str]]:
    """The fast extra's path (polars): the files read and the cohort kept in columns, then the report on them."""
    try:
        from quizkit.educator.cohort_columns import collect_columns
    except ImportError:
        return [("(polars not installed: no columnar path; pip install quizkit[fast])", 0.0, "")]
    reading, cohort = timed(lambda: collect_columns(current_hashes(banks), files))
    if cohort is None:
        sys.exit("the fast reader did not vouch for files quizkit wrote")
    analysing, _ = timed(lambda: build_report(cohort, banks))
    return [("fast extra: read the files into a cohort in columns (polars)", reading, ""),
            ("fast extra: the report on the columns", analysing, "")]


def polars_matrix(files: list[Path]) -> object:
    """Trainees × questions of points, as polars and numpy would build it from the exports."""
    import polars as pl

    # One scan over all the files, which polars reads in parallel: the fastest way it offers.
    frame = (pl.scan_csv([str(path) for path in files], schema_overrides={"attempt_uid": pl.String})
             .select("attempt_uid", "question_number", "points").collect())
    wide = frame.pivot(on="question_number", index="attempt_uid", values="points", aggregate_function="first")
    return wide.drop("attempt_uid").to_numpy()


def numpy_statistics(points: object) -> tuple[object, ...]:
    """Difficulty, the upper/lower 27% index, the rest-score point-biserial and KR-20, on a complete matrix."""
    import numpy as np

    right = (np.asarray(points) >= 1.0).astype(np.float64)
    n, k = right.shape
    p = right.mean(axis=0)
    total = right.sum(axis=1)
    order = np.argsort(total, kind="stable")
    size = max(1, round(0.27 * n))
    d = right[order[-size:]].mean(axis=0) - right[order[:size]].mean(axis=0)
    rest = total[:, None] - right
    rest_c = rest - rest.mean(axis=0)
    right_c = right - p
    r_pb = (right_c * rest_c).sum(axis=0) / np.sqrt((right_c ** 2).sum(axis=0) * (rest_c ** 2).sum(axis=0))
    kr20 = k / (k - 1) * (1 - (p * (1 - p)).sum() / total.var())
    return p, d, r_pb, kr20


def respond(question: Question, right: bool, rng: random.Random) -> Response:
    """The key when ``right``; otherwise a wrong answer, some distractors far likelier than others."""
    if question.type is QuestionType.MATCHING:
        options = [o.id for o in question.options]
        pairs = tuple(question.matches) if right else tuple((p.id, rng.choice(options)) for p in question.premises)
        return Response(pairs=pairs)
    if right:
        return Response(frozenset(question.key))
    wrong = [o.id for o in question.options if o.id not in question.key]
    pick = rng.choices(wrong, weights=[2 ** -i for i in range(len(wrong))])[0]
    if question.type is QuestionType.MULTIPLE:
        return Response(frozenset({pick, *rng.sample(sorted(question.key), 1)}))
    return Response(frozenset({pick}))


def csv_reader_only(files: list[Path]) -> int:
    fields = 0
    for path in files:
        with path.open(encoding="utf-8", newline="") as file:
            for row in csv.reader(file):
                fields += len(row)
    return fields


def read_all(collector: Collector, files: list[Path]) -> Cohort:
    collector.add_files(files)
    return collector.cohort()


def plain_sum(matrix: list[list[float]]) -> float:
    total = 0.0
    for row in matrix:
        for cell in row:
            total += cell
    return total


def timed(work: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def best_of_alternating(first: Callable[[], object], second: Callable[[], object], runs: int = 25) -> tuple[float, float]:
    """The shortest of ``runs`` timings of each, taken in turn so that both meet the same load."""
    firsts, seconds = [], []
    for _ in range(runs):
        firsts.append(timed(first)[0])
        seconds.append(timed(second)[0])
    return min(firsts), min(seconds)


def table(rows: list[tuple[str, float, str]]) -> str:
    width = max(len(name) for name, _, _ in rows)
    lines = [f"{'stage'.ljust(width)}  {'seconds':>8}  ratio"]
    lines += [f"{name.ljust(width)}  {seconds:8.3f}  {ratio}".rstrip() for name, seconds, ratio in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
