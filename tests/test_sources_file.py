"""The sources file: a heading pattern that cannot split a source text is refused where it is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TEST_SOURCES

from quizkit.bank.diagnostics import BankError
from quizkit.bank.loader import read_sources

GOOD = '"^Chapter (?P<number>[0-9]+): (?P<title>.+)$"'


@pytest.mark.parametrize(("pattern", "says"), [
    ('"^Chapter (?P<number>[0-9]+: (?P<title>.+)$"', "not a valid regular expression"),
    ('"^Chapter ([0-9]+): (?P<title>.+)$"', "no group named number"),
    ('"^Chapter .+$"', "no group named number or title"),
])
def test_a_heading_pattern_that_cannot_split_the_text_is_qk206_at_its_line(tmp_path: Path, pattern: str,
                                                                            says: str) -> None:
    text = TEST_SOURCES.read_text(encoding="utf-8")
    assert GOOD in text
    path = tmp_path / "sources.yaml"
    path.write_text(text.replace(GOOD, pattern), encoding="utf-8")
    with pytest.raises(BankError) as raised:
        read_sources(path)
    [problem] = raised.value.diagnostics
    line = text.splitlines().index(f"    heading_pattern: {GOOD}") + 1
    assert (problem.code, problem.position.line) == ("QK206", line)
    assert says in problem.message
