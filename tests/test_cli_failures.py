"""How quizkit ends when the world fails it: no traceback, never exit 0 after a failure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from test_cli_validate import quizkit


def test_output_to_a_full_device_is_one_line_and_exit_1() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "quizkit", "validate"], stdout=full, stderr=subprocess.PIPE,
                                text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == "quizkit: cannot write the output: No space left on device"


def test_a_terminal_that_cannot_encode_gets_escapes_not_a_crash() -> None:
    result = subprocess.run([sys.executable, "-m", "quizkit", "docs", "stats"], capture_output=True,
                            env={**os.environ, "PYTHONIOENCODING": "ascii"}, timeout=120, check=False)
    assert result.returncode == 0
    assert result.stdout.isascii() and b"\\u" in result.stdout


def test_an_unexpected_error_writes_a_report_and_exits_70(tmp_path: Path) -> None:
    # A bug is simulated by breaking the validator from inside the process that runs main().
    code = ("import quizkit.cli.validate as v\n"
            "def broken(*args, **kwargs): raise ZeroDivisionError('a bug')\n"
            "v.validate = broken\n"
            "from quizkit.cli.main import main\n"
            "raise SystemExit(main(['validate']))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120,
                            env={**os.environ, "QUIZKIT_CRASH_DIR": str(tmp_path)}, check=False)
    assert result.returncode == 70
    [line] = result.stderr.splitlines()
    assert "unexpected error (ZeroDivisionError)" in line and "Traceback" not in result.stderr
    [report] = tmp_path.glob("crash-*.txt")
    assert str(report) in line
    assert "ZeroDivisionError: a bug" in report.read_text(encoding="utf-8")


def test_a_seed_beyond_sqlite_integers_is_a_usage_error() -> None:
    result = quizkit("take", "--seed", str(2**63))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--seed: the seed must be a whole number from 0 to 9223372036854775807" in result.stderr


def test_the_app_refuses_to_start_without_a_terminal() -> None:
    result = quizkit("take")
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr
