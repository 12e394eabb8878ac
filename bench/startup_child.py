"""One timed start of an app, run by bench/startup.py in a fresh process.

Prints nothing itself: the parent measures from process start until this process exits, which
happens right after the target screen has been laid out and rendered once.
"""

from __future__ import annotations

import sys
from pathlib import Path


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("hello")

    Bare().run(headless=True, auto_pilot=_leave)


def quizkit(target: str, data_dir: Path, banks: list[Path]) -> None:
    """The steps of `quizkit take` (quizkit/cli/take.py), with the app run headless."""
    from quizkit.bank.cache import BankCache
    from quizkit.bank.pipeline import load_banks
    from quizkit.engine.quiz import QuizSpec
    from quizkit.history.store import Store
    from quizkit.tui.app import QuizkitApp

    loaded, sources = load_banks(banks, cache=BankCache())
    spec = QuizSpec(seed=1, count=20) if target == "question" else None  # a 20-question quiz
    with Store.open(data_dir / "history.sqlite3") as store:
        QuizkitApp(loaded, sources, store, spec=spec).run(headless=True, auto_pilot=_leave)


async def _leave(pilot) -> None:
    await pilot.pause()
    pilot.app.exit()


if __name__ == "__main__":
    target, *paths = sys.argv[1:]
    bare() if target == "bare" else quizkit(target, Path(paths[0]), [Path(p) for p in paths[1:]])
