"""``quizkit validate`` against ``check-jsonschema`` on the same banks: ``python bench/validate.py``.

    python bench/validate.py [--sizes 1000,10000,100000] [--runs N] [--dir DIR]

For each size, generated banks (bench/make_bank.py) as one file and split into ten banks, each
with its JSON twin (the same data, written as JSON). Every row runs fresh
processes, taken in turn so that both meet the same load: ``quizkit validate`` on the YAML, and
``check-jsonschema --schemafile schemas/bank.schema.json`` on the YAML and on the JSON (the
peer's fastest case, and the goal's baseline; on the YAML only up to ``--yaml-peer-up-to``
questions, since ruamel.yaml makes it take a quarter of an hour at 100,000). Wall time is the median of N runs; peak memory
the largest resident size of the process (``ru_maxrss``); "pairs p25–p75" the quartiles of the
per-pair ratios against the JSON twin; "CPU s" the processor time (user + system), which other
jobs on a shared machine do not stretch as they do the wall time. quizkit also checks the banks against each other and
against the sources, which the peer does not. Then ``quizkit lint`` at 10,000 questions against
``quizkit validate`` on the same file. Results go in bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_bank import write_bank, write_split  # noqa: E402

SCHEMA = HERE.parent / "schemas" / "bank.schema.json"
SPLIT_FILES = 10


def run(command: list[str]) -> tuple[float, float, int, float]:
    """Seconds, peak resident MB, exit code and processor seconds (user + system) of one fresh
    process. Processor time is the steadier figure on a shared machine: other jobs stretch the
    wall time, not the work done."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, process.returncode, usage.ru_utime + usage.ru_stime


TWIN = """import json, sys
from pathlib import Path
from quizkit.bank.yamlstrict import read_document
for source, target in zip(sys.argv[1::2], sys.argv[2::2]):
    Path(target).write_text(json.dumps(read_document(Path(source), max_bytes=1 << 40).data), encoding="utf-8")
"""


def json_twin(yaml_files: list[Path], folder: Path) -> list[Path]:
    """The same documents as JSON files (through quizkit's strict reader: the data jsonschema sees).

    Written by a child process: a child's peak memory (ru_maxrss) starts from its parent's at
    the fork, so this process must stay small for the figures of the processes it measures."""
    folder.mkdir(parents=True, exist_ok=True)
    twins = [folder / f"{path.stem}.json" for path in yaml_files]
    subprocess.run([sys.executable, "-c", TWIN, *(str(p) for pair in zip(yaml_files, twins, strict=True) for p in pair)], check=True)
    return twins


def commands(yaml_paths: list[Path], json_paths: list[Path], yaml_peer: bool) -> dict[str, list[str]]:
    quizkit = shutil.which("quizkit", path=str(Path(sys.executable).parent)) or "quizkit"
    peer = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or "check-jsonschema"
    named = {
        "quizkit validate (YAML)": [quizkit, "validate", *map(str, yaml_paths)],
        "check-jsonschema (YAML)": [peer, "--schemafile", str(SCHEMA), *map(str, yaml_paths)],
        "check-jsonschema (JSON)": [peer, "--schemafile", str(SCHEMA), *map(str, json_paths)],
    }
    if not yaml_peer:
        del named["check-jsonschema (YAML)"]
    return named


def measure(named: dict[str, list[str]], runs: int) -> dict[str, list[tuple[float, float, float]]]:
    """(seconds, peak MB, processor seconds) of each command ``runs`` times, in turn; a failing
    run stops the bench (the banks are valid)."""
    found: dict[str, list[tuple[float, float, float]]] = {name: [] for name in named}
    for _ in range(runs):
        for name, command in named.items():
            seconds, peak, code, cpu = run(command)
            if code != 0:
                sys.exit(f"{name} failed (exit {code}): {' '.join(command[:3])} …")
            found[name].append((seconds, peak, cpu))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="question counts, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command per case (100,000: a third, at least 1)")
    parser.add_argument("--dir", type=Path, help="folder for the banks (default: a new temporary folder)")
    parser.add_argument("--yaml-peer-up-to", type=int, default=10_000, metavar="N",
                        help="run check-jsonschema on the YAML only up to N questions (it takes 9 ms a question)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    rows: list[tuple[str, str, float, float, str, str, float, str]] = []
    per_question: dict[tuple[str, int], float] = {}
    with contextlib.ExitStack() as stack:
        folder = args.dir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="quizkit-validate-bench-")))
        for size in sizes:
            runs = max(1, args.runs // 3) if size >= 100_000 else args.runs
            single = folder / f"one-{size}" / "bank.yaml"
            single.parent.mkdir(parents=True, exist_ok=True)
            write_bank(single, size)
            split = write_split(folder / f"split-{size}", size, SPLIT_FILES)
            for layout, yaml_files in (("one file", [single]), (f"{len(split)} files", split)):
                twins = json_twin(yaml_files, folder / f"json-{size}-{len(yaml_files)}")
                found = measure(commands(yaml_files, twins, size <= args.yaml_peer_up_to), runs)
                base = found["check-jsonschema (JSON)"]
                base_seconds = statistics.median(s for s, _, _ in base)
                base_cpu = statistics.median(c for _, _, c in base)
                for name, values in found.items():
                    seconds = statistics.median(s for s, _, _ in values)
                    cpu = statistics.median(c for _, _, c in values)
                    peak = max(m for _, m, _ in values)
                    pairs = sorted(s / b for (s, _, _), (b, _, _) in zip(values, base, strict=True))
                    spread = f"{pairs[len(pairs) // 4]:.2f}–{pairs[(3 * len(pairs)) // 4]:.2f}" if len(pairs) > 2 else ""
                    rows.append((f"{size:,} questions, {layout}", name, seconds, peak, f"{seconds / base_seconds:.2f}", spread,
                                 cpu, f"{cpu / base_cpu:.2f}"))
                    # As it comes too (to standard error): the 100,000 cases take many minutes.
                    print("  ".join(map(str, rows[-1])), file=sys.stderr, flush=True)
                    if name.startswith("quizkit"):
                        per_question[(layout.split()[1], size)] = cpu / size
        lint_rows = lint_against_validate(folder, sizes, args.runs)
    print(f"quizkit validate bench: Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} CPUs; median of {args.runs} runs (a third at 100,000)\n")
    width = max(len(r[0]) for r in rows)
    name_width = max(len(r[1]) for r in rows)
    print(f"{'case'.ljust(width)}  {'command'.ljust(name_width)}  {'seconds':>8}  {'peak MB':>8}  {'× JSON':>7}  "
          f"{'pairs p25–p75':>13}  {'CPU s':>7}  {'CPU × JSON':>10}")
    for case, name, seconds, peak, ratio, spread, cpu, cpu_ratio in rows:
        print(f"{case.ljust(width)}  {name.ljust(name_width)}  {seconds:8.3f}  {peak:8.0f}  {ratio:>7}  {spread:>13}  "
              f"{cpu:7.2f}  {cpu_ratio:>10}")
    smallest = min(sizes)
    print("\nquizkit validate, processor time per question against the smallest size:")
    for (layout, size), each in sorted(per_question.items(), key=lambda item: (item[0][0], item[0][1])):
        print(f"  {size:>7,} questions, {'one file' if layout == 'file' else 'split'}: {each * 1e6:7.1f} µs "
              f"({each / per_question[(layout, smallest)]:.2f}× {smallest:,})")
    for line in lint_rows:
        print(line)


def lint_against_validate(folder: Path, sizes: list[int], runs: int) -> list[str]:
    """``quizkit lint`` against ``quizkit validate`` on the 10,000-question file (or the nearest size)."""
    size = min(sizes, key=lambda s: abs(s - 10_000))
    bank = folder / f"one-{size}" / "bank.yaml"
    quizkit = shutil.which("quizkit", path=str(Path(sys.executable).parent)) or "quizkit"
    ratios, lint_times, validate_times = [], [], []
    for _ in range(runs):
        _, _, _, validating = run([quizkit, "validate", str(bank)])
        _, _, _, linting = run([quizkit, "lint", str(bank)])  # findings exit 1; the time is what counts
        validate_times.append(validating)
        lint_times.append(linting)
        ratios.append(linting / validating)
    ratios.sort()
    return [f"\nquizkit lint, {size:,} questions: {statistics.median(lint_times):.3f} s of processor time against validate "
            f"{statistics.median(validate_times):.3f} s: {statistics.median(lint_times) / statistics.median(validate_times):.2f}× "
            f"(pairs p25–p75 {ratios[len(ratios) // 4]:.2f}–{ratios[(3 * len(ratios)) // 4]:.2f})"]


if __name__ == "__main__":
    main()
