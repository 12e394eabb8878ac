"""The GIFT reader against Moodle's published GIFT format, one construct per file.

Each ``tests/data/gift/NAME.gift`` is read with :func:`read_gift` and compared with
``NAME.expected.yaml`` beside it: the questions of the draft bank (fields left unset are left
out) and every problem, in order, as ``where`` (``line:col``) and a part of the message it
``says``. A new case is a new pair of files; nothing here needs to change.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DATA

from quizkit.interop.draft import DraftQuestion
from quizkit.interop.giftread import read_gift

CASES = sorted((DATA / "gift").glob("*.gift"))


def _shown(question: DraftQuestion) -> dict[str, Any]:
    """The question as the expected files write it: unset fields (None, empty) left out."""
    shown = {k: v for k, v in dataclasses.asdict(question).items() if v not in (None, [], {})}
    for key in ("options", "premises"):
        if key in shown:
            shown[key] = [{k: v for k, v in o.items() if v is not None} for o in shown[key]]
    return shown


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_gift_file_reads_as_expected(case: Path) -> None:
    expected = yaml.safe_load(case.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    draft = read_gift(case.read_text(encoding="utf-8"))
    assert [_shown(q) for q in draft.questions] == expected["questions"]
    assert [p.where for p in draft.problems] == [p["where"] for p in expected["problems"]], draft.problems
    for problem, wanted in zip(draft.problems, expected["problems"], strict=True):
        assert wanted["says"] in problem.message, problem
    if "bank" in expected:
        assert {key: getattr(draft, key) for key in expected["bank"]} == expected["bank"]


def test_every_case_has_its_expectation() -> None:
    assert len(CASES) >= 10
    assert sorted(p.name.removesuffix(".expected.yaml") for p in (DATA / "gift").glob("*.expected.yaml")) == [
        c.stem for c in CASES]


def test_windows_line_endings_and_a_byte_order_mark_read_the_same() -> None:
    text = (DATA / "gift" / "feedback.gift").read_text(encoding="utf-8")
    assert read_gift("\ufeff" + text.replace("\n", "\r\n")) == read_gift(text)
