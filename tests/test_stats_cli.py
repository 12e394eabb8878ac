"""`quizkit stats` run as an educator runs it: on histories, on collected results files, and on bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA
from store_support import MINI_BANK, FakeNow, take

from quizkit.bank.loader import read_bank
from quizkit.history.paths import DATA_DIR_VARIABLE, database_path
from quizkit.history.queries import EXPORT_COLUMNS
from quizkit.history.store import APPLICATION_ID, SCHEMA_VERSION, Store

VALID = DATA / "valid"
ALL_RIGHT = {"mini-single": "right", "mini-multiple": "right", "mini-true-false": "right", "mini-matching": "right"}

#: First attempts of five trainees on the mini bank (single, multiple, true/false, matching).
FIRST = {
    "ana": ALL_RIGHT,
    "ben": {"mini-single": "right", "mini-multiple": "partial", "mini-true-false": "right", "mini-matching": "right"},
    "cy": {"mini-single": "right", "mini-multiple": "wrong", "mini-true-false": "right", "mini-matching": "partial"},
    "di": {"mini-single": "wrong", "mini-multiple": "wrong", "mini-true-false": "right", "mini-matching": "wrong"},
    "eve": {"mini-single": "wrong", "mini-multiple": "wrong", "mini-true-false": "wrong", "mini-matching": "wrong"},
}


#: Every test with the pure-Python statistics and with quizkit[fast]'s numpy ones: the same figures.
pytestmark = pytest.mark.usefixtures("stats_engine")


def quizkit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {name: value for name, value in os.environ.items() if name != DATA_DIR_VARIABLE}
    environment.update({"PYTHONWARNINGS": "error", "TZ": "UTC"})
    return subprocess.run([sys.executable, "-m", "quizkit", *args], capture_output=True, text=True,
                          env=environment, timeout=120, cwd=cwd, check=False)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five profiles: each a first attempt, then everything right; di also leaves an exam unfinished."""
    folder = tmp_path_factory.mktemp("data")
    bank = read_bank(MINI_BANK).bank
    assert bank is not None
    for name, first in FIRST.items():
        now = FakeNow()
        with Store.open(database_path(folder, name), now=now) as store:
            take(store, bank, first)
            now.advance(days=1)
            take(store, bank, ALL_RIGHT)  # practice since: must not count
            if name == "di":
                now.advance(days=1)
                take(store, bank, {"mini-single": "right"}, finish=False)
    return folder


@pytest.fixture(scope="module")
def exported(cohort: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each profile exported as a trainee would, on their own machine: all of profile 'default'."""
    folder = tmp_path_factory.mktemp("results")
    for n, name in enumerate(FIRST):
        form = "json" if n % 2 else "csv"
        result = quizkit("export-results", str(VALID), "--data-dir", str(cohort), "--profile", name,
                         "--format", form, "-o", str(folder / f"{name}.{form}"))
        assert result.returncode == 0, result.stderr
    # As if exported as 'default', which is what a trainee's own machine would say.
    for path in folder.iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace(path.stem, "default"), encoding="utf-8")
    return folder


def stats_json(*args: str) -> dict:
    result = quizkit("stats", "--bank", str(VALID), "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_histories_first_attempts_only(cohort: Path) -> None:
    report = stats_json("--all-profiles", "--data-dir", str(cohort))
    assert report["trainees_analysed"] == 5 and report["responses"] == 20
    assert report["left_out"]["unfinished_attempts"] == 1
    questions = {q["question_id"]: q for q in report["questions"]}
    # First attempts: single right for ana ben cy (3/5); multiple full marks for ana only (ben partial).
    assert questions["mini-single"]["p"] == 0.6
    assert questions["mini-multiple"]["p"] == 0.2 and questions["mini-multiple"]["mean_points"] == 0.3  # (1+.5)/5
    assert questions["mini-true-false"]["p"] == 0.8
    [test] = report["tests"]
    assert (test["test"], test["questions"], test["trainees"], test["complete"]) == ("mini-bank", 4, 5, 5)
    # Totals (full marks): ana 4, ben 3, cy 2, di 1, eve 0 → mean 2, variance (4+1+0+1+4)/5 = 2.
    assert test["mean"] == 2 and test["sd"] == round(2 ** 0.5, 4)
    trainees = {t["trainee"]: t for t in report["trainees"]}
    assert trainees["ana"]["percent"] == 100 and trainees["ana"]["percentile"] == 90
    assert [(p["part"], p["answered"]) for p in trainees["eve"]["parts"]] == [("ch-1", 1), ("ch-2", 3)]


def test_collected_files_give_the_same_analysis_as_the_histories(cohort: Path, exported: Path) -> None:
    from_histories = stats_json("--all-profiles", "--data-dir", str(cohort))
    from_files = stats_json(str(exported))
    for key in ("tests", "questions", "responses", "trainees_analysed"):
        assert from_files[key] == from_histories[key]
    # Five trainees all called 'default': each is named by its file as well.
    assert sorted(t["trainee"] for t in from_files["trainees"]) == [
        "default (ana.csv)", "default (ben.json)", "default (cy.csv)", "default (di.json)", "default (eve.csv)"]


def test_the_same_trainee_exported_twice_counts_once(exported: Path, tmp_path: Path) -> None:
    again = tmp_path / "ana-again.csv"
    again.write_bytes((exported / "ana.csv").read_bytes())
    report = stats_json(*sorted(str(p) for p in exported.iterdir()), str(again))
    assert report["trainees_analysed"] == 5 and report["responses"] == 20
    assert "default (ana.csv, ana-again.csv)" in {t["trainee"] for t in report["trainees"]}


def test_text_report(cohort: Path) -> None:
    result = quizkit("stats", "--bank", str(VALID), "--all-profiles", "--data-dir", str(cohort))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Item analysis of 5 trainees: 20 responses to 4 questions, from 5 inputs.\n")
    assert "Left out: 1 answer in unfinished attempts." in out
    lines = out.splitlines()
    header = lines.index("test       questions  trainees  complete  mean    SD  KR-20   SEM")
    assert lines[header + 1].split()[:5] == ["mini-bank", "4", "5", "5", "2.00"]
    assert any(line.startswith("mini-multiple ") and "too hard: p = 0.200 < 0.3" in line for line in lines)
    assert "Fewer than 30 trainees in a test: treat its figures as indicative." in lines
    trainees = lines[lines.index("trainee  answered  correct  score  percentile  under 60%"):]
    assert trainees[1].split() == ["ana", "4", "4", "100%", "90"]
    assert trainees[-1].split()[:5] == ["eve", "4", "0", "0%", "10"]


@pytest.mark.parametrize(("table", "columns"), [
    ("questions", ("question_id", "bank_id", "section", "type", "test", "responses", "p")),
    ("options", ("question_id", "option", "keyed", "chosen", "share", "upper", "lower", "flags")),
    ("tests", ("test", "questions", "trainees", "complete", "mean", "sd", "kr20", "sem")),
    ("trainees", ("trainee", "part", "answered", "correct", "points", "percent", "percentile", "below_pass")),
])
def test_csv_tables(cohort: Path, table: str, columns: tuple[str, ...]) -> None:
    result = quizkit("stats", "--bank", str(VALID), "--all-profiles", "--data-dir", str(cohort),
                     "--format", "csv", "--table", table)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0])[:len(columns)] == columns
    if table == "options":
        single = [r for r in rows if r["question_id"] == "mini-single"]
        assert [(r["option"], r["keyed"], r["chosen"]) for r in single] == [
            ("a", "true", "3"), ("b", "false", "2"), ("c", "false", "0")]
        assert single[2]["flags"] == "non-functioning-distractor"
    if table == "trainees":
        assert [(r["part"], r["below_pass"]) for r in rows if r["trainee"] == "eve"] == [
            ("all", "true"), ("ch-1", "true"), ("ch-2", "true")]


def test_mode_filter(cohort: Path) -> None:
    report = stats_json("--all-profiles", "--data-dir", str(cohort), "--mode", "exam")
    assert report["trainees_analysed"] == 0 and report["left_out"]["other_mode"] == 40
    result = quizkit("stats", "--bank", str(VALID), "--all-profiles", "--data-dir", str(cohort), "--mode", "exam")
    assert result.returncode == 0 and result.stdout.startswith("No finished answers to analyse.")


def test_answers_to_an_earlier_wording_are_left_out(exported: Path, tmp_path: Path) -> None:
    text = (exported / "ana.csv").read_text(encoding="utf-8")
    row = next(csv.DictReader(io.StringIO(text)))
    (tmp_path / "ana.csv").write_text(text.replace(row["content_hash"], "0" * 64), encoding="utf-8")
    report = stats_json(str(tmp_path / "ana.csv"))
    # The first row's question was answered twice (first attempt, then practice): both are to the old wording.
    assert report["left_out"]["earlier_wording"] == {row["question_id"]: 2}
    assert row["question_id"] not in {q["question_id"] for q in report["questions"]}


# -- what an educator gets wrong, and what the command says ----------------------------------

def write_csv(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = EXPORT_COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def good_row(**changes: str) -> dict[str, str]:
    row = dict.fromkeys(EXPORT_COLUMNS, "")
    row.update({"profile": "ana", "attempt_uid": "a" * 32, "attempt_id": "1", "attempt_status": "finished",
                "mode": "exam", "seed": "1", "attempt_started_at": "2026-11-25T09:00:00.000Z",
                "attempt_questions": "1", "question_number": "1", "question_id": "mini-single",
                "bank_id": "mini-bank", "section": "ch-2", "content_hash": "", "chosen": "a", "points": "1.0",
                "outcome": "correct"})
    row.update(changes)
    return row


def refused(*args: str) -> str:
    result = quizkit("stats", "--bank", str(VALID), *args)
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    return result.stderr


def test_a_damaged_csv_row_is_named_by_file_and_line(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ana.csv", [good_row(), good_row(question_number="2")])
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[2].rsplit(",", 3)[0]]) + "\n", encoding="utf-8")  # cut short
    message = refused(str(path))
    assert f"{path}:4: 22 fields where the header has 25" in message and "Export it again" in message


@pytest.mark.parametrize(("change", "expected"), [
    ({"points": "1,5"}, "points must be a number from 0 to 1"),
    ({"points": "nan"}, "points must be a number from 0 to 1"),
    ({"attempt_status": "done"}, "attempt_status must be open, finished or abandoned"),
    ({"attempt_started_at": "yesterday"}, "attempt_started_at must be an ISO 8601 time"),
    ({"question_id": ""}, "question_id must be given"),
    ({"pairs": "nodule-look"}, "pairs must be premise=option items"),
])
def test_a_bad_value_is_named_by_file_and_line(tmp_path: Path, change: dict[str, str], expected: str) -> None:
    path = write_csv(tmp_path / "ana.csv", [good_row(), good_row(question_number="2", **change)])
    message = refused(str(path))
    assert message.startswith(f"quizkit stats: {path}:3: ") and expected in message


def test_a_missing_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ana.csv", [good_row()], tuple(c for c in EXPORT_COLUMNS if c != "points"))
    assert f"{path}:1: missing column points" in refused(str(path))


@pytest.mark.parametrize(("content", "expected"), [
    (b"\xff\xfeprofile,attempt_uid\n", ":1: not UTF-8 text"),
    (b"", ":1: the file is empty"),
    (b'{"format": "quizkit-results", "version": 1, "answers": [', ":1:57: not valid JSON (Expecting value)"),
    (b'{"answers": []}', 'not a quizkit results file: expected an object with "format": "quizkit-results"'),
    (b'[1, 2]', "not a quizkit results file"),
    (b'{"format": "quizkit-results", "version": 2, "answers": []}', "results format version 2 is not one"),
    (b'{"format": "quizkit-results", "version": 1, "answers": {}}', '"answers" must be a list'),
    (b'{"format": "quizkit-results", "version": 1, "answers": [{"profile": "ana"}]}', "answers[0] lacks attempt_uid"),
])
def test_a_file_of_the_wrong_kind(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "results.json"
    path.write_bytes(content)
    assert expected in refused(str(path))


def test_a_json_answer_of_the_wrong_type(tmp_path: Path) -> None:
    answer = {**good_row(), "chosen": ["a"], "pairs": [], "points": True}
    path = tmp_path / "ana.json"
    path.write_text(json.dumps({"format": "quizkit-results", "version": 1, "answers": [answer]}), encoding="utf-8")
    assert f"{path}: answers[0].points must be a number from 0 to 1, not True" in refused(str(path))


def test_an_unreadable_history_is_reported_and_left_alone(tmp_path: Path) -> None:
    database = database_path(tmp_path, "ana")
    database.parent.mkdir(parents=True)
    database.write_bytes(b"SQLite format 3\x00" + b"\x00garbage" * 512)
    message = refused("--all-profiles", "--data-dir", str(tmp_path))
    assert f"{database}: cannot read the history of profile 'ana'" in message
    assert "quizkit history --profile ana" in message
    assert [p.name for p in database.parent.iterdir()] == ["history.sqlite3"]  # not moved aside


def test_a_newer_history_is_refused(tmp_path: Path) -> None:
    database = database_path(tmp_path, "ana")
    database.parent.mkdir(parents=True)
    with sqlite3.connect(database) as db:
        db.executescript(f"PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION + 1};"
                         " CREATE TABLE attempt (id INTEGER);")
    db.close()
    assert "written by a newer quizkit" in refused("--profile", "ana", "--data-dir", str(tmp_path))


@pytest.mark.parametrize(("args", "expected"), [
    ((), "nothing to analyse"),
    (("missing.csv",), "no such file or folder: missing.csv"),
    (("--profile", "../x"), "cannot name a profile"),
    (("--profile", "nobody"), "profile 'nobody' has no history under"),
    (("--all-profiles",), "--all-profiles: no profile has a history under"),
    (("x.csv", "--pass-mark", "120"), "--pass-mark takes a percentage"),
    (("--format", "xml"), "invalid choice"),
])
def test_usage_errors(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    result = quizkit("stats", "--data-dir", str(tmp_path), *args, cwd=tmp_path)
    assert result.returncode == 2 and expected in result.stderr and "Traceback" not in result.stderr


def test_a_broken_bank_stops_the_run(tmp_path: Path) -> None:
    result = quizkit("stats", "--bank", str(DATA / "invalid" / "QK202-missing-explanation.yaml"),
                     str(write_csv(tmp_path / "ana.csv", [good_row()])))
    assert result.returncode == 1 and "QK202" in result.stderr and "Traceback" not in result.stderr


def test_a_profile_given_before_the_command(cohort: Path) -> None:
    result = quizkit("--data-dir", str(cohort), "--profile", "ana", "stats", "--bank", str(VALID), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [t["trainee"] for t in json.loads(result.stdout)["trainees"]] == ["ana"]
