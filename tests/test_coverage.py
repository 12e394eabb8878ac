"""`quizkit coverage`, and the table in banks/README.md that it generates."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import DATA, REPO, TEST_SOURCES

START, END = "<!-- coverage:start -->", "<!-- coverage:end -->"


def quizkit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quizkit", *args], capture_output=True, text=True, timeout=120, check=False)


def test_counts_by_section_type_and_level() -> None:
    result = quizkit("coverage", str(DATA / "valid" / "mini-bank.yaml"), "--sources", str(TEST_SOURCES), "--format", "json")
    assert result.returncode == 0
    rows = {row["section"]: row for row in json.loads(result.stdout)}
    assert rows["ch-2"]["by_type"] == {"single": 1, "multiple": 1, "true_false": 1, "matching": 0}
    assert rows["ch-2"]["by_level"] == {"recall": 2, "understanding": 1, "application": 0}
    assert rows["ch-1"]["by_type_and_level"]["matching/application"] == 1
    assert rows["ch-3"]["total"] == 0


def test_sections_without_questions_are_flagged() -> None:
    result = quizkit("coverage", str(DATA / "valid"), "--sources", str(TEST_SOURCES))
    flagged = [line for line in result.stdout.splitlines() if "⚠ no questions" in line]
    assert len(flagged) == 1 and flagged[0].startswith("3. Living With It")


def test_invalid_banks_are_reported_not_counted() -> None:
    result = quizkit("coverage", str(DATA / "invalid" / "QK103-duplicate-answer.yaml"), "--sources", str(TEST_SOURCES))
    assert result.returncode == 1
    assert "QK103" in result.stderr and "Traceback" not in result.stderr


def test_banks_readme_table_is_the_generated_one() -> None:
    readme = (REPO / "banks" / "README.md").read_text(encoding="utf-8")
    table = readme.split(START)[1].split(END)[0].strip()
    generated = quizkit("coverage", "--format", "markdown").stdout.strip()
    assert table == generated, "banks/README.md is stale: regenerate it with `quizkit coverage --format markdown`"


# -- teaching points and the questions whose key tests them ----------------------------------

POINTS_FIXTURE = DATA / "lint" / "QL117-fires-point-not-in-key.yaml"


def test_a_point_counts_only_the_questions_whose_key_tests_it() -> None:
    result = quizkit("coverage", "--points", "--format", "json", str(POINTS_FIXTURE), "--sources", str(TEST_SOURCES))
    assert result.returncode == 0, result.stderr
    rows = {row["point"]: row for row in json.loads(result.stdout)}
    # q1 lists both points in `covers`, but its key and explanation speak only to 'see' (QL117).
    assert rows["see"]["questions"] == ["ql117-fires-q1"] and rows["see"]["count"] == 1
    assert rows["rethink"]["questions"] == ["ql117-fires-q2"]


def test_a_point_no_key_tests_is_flagged(tmp_path) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(POINTS_FIXTURE.read_text(encoding="utf-8").replace("    covers: [rethink]", "    covers: [see]"),
                    encoding="utf-8")
    text = quizkit("coverage", "--points", str(bank), "--sources", str(TEST_SOURCES)).stdout.splitlines()
    assert text[0].split() == ["ql117-fires", "see", "1", "ql117-fires-q1"]
    assert text[1].split()[:3] == ["ql117-fires", "rethink", "0"] and text[1].endswith("⚠ no question tests it")
    assert text[-1] == "2 teaching points, 1 tested by no question."
    markdown = quizkit("coverage", "--points", "--format", "markdown", str(bank), "--sources", str(TEST_SOURCES)).stdout
    assert "| ql117-fires | rethink | Redness that does not settle with antibiotics is a reason to think again. | " \
           "⚠ no question tests it | 0 |" in markdown


def test_a_ql117_waiver_makes_the_cover_count(tmp_path) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(POINTS_FIXTURE.read_text(encoding="utf-8").replace(
        "    covers: [see, rethink]\n",
        "    covers: [see, rethink]\n    lint:\n      - {rule: QL117, reason: The fixture says so in other words.}\n"),
        encoding="utf-8")
    assert quizkit("lint", str(bank), "--sources", str(TEST_SOURCES)).stdout.strip() == "1 file checked: no problems."
    result = quizkit("coverage", "--points", "--format", "json", str(bank), "--sources", str(TEST_SOURCES))
    rows = {row["point"]: row["questions"] for row in json.loads(result.stdout)}
    assert rows["rethink"] == ["ql117-fires-q1", "ql117-fires-q2"]
