"""`quizkit history` and `quizkit export-results`, run as a trainee and an educator run them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA
from store_support import FakeNow, edited_bank, take

from quizkit.engine.attempt import Confidence
from quizkit.engine.quiz import Mode
from quizkit.history.paths import DATA_DIR_VARIABLE, database_path
from quizkit.history.queries import EXPORT_COLUMNS
from quizkit.history.store import APPLICATION_ID, SCHEMA_VERSION, Store

VALID = DATA / "valid"


def quizkit(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # TZ fixes the local times shown; the developer's own QUIZKIT_DATA_DIR must not leak in.
    environment = {name: value for name, value in os.environ.items() if name != DATA_DIR_VARIABLE}
    environment.update({"PYTHONWARNINGS": "error", "TZ": "UTC", **(env or {})})
    return subprocess.run([sys.executable, "-m", "quizkit", *args], capture_output=True, text=True,
                          env=environment, timeout=120, check=False)


@pytest.fixture
def ana(tmp_path: Path, mini_bank) -> Path:
    """Profile 'ana' with three attempts: all wrong, mixed, and an unfinished exam."""
    now = FakeNow()
    with Store.open(database_path(tmp_path, "ana"), now=now) as store:
        take(store, mini_bank, {"mini-single": "wrong", "mini-multiple": "wrong", "mini-true-false": "wrong",
                           "mini-matching": "wrong"})
        now.advance(days=1, hours=2)
        take(store, mini_bank, {"mini-single": ("right", Confidence.SURE), "mini-multiple": "partial",
                           "mini-true-false": "right", "mini-matching": "right"})
        now.advance(days=1)
        take(store, mini_bank, {"mini-single": "wrong", "mini-true-false": None}, mode=Mode.EXAM, finish=False)
    return tmp_path


def test_history_as_a_table_with_trend_per_part(ana: Path) -> None:
    result = quizkit("history", str(VALID), "--data-dir", str(ana), "--profile", "ana")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"History of profile 'ana' ({database_path(ana, 'ana')})"
    assert lines[2].split() == ["date", "banks", "mode", "score", "status"]
    assert lines[3].split() == ["2026-11-25", "09:00", "mini-bank", "practice", "0/4", "(0%)", "finished"]
    assert lines[4].split() == ["2026-11-26", "11:00", "mini-bank", "practice", "3.5/4", "(88%)", "finished"]
    assert lines[5].split() == ["2026-11-27", "11:00", "mini-bank", "exam", "0/2", "(0%)", "unfinished", "(1/2", "answered)"]
    trend = lines[lines.index("part  attempts  first  last  change  recent"):]
    assert trend[1].split() == ["ch-1", "2", "0%", "100%", "+100", "0%", "→", "100%"]
    assert trend[2].split() == ["ch-2", "2", "0%", "83%", "+83", "0%", "→", "83%"]
    assert "To retry: 2 questions missed and not answered correctly since." in lines
    assert result.stderr == ""


def test_history_as_json(ana: Path) -> None:
    result = quizkit("history", str(VALID), "--data-dir", str(ana), "--profile", "ANA", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["profile"], report["database"]) == ("ana", str(database_path(ana, "ana")))
    assert [(a["status"], a["points"], a["questions"]) for a in report["attempts"]] == [
        ("finished", 0.0, 4), ("finished", 3.5, 4), ("open", 0.0, 2)]
    assert report["attempts"][1]["started_at"] == "2026-11-26T11:00:00.000Z"
    assert [(p["part"], p["first_percent"], p["last_percent"]) for p in report["parts"]] == [
        ("ch-1", 0.0, 100.0), ("ch-2", 0.0, 83.3)]
    assert report["retry"] == ["mini-single", "mini-multiple"]
    assert report["leeches"] == []
    # Due is read against the real clock, so later questions may have come due too; but the two
    # missed (rated Again and Hard days before now) must be, and nothing due may lie in the future.
    due_now = {d["question_id"] for d in report["due"]}
    assert {"mini-single", "mini-multiple"} <= due_now
    assert all(dt.datetime.fromisoformat(d["due"]) <= dt.datetime.now(dt.UTC) for d in report["due"])


def test_a_profile_without_history_is_empty_and_not_created(tmp_path: Path) -> None:
    result = quizkit("history", "--data-dir", str(tmp_path), "--profile", "bo")
    assert (result.returncode, result.stdout) == (0, "No attempts yet for profile 'bo'.\n")
    assert list(tmp_path.iterdir()) == []
    exported = quizkit("export-results", "--data-dir", str(tmp_path), "--profile", "bo")
    assert (exported.returncode, exported.stdout) == (0, ",".join(EXPORT_COLUMNS) + "\n")


def test_the_data_dir_comes_from_the_environment(ana: Path) -> None:
    result = quizkit("history", "--profile", "ana", "--format", "json", env={DATA_DIR_VARIABLE: str(ana)})
    assert len(json.loads(result.stdout)["attempts"]) == 3


def test_profiles_do_not_see_each_other(ana: Path) -> None:
    result = quizkit("history", "--data-dir", str(ana), "--profile", "bo", "--format", "json")
    assert json.loads(result.stdout)["attempts"] == []


def test_a_bad_profile_name_is_a_usage_error(tmp_path: Path) -> None:
    result = quizkit("history", "--data-dir", str(tmp_path), "--profile", "../../etc")
    assert result.returncode == 2 and "cannot name a profile" in result.stderr and "Traceback" not in result.stderr


def test_a_corrupt_history_is_moved_aside_and_the_trainee_told_where(tmp_path: Path) -> None:
    database = database_path(tmp_path, "default")
    database.parent.mkdir(parents=True)
    database.write_bytes(b"\x00not a database at all" * 100)
    result = quizkit("history", "--data-dir", str(tmp_path))
    assert result.returncode == 0
    [moved] = [p for p in database.parent.iterdir() if ".corrupt-" in p.name]
    assert f"It was moved to {moved}" in result.stderr
    assert moved.read_bytes() == b"\x00not a database at all" * 100
    assert "No attempts yet" in result.stdout


def test_a_newer_history_is_refused_untouched(tmp_path: Path) -> None:
    database = database_path(tmp_path, "default")
    database.parent.mkdir(parents=True)
    with sqlite3.connect(database) as db:
        db.executescript(f"PRAGMA application_id = {APPLICATION_ID}; CREATE TABLE attempt (id INTEGER);"
                         f" PRAGMA user_version = {SCHEMA_VERSION + 1};")
    db.close()
    original = database.read_bytes()
    for command in ("history", "export-results"):
        result = quizkit(command, "--data-dir", str(tmp_path))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"schema version {SCHEMA_VERSION + 1}" in result.stderr and "Upgrade quizkit" in result.stderr
    assert database.read_bytes() == original
    assert [p.name for p in database.parent.iterdir()] == ["history.sqlite3"]


def test_export_results_as_csv(ana: Path, tmp_path: Path) -> None:
    edited = edited_bank(tmp_path, "A blood test can find a skin metastasis.", "A blood test can find a skin deposit.")
    result = quizkit("export-results", edited.path, "--data-dir", str(ana), "--profile", "ana", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert len(rows) == 9 and {r["profile"] for r in rows} == {"ana"}
    matching = [r for r in rows if r["question_id"] == "mini-matching"][1]
    assert (matching["pairs"], matching["chosen"], matching["outcome"], matching["points"]) == (
        "nodule=look;red=rethink", "", "correct", "1.0")
    multiple = next(r for r in rows if r["question_id"] == "mini-multiple")
    assert (multiple["chosen"], multiple["attempt_finished_at"], multiple["confidence"]) == (
        "c", "2026-11-25T09:00:00.000Z", "")
    assert {r["question_id"]: r["edited_since"] for r in rows if r["attempt_id"] == "2"} == {
        "mini-single": "false", "mini-multiple": "false", "mini-true-false": "true", "mini-matching": "false"}
    assert [r["attempt_status"] for r in rows][-1] == "open"


def test_export_results_as_json_to_a_file(ana: Path, tmp_path: Path) -> None:
    output = tmp_path / "ana.json"
    result = quizkit("export-results", str(VALID), "--data-dir", str(ana), "--profile", "ana",
                     "--format", "json", "--output", str(output))
    assert (result.returncode, result.stdout) == (0, "")
    exported = json.loads(output.read_text(encoding="utf-8"))
    assert (exported["format"], exported["version"], exported["profile"]) == ("quizkit-results", 1, "ana")
    assert len(exported["answers"]) == 9 and tuple(exported["answers"][0]) == EXPORT_COLUMNS
    assert exported["answers"][4]["confidence"] == "sure" and exported["answers"][4]["chosen"] == ["a"]
    assert [answer["confidence_stated"] for answer in exported["answers"]] == [None] * 4 + ["before_reveal"] + [None] * 4


def test_export_results_never_writes_over_the_history(ana: Path) -> None:
    database = database_path(ana, "ana")
    before = database.read_bytes()
    for extra in ([], ["--force"]):
        result = quizkit("export-results", str(VALID), "--data-dir", str(ana), "--profile", "ana",
                         "-o", str(database), *extra)
        assert result.returncode == 2 and "reads or keeps" in result.stderr
    assert database.read_bytes() == before
    with Store.open(database) as store:
        assert store.moved_aside is None


def test_export_results_keeps_an_existing_file_unless_forced(ana: Path, tmp_path: Path) -> None:
    output = tmp_path / "ana.csv"
    output.write_text("the educator's notes", encoding="utf-8")
    refused = quizkit("export-results", str(VALID), "--data-dir", str(ana), "--profile", "ana", "-o", str(output))
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert output.read_text(encoding="utf-8") == "the educator's notes"
    forced = quizkit("export-results", str(VALID), "--data-dir", str(ana), "--profile", "ana", "-o", str(output),
                     "--force")
    assert forced.returncode == 0 and output.read_text(encoding="utf-8").startswith("profile,")
