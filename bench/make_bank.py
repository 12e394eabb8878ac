"""Generate a large valid bank for benchmarks (it cites the bundled sources).

    python bench/make_bank.py N PATH [--files K]

writes N questions to PATH, or with ``--files`` splits them into K banks in the folder PATH.
"""

from __future__ import annotations

import argparse
from pathlib import Path

QUESTION = """  - id: big-q{n:06d}
    type: single
    stem: "Generated question {n}: which option is keyed correct for this benchmark item?"
    options:
      - {{id: a, text: "Option one of item {n}", rationale: "Correct for the benchmark."}}
      - {{id: b, text: "Option two of item {n}", rationale: "Wrong for the benchmark."}}
      - {{id: c, text: "Option three of item {n}", rationale: "Wrong for the benchmark."}}
      - {{id: d, text: "Option four of item {n}", rationale: "Wrong for the benchmark."}}
    answer: a
    explanation: "Benchmark item {n}: option one is keyed correct."
    cite: {{section: part-{part}, locator: Benchmark, quote: "Option one of item {n} is keyed correct."}}
    objective: Exercise the loader at scale.
    difficulty: medium
    cognitive_level: recall
    tags: [benchmark]
"""


def write_bank(path: Path, questions: int, *, first: int = 0, bank_id: str = "big-bank") -> None:
    """Write ``questions`` generated questions, numbered from ``first``, as one bank."""
    head = f"""schema_version: 1
id: {bank_id}
title: Benchmark bank
description: {questions} generated questions for benchmarks.
version: "1.0.0"
source: skin-metastases-guide
section: part-2
authors: [bench]
review: {{reviewed_by: bench, reviewed_on: "2026-11-25", review_by: "2099-01-01"}}
questions:
"""
    body = "".join(QUESTION.format(n=n, part=2) for n in range(first, first + questions))
    path.write_text(head + body, encoding="utf-8")


def write_split(folder: Path, questions: int, files: int) -> list[Path]:
    """The same ``questions`` split into ``files`` banks in ``folder`` (ids stay unique across them)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths, start = [], 0
    for index in range(files):
        count = questions // files + (index < questions % files)
        path = folder / f"big-{index:03d}.yaml"
        write_bank(path, count, first=start, bank_id=f"big-bank-{index:03d}")
        paths.append(path)
        start += count
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", type=int, metavar="N")
    parser.add_argument("path", type=Path, metavar="PATH")
    parser.add_argument("--files", type=int, metavar="K", help="split into K banks in the folder PATH")
    args = parser.parse_args()
    if args.files:
        write_split(args.path, args.questions, args.files)
    else:
        write_bank(args.path, args.questions)


if __name__ == "__main__":
    main()
