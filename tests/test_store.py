"""Opening a history: where it lives, creating and migrating it, and files it must not trust."""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sqlite3
from pathlib import Path

import pytest
from store_support import FakeNow, take

from quizkit.engine.quiz import Mode
from quizkit.history import paths
from quizkit.history.queries import attempts, missed_question_ids
from quizkit.history.resume import resume, unfinished
from quizkit.history.store import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    NewerSchemaError,
    Store,
    StoreError,
)

# The first schema exactly as it shipped. Never edit: it stands for every history file that
# trainees created with it, and the test below proves that they still open, with their data.
V1_SQL = """
PRAGMA application_id = 1363888201;
CREATE TABLE attempt ( id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, status TEXT NOT NULL CHECK (status IN ('open', 'finished', 'abandoned')), mode TEXT NOT NULL, seed INTEGER NOT NULL, spec TEXT NOT NULL, banks TEXT NOT NULL, question_count INTEGER NOT NULL, current_position INTEGER NOT NULL, elapsed_seconds REAL NOT NULL, started_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT, quizkit_version TEXT NOT NULL);
CREATE TABLE item ( attempt_id INTEGER NOT NULL REFERENCES attempt (id), position INTEGER NOT NULL, question_id TEXT NOT NULL, bank_id TEXT NOT NULL, bank_version TEXT NOT NULL, section TEXT NOT NULL, content_hash TEXT NOT NULL, option_order TEXT NOT NULL, premise_order TEXT NOT NULL, flagged INTEGER NOT NULL DEFAULT 0, seconds REAL NOT NULL DEFAULT 0, PRIMARY KEY (attempt_id, position)) WITHOUT ROWID;
CREATE TABLE answer ( id INTEGER PRIMARY KEY, attempt_id INTEGER NOT NULL, position INTEGER NOT NULL, chosen TEXT NOT NULL, pairs TEXT NOT NULL, points REAL NOT NULL, outcome TEXT NOT NULL, seconds REAL NOT NULL, confidence TEXT, answered_at TEXT NOT NULL, FOREIGN KEY (attempt_id, position) REFERENCES item (attempt_id, position));
CREATE INDEX answer_by_item ON answer (attempt_id, position, id);
CREATE VIEW final_answer AS SELECT a.* FROM answer a WHERE a.id = (SELECT max(b.id) FROM answer b WHERE b.attempt_id = a.attempt_id AND b.position = a.position);
PRAGMA user_version = 1;
"""

V1_DATA = """
INSERT INTO attempt VALUES (1, 'a1', 'finished', 'practice', 7, '{"count": null, "difficulties": [], "levels": [], "mode": "practice", "question_ids": [], "seed": 7, "shuffle": false, "tags": [], "time_limit_seconds": null}', '["mini-bank"]', 2, 1, 30.5, '2026-01-05T10:00:00.000Z', '2026-01-05T10:00:30.500Z', '2026-01-05T10:00:30.500Z', '0.1.0');
INSERT INTO attempt VALUES (2, 'a2', 'open', 'exam', 8, '{"count": null, "difficulties": [], "levels": [], "mode": "exam", "question_ids": ["mini-multiple", "mini-single"], "seed": 8, "shuffle": false, "tags": [], "time_limit_seconds": 600}', '["mini-bank"]', 2, 1, 42.0, '2026-01-06T10:00:00.000Z', '2026-01-06T10:00:42.000Z', NULL, '0.1.0');
INSERT INTO item VALUES (1, 0, 'mini-single', 'mini-bank', '1.0.0', 'ch-2', 'HASH-single', '["a", "b", "c"]', '[]', 0, 12.5);
INSERT INTO item VALUES (1, 1, 'mini-true-false', 'mini-bank', '1.0.0', 'ch-2', 'HASH-tf', '["true", "false"]', '[]', 1, 18.0);
INSERT INTO item VALUES (2, 0, 'mini-single', 'mini-bank', '1.0.0', 'ch-2', 'HASH-single', '["c", "a", "b"]', '[]', 1, 20.0);
INSERT INTO item VALUES (2, 1, 'mini-multiple', 'mini-bank', '1.0.0', 'ch-2', 'HASH-multiple', '["b", "c", "a"]', '[]', 0, 22.0);
INSERT INTO answer VALUES (1, 1, 0, '["b"]', '[]', 0.0, 'incorrect', 12.5, 'sure', '2026-01-05T10:00:12.500Z');
INSERT INTO answer VALUES (2, 1, 1, '["false"]', '[]', 1.0, 'correct', 18.0, NULL, '2026-01-05T10:00:30.500Z');
INSERT INTO answer VALUES (3, 2, 0, '["c"]', '[]', 0.0, 'incorrect', 9.0, NULL, '2026-01-06T10:00:09.000Z');
INSERT INTO answer VALUES (4, 2, 0, '["a"]', '[]', 1.0, 'correct', 20.0, 'unsure', '2026-01-06T10:00:20.000Z');
"""


def _rows(database: Path) -> dict[str, list[tuple]]:
    with contextlib.closing(sqlite3.connect(database)) as db:
        return {table: db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
                for table in ("attempt", "item", "answer")}


def _schema(database: Path) -> list[tuple[str, str, str]]:
    with contextlib.closing(sqlite3.connect(database)) as db:
        return [(kind, name, re.sub(r"\s+", " ", sql)) for kind, name, sql in
                db.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")]


# -- where the history lives -----------------------------------------------------------------
def test_data_dir_option_then_environment_then_platform(tmp_path: Path) -> None:
    assert paths.data_dir(tmp_path / "opt", {paths.DATA_DIR_VARIABLE: str(tmp_path / "env")}) == tmp_path / "opt"
    assert paths.data_dir(None, {paths.DATA_DIR_VARIABLE: str(tmp_path / "env")}) == tmp_path / "env"
    assert paths.data_dir(None, {paths.DATA_DIR_VARIABLE: "  "}).name == "quizkit"
    assert paths.data_dir(None, {}).name == "quizkit"


def test_a_data_folder_that_names_a_file_is_refused_saying_where_it_came_from(tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("not a folder", encoding="utf-8")
    with pytest.raises(paths.DataDirError, match=r"^--data-dir .*notes.txt is a file, not a folder"):
        paths.data_dir(afile, {})
    with pytest.raises(paths.DataDirError, match=r"^\$QUIZKIT_DATA_DIR .*notes.txt is a file"):
        paths.data_dir(None, {paths.DATA_DIR_VARIABLE: str(afile)})
    assert paths.data_dir(tmp_path / "not-yet", {}) == tmp_path / "not-yet"  # created when first needed


def test_profile_names_are_folder_safe_and_case_insensitive() -> None:
    assert paths.profile_name(None, {}) == "default"
    assert paths.profile_name(None, {paths.PROFILE_VARIABLE: "Ana"}) == "ana"
    assert paths.profile_name("Ana-Silva", {paths.PROFILE_VARIABLE: "bo"}) == "ana-silva"
    for bad in ("", "../x", "a/b", "-x", "ana silva", "x" * 41, "é"):
        with pytest.raises(paths.ProfileError, match="cannot name a profile"):
            paths.profile_name(bad, {})


def test_each_profile_has_its_own_history(tmp_path: Path, mini_bank) -> None:
    parser = argparse.ArgumentParser()
    paths.add_arguments(parser)
    for name in ("ana", "bo"):
        profile, database = paths.database_from_args(parser.parse_args(["--data-dir", str(tmp_path), "--profile", name]), {})
        assert database == tmp_path / "profiles" / profile / "history.sqlite3"
        with Store.open(database, now=FakeNow()) as store:
            take(store, mini_bank, {"mini-single": "right" if name == "ana" else "wrong"})
    assert paths.profiles(tmp_path) == ["ana", "bo"]
    with Store.open(paths.database_path(tmp_path, "ana")) as ana, Store.open(paths.database_path(tmp_path, "bo")) as bo:
        assert [len(attempts(ana)), len(attempts(bo))] == [1, 1]
        assert (missed_question_ids(ana), missed_question_ids(bo)) == ([], ["mini-single"])


def test_changes_move_with_each_write_and_not_with_reads(tmp_path: Path, mini_bank) -> None:
    with Store.open(tmp_path / "history.sqlite3", now=FakeNow()) as store:
        opened = store.changes
        attempts(store)
        assert store.changes == opened
        take(store, mini_bank, {"mini-single": "right"})
        assert store.changes > opened


# -- creating and migrating -------------------------------------------------------------------
def test_a_new_history_is_created_at_the_current_version_in_wal_mode(tmp_path: Path) -> None:
    database = tmp_path / "deep" / "folder" / "history.sqlite3"
    with Store.open(database) as store:
        assert store.moved_aside is None
        db = store.connection
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL: each commit is on disk


def test_first_migration_is_still_the_schema_that_shipped(tmp_path: Path) -> None:
    shipped, current = tmp_path / "shipped.sqlite3", tmp_path / "current.sqlite3"
    with contextlib.closing(sqlite3.connect(shipped)) as db:
        db.executescript(V1_SQL)
    with contextlib.closing(sqlite3.connect(current, isolation_level=None)) as db:
        for statement in MIGRATIONS[0]:
            db.execute(statement)
    assert _schema(current) == _schema(shipped)


def test_a_version_1_history_migrates_with_its_data_intact(tmp_path: Path, mini_bank) -> None:
    database = tmp_path / "history.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.executescript(V1_SQL + V1_DATA)
    before = _rows(database)
    with Store.open(database, now=FakeNow()) as store:
        assert store.moved_aside is None
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert ("index", "item_by_question") in {row[:2] for row in _schema(database)}
        assert [(s.attempt_id, s.status, s.answered, s.points) for s in attempts(store)] == [
            (1, "finished", 2, 1.0), (2, "open", 1, 1.0)]
        # The open attempt from the old file resumes: its layout, flags, final answer and timer.
        [waiting] = unfinished(store)
        resumed = resume(store, waiting.attempt_id, [mini_bank], clock=lambda: 1000.0)  # time stands still
        attempt = resumed.attempt
        assert attempt.mode is Mode.EXAM and attempt.current == 1 and attempt.flags == {0}
        assert [item.option_order for item in attempt.quiz.items] == [("c", "a", "b"), ("b", "c", "a")]
        assert attempt.answers[0].response.chosen == {"a"} and attempt.elapsed == pytest.approx(42.0)
        assert set(resumed.edited) == {"mini-single", "mini-multiple"}  # the fixture's hashes are fake
    assert _rows(database) == before


# Version 2 as it shipped: version 1 and an index. Never edit, as V1_SQL.
V2_SQL = V1_SQL.replace("PRAGMA user_version = 1;", "CREATE INDEX item_by_question ON item (question_id, attempt_id);\n"
                        "PRAGMA user_version = 2;")

# A finished exam as quizkit 0.1 wrote it: question 1 answered wrong, then cleared (written as a
# skipped row with nothing chosen); question 2 answered right. And a practice miss of question 1.
V2_DATA = """
INSERT INTO attempt VALUES (1, 'p1', 'finished', 'practice', 7, '{"count": null, "difficulties": [], "levels": [], "mode": "practice", "question_ids": [], "seed": 7, "shuffle": false, "tags": [], "time_limit_seconds": null}', '["mini-bank"]', 1, 0, 10.0, '2026-01-04T10:00:00.000Z', '2026-01-04T10:00:10.000Z', '2026-01-04T10:00:10.000Z', '0.1.0');
INSERT INTO attempt VALUES (2, 'e1', 'finished', 'exam', 8, '{"count": null, "difficulties": [], "levels": [], "mode": "exam", "question_ids": [], "seed": 8, "shuffle": false, "tags": [], "time_limit_seconds": null}', '["mini-bank"]', 2, 1, 40.0, '2026-01-05T10:00:00.000Z', '2026-01-05T10:00:40.000Z', '2026-01-05T10:00:40.000Z', '0.1.0');
INSERT INTO item VALUES (1, 0, 'mini-true-false', 'mini-bank', '1.0.0', 'ch-2', 'HASH-tf', '["true", "false"]', '[]', 0, 10.0);
INSERT INTO item VALUES (2, 0, 'mini-single', 'mini-bank', '1.0.0', 'ch-2', 'HASH-single', '["a", "b", "c"]', '[]', 0, 20.0);
INSERT INTO item VALUES (2, 1, 'mini-true-false', 'mini-bank', '1.0.0', 'ch-2', 'HASH-tf', '["true", "false"]', '[]', 0, 20.0);
INSERT INTO answer VALUES (1, 1, 0, '["true"]', '[]', 0.0, 'incorrect', 10.0, NULL, '2026-01-04T10:00:10.000Z');
INSERT INTO answer VALUES (2, 2, 0, '["b"]', '[]', 0.0, 'incorrect', 9.0, NULL, '2026-01-05T10:00:09.000Z');
INSERT INTO answer VALUES (3, 2, 0, '[]', '[]', 0.0, 'skipped', 12.0, NULL, '2026-01-05T10:00:12.000Z');
INSERT INTO answer VALUES (4, 2, 1, '["false"]', '[]', 1.0, 'correct', 20.0, NULL, '2026-01-05T10:00:32.000Z');
"""


def test_a_version_2_history_migrates_its_cleared_exam_answers_to_withdrawals(tmp_path: Path) -> None:
    from quizkit.history.spaced import schedules

    database = tmp_path / "history.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.executescript(V2_SQL + V2_DATA)
    before = _rows(database)
    with Store.open(database, now=FakeNow()) as store:
        assert store.moved_aside is None
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.connection.execute("SELECT answer_id FROM withdrawal").fetchall() == [(3,)]
        # The cleared question is unanswered, not missed; the true/false miss, corrected since, is not listed.
        assert [(s.attempt_id, s.answered, s.points) for s in attempts(store)] == [(1, 1, 0.0), (2, 1, 1.0)]
        assert missed_question_ids(store) == []
        assert set(schedules(store)) == {"mini-true-false"}
    assert _rows(database) == before  # every answer kept as it was


# Version 3 as it shipped: version 2, the withdrawal table and final_answer leaving withdrawals out.
# Never edit, as V1_SQL.
V3_SQL = V2_SQL.replace("PRAGMA user_version = 2;", """
CREATE TABLE withdrawal (answer_id INTEGER PRIMARY KEY REFERENCES answer (id));
DROP VIEW final_answer;
CREATE VIEW final_answer AS SELECT a.* FROM answer a WHERE a.id = (SELECT max(b.id) FROM answer b WHERE b.attempt_id = a.attempt_id AND b.position = a.position) AND a.id NOT IN (SELECT answer_id FROM withdrawal);
PRAGMA user_version = 3;""")

# Today's history: a practice quiz whose confidences were stated in the feedback, after the ✓ or
# ✗ (the only way up to version 3), and an exam whose confidence was stated before submitting.
V3_DATA = """
INSERT INTO attempt VALUES (1, 'p1', 'finished', 'practice', 7, '{"count": null, "difficulties": [], "levels": [], "mode": "practice", "question_ids": [], "seed": 7, "shuffle": false, "tags": [], "time_limit_seconds": null}', '["mini-bank"]', 2, 1, 20.0, '2026-01-04T10:00:00.000Z', '2026-01-04T10:00:20.000Z', '2026-01-04T10:00:20.000Z', '0.1.0');
INSERT INTO attempt VALUES (2, 'e1', 'finished', 'exam', 8, '{"count": null, "difficulties": [], "levels": [], "mode": "exam", "question_ids": [], "seed": 8, "shuffle": false, "tags": [], "time_limit_seconds": null}', '["mini-bank"]', 1, 0, 10.0, '2026-01-05T10:00:00.000Z', '2026-01-05T10:00:10.000Z', '2026-01-05T10:00:10.000Z', '0.1.0');
INSERT INTO item VALUES (1, 0, 'mini-single', 'mini-bank', '1.0.0', 'ch-2', 'HASH-single', '["a", "b", "c"]', '[]', 0, 10.0);
INSERT INTO item VALUES (1, 1, 'mini-true-false', 'mini-bank', '1.0.0', 'ch-2', 'HASH-tf', '["true", "false"]', '[]', 0, 10.0);
INSERT INTO item VALUES (2, 0, 'mini-multiple', 'mini-bank', '1.0.0', 'ch-2', 'HASH-multiple', '["a", "b", "c"]', '[]', 0, 10.0);
INSERT INTO answer VALUES (1, 1, 0, '["a"]', '[]', 1.0, 'correct', 10.0, 'sure', '2026-01-04T10:00:10.000Z');
INSERT INTO answer VALUES (2, 1, 1, '["true"]', '[]', 0.0, 'incorrect', 10.0, NULL, '2026-01-04T10:00:20.000Z');
INSERT INTO answer VALUES (3, 2, 0, '["a", "b"]', '[]', 1.0, 'correct', 10.0, 'sure', '2026-01-05T10:00:10.000Z');
"""


def test_a_version_3_history_keeps_every_answer_and_marks_practice_confidences_after_reveal(tmp_path: Path) -> None:
    from fsrs import Rating

    from quizkit.history.queries import question_history
    from quizkit.history.spaced import rating, scheduler, schedules

    database = tmp_path / "history.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.executescript(V3_SQL + V3_DATA)
    before = _rows(database)
    with Store.open(database, now=FakeNow()) as store:
        assert store.moved_aside is None
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        # The practice "sure", stated with the ✓ on screen, is marked; the exam's, stated before submitting, is not.
        assert store.connection.execute("SELECT answer_id FROM after_reveal").fetchall() == [(1,)]
        assert [(a.attempt_id, a.answered, a.points) for a in attempts(store)] == [(1, 2, 1.0), (2, 1, 1.0)]
        # Kept, not reinterpreted: read as "not stated" by spaced review and the feedback's "last time".
        assert [past.confidence for past in question_history(store, "mini-single")] == [None]
        assert [past.confidence.value for past in question_history(store, "mini-multiple")] == ["sure"]
        single = schedules(store)["mini-single"]
        expected, _ = scheduler().review_card(type(single.card)(card_id=1, due=single.last_answered_at),
                                              rating(single.last_outcome, None), single.last_answered_at)
        assert rating(single.last_outcome, None) is Rating.Good and single.card.stability == expected.stability
    assert _rows(database) == before  # every answer kept exactly as it was


def test_a_half_done_migration_is_rolled_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "history.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.executescript(V1_SQL + V1_DATA)
    before = _rows(database)
    import quizkit.history.store as store_module
    monkeypatch.setattr(store_module, "MIGRATIONS", (MIGRATIONS[0], (*MIGRATIONS[1], "THIS IS NOT SQL")))
    with pytest.raises(StoreError, match="cannot prepare"):
        Store.open(database)
    with contextlib.closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        assert "item_by_question" not in {row[1] for row in _schema(database)}
    assert _rows(database) == before


# -- files it must not trust --------------------------------------------------------------------
def _history_with_answers(database: Path, mini_bank) -> None:
    with Store.open(database, now=FakeNow()) as store:
        for _ in range(30):
            take(store, mini_bank, {"mini-single": "right", "mini-multiple": "partial", "mini-matching": "wrong"})


@pytest.mark.parametrize("damage", ["not-sqlite", "torn-pages"])
def test_a_damaged_file_is_moved_aside_and_the_trainee_told_where(tmp_path: Path, mini_bank, damage: str) -> None:
    database = tmp_path / "history.sqlite3"
    if damage == "not-sqlite":
        database.write_text("these are my notes, not a database\n", encoding="utf-8")
    else:
        _history_with_answers(database, mini_bank)
        data = bytearray(database.read_bytes())
        page = 4096
        assert len(data) > 3 * page
        data[page:3 * page] = b"\x5a" * (2 * page)  # two pages of b-tree overwritten
        database.write_bytes(bytes(data))
    original = database.read_bytes()
    with Store.open(database, now=FakeNow()) as store:
        moved = store.moved_aside
        assert moved is not None
        assert moved.moved_to == tmp_path / "history.sqlite3.corrupt-20261125T090000"
        assert str(moved.moved_to) in moved.message and "nothing was deleted" in moved.message
        assert moved.moved_to.read_bytes() == original
        assert attempts(store) == []  # a fresh history in its place
    with Store.open(database, now=FakeNow()) as again:  # the new file is now trusted
        assert again.moved_aside is None


def test_moving_aside_twice_in_one_second_keeps_both(tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    for n in range(2):
        database.write_bytes(b"garbage %d" % n)
        with Store.open(database, now=FakeNow()) as store:
            assert store.moved_aside is not None
        database.unlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "history.sqlite3.corrupt-20261125T090000", "history.sqlite3.corrupt-20261125T090000-2"]


def test_another_programs_database_is_moved_aside_as_foreign(tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.executescript("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');")
    with Store.open(database, now=FakeNow()) as store:
        assert store.moved_aside is not None
        assert store.moved_aside.moved_to.name == "history.sqlite3.foreign-20261125T090000"
        assert "another program" in store.moved_aside.message
    with contextlib.closing(sqlite3.connect(store.moved_aside.moved_to)) as db:
        assert db.execute("SELECT name FROM recipes").fetchall() == [("soup",)]


def test_a_history_from_a_newer_quizkit_is_refused_and_left_untouched(tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.executescript(f"PRAGMA application_id = {APPLICATION_ID}; CREATE TABLE attempt (id INTEGER PRIMARY KEY, "
                         f"hologram TEXT); INSERT INTO attempt VALUES (1, 'x'); PRAGMA user_version = {SCHEMA_VERSION + 5};")
    original = database.read_bytes()
    with pytest.raises(NewerSchemaError) as refused:
        Store.open(database)
    message = str(refused.value)
    assert f"schema version {SCHEMA_VERSION + 5}" in message and "newer quizkit" in message
    assert "Upgrade quizkit" in message and "left as it is" in message
    assert database.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["history.sqlite3"]


def test_a_history_in_wal_mode_reopens_after_a_crash_without_being_moved(tmp_path: Path, mini_bank) -> None:
    database = tmp_path / "history.sqlite3"
    store = Store.open(database, now=FakeNow())
    take(store, mini_bank, {"mini-single": "right"}, finish=False)
    # No close: the -wal file is left behind as a killed process leaves it.
    assert Path(f"{database}-wal").exists()
    with Store.open(database) as again:
        assert again.moved_aside is None and len(unfinished(again)) == 1
    store.close()


def test_spec_survives_the_round_trip() -> None:
    from quizkit.bank.model import CognitiveLevel, Difficulty
    from quizkit.engine.quiz import QuizSpec
    from quizkit.history.store import decode_spec, encode_spec

    spec = QuizSpec(mode=Mode.EXAM, count=3, tags=frozenset({"b", "a"}), difficulties=frozenset({Difficulty.EASY}),
                    levels=frozenset({CognitiveLevel.RECALL, CognitiveLevel.APPLICATION}),
                    question_ids=frozenset({"q1"}), shuffle=False, seed=99, time_limit_seconds=600)
    assert decode_spec(encode_spec(spec)) == spec
    assert json.loads(encode_spec(spec))["tags"] == ["a", "b"]


def test_the_export_says_whether_each_confidence_was_stated_before_or_after_the_reveal(tmp_path: Path) -> None:
    from quizkit.history.queries import export_rows

    database = tmp_path / "history.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.executescript(V3_SQL + V3_DATA)
    with Store.open(database, now=FakeNow()) as store:
        stated = {(row["question_id"], row["confidence"]): row["confidence_stated"]
                  for row in export_rows(store, "ana")}
    # The practice "sure" of version 3 came with the ✓ on screen; the exam's came before submitting.
    assert stated == {("mini-single", "sure"): "after_reveal", ("mini-multiple", "sure"): "before_reveal",
                      ("mini-true-false", None): None}
