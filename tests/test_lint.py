"""`quizkit lint`: each rule on a bank where it fires and one where it must not, waivers, and the command.

The fixture banks under tests/data/lint are collected automatically. Each holds one question (or
two) and says in its header what lint must report::

    # expect: QL104 line 20        (one line per expected diagnostic)
    # expect: nothing              (a near miss: the rule must stay silent)

Files are named ``QLnnn-fires-*.yaml`` or ``QLnnn-clean-*.yaml``, so that every rule is seen both ways.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, REPO, TEST_SOURCES

from quizkit.bank.diagnostics import LINT_RULES, RULES, Severity, rule_for
from quizkit.bank.pipeline import validate
from quizkit.lint import ACROSS_BANKS, CHECKS, lint_banks
from quizkit.lint.text import content_words, fold, lead_in, starts_with_vowel_sound

LINT = DATA / "lint"
CASES = sorted(LINT.glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (?:(QL\d{3}) line (\d+)|nothing)\s*$", re.MULTILINE)


def quizkit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quizkit", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "PYTHONWARNINGS": "error"}, timeout=120, check=False)


def _expected(case: Path) -> list[tuple[str, int]]:
    matches = EXPECT.findall(case.read_text(encoding="utf-8")[:400])
    assert matches, f"{case.name}: add a '# expect:' line"
    return sorted((code, int(line)) for code, line in matches if code)


def _lint(*paths: Path):
    report = validate(list(paths), sources_path=TEST_SOURCES)
    assert report.errors == [], report.errors
    return lint_banks(report.banks)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture_reports_exactly_what_it_expects(case: Path) -> None:
    found = sorted((d.code, d.position.line) for d in _lint(case))
    assert found == _expected(case)
    if "-clean-" in case.name:
        assert found == []
    else:
        assert {code for code, _ in found} == {case.name[:5]}


def test_every_rule_has_a_firing_and_a_clean_fixture() -> None:
    names = [case.name for case in CASES]
    for code in LINT_RULES:
        assert any(name.startswith(f"{code}-fires-") for name in names), f"no fixture where {code} fires"
        assert any(name.startswith(f"{code}-clean-") for name in names), f"no fixture where {code} stays silent"


def test_every_rule_has_a_check_and_documentation() -> None:
    docs = (REPO / "docs" / "lint.md").read_text(encoding="utf-8")
    assert set(CHECKS) | set(ACROSS_BANKS) == set(LINT_RULES) - {"QL100"}
    for code, rule in LINT_RULES.items():
        assert re.search(rf"^## {code} ", docs, re.MULTILINE), f"{code} is not documented in docs/lint.md"
        assert f"**Severity:** {rule.severity.value}" in docs.split(f"## {code} ")[1].split("\n## ")[0], code


def test_lint_codes_live_beside_validate_codes() -> None:
    assert not set(LINT_RULES) & set(RULES)
    assert rule_for("QL103").severity is Severity.ERROR and rule_for("QK103").summary == "duplicate key"


def test_waiver_silences_only_its_question(tmp_path: Path) -> None:
    bank = (LINT / "QL100-clean-waiver-used.yaml").read_text(encoding="utf-8")
    # The same question again, without the waiver, under another id: the rule fires there.
    question = bank[bank.index("  - id:"):bank.index("    lint:")].replace("ql100-clean-waiver-used-q1", "unwaived-q1")
    (tmp_path / "bank.yaml").write_text(bank + question, encoding="utf-8")
    found = [(d.code, d.message.split("'")[3]) for d in _lint(tmp_path / "bank.yaml") if d.code != "QL116"]
    assert found == [("QL110", "unwaived-q1")]  # (the copy is also, by construction, a QL116 near-duplicate)


def test_a_waiver_given_twice_is_reported(tmp_path: Path) -> None:
    bank = (LINT / "QL100-clean-waiver-used.yaml").read_text(encoding="utf-8")
    waiver = bank[bank.index("      - rule: QL110"):]
    (tmp_path / "bank.yaml").write_text(bank + waiver, encoding="utf-8")
    found = _lint(tmp_path / "bank.yaml")
    assert [d.code for d in found] == ["QL100"]
    assert "waives QL110 twice" in found[0].message


@pytest.mark.parametrize(("text", "vowel"), [
    ("Excision biopsy", True), ("biopsy", False), ("MRI scan", True), ("X-ray", True), ("HER2 test", True),
    ("FBC", True), ("CT scan", False), ("unilateral mastectomy", False), ("ultrasound", True), ("hour", True),
    ("8-week course", True), ("11 mm nodule", True), ("12 weeks", False), ("A nodule", True), ("", None),
])
def test_vowel_sound_follows_speech_not_spelling(text: str, vowel: bool | None) -> None:
    assert starts_with_vowel_sound(text) is vowel


def test_words_fold_inflections_and_drop_stopwords() -> None:
    pairs = [("nodules", "nodule"), ("biopsies", "biopsy"), ("biopsied", "biopsy"), ("metastases", "metastasis"), ("reviewed", "review"),
             ("promptly", "prompt"), ("assessment", "assessed"), ("enlarged", "enlarge"), ("stopped", "stop")]
    assert all(fold(a) == fold(b) for a, b in pairs)
    assert [fold(w) for w in ("glass", "metastasis", "need", "red", "only")] == ["glass", "metastasis", "need", "red", "only"]
    assert fold("diseases") == fold("disease") != fold("diagnoses")
    assert content_words("Which of the following is the most likely diagnosis for a woman?") == {"diagnosis"}
    assert content_words("Non-adherent, infection-like") == {"non-adherent", "infection", "like"}


def test_lead_in_is_the_sentence_that_asks() -> None:
    stem = "Redness has not settled. Which step is most appropriate? Select one."
    assert lead_in(stem) == "Which step is most appropriate?"
    assert lead_in("The most likely diagnosis is") == "The most likely diagnosis is"
    # A quoted remark ends its sentence inside the quotes; its "cannot" is not the question's.
    assert lead_in('She says, "It cannot be related." Which response is best?') == "Which response is best?"


# The command, as a user runs it ------------------------------------------------------------


def test_bundled_banks_lint_clean() -> None:
    result = quizkit("lint")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("no problems."), result.stdout


def test_an_error_rule_exits_one_and_warnings_alone_exit_zero() -> None:
    errors = quizkit("lint", str(LINT / "QL103-fires-none-of-the-above.yaml"), "--sources", str(TEST_SOURCES))
    warnings = quizkit("lint", str(LINT / "QL104-fires-long-key.yaml"), "--sources", str(TEST_SOURCES))
    assert errors.returncode == 1 and "QL103 option 'd'" in errors.stdout
    assert warnings.returncode == 0 and "QL104 warning: " in warnings.stdout
    assert warnings.stdout.splitlines()[-1] == "1 file checked: 0 errors in 0 files, 1 warning."


def test_text_format_points_into_the_bank() -> None:
    case = LINT / "QL111-fires-near-duplicate.yaml"
    result = quizkit("lint", str(case), "--sources", str(TEST_SOURCES))
    assert result.stdout.startswith(f"{case}:26:9: QL111 option 'c' of question ")


def test_json_format_is_machine_readable() -> None:
    result = quizkit("lint", str(LINT), "--sources", str(TEST_SOURCES), "--format", "json")
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert report["files_checked"] == len(CASES)
    expected = sum(len(_expected(case)) for case in CASES)
    # Linted together, fixtures written about one topic are also near-duplicates of each other (QL116).
    expected -= sum(code == "QL116" for case in CASES for code, _ in _expected(case))
    assert report["errors"] + report["warnings"] + report["info"] == len(report["problems"])
    assert sum(p["code"] != "QL116" for p in report["problems"]) == expected
    convergence = next(p for p in report["problems"] if p["code"] == "QL108")
    assert convergence | {"message": ""} == {
        "path": str(LINT / "QL108-fires-convergence.yaml"), "line": 20, "column": 9, "code": "QL108",
        "severity": "info", "rule": "key converges with the other options", "message": ""}


def test_github_format_annotates_each_severity() -> None:
    result = quizkit("lint", str(LINT), "--sources", str(TEST_SOURCES), "--format", "github")
    lines = result.stdout.splitlines()
    assert any(line.startswith("::error file=") and ",line=29,col=9,title=QL103::" in line for line in lines)
    assert any(line.startswith("::warning file=") and "title=QL104::" in line for line in lines)
    assert any(line.startswith("::notice file=") and "title=QL108::" in line for line in lines)


def test_invalid_bank_reports_validation_errors_instead() -> None:
    result = quizkit("lint", str(DATA / "invalid" / "QK103-duplicate-answer.yaml"), "--sources", str(TEST_SOURCES))
    assert result.returncode == 1
    assert " QK103 " in result.stdout and " QL" not in result.stdout
    assert "do not validate" in result.stderr


def test_missing_path_is_a_usage_error() -> None:
    result = quizkit("lint", "no/such/bank.yaml")
    assert result.returncode == 2
    assert "no such file or folder: no/such/bank.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_sources_file_is_a_usage_error() -> None:
    result = quizkit("lint", str(LINT), "--sources", "no/such/sources.yaml")
    assert result.returncode == 2 and "no such file: no/such/sources.yaml" in result.stderr
