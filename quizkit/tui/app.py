"""The quizkit Textual app: screens over the engine, and the glue between them."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from quizkit.attempt import Attempt
from quizkit.model import Bank, Sources
from quizkit.quiz import QuizError, QuizSpec, build_quiz
from quizkit.results import results_of
from quizkit.sourcetext import split_sections

THEMES = ("textual-dark", "textual-light")


class QuizkitApp(App[None]):
    """Opens on the home screen, or straight into a quiz when given a spec (``quizkit take``)."""

    TITLE = "quizkit"
    BINDINGS = [Binding("ctrl+t", "toggle_theme", "Light/dark", show=False)]

    def __init__(self, banks: Sequence[Bank], sources: Sources, *, spec: QuizSpec | None = None,
                 source_texts: Mapping[str, Path] | None = None, theme: str = THEMES[0],
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.clock = clock
        self.banks = list(banks)
        self.sources = sources
        self.initial_spec = spec
        self.source_texts = dict(source_texts or {})
        self._section_texts: dict[str, dict[str, str]] = {}
        self._last_spec = spec or QuizSpec()
        self.theme = theme

    def on_mount(self) -> None:
        from quizkit.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.initial_spec is not None:
            self.start_quiz(self.initial_spec, self.banks)

    # -- what screens ask of the app ---------------------------------------------------------------
    def start_quiz(self, spec: QuizSpec, banks: Iterable[Bank]) -> None:
        from quizkit.tui.screens.question import QuestionScreen

        try:
            quiz = build_quiz(banks, spec)
        except QuizError as error:
            self.notify(str(error), severity="error")
            return
        self.push_screen(QuestionScreen(Attempt(quiz, clock=self.clock)))

    def record_answer(self, attempt: Attempt) -> None:
        """Called after every answer and confidence change; the history store hooks in here."""

    def show_results(self, attempt: Attempt) -> None:
        from quizkit.tui.screens.results import ResultsScreen

        self._last_spec = attempt.quiz.spec
        self.switch_screen(ResultsScreen(results_of(attempt)))

    def retry(self, question_ids: Sequence[str]) -> None:
        from dataclasses import replace

        spec = replace(self._last_spec, question_ids=frozenset(question_ids), tags=frozenset(),
                       difficulties=frozenset(), levels=frozenset(), count=None, seed=None)
        self.pop_screen()
        self.start_quiz(spec, self.banks)

    def go_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def leave_quiz(self) -> None:
        """Quit a quiz mid-way: back home, or out of the app when it was opened on the quiz."""
        if self.initial_spec is not None:
            self.exit()
        else:
            self.go_home()

    def section_text(self, source_id: str, section_id: str) -> str | None:
        """The cited section's text, when the educator configured the source text."""
        path = self.source_texts.get(source_id)
        source = self.sources.sources.get(source_id)
        if path is None or source is None:
            return None
        if source_id not in self._section_texts:
            pieces = {p.number: p.text for p in split_sections(path.read_text(encoding="utf-8-sig"), source.heading_pattern)}
            self._section_texts[source_id] = {s.id: pieces.get(s.number, "") for s in source.sections}
        return self._section_texts[source_id].get(section_id)

    # -- keys -----------------------------------------------------------------------------------
    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette lists every key the current screen offers, so no key is hidden."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Light/dark theme", "Switch between the light and dark theme (ctrl+t)", self.action_toggle_theme)
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if active.enabled and binding.description and binding.action not in ("app.quit", "command_palette"):
                yield SystemCommand(f"{binding.description} ({binding.key_display or key})", f"Key: {binding.key_display or key}",
                                    lambda action=binding.action: screen.run_action(action))
