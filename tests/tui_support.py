"""Building the app for pilot and snapshot tests: the mini bank, a fixed seed, a frozen clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import DATA, MINI_GUIDE, TEST_SOURCES

from quizkit.bank.loader import read_bank, read_sources
from quizkit.engine.quiz import Mode, QuizSpec
from quizkit.history.store import Store
from quizkit.tui.app import QuizkitApp


class FrozenClock:
    """Time stands still unless a test moves it, so timers and snapshots are reproducible."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


NOW = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.timezone.utc)

#: The mini bank's four questions answered in practice mode, 3 right and the multiple-response one
#: missed: each a pick, Enter (asked how sure), Enter (skipped: the feedback), Enter (next).
PRACTICE_ALL = ["1", "enter", "enter", "enter", "c", "enter", "enter", "enter", "2", "enter", "enter", "enter",
                "a", "b", "enter", "enter", "enter"]


def open_store(data_dir: Path) -> Store:
    """A history in ``data_dir`` whose clock reads a fixed moment, so screens showing dates are stable."""
    return Store.open(data_dir / "history.sqlite3", now=lambda: NOW)


def mini_app(data_dir: Path, mode: Mode | None = Mode.PRACTICE, *, clock: FrozenClock | None = None,
             **spec: object) -> QuizkitApp:
    """The app on the mini bank with a history in ``data_dir``; ``mode=None`` opens the home screen."""
    bank = read_bank(DATA / "valid" / "mini-bank.yaml").bank
    sources = read_sources(TEST_SOURCES)
    quiz = None if mode is None else QuizSpec(mode=mode, shuffle=False, seed=42, **spec)
    return QuizkitApp([bank], sources, open_store(data_dir), spec=quiz, source_texts={"mini-guide": MINI_GUIDE},
                      clock=clock or FrozenClock())
