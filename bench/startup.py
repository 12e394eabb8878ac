"""Start-up time of the quiz app against a bare Textual app, measured in the same run.

    python bench/startup.py [--runs N]

Each row is the median wall time of N fresh processes, from process start until the target
screen has rendered once: quizkit's home screen and the first question of a 20-question quiz
on the bundled banks, and the same on a generated 10,000-question bank (first start, with an
empty cache, and later starts). Each row's runs alternate with runs of a bare Textual app with
one label (the baseline); "× bare" is the ratio of the two medians, and "pairs p25–p75" the
quartiles of the ratio within each pair of runs, to show the noise. Goals (issue #4):
bundled banks within 1.5x; 10,000 questions within 3x from the second start on.

Then the command line through its real entry point (the ``quizkit`` script pip installs):
``quizkit --help`` and ``quizkit validate --help``, each paired with ``python -c "import
textual.app"`` (goal, issue #17: ``quizkit --help`` within 0.4x of it). ``--cli-only`` skips
the app rows.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_bank import write_bank  # noqa: E402


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "startup_child.py"), *args], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def timed_command(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def cli_rows(runs: int, env: dict[str, str]) -> list[tuple[str, tuple[list[float], list[float]]]]:
    """The entry point's start-up, each run next to an import of textual.app."""
    script = shutil.which("quizkit", path=str(Path(sys.executable).parent))
    assert script is not None, "install quizkit first: pip install -e ."
    baseline = [sys.executable, "-c", "import textual.app"]
    rows = []
    for label, command in (("quizkit --help", [script, "--help"]),
                           ("quizkit validate --help", [script, "validate", "--help"])):
        timed_command(command, env)  # the first read of the files from the disk
        ours, base = [], []
        for _ in range(runs):
            base.append(timed_command(baseline, env))
            ours.append(timed_command(command, env))
        rows.append((label, (ours, base)))
    return rows


def print_rows(rows: list[tuple[str, tuple[list[float], list[float]]]], baseline: str) -> None:
    width = max(len(name) for name, _ in rows)
    print(f"{'target':<{width}}  {'median s':>9}  {baseline:>10}  {'ratio':>7}  {'pairs p25–p75':>13}")
    for name, (ours, bare) in rows:
        ratio = statistics.median(ours) / statistics.median(bare)
        pairs = sorted(o / b for o, b in zip(ours, bare, strict=True))
        spread = f"{pairs[len(pairs) // 4]:.2f}–{pairs[(3 * len(pairs)) // 4]:.2f}" if len(pairs) > 1 else ""
        print(f"{name:<{width}}  {statistics.median(ours):>9.3f}  {statistics.median(bare):>10.3f}  {ratio:>7.2f}  {spread:>13}")


def paired(args: list[str], runs: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Seconds of ``args`` and of the bare app, their runs taken in turn so that both meet the
    same load: on a shared machine the bare app alone drifted by a third in a minute."""
    ours, bare = [], []
    for _ in range(runs):
        bare.append(timed(["bare"], env))
        ours.append(timed(args, env))
    return ours, bare


def compile_bytecode() -> None:
    """Compile quizkit as pip does when it installs the package. Without this, a checkout run
    with PYTHONDONTWRITEBYTECODE set compiles every quizkit module from source at every start,
    which an installed copy never does, while Textual's modules are already compiled."""
    spec = importlib.util.find_spec("quizkit")
    assert spec is not None and spec.origin is not None, "install quizkit first: pip install -e ."
    compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--cli-only", action="store_true", help="only the command line's rows")
    args = parser.parse_args()
    runs = args.runs
    compile_bytecode()
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "QUIZKIT_CACHE_DIR": str(Path(scratch) / "cache")}
        if not args.cli_only:
            big = Path(scratch) / "big"
            big.mkdir()
            write_bank(big / "big.yaml", 10_000)
            # Each quiz started and left open would make the next home screen offer to resume it,
            # so the home screen and the quizzes keep separate histories.
            home, quizzes = str(Path(scratch) / "home"), str(Path(scratch) / "quizzes")
            timed(["bare"], env)  # the first start of all reads Python and Textual from the disk
            timed(["home", home], env)  # and this one fills the cache; the goals are for later starts
            rows = [
                ("home screen, bundled banks", paired(["home", home], runs, env)),
                ("first question, bundled banks", paired(["question", quizzes], runs, env)),
                ("home screen, 10,000 questions, first start", ([timed(["home", home, str(big)], env)], [timed(["bare"], env)])),
                ("home screen, 10,000 questions, later starts", paired(["home", home, str(big)], runs, env)),
                ("first question, 10,000 questions, later starts", paired(["question", quizzes, str(big)], runs, env)),
            ]
            print_rows(rows, "bare app s")
            print()
        print_rows(cli_rows(runs, env), "textual.app")
    print(f"({runs} runs each; Python {sys.version.split()[0]}, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
