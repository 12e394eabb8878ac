"""The quizkit Textual app: screens over the engine, and the glue between them."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from quizkit.bank.model import Bank, Sources
from quizkit.config import Config, ConfigError
from quizkit.engine.attempt import Attempt
from quizkit.engine.quiz import QuizError, QuizSpec, build_quiz
from quizkit.history.store import Store, StoreError

THEMES = ("textual-dark", "textual-light")
T = TypeVar("T")


def _home_screen() -> Screen:
    from quizkit.tui.screens.home import HomeScreen

    return HomeScreen()


class QuizkitApp(App[None]):
    """Opens on the home screen, or straight into a quiz when given a spec (``quizkit take``)."""

    TITLE = "quizkit"
    BINDINGS = [Binding("ctrl+t", "toggle_theme", "Light/dark", show=False)]

    def __init__(self, banks: Sequence[Bank], sources: Sources, store: Store, *, spec: QuizSpec | None = None,
                 source_texts: Mapping[str, Path] | None = None, theme: str | None = None,
                 config: Config | None = None, profile: str = "default",
                 clock: Callable[[], float] = time.monotonic) -> None:
        """``config`` supplies the source texts, theme, remembered builder settings and bank
        folders, and is where the theme and builder settings are written back; without one
        (a test's app) nothing is remembered. ``source_texts`` and ``theme`` override it."""
        from quizkit.config import builder_spec

        super().__init__()
        self.clock = clock
        self.store = store
        self.banks = list(banks)
        self.sources = sources
        self.initial_spec = spec
        self.config = config
        self.profile = profile
        self.source_texts = {**(config.source_texts() if config else {}), **(source_texts or {})}
        self._section_texts: dict[str, dict[str, str]] = {}
        self.builder_spec = builder_spec(config.builder) if config else QuizSpec()
        self._last_spec = spec or self.builder_spec
        configured = "textual-light" if config and config.app.theme.value == "light" else THEMES[0]
        self.theme = theme or configured

    def get_default_screen(self) -> Screen:
        """The bottom of the stack: the home screen, or under a quiz opened by ``quizkit take``
        an empty screen, so that the quiz opens without a home screen drawn behind it (one is
        made when the trainee goes home from the results)."""
        return _home_screen() if self.initial_spec is None else Screen()

    def on_mount(self) -> None:
        if self.store.moved_aside is not None:
            self.notify(self.store.moved_aside.message, severity="warning", timeout=30)
        if self.initial_spec is None:
            self.offer_resume()
        elif not self.start_quiz(self.initial_spec, self.banks):
            self.go_home()

    # -- what screens ask of the app ---------------------------------------------------------------
    def start_quiz(self, spec: QuizSpec, banks: Iterable[Bank]) -> bool:
        """Whether a quiz could be built from ``spec``; if not, the trainee is told why."""
        from quizkit.tui.screens.question import QuestionScreen

        try:
            quiz = build_quiz(banks, spec)
        except QuizError as error:
            self.notify(str(error), severity="error")
            return False
        attempt = Attempt(quiz, clock=self.clock)
        attempt_id = self.use_history(lambda store: store.start(attempt, self.banks))
        self.push_screen(QuestionScreen(attempt, attempt_id))
        return True

    def use_history(self, action: Callable[[Store], T]) -> T | None:
        """Read or write the history now; a failure (a full disk, say) is shown, and the quiz
        goes on. Every answer is committed as it is given, so a failure loses at most that one."""
        try:
            return action(self.store)
        except StoreError as error:
            self.notify(f"Could not save to your history: {error}", severity="error", timeout=15)
            return None

    def offer_resume(self) -> None:
        """Offer the most recent unfinished quiz, at the question it was left on."""
        from quizkit.history.resume import unfinished

        pending = self.use_history(unfinished) or []
        if not pending:
            return
        from quizkit.tui.screens.resume import ResumeScreen

        latest = pending[0]

        def chosen(choice: str | None) -> None:
            from quizkit.history.resume import ResumeError, resume
            from quizkit.tui.screens.question import QuestionScreen

            if choice == "resume":
                try:
                    resumed = resume(self.store, latest.attempt_id, self.banks, clock=self.clock)
                except ResumeError as error:
                    self.notify(f"{error}.", severity="error", timeout=15)
                    self.use_history(lambda store: store.abandon(latest.attempt_id))
                    return
                if resumed.edited:
                    self.notify(f"Edited since you answered: {', '.join(resumed.edited)}. Your answers keep their scores.",
                                severity="warning", timeout=10)
                self.push_screen(QuestionScreen(resumed.attempt, resumed.attempt_id))
            elif choice == "discard":
                self.use_history(lambda store: store.abandon(latest.attempt_id))

        self.push_screen(ResumeScreen(latest), chosen)

    def show_results(self, attempt: Attempt, attempt_id: int | None) -> None:
        from quizkit.engine.results import results_of
        from quizkit.tui.screens.results import ResultsScreen

        if attempt_id is not None:
            self.use_history(lambda store: store.finish(attempt_id, attempt))
        self._last_spec = attempt.quiz.spec
        self.switch_screen(ResultsScreen(results_of(attempt)))

    def retry(self, question_ids: Sequence[str], *, from_results: bool = True) -> None:
        """A new quiz of ``question_ids``, in the mode of the last quiz."""
        if not question_ids:
            self.notify("Nothing to go over: no question matches.")
            return
        spec = replace(self._last_spec, question_ids=frozenset(question_ids), tags=frozenset(),
                       difficulties=frozenset(), levels=frozenset(), count=None, seed=None)
        if from_results:
            self.pop_screen()
        self.start_quiz(spec, self.banks)

    def go_home(self) -> None:
        """Close every screen above the home screen; after ``quizkit take``, open one."""
        depth = self._home_depth()
        while len(self.screen_stack) > (depth or 1):
            self.pop_screen()
        if depth is None:
            self.push_screen(_home_screen())

    def leave_quiz(self) -> None:
        """Quit a quiz mid-way: back home, or out of the app when it was opened on the quiz."""
        if self._home_depth() is None:
            self.exit()
        else:
            self.go_home()

    def _home_depth(self) -> int | None:
        """How many screens there are up to the home screen, if one is open."""
        from quizkit.tui.screens.home import HomeScreen

        return next((i + 1 for i, screen in enumerate(self.screen_stack) if isinstance(screen, HomeScreen)), None)

    def section_label(self, section_id: str) -> str:
        """The label of a cited section id ("Part 3"), when some source has that section."""
        for source in self.sources.sources.values():
            section = source.section(section_id)
            if section is not None:
                return f"Part {section.number}"
        return section_id

    def section_text(self, source_id: str, section_id: str) -> str | None:
        """The cited section's text, when the educator configured the source text; ``BankError``
        (one diagnostic saying what to do) when that file cannot be read."""
        from quizkit.bank.sourcetext import read_source_text, split_sections

        path = self.source_texts.get(source_id)
        source = self.sources.sources.get(source_id)
        if path is None or source is None:
            return None
        if source_id not in self._section_texts:
            pieces = {p.number: p.text for p in split_sections(read_source_text(path), source.heading_pattern)}
            self._section_texts[source_id] = {s.id: pieces.get(s.number, "") for s in source.sections}
        return self._section_texts[source_id].get(section_id)

    # -- what the app remembers --------------------------------------------------------------------
    @property
    def bank_folders(self) -> list[Path]:
        return list(self.config.banks.folders.value) if self.config else []

    def bank_origin(self, bank: Bank) -> str:
        """Where ``bank`` comes from, as the home screen shows it: "bundled" or its folder's name."""
        from quizkit.bank.pipeline import bank_origin

        return bank_origin(bank, self.bank_folders)

    @property
    def item_analysis_enabled(self) -> bool:
        """Item analysis shows every profile's names and scores: an educator's view, off unless configured."""
        return bool(self.config and self.config.app.item_analysis.value)

    def remember_builder(self, spec: QuizSpec) -> None:
        """Keep the builder's settings for the next quiz, and in the configuration file for the next start."""
        from quizkit.config import builder_values

        self.builder_spec = replace(spec, seed=None, question_ids=frozenset())
        self._remember("builder", builder_values(spec))

    def _remember(self, table: str, values: Mapping[str, object]) -> None:
        if self.config is None:
            return
        from quizkit.configwrite import update_table

        try:
            update_table(self.config.path, table, values)
        except ConfigError as error:
            self.notify(f"Not remembered: {error}", severity="warning", timeout=10, markup=False)

    # -- keys -----------------------------------------------------------------------------------
    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]
        self._remember("app", {"theme": "light" if self.theme == THEMES[1] else "dark"})

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette lists every key the current screen offers, so no key is hidden."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Light/dark theme", "Switch between the light and dark theme (ctrl+t)", self.action_toggle_theme)
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if active.enabled and binding.description and binding.action not in ("app.quit", "command_palette"):
                yield SystemCommand(f"{binding.description} ({binding.key_display or key})", f"Key: {binding.key_display or key}",
                                    lambda action=binding.action: screen.run_action(action))
