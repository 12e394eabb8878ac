"""The valid and invalid bank corpus under tests/data, collected automatically.

Each invalid case holds exactly one fault and says which diagnostic it must produce, in a
header comment of the file that holds the fault::

    # expect: QK103 line 12
    # source-text: mini-guide-revised.txt     (optional; default mini-guide.txt)

A fault reported in the source text rather than the bank names that file:
``# expect: QK402 line 13 in mini-guide-revised.txt``.

A case may be a folder of several banks (for faults across banks, such as duplicate ids).
Every case is validated against tests/data/sources, with its source text, so quote checks run too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA, TEST_SOURCES

from quizkit.bank.pipeline import validate

EXPECT = re.compile(rb"^# expect: (QK\d{3}) line (\d+)(?: in (\S+))?\s*$", re.MULTILINE)
SOURCE_TEXT = re.compile(rb"^# source-text: (\S+)\s*$", re.MULTILINE)


def _files(case: Path) -> list[Path]:
    return sorted(case.glob("*.yaml")) if case.is_dir() else [case]


def _expectation(case: Path) -> tuple[tuple[str, int, str], str]:
    expected, source_text = [], "mini-guide.txt"
    for path in _files(case):
        head = path.read_bytes()[:400]
        expected += [(m[1].decode(), int(m[2]), m[3].decode() if m[3] else path.name)
                     for m in EXPECT.finditer(head)]
        if found := SOURCE_TEXT.search(head):
            source_text = found[1].decode()
    assert len(expected) == 1, f"{case.name}: one '# expect:' line is required, found {len(expected)}"
    return expected[0], source_text


INVALID = sorted((DATA / "invalid").iterdir())


def _run(case: Path, source_text: str = "mini-guide.txt"):
    return validate([case], sources_path=TEST_SOURCES, source_texts={"mini-guide": DATA / "sources" / source_text})


@pytest.mark.parametrize("case", INVALID, ids=[c.name for c in INVALID])
def test_invalid_case_reports_exactly_its_fault(case: Path) -> None:
    (code, line, filename), source_text = _expectation(case)
    report = _run(case, source_text)
    found = [(d.code, d.position.line, Path(d.position.path).name) for d in report.diagnostics]
    assert found == [(code, line, filename)]


def test_corpus_covers_every_rule() -> None:
    from quizkit.bank.diagnostics import RULES

    covered = {_expectation(case)[0][0] for case in INVALID}
    # Covered elsewhere: QK100 (unreadable file) and QK105 (16 MiB input) in test_yamlstrict.py.
    assert set(RULES) - covered - {"QK100", "QK105"} == set()
    assert len(INVALID) >= 30


VALID = sorted((DATA / "valid").iterdir())


@pytest.mark.parametrize("case", VALID, ids=[c.name for c in VALID])
def test_valid_case_has_no_problems(case: Path) -> None:
    report = _run(case)
    assert report.diagnostics == []
    assert report.banks


@pytest.mark.parametrize("source_text", ["mini-guide.txt", "mini-guide-revised.txt"])
def test_validation_that_lets_banks_go_reports_the_same(source_text: str) -> None:
    """`quizkit validate` keeps only an outline of each bank once it is checked (so a folder of
    banks is held one at a time); the checks across banks must find what they find with every
    bank kept: ids used twice across files, quotes not in their section, a changed section and
    the questions citing it."""
    cases = [DATA / "valid", *INVALID]
    texts = {"mini-guide": DATA / "sources" / source_text}
    kept = validate(cases, sources_path=TEST_SOURCES, source_texts=texts)
    let_go = validate(cases, sources_path=TEST_SOURCES, source_texts=texts, keep_banks=False)
    assert let_go.banks == [] and kept.banks
    assert let_go.diagnostics == kept.diagnostics
    assert {"QK301", "QK310", "QK401" if source_text == "mini-guide.txt" else "QK402"} <= {d.code for d in let_go.diagnostics}
