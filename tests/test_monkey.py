"""A monkey at the keyboard: a seeded random walk of keys and resizes over every screen.

The walk starts on the home screen, with every key any screen binds (and some none do), and
now and then a terminal resize down to sizes smaller than any layout is designed for. When a
key quits the app, a new one is started on the same history, as a trainee would. It must end
with no exception in the app and a history that passes SQLite's integrity and foreign-key
checks and opens cleanly.

It takes minutes, so it is left out of the everyday run (``-m "not monkey"`` in pyproject);
``.ci/run`` runs it after the suite: ``pytest -m monkey``. ``QUIZKIT_MONKEY_KEYS`` and
``QUIZKIT_MONKEY_SEED`` change the walk's length and seed; a failure prints both to replay it.
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
from pathlib import Path

import pytest
from tui_support import mini_app

from quizkit.history.store import Store

KEYS = (
    *"0123456789abcdefgmnopqrsuly", "enter", "escape", "space", "backspace", "up", "down", "left", "right",
    "tab", "shift+tab", "home", "end", "pageup", "pagedown", "ctrl+s", "ctrl+r", "ctrl+e", "ctrl+y", "ctrl+a",
    "ctrl+t", "ctrl+p", "question_mark", "delete",
)
RESIZE_CHANCE = 0.01


@pytest.mark.monkey
async def test_ten_thousand_random_keys_and_resizes(tmp_path: Path) -> None:
    keys = int(os.environ.get("QUIZKIT_MONKEY_KEYS", "10000"))
    seed = int(os.environ.get("QUIZKIT_MONKEY_SEED", "20261201"))
    rng = random.Random(seed)
    pressed: list[str] = []
    starts = 0
    while len(pressed) < keys:
        app = mini_app(tmp_path, mode=None)
        starts += 1
        async with app.run_test(size=(80, 24)) as pilot:
            while len(pressed) < keys and app.is_running:
                if rng.random() < RESIZE_CHANCE:
                    size = (rng.randint(30, 160), rng.randint(10, 60))
                    pressed.append(f"resize{size}")
                    await pilot.resize_terminal(*size)
                key = rng.choice(KEYS)
                pressed.append(key)
                await pilot.press(key)
        app.store.close()
        assert app.return_code in (0, None), (
            f"the app failed (seed {seed}, after {len(pressed)} keys; last: {pressed[-20:]})")
    _check_history(tmp_path / "history.sqlite3")
    assert starts >= 1


def _check_history(database: Path) -> None:
    with contextlib.closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    with Store.open(database) as store:
        assert store.moved_aside is None
