"""Storage faults lose nothing: a full disk, a locked database, a read-only folder and a history
file deleted while open, each met for real, through the store and the recorder the app uses."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from fault_support import answers_on_disk, fill, remount, tiny_filesystem, write_lock
from store_support import MINI_BANK, RESPONSES

from quizkit.bank.loader import read_bank
from quizkit.bank.model import Bank
from quizkit.engine.attempt import Attempt
from quizkit.engine.quiz import Mode, QuizSpec, build_quiz
from quizkit.history.queries import attempts
from quizkit.history.recorder import Recorder, Write
from quizkit.history.resume import unfinished
from quizkit.history.store import (
    BUSY_TIMEOUT_SECONDS,
    AttemptClosedError,
    ReadOnlyHistoryError,
    Store,
)


@pytest.fixture
def bank() -> Bank:
    loaded = read_bank(MINI_BANK).bank
    assert loaded is not None
    return loaded


def new_attempt(bank: Bank, mode: Mode = Mode.PRACTICE) -> Attempt:
    return Attempt(build_quiz([bank], QuizSpec(mode=mode, shuffle=False, seed=1)))


def answer(recorder: Recorder, outcome: str = "right") -> bool:
    """Answer the current question as the app does (engine, then the write); move on after it."""
    attempt = recorder.attempt
    attempt.answer(RESPONSES[attempt.item.question.id][outcome])
    saved = recorder.record(Write.ANSWER)
    if not attempt.is_last:
        attempt.go(attempt.current + 1)
        recorder.record(Write.PROGRESS)
    return saved


def test_a_full_disk_keeps_the_answers_and_saves_them_when_space_returns(tmp_path: Path, bank: Bank) -> None:
    with tiny_filesystem(tmp_path, "512k") as folder:
        database = folder / "history.sqlite3"
        store = Store.open(database)
        recorder = Recorder.start(store, new_attempt(bank), [bank])
        assert answer(recorder)
        filler = fill(folder)
        assert not answer(recorder, "wrong")
        assert not answer(recorder)
        assert "full" in (recorder.problem or "")
        assert recorder.unsaved_answers == 2 and len(recorder.attempt.answers) == 3   # kept in memory
        assert answers_on_disk(database) == [(0, "correct")]
        filler.unlink()
        assert recorder.flush() and recorder.saved and recorder.problem is None
        assert answers_on_disk(database) == [(0, "correct"), (1, "incorrect"), (2, "correct")]
        store.close()
        with contextlib.closing(sqlite3.connect(database)) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_write_lock_held_elsewhere_fails_fast_and_the_answer_follows_later(tmp_path: Path, bank: Bank) -> None:
    database = tmp_path / "history.sqlite3"
    with Store.open(database) as store:
        # The wait is SQLite's busy timeout: short, so that the screen never freezes behind a lock.
        assert store.connection.execute("PRAGMA busy_timeout").fetchone() == (int(BUSY_TIMEOUT_SECONDS * 1000),)
        recorder = Recorder.start(store, new_attempt(bank), [bank])
        with write_lock(database):
            assert not answer(recorder)
            assert "locked" in (recorder.problem or "")
            assert not recorder.flush()                      # the timer's retry, still locked
        assert answer(recorder, "wrong")                     # the next answer takes the kept one with it
        assert answers_on_disk(database) == [(0, "correct"), (1, "incorrect")]


def test_opening_an_up_to_date_history_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    Store.open(database).close()
    with write_lock(database), Store.open(database) as store:   # no migration to run: no lock needed
        assert attempts(store) == []


def test_a_quiz_that_could_not_start_is_started_with_its_answers_on_retry(tmp_path: Path, bank: Bank) -> None:
    database = tmp_path / "history.sqlite3"
    with Store.open(database) as store:
        with write_lock(database):
            recorder = Recorder.start(store, new_attempt(bank), [bank])
            assert recorder.attempt_id is None
            answer(recorder)
            recorder.attempt.toggle_flag()
            recorder.record(Write.FLAG)
        assert recorder.flush() and recorder.attempt_id is not None
        assert answers_on_disk(database) == [(0, "correct")]
        assert [u.answered for u in unfinished(store)] == [1]


def test_a_deleted_history_file_is_written_again_whole(tmp_path: Path, bank: Bank) -> None:
    database = tmp_path / "history.sqlite3"
    with Store.open(database) as store:
        recorder = Recorder.start(store, new_attempt(bank), [bank])
        assert answer(recorder) and answer(recorder, "wrong")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        # Without the check, SQLite would commit into the deleted file and the answer would be gone.
        assert answer(recorder)
        assert answers_on_disk(database) == [(0, "correct"), (1, "incorrect"), (2, "correct")]
        recorder.attempt.finish()
        assert recorder.record(Write.FINISH)
        assert [a.status for a in attempts(store)] == ["finished"]


def test_a_read_only_folder_is_read_and_no_write_is_pretended(tmp_path: Path, bank: Bank) -> None:
    with tiny_filesystem(tmp_path) as folder:
        database = folder / "history.sqlite3"
        with Store.open(database) as store:
            recorder = Recorder.start(store, new_attempt(bank), [bank])
            answer(recorder)
            recorder.release()                               # an open lock file would keep the mount busy
        remount(folder, "ro")
        with Store.open(database) as store:
            assert store.read_only is not None
            assert [u.answered for u in unfinished(store)] == [1]          # browsing works
            recorder = Recorder.start(store, new_attempt(bank), [bank])
            assert not answer(recorder)
            assert "read-only" in (recorder.problem or "") and recorder.unsaved_answers == 1
            with pytest.raises(ReadOnlyHistoryError):
                store.abandon(1)
        remount(folder, "rw")
        assert answers_on_disk(database) == [(0, "correct")]


def test_a_read_only_folder_without_a_history_gives_an_empty_one(tmp_path: Path, bank: Bank) -> None:
    with tiny_filesystem(tmp_path) as folder:
        remount(folder, "ro")
        with Store.open(folder / "profiles" / "ana" / "history.sqlite3") as store:
            assert store.read_only is not None and attempts(store) == []
            assert not Recorder.start(store, new_attempt(bank), [bank]).saved
        assert list(folder.iterdir()) == []


def test_an_attempt_ends_once_with_one_score(tmp_path: Path, bank: Bank) -> None:
    database = tmp_path / "history.sqlite3"
    with Store.open(database) as first, Store.open(database) as second:
        attempt = new_attempt(bank)
        attempt_id = first.start(attempt, [bank])
        attempt.answer(RESPONSES["mini-single"]["right"])
        first.record_answer(attempt_id, attempt)
        attempt.finish()
        first.finish(attempt_id, attempt)
        finished_at = first.connection.execute("SELECT finished_at FROM attempt").fetchone()
        with pytest.raises(AttemptClosedError, match="finished"):
            first.finish(attempt_id, attempt)                               # finishing twice
        with pytest.raises(AttemptClosedError, match="finished"):
            second.finish(attempt_id, attempt)                              # from another store
        elsewhere = new_attempt(bank)                                        # the same quiz, in another window
        elsewhere.answer(RESPONSES["mini-single"]["wrong"])
        with pytest.raises(AttemptClosedError, match="can no longer be changed"):
            second.record_answer(attempt_id, elsewhere)
        for write in (second.record_flag, second.record_progress):
            with pytest.raises(AttemptClosedError):
                write(attempt_id, elsewhere)
        second.abandon(attempt_id)                                           # closed stays closed
        assert first.connection.execute("SELECT status, finished_at FROM attempt").fetchall() == [("finished", *finished_at)]
        assert answers_on_disk(database) == [(0, "correct")]
        assert [(a.status, a.points) for a in attempts(first)] == [(a.status, a.points) for a in attempts(second)] == [
            ("finished", 1.0)]


def test_a_recorder_stops_writing_an_attempt_closed_elsewhere(tmp_path: Path, bank: Bank) -> None:
    database = tmp_path / "history.sqlite3"
    with Store.open(database) as store, Store.open(database) as other:
        recorder = Recorder.start(store, new_attempt(bank), [bank])
        assert recorder.attempt_id is not None
        other.abandon(recorder.attempt_id)
        assert not answer(recorder)
        assert recorder.closed is not None and "abandoned" in recorder.closed
        assert not recorder.flush()                                          # never retried into it
        assert answers_on_disk(database) == []
