"""Hostile input to every command, as a hostile tester tried it: one fault per case, the expected
outcome written beside it. Every case runs the real `quizkit` in a process with a timeout, so a
hang fails the case instead of the suite, and each must end with its exit status, its message,
no traceback and nothing of a private file echoed.

Cases are (id, command line, what is set up first, expected exit, text expected in the output).
The setup builds the hostile file in the case's folder; ``{dir}`` in the command is that folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA, TEST_SOURCES

MINI = (DATA / "valid" / "mini-bank.yaml").read_text(encoding="utf-8")
SECRET = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n"


def _write(name: str, text: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_text(text, encoding="utf-8")


def _fifo(name: str) -> Callable[[Path], None]:
    return lambda folder: os.mkfifo(folder / name)


def _symlink_out(folder: Path) -> None:
    """A shared bank folder holding a link to a private key outside it."""
    private = folder.parent / f"{folder.name}-private"
    private.mkdir()
    (private / "id_ed25519").write_text(SECRET, encoding="utf-8")
    banks = folder / "banks"
    banks.mkdir()
    (banks / "mini.yaml").write_text(MINI, encoding="utf-8")
    (banks / "key.yaml").symlink_to(private / "id_ed25519")


def _results(text: str) -> Callable[[Path], None]:
    return _write("results.csv" if not text.lstrip().startswith("{") else "results.json", text)


_HEADER = ("profile,attempt_uid,attempt_id,attempt_status,mode,seed,attempt_started_at,attempt_finished_at,"
           "attempt_questions,question_number,question_id,bank_id,bank_version,section,content_hash,edited_since,"
           "chosen,pairs,points,outcome,confidence,seconds,answered_at,quizkit_version\n")
_ROW = ("ana,u1,1,finished,practice,1,2026-11-25T09:00:00.000Z,2026-11-25T09:10:00.000Z,4,1,{qid},mini-bank,1.0.0,"
        "ch-2,h,false,a,,1.0,correct,,10,2026-11-25T09:01:00.000Z,0.1.0\n")

CASES: list[tuple[str, list[str], Callable[[Path], None] | None, int, str]] = [
    # Only regular files are read: a FIFO or a device is refused at once, never waited on.
    ("validate-fifo", ["validate", "{dir}/bank.yaml"], _fifo("bank.yaml"), 1, "named pipe (FIFO), not a regular file"),
    ("validate-dev-zero", ["validate", "/dev/zero"], None, 1, "a device, not a regular file"),
    ("lint-fifo", ["lint", "{dir}/bank.yaml"], _fifo("bank.yaml"), 1, "named pipe (FIFO)"),
    ("stats-fifo", ["stats", "--bank", str(DATA / "valid"), "{dir}/results.csv"], _fifo("results.csv"), 1,
     "named pipe (FIFO)"),
    ("fingerprint-fifo", ["fingerprint", "mini-guide={dir}/guide.txt", "--sources", str(TEST_SOURCES)],
     _fifo("guide.txt"), 2, "named pipe (FIFO)"),
    ("import-dev-zero", ["import", "gift", "/dev/zero", "-o", "{dir}/out.yaml"], None, 2, "device"),
    # A folder scan does not follow a link out of the folder, and never prints what it points at.
    ("validate-symlink-out", ["validate", "{dir}/banks", "--sources", str(TEST_SOURCES), "--format", "github"],
     _symlink_out, 0, "1 file checked"),
    # Nothing is reported as fine when nothing was checked.
    ("validate-empty-folder", ["validate", "{dir}"], None, 1, "nothing was checked"),
    # Text that would drive the terminal is an error of its own, and is shown escaped.
    ("validate-escape-in-bank", ["validate", "{dir}/bank.yaml", "--sources", str(TEST_SOURCES)],
     _write("bank.yaml", MINI.replace("title: Mini bank", 'title: "Mini \\e]0;owned\\a bank"')), 1,
     "QK111 the text holds the control character \\x1b"),
    # Numbers, lengths and nesting have limits: a diagnostic, never a traceback.
    ("validate-megabyte-stem", ["validate", "{dir}/bank.yaml", "--sources", str(TEST_SOURCES)],
     _write("bank.yaml", MINI.replace("stem: What confirms that a skin lesion is metastatic?",
                                      "stem: What " + "very " * 200_000 + "confirms it?")), 1,
     "must have at most 4000 characters"),
    ("validate-5000-digits", ["validate", "{dir}/bank.yaml", "--sources", str(TEST_SOURCES)],
     _write("bank.yaml", MINI.replace("schema_version: 1", "schema_version: " + "7" * 5000)), 1, "QK112"),
    ("stats-json-nesting", ["stats", "--bank", str(DATA / "valid"), "{dir}/results.json"],
     _results('{"format": "quizkit-results", "version": 1, "answers": ' + "[" * 100_000 + "]" * 100_000 + "}"), 1,
     "nested too deeply"),
    ("stats-json-digits", ["stats", "--bank", str(DATA / "valid"), "{dir}/results.json"],
     _results('{"format": "quizkit-results", "version": ' + "9" * 5000 + ', "answers": []}'), 1, "number too long"),
    # A trainee's results file cannot reach the educator's terminal with escape sequences.
    ("stats-escape-in-results", ["stats", "--bank", str(DATA / "valid"), "{dir}/results.csv"],
     _results(_HEADER + _ROW.format(qid="mini-single\x1b[2J")), 1, "control character \\x1b"),
    # A message quotes at most a short excerpt of a hostile value.
    ("stats-long-points", ["stats", "--bank", str(DATA / "valid"), "{dir}/results.csv"],
     _results(_HEADER + _ROW.format(qid="mini-single").replace(",1.0,correct,", "," + "x" * 100_000 + ",correct,")),
     1, "points must be a number from 0 to 1"),
    # A data folder that names a file is refused up front, by every command that keeps history.
    ("take-data-dir-is-a-file", ["take", "--data-dir", "{dir}/bank.yaml"], _write("bank.yaml", MINI), 2,
     "is a file, not a folder"),
    ("history-data-dir-is-a-file", ["history", "--data-dir", "{dir}/bank.yaml"], _write("bank.yaml", MINI), 2,
     "is a file, not a folder"),
    ("export-results-data-dir-is-a-file", ["export-results", "--data-dir", "{dir}/bank.yaml"],
     _write("bank.yaml", MINI), 2, "is a file, not a folder"),
    # Writers refuse to write onto what they read.
    ("export-onto-its-bank", ["export", "--to", "csv", "-o", "{dir}/bank.yaml", "--force", "{dir}/bank.yaml",
                              "--sources", str(TEST_SOURCES)], _write("bank.yaml", MINI), 2, "reads or keeps"),
]


def _run(args: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    command = [arg.replace("{dir}", str(folder)) for arg in args]
    return subprocess.run([sys.executable, "-m", "quizkit", *command], capture_output=True, text=True, timeout=60,
                          cwd=folder, env={**os.environ, "QUIZKIT_DATA_DIR": str(folder / "data")}, check=False)


@pytest.mark.parametrize(("args", "setup", "status", "says"), [case[1:] for case in CASES], ids=[c[0] for c in CASES])
def test_hostile_input_is_refused_clearly(tmp_path: Path, args: list[str], setup: Callable[[Path], None] | None,
                                          status: int, says: str) -> None:
    if setup is not None:
        setup(tmp_path)
    result = _run(args, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == status, output[:2000]
    assert says in output, output[:2000]
    assert "Traceback" not in output
    assert "PRIVATE KEY" not in output and "b3BlbnNzaC1r" not in output
    assert "\x1b" not in output, "an escape sequence reached the terminal"
    assert len(output) < 20_000, "a hostile value was echoed at length"
