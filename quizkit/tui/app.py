"""The quizkit Textual app: screens over the engine, and the glue between them."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from quizkit.bank.model import Bank, Sources
from quizkit.engine.attempt import Attempt
from quizkit.engine.quiz import QuizError, QuizSpec, build_quiz
from quizkit.history.store import Store, StoreError
from quizkit.xapi.sync import BackgroundSync, SyncReport

THEMES = ("textual-dark", "textual-light")
T = TypeVar("T")


def _home_screen() -> Screen:
    from quizkit.tui.screens.home import HomeScreen

    return HomeScreen()


class QuizkitApp(App[None]):
    """Opens on the home screen, or straight into a quiz when given a spec (``quizkit take``)."""

    TITLE = "quizkit"
    BINDINGS = [Binding("ctrl+t", "toggle_theme", "Light/dark", show=False)]

    def __init__(self, banks: Sequence[Bank], sources: Sources, store: Store | None, *, spec: QuizSpec | None = None,
                 source_texts: Mapping[str, Path] | None = None, theme: str = THEMES[0],
                 clock: Callable[[], float] = time.monotonic, sync: BackgroundSync | None = None,
                 open_profile: Callable[[str], tuple[Store, BackgroundSync | None]] | None = None) -> None:
        """``store`` is None only with ``open_profile`` (``quizkit serve``): the trainee types a
        profile name first, and ``open_profile`` opens its history (and its sender, if any)."""
        super().__init__()
        self.clock = clock
        self._store = store
        #: Sends queued xAPI statements from its own thread; the app only nudges it.
        self.sync = sync
        self.open_profile = open_profile
        self.banks = list(banks)
        self.sources = sources
        self.initial_spec = spec
        self.source_texts = dict(source_texts or {})
        self._section_texts: dict[str, dict[str, str]] = {}
        self._last_spec = spec or QuizSpec()
        self.theme = theme

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("no profile is open yet")
        return self._store

    def get_default_screen(self) -> Screen:
        """The bottom of the stack: the home screen, or under a quiz opened by ``quizkit take``
        an empty screen, so that the quiz opens without a home screen drawn behind it (one is
        made when the trainee goes home from the results). Served, the profile is asked first."""
        return _home_screen() if self.initial_spec is None and self._store is not None else Screen()

    def on_mount(self) -> None:
        if self._store is None:
            self._ask_profile()
            return
        self._opened()

    def on_unmount(self) -> None:
        if self.sync is not None:
            self.sync.stop(timeout=2.0)  # what is not sent stays queued for next time
        if self.open_profile is not None and self._store is not None:
            self._store.close()  # served: the history was opened here, so it is closed here

    def _ask_profile(self) -> None:
        from quizkit.tui.screens.profile import ProfileScreen

        def chosen(name: str | None) -> None:
            assert self.open_profile is not None and name is not None
            try:
                self._store, self.sync = self.open_profile(name)
            except Exception as error:  # a history or configuration that cannot be used: say so, ask again
                self.notify(f"Could not open the history of '{name}': {error}", severity="error", timeout=15)
                self._ask_profile()
                return
            if self.initial_spec is None:
                self.push_screen(_home_screen())
            self._opened()

        self.push_screen(ProfileScreen(), chosen)

    def _opened(self) -> None:
        """The history is open: warn about a file moved aside, start sending, then resume or start."""
        if self.sync is not None:
            self.sync.start(lambda report: self.call_from_thread(self._sync_report, report))
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
            done = action(self.store)
        except StoreError as error:
            self.notify(f"Could not save to your history: {error}", severity="error", timeout=15)
            return None
        if self.sync is not None:
            self.sync.nudge()  # an event set, nothing more: the sender's thread does the network
        return done

    def _sync_report(self, report: SyncReport) -> None:
        """What the background sender has to say: statements set aside, or the LRS lost or found again."""
        if report.rejected:
            self.notify(f"The LRS refused {len(report.rejected)} result statement(s); they are set aside "
                        "(`quizkit sync --status` lists them).", severity="warning", timeout=15)
        elif report.problem and not report.unreachable:
            self.notify(f"Results are not being sent: {report.problem}", severity="error", timeout=15)
        elif report.unreachable:
            self.notify("The LRS cannot be reached: results are kept and will be sent when it can.", timeout=8)
        else:
            self.notify("The LRS is reachable again: results are being sent.", timeout=5)

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
        from dataclasses import replace

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
        """The cited section's text, when the educator configured the source text."""
        from quizkit.bank.sourcetext import split_sections

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
