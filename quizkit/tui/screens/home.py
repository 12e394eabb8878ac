"""The home screen: the banks by part, where each comes from, and the trainee's mastery of each;
spaced review at a glance. Enter starts a quiz on the highlighted bank with the last settings;
space ticks several for the builder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from quizkit.bank.model import Bank
from quizkit.engine.quiz import QuizKind, QuizSpec
from quizkit.tui.screens.base import QuizkitScreen
from quizkit.tui.widgets.footer import Footer
from quizkit.tui.widgets.toggles import MarkedSelectionList
from quizkit.wording import plural

if TYPE_CHECKING:
    from quizkit.history.mastery import MasteryOverview


class HomeScreen(QuizkitScreen[None]):
    # Not a CSS_PATH file: Textual loads those for screens it pushes, not for the app's first.
    DEFAULT_CSS = """
    HomeScreen .heading { text-style: bold; padding: 1 1 0 1; width: 100%; }
    HomeScreen #banks { height: 1fr; }
    HomeScreen #bank-summary { padding: 0 1; color: $text-muted; }
    HomeScreen #glance { padding: 0 1; height: auto; }
    """
    BINDINGS = [
        # A priority binding, so that Enter starts a quiz rather than ticking (space ticks).
        Binding("enter", "start_highlighted", "Start", key_display="⏎", priority=True),
        Binding("ctrl+s", "start", "Builder"),
        Binding("a", "tick(True)", "Tick all", show=False),   # named in the heading, to leave the footer room
        Binding("n", "tick(False)", "Tick none", show=False),
        Binding("ctrl+r", "retry_missed", "Missed"),
        Binding("ctrl+e", "review_due", "Due"),
        Binding("ctrl+y", "history", "History"),
        Binding("ctrl+a", "item_analysis", "Item analysis", show=False),
        Binding("ctrl+o", "unfinished", "Unfinished quiz", show=False),
        Binding("q,ctrl+q", "app.quit", "Quit", key_display="q"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown_changes: int | None = None  # the history's write count when the scores were read
        self._mastery: tuple[int, MasteryOverview | None] | None = None  # (write count, mastery then)

    def compose(self) -> ComposeResult:
        """The banks ticked for the last quiz start ticked (every bank, the first time, or when
        none of them is offered now); the scores are refreshed on coming back (on_screen_resume)."""
        offered = {bank.id for bank in self.quiz_app.banks}
        ticked = set(self.quiz_app.ticked_banks & offered) or offered
        yield Header(show_clock=False)
        yield Static("Enter starts a quiz on one bank with your last settings. Space ticks several (a: all, "
                     "n: none); ctrl+s sets up a quiz on those ticked.", classes="heading")
        yield MarkedSelectionList(*self._bank_options(ticked), id="banks")
        yield Static(self._summary(ticked), id="bank-summary")
        yield Static(self._glance(), id="glance")
        # The palette (ctrl+p) is left out of the footer so that every key, quit included, fits at 60 columns.
        yield Footer(compact=True, show_command_palette=False)

    def _bank_options(self, chosen: set[str]) -> list[tuple[Text, str, bool]]:
        """The banks with their question counts, where each comes from, how many the trainee got
        right the last time they met them (and the change this week), and the best whole-part quiz score."""
        from quizkit.history.queries import part_trends

        app = self.quiz_app
        self._shown_changes = app.store.changes
        trends = {trend.section: trend for trend in app.use_history(part_trends) or []}
        known = self._read_mastery()
        parts = {m.name: m for m in (known.parts if known else ())}
        options = []
        for bank in sorted(app.banks, key=self._part_order):
            # A title is text, never markup.
            label = Text(f"{bank.title} ({len(bank.questions)}) · {app.bank_origin(bank)}")
            part = parts.get(bank.section)
            if part is not None and part.seen:
                label.append(f" · {part.correct}/{part.total} right")
                if part.trend:  # None in a first week, 0 when steady: neither is shown
                    label.append(f" {'▲' if part.trend > 0 else '▼'}{abs(part.trend)}")
            trend = trends.get(bank.section)
            if trend is not None:
                label.append(f" · best {trend.best:.0f}%")
            options.append((label, bank.id, bank.id in chosen))
        return options

    def _glance(self) -> Text:
        """Spaced review (due now, or when next) and the weakest topics, on one or two lines."""
        from quizkit.history.spaced import review_outlook

        app = self.quiz_app
        outlook = app.use_history(lambda store: review_outlook(store, daily_limit=app.daily_reviews))
        text = Text()
        text.append("Review: ", style="bold")
        if outlook is None or (not outlook.due and outlook.next_due is None):
            text.append("nothing scheduled yet")
        elif outlook.due:
            text.append(f"{len(outlook.due)} due (ctrl+e)")
            if outlook.due_in_all > len(outlook.due):
                text.append(f", {outlook.due_in_all - len(outlook.due)} more after today's limit")
        else:
            days = outlook.next_due_in_days(app.store.now())
            assert outlook.next_due is not None
            text.append(f"none due; next in {plural(days or 0, 'day')} ({outlook.next_due.astimezone():%d %b})")
        if outlook is not None and outlook.leeches:
            text.append(f" · {plural(outlook.leeches, 'leech', 'leeches')} apart (ctrl+y)")
        from quizkit.history.resume import unfinished

        waiting = app.use_history(unfinished) or []
        if waiting:
            text.append(f" · unfinished: {plural(len(waiting), 'quiz', 'quizzes')} (ctrl+o; all in ctrl+y)")
        known = self._read_mastery()
        weakest = [m for m in (known.topics if known else ()) if m.seen][:3]
        if weakest:
            text.append("\nWeakest topics: ", style="bold")
            text.append(" · ".join(f"{m.name} {m.correct}/{m.total}" for m in weakest))
        return text

    def _read_mastery(self) -> MasteryOverview | None:
        """Mastery, read once for each state of the history: the bank list and the glance both
        show it, and it reads every answer."""
        from quizkit.history.mastery import mastery

        app = self.quiz_app
        if self._mastery is None or self._mastery[0] != app.store.changes:
            self._mastery = (app.store.changes, app.use_history(lambda store: mastery(store, app.banks)))
        return self._mastery[1]

    def _sources_title(self) -> str:
        """Named after the sources the banks are drawn from, so that other banks get their own."""
        sources = self.quiz_app.sources.sources
        titles = [sources[s].title if s in sources else s for s in dict.fromkeys(bank.source for bank in self.quiz_app.banks)]
        return "; ".join(titles)

    def _part_order(self, bank: Bank) -> tuple[str, int]:
        """Banks are listed by source, then by the number of the part they cover."""
        section = self.quiz_app.sources.section(bank.source, bank.section)
        return (bank.source, section.number if section else 0)

    def on_mount(self) -> None:
        self.title = "quizkit"
        self.sub_title = self._sources_title()
        banks = self.query_one("#banks", MarkedSelectionList)
        if banks.option_count:
            banks.highlighted = 0  # so that space toggles a bank straight away
        banks.focus()

    def on_screen_resume(self) -> None:
        """Coming back from anywhere that has written to the history (a quiz, a discarded
        resume), the scores are read again; the banks ticked stay ticked."""
        if self.quiz_app.store.changes == self._shown_changes:
            return
        banks = self.query_one("#banks", MarkedSelectionList)
        options = self._bank_options(set(banks.selected))
        highlighted = banks.highlighted
        banks.clear_options()
        banks.add_options(options)
        banks.highlighted = highlighted
        self.query_one("#glance", Static).update(self._glance())

    def on_selection_list_selected_changed(self) -> None:
        chosen = set(self.query_one("#banks", MarkedSelectionList).selected)
        self.query_one("#bank-summary", Static).update(self._summary(chosen))

    def _summary(self, chosen: set[str]) -> Text:
        """What is ticked, and whose history the quiz goes into (a profile name is untrusted text)."""
        count = sum(len(b.questions) for b in self.quiz_app.banks if b.id in chosen)
        return Text(f"Profile: {self.quiz_app.profile} · {plural(len(chosen), 'bank')}, "
                    f"{plural(count, 'question')} ticked")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Item analysis shows other profiles' names and scores: only where the configuration enables it."""
        if action == "item_analysis":
            return self.quiz_app.item_analysis_enabled
        return True

    def action_tick(self, every: bool) -> None:
        banks = self.query_one("#banks", MarkedSelectionList)
        banks.select_all() if every else banks.deselect_all()

    def action_start_highlighted(self) -> None:
        """A quiz on the highlighted bank alone, with the builder's last settings (no seed)."""
        banks = self.query_one("#banks", MarkedSelectionList)
        if banks.highlighted is None:
            return
        bank_id = banks.get_option_at_index(banks.highlighted).value
        self.quiz_app.start_quiz(self.quiz_app.builder_spec, [b for b in self.quiz_app.banks if b.id == bank_id])

    def action_start(self) -> None:
        """Open the quiz builder on the banks ticked; the quiz starts when it is dismissed."""
        from quizkit.engine.quiz import tag_counts
        from quizkit.engine.standing import NO_HISTORY, Status
        from quizkit.history.standing import standing as history_standing
        from quizkit.tui.screens.builder import BuilderScreen

        chosen = set(self.query_one("#banks", MarkedSelectionList).selected)
        if not chosen:
            self.notify("Tick at least one bank (space), or press Enter on one.", severity="warning")
            return
        banks = [bank for bank in self.quiz_app.banks if bank.id in chosen]

        def start(spec: QuizSpec | None) -> None:
            if spec is not None:
                self.quiz_app.remember_builder(spec, chosen)
                self.quiz_app.start_quiz(spec, banks)

        questions = sum(len(bank.questions) for bank in banks)
        ids = [question.id for bank in banks for question in bank.questions]
        standing = self.quiz_app.use_history(history_standing) or NO_HISTORY
        statuses = {status: sum(standing.has(question_id, status) for question_id in ids) for status in Status}
        self.quiz_app.push_screen(BuilderScreen(self._summary(chosen), self.quiz_app.builder_spec, questions,
                                                tag_counts(banks), statuses), start)

    def action_retry_missed(self) -> None:
        """Every question missed in past attempts and not answered correctly since."""
        from quizkit.history.queries import missed_question_ids

        self.quiz_app.retry(self.quiz_app.use_history(missed_question_ids) or [], QuizKind.RETRY, from_results=False)

    def action_review_due(self) -> None:
        """The questions spaced repetition has scheduled for today or earlier, up to the daily limit."""
        from quizkit.history.spaced import review_outlook

        app = self.quiz_app
        outlook = app.use_history(lambda store: review_outlook(store, daily_limit=app.daily_reviews))
        if outlook is not None and not outlook.due:
            if outlook.due_in_all:
                self.notify(f"Today's {plural(app.daily_reviews or 0, 'review')} are done; "
                            f"{outlook.due_in_all} more wait for tomorrow.")
            elif outlook.next_due is not None:
                days = outlook.next_due_in_days(app.store.now())
                self.notify(f"Nothing due for review: next due in {plural(days or 0, 'day')} "
                            f"({outlook.next_due.astimezone():%d %b %Y}).")
            else:
                self.notify("Nothing to review yet: questions join spaced review once you have answered them.")
            return
        app.retry([s.question_id for s in outlook.due] if outlook else [], QuizKind.REVIEW, from_results=False)

    def action_unfinished(self) -> None:
        """The most recent unfinished quiz, to resume or discard (after "Later", say)."""
        if not self.quiz_app.offer_resume():
            self.notify("No unfinished quiz.")

    def action_history(self) -> None:
        from quizkit.tui.screens.history import HistoryScreen

        self.quiz_app.push_screen(HistoryScreen())

    def action_item_analysis(self) -> None:
        """For educators: item statistics over every profile's history on this machine."""
        from quizkit.tui.screens.item_analysis import ItemAnalysisScreen

        self.quiz_app.push_screen(ItemAnalysisScreen())
