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


def quizkit(target: str, banks: list[Path]) -> None:
    from quizkit.bankcache import BankCache
    from quizkit.quiz import QuizSpec
    from quizkit.tui.app import QuizkitApp
    from quizkit.validate import load_banks

    loaded, sources = load_banks(banks, cache=BankCache())  # as `quizkit take` loads them
    spec = QuizSpec(seed=1) if target == "question" else None
    QuizkitApp(loaded, sources, spec=spec).run(headless=True, auto_pilot=_leave)


async def _leave(pilot) -> None:  # noqa: ANN001 - textual.pilot.Pilot
    await pilot.pause()
    pilot.app.exit()


if __name__ == "__main__":
    target, *paths = sys.argv[1:]
    bare() if target == "bare" else quizkit(target, [Path(p) for p in paths])
