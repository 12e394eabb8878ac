"""Building the app for pilot and snapshot tests: the mini bank, a fixed seed, a frozen clock."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from conftest import DATA, MINI_GUIDE, TEST_SOURCES
from rich.console import Console
from textual.widgets import Static

from quizkit.bank.loader import read_bank, read_sources
from quizkit.config import load_config
from quizkit.engine.quiz import Mode, QuizSpec
from quizkit.history.store import Store
from quizkit.tui.app import QuizkitApp


class FrozenClock:
    """Time stands still unless a test moves it, so timers and snapshots are reproducible."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


NOW = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.UTC)

#: The mini bank's four questions answered in practice mode, 3 right and the multiple-response one
#: missed: each a pick, Enter (asked how sure), Enter (skipped: the feedback), Enter (next).
PRACTICE_ALL = ["1", "enter", "enter", "enter", "c", "enter", "enter", "enter", "2", "enter", "enter", "enter",
                "a", "b", "enter", "enter", "enter"]


def open_store(data_dir: Path) -> Store:
    """A history in ``data_dir`` whose clock reads a fixed moment, so screens showing dates are stable."""
    return Store.open(data_dir / "history.sqlite3", now=lambda: NOW)


def mini_app(data_dir: Path, mode: Mode | None = Mode.PRACTICE, *, clock: FrozenClock | None = None,
             config: str | None = None, extra_banks: tuple[Path, ...] = (), **spec: object) -> QuizkitApp:
    """The app on the mini bank with a history in ``data_dir``; ``mode=None`` opens the home screen.

    ``config`` is the text of a configuration file, written to ``data_dir/config.toml`` (unless
    one is there already: a restart reads what the last run wrote) and read as the app would.
    ``extra_banks`` are bank files added beside the mini bank (a configured folder's, say).
    """
    banks = [read_bank(path).bank for path in (DATA / "valid" / "mini-bank.yaml", *extra_banks)]
    sources = read_sources(TEST_SOURCES)
    quiz = None if mode is None else QuizSpec(**{"mode": mode, "shuffle": False, "seed": 42, **spec})
    settings = None
    if config is not None:
        path = data_dir / "config.toml"
        if not path.exists():
            path.write_text(config, encoding="utf-8")
        settings = load_config(path, environ={})
    texts = {} if settings is not None and settings.sources else {"mini-guide": MINI_GUIDE}
    return QuizkitApp(banks, sources, open_store(data_dir), spec=quiz, source_texts=texts, config=settings,
                      clock=clock or FrozenClock())


def plain(static: Static) -> str:
    """What a Static shows, as plain text: rendered through Rich, wide enough that no line wraps,
    so that a test can look for a whole sentence whatever the widget holds (text or a group)."""
    console = Console(width=400, record=True, file=io.StringIO(), color_system=None)
    console.print(static.content)
    return console.export_text()
