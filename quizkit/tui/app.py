"""The quizkit Textual app: screens over the engine, and the glue between them."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from quizkit.bank.model import Bank, Sources
from quizkit.config import Config, ConfigError
from quizkit.engine.attempt import Attempt
from quizkit.engine.quiz import Mode, QuizError, QuizKind, QuizSpec, build_quiz
from quizkit.history.lease import Lease, LeaseHeldError
from quizkit.history.recorder import Recorder, Write
from quizkit.history.store import Store, StoreError
from quizkit.tui.compat import KeepsCrashes

if TYPE_CHECKING:  # the sender's modules load only when an LRS is configured (quizkit/cli/take.py)
    from quizkit.xapi.sync import BackgroundSync, SyncReport

THEMES = ("textual-dark", "textual-light")
T = TypeVar("T")
#: How often answers that could not be saved are tried again (also before every new write).
RETRY_SECONDS = 3.0


def _home_screen() -> Screen:
    from quizkit.tui.screens.home import HomeScreen

    return HomeScreen()


class QuizkitApp(KeepsCrashes, App[None]):
    """Opens on the home screen, or straight into a quiz when given a spec (``quizkit take``)."""

    TITLE = "quizkit"
    BINDINGS = [Binding("ctrl+t", "toggle_theme", "Light/dark", show=False)]

    def __init__(self, banks: Sequence[Bank], sources: Sources, store: Store | None, *, spec: QuizSpec | None = None,
                 source_texts: Mapping[str, Path] | None = None, theme: str | None = None,
                 config: Config | None = None, profile: str = "default",
                 clock: Callable[[], float] = time.monotonic, daily_reviews: int | None = None,
                 sync: BackgroundSync | None = None,
                 open_profile: Callable[[str], tuple[Store, BackgroundSync | None]] | None = None) -> None:
        """``config`` supplies the source texts, theme, remembered builder settings and bank
        folders, and is where the theme and builder settings are written back; without one
        (a test's app) nothing is remembered. ``source_texts`` and ``theme`` override it.

        ``store`` is None only with ``open_profile`` (``quizkit serve``): the trainee types a
        profile name first, and ``open_profile`` opens its history (and its sender, if any)."""
        from quizkit.config import builder_spec

        super().__init__()
        self.clock = clock
        self._store = store
        #: Sends queued xAPI statements from its own thread; the app only nudges it.
        self.sync = sync
        self.open_profile = open_profile
        self.banks = list(banks)
        self.sources = sources
        self.initial_spec = spec
        self.config = config
        self.profile = profile
        self.source_texts = {**(config.source_texts() if config else {}), **(source_texts or {})}
        self._section_texts: dict[str, dict[str, str]] = {}
        self.builder_spec = builder_spec(config.builder) if config else QuizSpec()
        #: The bank ids ticked for the last quiz set up on the home screen; empty: every bank.
        self.ticked_banks = frozenset(config.builder.banks.value) if config else frozenset()
        self._last_spec = spec or self.builder_spec
        #: Spaced review's daily limit (``--daily-reviews``); None: every question due.
        self.daily_reviews = daily_reviews
        configured = "textual-light" if config and config.app.theme.value == "light" else THEMES[0]
        self.theme = theme or configured
        #: The quizzes being written, or still waiting for writes that failed (in start order).
        self.recorders: list[Recorder] = []
        self._left: set[Recorder] = set()  # of those, the ones the trainee has finished or left

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

    def _ask_profile(self) -> None:
        from quizkit.tui.screens.profile import ProfileScreen

        def chosen(name: str | None) -> None:
            assert self.open_profile is not None and name is not None
            try:
                self._store, self.sync = self.open_profile(name)
                self.profile = name
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
        if self.store.read_only is not None:
            self.notify(f"Your history cannot be written ({self.store.read_only}). You can browse it and take "
                        "quizzes, but your answers are not being saved.", severity="warning", timeout=30)
        self.set_interval(RETRY_SECONDS, self.retry_unsaved)
        if self.initial_spec is None:
            self.offer_resume()
        elif not self.start_quiz(self.initial_spec, self.banks):
            self.go_home()

    def on_unmount(self) -> None:
        # The leases go with the window: another may resume a quiz left here. Writes still
        # waiting get their last try from unsaved_message(), after the app has closed.
        for recorder in self.recorders:
            recorder.release()
        if self.sync is not None:
            self.sync.stop(timeout=2.0)  # what is not sent stays queued for next time
        if self.open_profile is not None and self._store is not None:
            self._store.close()  # served: the history was opened here, so it is closed here

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Textual's notify, with markup off by default: every message here may quote a bank,
        a path or an error from outside, which is shown as written (docs/security.md)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # -- what screens ask of the app ---------------------------------------------------------------
    def start_quiz(self, spec: QuizSpec, banks: Iterable[Bank]) -> bool:
        """Whether a quiz could be built from ``spec``; if not, the trainee is told why."""
        from quizkit.engine.standing import NO_HISTORY
        from quizkit.history.standing import standing
        from quizkit.tui.screens.question import QuestionScreen

        # The history is read only for a quiz filtered by it (unseen, missed last time, flagged).
        record = (self.use_history(standing) or NO_HISTORY) if spec.statuses else NO_HISTORY
        try:
            quiz = build_quiz(banks, spec, record)
        except QuizError as error:
            self.notify(str(error), severity="error")
            return False
        recorder = Recorder.start(self.store, Attempt(quiz, clock=self.clock), self.banks)
        self.recorders.append(recorder)
        self._tell(recorder, was_saved=True)
        self.push_screen(QuestionScreen(recorder))
        return True

    # -- saving answers ----------------------------------------------------------------------------
    def save(self, recorder: Recorder, write: Write, index: int | None = None) -> None:
        """Save ``write`` right after the engine call it mirrors. A failure never stops the quiz:
        the recorder keeps the write, the trainee is told once, and it is retried."""
        was_saved = recorder.problem is None
        recorder.record(write, index)
        self._tell(recorder, was_saved)
        self._nudge_sync()

    def retry_unsaved(self) -> None:
        """Try the writes that failed again (the app's timer); let go of quizzes fully saved."""
        for recorder in list(self.recorders):
            if not recorder.saved and recorder.closed is None:
                was_saved = recorder.problem is None
                recorder.flush()
                self._tell(recorder, was_saved)
                self._nudge_sync()
        self._let_go()

    def done_with(self, recorder: Recorder) -> None:
        """The trainee has finished or left this quiz: once it is all on disk, its lease is
        released (another window may resume it). Until then the timer keeps trying."""
        self._left.add(recorder)
        self._let_go()

    def _let_go(self) -> None:
        for recorder in [r for r in self.recorders if r in self._left and (r.saved or r.closed is not None)]:
            recorder.release()
            self.recorders.remove(recorder)
            self._left.discard(recorder)

    def _tell(self, recorder: Recorder, was_saved: bool) -> None:
        if recorder.problem is not None and was_saved:
            self.notify(f"Not saved to your history: {recorder.problem}. Your answers are kept here, and quizkit "
                        "keeps trying to save them.", severity="error", timeout=15)
        elif recorder.problem is None and not was_saved:
            self.notify("Saved: the answers kept while your history could not be written are in it now.")

    def unsaved_message(self) -> str | None:
        """Try every waiting write once more; what is still not saved, in one plain sentence, or
        None when everything is on disk. For when the app closes: the last chance to say so."""
        for recorder in self.recorders:
            if recorder.closed is None:
                recorder.flush()
        lost = [r for r in self.recorders if not r.saved]
        for recorder in self.recorders:
            recorder.release()
        if not lost:
            return None
        answers = sum(r.unsaved_answers for r in lost)
        reasons = "; ".join(dict.fromkeys(r.problem or "" for r in lost))
        return (f"{answers} answer{'s' if answers != 1 else ''} (and the progress of {len(lost)} "
                f"quiz{'zes' if len(lost) != 1 else ''}) could not be saved to {self.store.path}: {reasons}.")

    def use_history(self, action: Callable[[Store], T]) -> T | None:
        """Read or write the history now; a failure (a full disk, say) is shown, and the quiz
        goes on. Every answer is committed as it is given, so a failure loses at most that one."""
        try:
            done = action(self.store)
        except StoreError as error:
            self.notify(f"Could not save to your history: {error}", severity="error", timeout=15)
            return None
        self._nudge_sync()
        return done

    def _nudge_sync(self) -> None:
        """Statements may be waiting: wake the sender. An event set, nothing more: the sender's
        thread does the network, so the app never waits on it."""
        if self.sync is not None:
            self.sync.nudge()

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

    def offer_resume(self, attempt_id: int | None = None, *, after: Callable[[], object] | None = None) -> bool:
        """Offer an unfinished quiz (``attempt_id``, else the most recent) at the question it was
        left on: resume, discard, or later (it stays listed). ``after`` runs once the trainee
        has chosen. False when there is no such quiz."""
        from quizkit.history.resume import unfinished

        pending = self.use_history(unfinished) or []
        if attempt_id is not None:
            pending = [p for p in pending if p.attempt_id == attempt_id]
        if not pending:
            return False
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
                    self.abandon(latest.attempt_id)
                    return
                try:
                    recorder = Recorder.resume(self.store, resumed.attempt, resumed.attempt_id, self.banks)
                except LeaseHeldError as error:
                    self.notify(f"{error}.", severity="warning", timeout=15)
                    return
                if resumed.edited:
                    self.notify(f"Edited since you answered: {', '.join(resumed.edited)}. Your answers keep their scores.",
                                severity="warning", timeout=10)
                self.recorders.append(recorder)
                self.push_screen(QuestionScreen(recorder))
            elif choice == "discard":
                self.abandon(latest.attempt_id)
            if after is not None:
                after()

        self.push_screen(ResumeScreen(latest), chosen)
        return True

    def open_past_attempt(self, attempt_id: int) -> None:
        """Open a past attempt's results, each question's explanation as it was answered."""
        from quizkit.history.past import past_results
        from quizkit.history.resume import ResumeError
        from quizkit.tui.screens.results import ResultsScreen

        try:
            past = self.use_history(lambda store: past_results(store, attempt_id, self.banks))
        except ResumeError as error:
            self.notify(f"{error}.", severity="error", timeout=10)
            return
        if past is None:
            return
        if past.edited:
            self.notify(f"Edited since you answered: {', '.join(past.edited)}. Your answers keep their scores.",
                        severity="warning", timeout=10)
        self.push_screen(ResultsScreen(past.results, past=True))

    def abandon(self, attempt_id: int) -> None:
        """Close an unfinished attempt, unless another window has it open (it is told, not closed)."""
        try:
            lease = Lease.take(self.store.path, attempt_id)
        except LeaseHeldError as error:
            self.notify(f"{error}.", severity="warning", timeout=15)
            return
        try:
            self.use_history(lambda store: store.abandon(attempt_id))
        finally:
            if lease is not None:
                lease.release()

    def show_results(self, recorder: Recorder) -> None:
        from quizkit.engine.results import results_of
        from quizkit.tui.screens.results import ResultsScreen

        self.save(recorder, Write.FINISH)
        if not recorder.saved and recorder.closed is None:
            unsaved = recorder.unsaved_answers
            self.notify(f"This quiz is not fully saved ({unsaved} answer{'s' if unsaved != 1 else ''} waiting): "
                        f"{recorder.problem}. quizkit keeps trying while it is open.", severity="error", timeout=30)
        self.done_with(recorder)
        self._last_spec = recorder.attempt.quiz.spec
        self.switch_screen(ResultsScreen(results_of(recorder.attempt)))

    def retry(self, question_ids: Sequence[str], kind: QuizKind, *, from_results: bool = True) -> None:
        """A new practice quiz of ``question_ids``, labelled ``kind`` (retry, review, leeches).

        Always practice, without a time limit, whatever the last quiz was: going over questions is
        for learning from each one's feedback, and a retry's score is not an exam's."""
        if not question_ids:
            self.notify("Nothing to go over: no question matches.")
            return
        spec = QuizSpec(mode=Mode.PRACTICE, question_ids=frozenset(question_ids), shuffle=self._last_spec.shuffle,
                        origin=kind)
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

    def remember_builder(self, spec: QuizSpec, ticked: Collection[str]) -> None:
        """Keep the builder's settings and the banks ticked for the next quiz, and in the
        configuration file for the next start. Every bank ticked is kept as "all", so that a bank
        added later starts ticked too."""
        from quizkit.config import builder_values

        every = {bank.id for bank in self.banks}
        self.builder_spec = replace(spec, seed=None, question_ids=frozenset())
        self.ticked_banks = frozenset() if every <= set(ticked) else frozenset(ticked)
        self._remember("builder", {**builder_values(spec), "banks": sorted(self.ticked_banks)})

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
