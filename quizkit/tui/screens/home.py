"""The home screen: the bundled banks by part, and the quiz builder."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, RadioSet, Static

from quizkit.model import Bank, CognitiveLevel, Difficulty
from quizkit.quiz import Mode, QuizSpec
from quizkit.tui.widgets.toggles import MarkedCheckbox, MarkedRadioButton, MarkedSelectionList


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("ctrl+s", "start", "Start quiz"),
        Binding("ctrl+r", "retry_missed", "Retry missed"),
        Binding("ctrl+e", "review_due", "Review due"),
        Binding("ctrl+y", "history", "History"),
        Binding("ctrl+a", "item_analysis", "Item analysis", show=False),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal():
            with Vertical(id="banks-pane"):
                yield Label("Banks (space toggles)", classes="heading")
                yield MarkedSelectionList(id="banks")
                yield Static(id="bank-summary")
            with VerticalScroll(id="builder"):
                yield Label("Mode", classes="heading")
                with RadioSet(id="mode"):
                    yield MarkedRadioButton("Practice (feedback after each)", value=True, id="practice")
                    yield MarkedRadioButton("Exam (feedback at the end)", id="exam")
                yield Label("Questions (blank: all)")
                yield Input(placeholder="all", id="count", type="integer")
                yield Label("Tags, comma-separated (blank: any)")
                yield Input(placeholder="e.g. biopsy, imaging", id="tags")
                yield Label("Difficulty", classes="heading")
                with Horizontal(classes="checks"):
                    for difficulty in Difficulty:
                        yield MarkedCheckbox(difficulty.value, value=True, id=f"difficulty-{difficulty.value}")
                yield Label("Cognitive level", classes="heading")
                with Vertical(classes="checks"):
                    for level in CognitiveLevel:
                        yield MarkedCheckbox(level.value, value=True, id=f"level-{level.value}")
                yield MarkedCheckbox("Shuffle questions and options", value=True, id="shuffle")
                yield Label("Seed (blank: random)")
                yield Input(placeholder="random", id="seed", type="integer")
                yield Label("Exam time limit, minutes (blank: none)")
                yield Input(placeholder="none", id="minutes", type="integer")
                yield Button("Start quiz (ctrl+s)", variant="success", id="start")
        yield Footer()

    def _show_banks(self) -> None:
        """List the banks with their question counts and the trainee's last and best score on
        their part; called again on returning here, after a quiz has changed the history."""
        from quizkit.history import part_trends

        trends = {trend.section: trend for trend in self.app.use_history(part_trends) or []}
        banks = self.query_one("#banks", MarkedSelectionList)
        chosen = set(banks.selected) if banks.option_count else {bank.id for bank in self.app.banks}
        banks.clear_options()
        for bank in sorted(self.app.banks, key=self._part_order):
            label = f"{bank.title} ({len(bank.questions)})"
            trend = trends.get(bank.section)
            if trend is not None:
                label += f" · last {trend.last:.0f}% · best {max(s.percent for s in trend.scores):.0f}%"
            banks.add_option((label, bank.id, bank.id in chosen))
        if banks.highlighted is None and banks.option_count:
            banks.highlighted = 0  # so that space toggles a bank straight away
        self._summarise()

    def _part_order(self, bank: Bank) -> tuple[str, int]:
        """Banks are listed by source, then by the number of the part they cover."""
        section = self.app.sources.section(bank.source, bank.section)
        return (bank.source, section.number if section else 0)

    def on_mount(self) -> None:
        self.title = "quizkit"
        self.sub_title = "Skin metastases of breast cancer — question banks"
        self._show_banks()
        self.query_one("#banks").focus()

    def on_screen_resume(self) -> None:
        self._show_banks()

    def on_selection_list_selected_changed(self) -> None:
        self._summarise()

    def _summarise(self) -> None:
        chosen = self.query_one("#banks", MarkedSelectionList).selected
        count = sum(len(b.questions) for b in self.app.banks if b.id in chosen)
        self.query_one("#bank-summary", Static).update(f"{len(chosen)} banks, {count} questions selected")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()

    def spec(self) -> QuizSpec:
        def number(widget_id: str) -> int | None:
            value = self.query_one(widget_id, Input).value.strip()
            return int(value) if value else None

        minutes = number("#minutes")
        exam = self.query_one("#exam", MarkedRadioButton).value
        return QuizSpec(
            mode=Mode.EXAM if exam else Mode.PRACTICE,
            count=number("#count"),
            tags=frozenset(t.strip() for t in self.query_one("#tags", Input).value.split(",") if t.strip()),
            difficulties=frozenset(d for d in Difficulty if self.query_one(f"#difficulty-{d.value}", MarkedCheckbox).value),
            levels=frozenset(level for level in CognitiveLevel if self.query_one(f"#level-{level.value}", MarkedCheckbox).value),
            shuffle=self.query_one("#shuffle", MarkedCheckbox).value,
            seed=number("#seed"),
            time_limit_seconds=minutes * 60 if exam and minutes else None,
        )

    def action_start(self) -> None:
        chosen = set(self.query_one("#banks", MarkedSelectionList).selected)
        if not chosen:
            self.notify("Select at least one bank.", severity="warning")
            return
        self.app.start_quiz(self.spec(), [b for b in self.app.banks if b.id in chosen])

    def action_retry_missed(self) -> None:
        """Every question missed in past attempts and not answered correctly since."""
        from quizkit.history import missed_question_ids

        self.app.retry(self.app.use_history(missed_question_ids) or [], from_results=False)

    def action_review_due(self) -> None:
        """The questions spaced repetition has scheduled for today or earlier."""
        from quizkit.review import due

        self.app.retry([s.question_id for s in self.app.use_history(due) or []], from_results=False)

    def action_history(self) -> None:
        from quizkit.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen())

    def action_item_analysis(self) -> None:
        """For educators: item statistics over every profile's history on this machine."""
        from quizkit.tui.screens.item_analysis import ItemAnalysisScreen

        self.app.push_screen(ItemAnalysisScreen())
