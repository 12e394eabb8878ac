"""Every screen and dialog of the app, as a scenario: how to build the app and the keys that
reach it. The snapshot tests and the test for cut text (tests/test_tui_fit.py) both draw each
one, at 80×24 and at 60×20."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from tui_support import mini_app

from quizkit.engine.quiz import Mode
from quizkit.tui.app import QuizkitApp

SIZES = {"80x24": (80, 24), "60x20": (60, 20)}
#: A practice quiz of the mini bank answered through: single right (sure), multiple wrong (sure),
#: true/false right (the certainty prompt skipped), matching half right; then the results. In
#: practice Enter first asks how sure; s/u/g said before it submits with the next Enter.
WHOLE_QUIZ = ["1", "s", "enter", "enter", "c", "s", "enter", "enter", "2", "enter", "enter", "enter",
              "a", "b", "enter", "enter", "enter"]
EDUCATOR = "[app]\nitem_analysis = true\n"


@dataclass(frozen=True)
class Scenario:
    name: str
    press: tuple[str, ...] = ()
    mode: Mode | None = Mode.PRACTICE
    spec: dict[str, object] = field(default_factory=dict)
    config: str | None = None
    #: Keys pressed in an earlier run of the app, over the same history (a quiz left unfinished).
    before: tuple[str, ...] = ()
    source_text: bool = True
    #: Whether a snapshot is compared: not for a screen whose point is a toast, which fades on its own clock.
    snapshot: bool = True

    def app(self, data_dir: Path) -> QuizkitApp:
        """The app, after any earlier run (for the snapshot tests, which are not async)."""
        if self.before:
            asyncio.run(self.run_before(data_dir))
        return self._app(data_dir)

    async def app_async(self, data_dir: Path) -> QuizkitApp:
        if self.before:
            await self.run_before(data_dir)
        return self._app(data_dir)

    async def run_before(self, data_dir: Path) -> None:
        async with mini_app(data_dir, Mode.EXAM).run_test() as pilot:
            await pilot.press(*self.before)

    def _app(self, data_dir: Path) -> QuizkitApp:
        app = mini_app(data_dir, self.mode, config=self.config, **self.spec)
        if not self.source_text:
            app.source_texts.clear()
        return app


SCENARIOS = [
    Scenario("home", mode=None),
    Scenario("builder", ("ctrl+s",), mode=None),
    Scenario("builder_refuses_a_count", ("ctrl+s", "ctrl+s"), mode=None, config="[builder]\ncount = 9\n",
             snapshot=False),
    Scenario("question_single", ("1",)),
    Scenario("question_multiple", ("a", "c"), spec={"question_ids": frozenset({"mini-multiple"})}),
    Scenario("question_true_false", spec={"question_ids": frozenset({"mini-true-false"})}),
    Scenario("question_matching", ("b",), spec={"question_ids": frozenset({"mini-matching"})}),
    Scenario("asked_how_sure_before_the_feedback", ("1", "enter")),
    Scenario("feedback", ("2", "enter", "enter")),
    Scenario("feedback_multiple_missed", ("a", "enter", "enter"), spec={"question_ids": frozenset({"mini-multiple"})}),
    Scenario("feedback_matching", ("a", "c", "enter", "enter"), spec={"question_ids": frozenset({"mini-matching"})}),
    Scenario("quit_dialog", ("escape",)),
    Scenario("practice_skipped", ("k",)),
    Scenario("practice_looking_back", ("2", "s", "enter", "enter", "a", "left")),
    Scenario("practice_skip_the_last_offers_to_finish", ("k", "2", "enter", "enter", "enter", "k"),
             spec={"question_ids": frozenset({"mini-single", "mini-true-false"})}),
    Scenario("exam_question_flagged_with_countdown", ("1", "m"), mode=Mode.EXAM, spec={"time_limit_seconds": 600}),
    Scenario("exam_review_list", ("1", "m", "right", "right", "right", "enter"), mode=Mode.EXAM),
    Scenario("exam_submit_unanswered_asks", ("1", "r", "f"), mode=Mode.EXAM),
    Scenario("results", tuple(WHOLE_QUIZ)),
    Scenario("question_detail_from_results", (*WHOLE_QUIZ, "enter")),
    Scenario("cited_section", ("1", "enter", "enter", "o")),
    Scenario("cited_section_not_configured", ("1", "enter", "enter", "o"), source_text=False),
    Scenario("light_theme", ("ctrl+t", "1", "enter", "enter")),
    Scenario("home_after_a_quiz", (*WHOLE_QUIZ, "h")),
    Scenario("history", (*WHOLE_QUIZ, "h", "ctrl+y")),
    Scenario("past_attempt_opened_from_history", (*WHOLE_QUIZ, "h", "ctrl+y", "enter")),
    Scenario("resume_offer", mode=None, before=("1", "right", "escape", "y")),
    Scenario("item_analysis", (*WHOLE_QUIZ, "h", "ctrl+a"), config=EDUCATOR),
]


def pressing_then_waiting(keys: tuple[str, ...]) -> Callable:
    """Press ``keys``, then wait for screens that read the history off the UI thread to show it."""
    async def run(pilot) -> None:
        await pilot.press(*keys)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    return run


def screen_lines(app: QuizkitApp) -> list[str]:
    """The screen as the terminal shows it, one string per row: drawn as Textual's own
    ``export_screenshot`` draws it (its compositor, with the screens under a dialog), as text."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text().splitlines()
