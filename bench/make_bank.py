"""Generate a large valid bank for benchmarks (it cites the bundled sources)."""

from __future__ import annotations

from pathlib import Path

QUESTION = """  - id: big-q{n:05d}
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


def write_bank(path: Path, questions: int) -> None:
    head = f"""schema_version: 1
id: big-bank
title: Benchmark bank
description: {questions} generated questions for start-up benchmarks.
version: "1.0.0"
source: skin-metastases-guide
section: part-2
authors: [bench]
review: {{reviewed_by: bench, reviewed_on: "2026-11-25", review_by: "2099-01-01"}}
questions:
"""
    body = "".join(QUESTION.format(n=n, part=2) for n in range(questions))
    path.write_text(head + body, encoding="utf-8")
