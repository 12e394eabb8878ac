"""QL115 on the questions whose quotes the clinical reviews of 2026-12-01 graded MAJOR.

tests/data/evidence holds those questions as they were at commit 861d9d2 (with their banks'
headers and blueprints); the rule must fire on every one that has a quote, and the one that had
none (p05-q04, in unquoted-part-05.yaml) no longer validates.
"""

from __future__ import annotations

from conftest import DATA

from quizkit.bank.bundled import bundled_sources
from quizkit.bank.pipeline import validate
from quizkit.lint import lint_banks

REVIEWED = DATA / "evidence"
#: The reviews' MAJOR "quote" items; p05-q04 had no quote at all.
BANKS = sorted(REVIEWED.glob("part-*.yaml"))
QUOTED = {"p02-q01", "p02-q02", "p02-q21", "p02-q25", "p04-q11", "p05-q03", "p08-q08", "p10-q05"}


def test_ql115_fires_on_every_reviewed_quote() -> None:
    report = validate(BANKS, sources_path=bundled_sources())
    assert report.errors == []
    flagged = {d.message.split("'")[1] for d in lint_banks(report.banks) if d.code == "QL115"}
    assert flagged == QUOTED


def test_the_question_without_a_quote_no_longer_validates() -> None:
    report = validate([REVIEWED / "unquoted-part-05.yaml"], sources_path=bundled_sources())
    assert [(d.code, d.message.split(" (in ")[1]) for d in report.errors] == [("QK202", "p05-q04 / cite). Add it.")]
    assert "'quote' is missing" in report.errors[0].message
