"""`quizkit validate`, run as a user runs it: a real process, its output and exit code."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import DATA, MINI_GUIDE, REPO, TEST_SOURCES

INVALID = DATA / "invalid"
VALID = DATA / "valid"


def quizkit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quizkit", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "PYTHONWARNINGS": "error"}, timeout=120, check=False)


def test_bundled_banks_are_clean() -> None:
    result = quizkit("validate")
    assert result.returncode == 0, result.stdout
    assert "no problems" in result.stdout


def test_bundled_banks_validate_from_any_folder(tmp_path: Path) -> None:
    assert quizkit("validate", cwd=tmp_path).returncode == 0


def test_valid_bank_exits_zero() -> None:
    result = quizkit("validate", str(VALID), "--sources", str(TEST_SOURCES), "--source-text", f"mini-guide={MINI_GUIDE}")
    assert (result.returncode, result.stdout.strip()) == (0, "1 file checked: no problems.")


def test_every_problem_in_every_file_in_one_run() -> None:
    from test_corpus import INVALID as CASES
    from test_corpus import _expectation

    result = quizkit("validate", str(VALID), str(INVALID), "--sources", str(TEST_SOURCES),
                     "--source-text", f"mini-guide={MINI_GUIDE}")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1].startswith(f"{len(list(INVALID.rglob('*.yaml'))) + 1} files checked:")
    for case in CASES:
        (code, line, _file), source_text = _expectation(case)
        if case.is_file() and source_text == "mini-guide.txt":
            assert re.search(rf"^{re.escape(str(case))}:{line}:\d+: {code} ", result.stdout, re.MULTILINE), case.name
    assert f"{INVALID / 'QK103-duplicate-answer.yaml'}:23:5: QK103 the key 'answer' is already given on line 22" in result.stdout


def test_json_format_is_machine_readable() -> None:
    result = quizkit("validate", str(INVALID / "QK103-duplicate-answer.yaml"), "--sources", str(TEST_SOURCES), "--format", "json")
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert report["errors"] == 1 and report["files_checked"] == 1
    assert report["problems"][0] | {"message": ""} == {
        "path": str(INVALID / "QK103-duplicate-answer.yaml"), "line": 23, "column": 5,
        "code": "QK103", "severity": "error", "rule": "duplicate key", "message": ""}


def test_github_format_annotates() -> None:
    result = quizkit("validate", str(INVALID / "QK103-duplicate-answer.yaml"), "--sources", str(TEST_SOURCES), "--format", "github")
    first = result.stdout.splitlines()[0]
    assert first.startswith("::error file=") and ",line=23,col=5,title=QK103::" in first


def test_missing_path_is_a_usage_error() -> None:
    result = quizkit("validate", "no/such/bank.yaml")
    assert result.returncode == 2
    assert "no such file or folder: no/such/bank.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_source_text_option_is_a_usage_error() -> None:
    result = quizkit("validate", "--source-text", "just-a-path.txt")
    assert result.returncode == 2
    assert "expected ID=PATH" in result.stderr


def test_unknown_format_is_a_usage_error() -> None:
    assert quizkit("validate", "--format", "xml").returncode == 2


def test_broken_sources_file_is_reported_with_position(tmp_path: Path) -> None:
    broken = tmp_path / "sources.yaml"
    broken.write_text("schema_version: 1\nsources:\n  - id: x\n    title: X\n", encoding="utf-8")
    result = quizkit("validate", str(VALID), "--sources", str(broken))
    assert result.returncode == 1
    assert f"{broken}:3:5: QK202 the required key 'heading_pattern' is missing (in x). Add it." in result.stdout


def test_fingerprint_prints_each_section() -> None:
    result = quizkit("fingerprint", f"mini-guide={MINI_GUIDE}", "--sources", str(TEST_SOURCES))
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == (
        "1\tsha256:7d1efd572a2e4cb8a0c12f37b696faf8a8de312859ef87530ac0bd9b0c6f9583\tSeeing the Lesion")


def test_format_tour_example_is_valid_and_lint_clean() -> None:
    tour = str(REPO / "examples" / "format-tour.yaml")
    assert quizkit("validate", tour).returncode == 0
    assert quizkit("lint", tour).stdout.strip() == "1 file checked: no problems."


def test_a_closed_pipe_ends_quietly() -> None:
    # `quizkit validate | head -0`: the reader is gone before quizkit writes a byte.
    reader = subprocess.Popen([sys.executable, "-m", "quizkit", "validate", str(INVALID), "--sources", str(TEST_SOURCES)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None
    reader.stdout.close()
    _, errors = reader.communicate(timeout=120)
    assert b"Traceback" not in errors and reader.returncode == 1


def test_app_options_given_before_the_subcommand_are_kept() -> None:
    from quizkit.cli.main import build_parser

    args = build_parser().parse_args(["--theme", "light", "--profile", "ana", "take", "--seed", "3"])
    assert (args.theme, args.profile, args.seed) == ("light", "ana", 3)
    assert not hasattr(build_parser().parse_args(["take"]), "theme")   # the default is applied by open_app
