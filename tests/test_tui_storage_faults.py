"""The app through storage faults, driven by the pilot: it says so, keeps the quiz and the
answers, retries, and never blocks; another window's quiz is left alone; a crash is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from fault_support import answers_on_disk, fill, remount, tiny_filesystem, write_lock
from textual.widgets import Static
from tui_support import mini_app, plain

from quizkit.cli.take import exit_status
from quizkit.crash import CRASH_DIR_VARIABLE, EXIT_CRASH
from quizkit.engine.quiz import Mode
from quizkit.history.lease import Lease
from quizkit.tui.screens.confirm import ConfirmScreen
from quizkit.tui.screens.question import QuestionScreen
from quizkit.tui.screens.results import ResultsScreen


def toasts(app) -> str:
    return " | ".join(str(toast.render()) for toast in app.screen.query("Toast"))


# In practice mode Enter first asks how sure the trainee is; a second Enter skips the question.


async def test_answers_given_while_the_disk_is_full_are_kept_and_saved_when_space_returns(tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path, "512k") as folder:
        app = mini_app(folder)
        database = folder / "history.sqlite3"
        async with app.run_test(notifications=True) as pilot:
            await pilot.press("1", "enter", "enter")                                  # saved
            await pilot.press("enter")
            filler = fill(folder)
            await pilot.press("1", "enter", "enter")                                  # the disk is full
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QuestionScreen) and set(screen.attempt.answers) == {0, 1}
            assert "Not saved to your history" in toasts(app) and "full" in toasts(app)
            assert answers_on_disk(database) == [(0, "correct")]
            await pilot.press("escape")                                      # quitting says what is at stake
            assert isinstance(app.screen, ConfirmScreen)
            assert "NOT saved" in plain(app.screen.query_one("#question", Static))
            await pilot.press("n")
            filler.unlink()
            app.retry_unsaved()                                              # the app's timer
            await pilot.pause()
            assert "Saved: the answers kept" in toasts(app)
            assert answers_on_disk(database) == [(0, "correct"), (1, "partial")]
        assert app.unsaved_message() is None


async def test_quitting_with_answers_unsaved_says_so_and_exits_non_zero(tmp_path: Path, capsys) -> None:
    with tiny_filesystem(tmp_path, "512k") as folder:
        app = mini_app(folder)
        async with app.run_test(notifications=True) as pilot:
            filler = fill(folder)
            await pilot.press("1", "enter", "enter")
            await pilot.press("escape", "y")                                 # out of the app, nothing saved
        assert exit_status(app) == 1                                         # tried once more: still full
        said = capsys.readouterr().err
        assert "1 answer" in said and "could not be saved" in said and "full" in said
        filler.unlink()


async def test_a_locked_history_never_blocks_and_the_next_answer_saves_both(tmp_path: Path) -> None:
    app = mini_app(tmp_path)
    database = tmp_path / "history.sqlite3"
    async with app.run_test(notifications=True) as pilot:
        with write_lock(database):
            await pilot.press("1", "enter", "enter")
            await pilot.pause()
            assert "locked" in toasts(app)
        await pilot.press("enter", "1", "enter", "enter")
        assert answers_on_disk(database) == [(0, "correct"), (1, "partial")]


async def test_a_history_deleted_under_the_app_is_written_again(tmp_path: Path) -> None:
    app = mini_app(tmp_path, Mode.EXAM)
    database = tmp_path / "history.sqlite3"
    async with app.run_test(notifications=True) as pilot:
        await pilot.press("1", "right")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        await pilot.press("a", "right")
        assert answers_on_disk(database) == [(0, "correct"), (1, "partial")]


async def test_a_read_only_history_is_browsed_and_the_app_says_answers_are_not_saved(tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path) as folder:
        app = mini_app(folder)
        async with app.run_test() as pilot:
            await pilot.press("1", "enter", "enter")
        app.store.close()
        remount(folder, "ro")
        app = mini_app(folder)
        async with app.run_test(notifications=True) as pilot:
            await pilot.pause()
            assert "answers are not being saved" in toasts(app)
            await pilot.press("1", "enter", "enter")
            assert isinstance(app.screen, QuestionScreen) and 0 in app.screen.attempt.answers
        assert "could not be saved" in (app.unsaved_message() or "")
        app.store.close()
        remount(folder, "rw")


async def test_a_quiz_open_in_another_window_is_not_resumed_or_discarded_here(tmp_path: Path) -> None:
    from quizkit.tui.screens.resume import ResumeScreen

    app = mini_app(tmp_path, Mode.EXAM)
    async with app.run_test() as pilot:
        await pilot.press("1", "escape", "y")                                # left open
    other_window = Lease.take(tmp_path / "history.sqlite3", 1)
    assert other_window is not None
    for key in ("r", "d"):
        again = mini_app(tmp_path, mode=None)
        async with again.run_test(notifications=True) as pilot:
            await pilot.pause()
            assert isinstance(again.screen, ResumeScreen)
            await pilot.press(key)
            await pilot.pause()
            assert "open in another quizkit window" in toasts(again)
            assert not isinstance(again.screen, QuestionScreen)
    other_window.release()
    assert [status for (status,) in again.store.connection.execute("SELECT status FROM attempt")] == ["open"]


async def test_finishing_saves_once_and_releases_the_attempt(tmp_path: Path) -> None:
    app = mini_app(tmp_path, Mode.EXAM)
    async with app.run_test() as pilot:
        await pilot.press("1", "r", "f", "y")                                # answer, review, submit (unanswered: yes)
        assert isinstance(app.screen, ResultsScreen)
        assert app.recorders == []
        assert Lease.take(tmp_path / "history.sqlite3", 1) is not None       # released


async def test_an_unexpected_error_in_the_app_is_reported_not_printed(tmp_path: Path, monkeypatch, capsys) -> None:
    def broken(self: QuestionScreen) -> None:
        raise RuntimeError("a bug in a screen")

    monkeypatch.setattr(QuestionScreen, "action_flag", broken)
    monkeypatch.setenv(CRASH_DIR_VARIABLE, str(tmp_path / "crashes"))
    app = mini_app(tmp_path, Mode.EXAM)
    with pytest.raises(RuntimeError, match="a bug in a screen"):             # the pilot re-raises it
        async with app.run_test() as pilot:
            await pilot.press("m")
            await pilot.pause()
    assert isinstance(app.crash, RuntimeError) and app.return_code == 1
    assert exit_status(app) == EXIT_CRASH
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "unexpected error (RuntimeError)" in said[0]
    [report] = (tmp_path / "crashes").iterdir()
    assert "a bug in a screen" in report.read_text()
