"""A trainee's history: past attempts, scores over time, the trend per part, and leeches."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from quizkit.engine.quiz import QuizKind
from quizkit.history.overview import EMPTY, HistoryOverview, history_overview
from quizkit.history.queries import current_hashes
from quizkit.history.spaced import Schedule
from quizkit.tui.render import clip_words, score_trend
from quizkit.tui.screens.base import QuizkitScreen
from quizkit.tui.widgets.footer import Footer


class HistoryScreen(QuizkitScreen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back"), Binding("l", "retry_leeches", "Retry leeches")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="page"):
            yield Static(id="summary")
            yield Static("Scores over time (finished attempts)", classes="heading")
            yield Static(id="chart")
            yield Static("Attempts (Enter opens one; an unfinished one is offered to resume or discard)", classes="heading")
            yield DataTable(id="attempts", cursor_type="row", zebra_stripes=True)
            yield Static("By part: first, last and best score (whole-part quizzes only)", classes="heading")
            yield DataTable(id="parts", cursor_type="none")
            yield Static("Leeches: questions missed again and again", classes="heading")
            yield Static(id="leeches")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "quizkit — history"
        self.leech_list: tuple[Schedule, ...] = ()
        self.statuses: dict[int, str] = {}
        self._read_history()

    @work(thread=True, exclusive=True)
    def _read_history(self) -> None:
        """Read the overview off the screen's thread: a long history takes a while to add up."""
        app = self.quiz_app
        current = current_hashes(app.banks)
        overview = app.use_history(lambda store: history_overview(store, current)) or EMPTY
        app.call_from_thread(self._show, overview)

    def _show(self, overview: HistoryOverview) -> None:
        past, finished = overview.attempts, overview.finished
        self.leech_list = overview.leeches
        self.query_one("#summary", Static).update(Text(
            f"Attempts: {len(past)}, finished: {len(finished)} · due for review: {len(overview.due)} "
            f"(ctrl+e on the home screen) · leeches: {len(self.leech_list)}", style="bold"))
        self.query_one("#chart", Static).update(score_trend([a.percent for a in finished]))
        table = self.query_one("#attempts", DataTable)
        table.clear(columns=True)
        self.statuses = {a.attempt_id: a.status for a in past}
        table.add_columns("Date", "Kind", "Mode", "Banks", "Status", "Score", "%", "Edited since")
        for a in reversed(past):
            banks = ", ".join(b.removeprefix("skin-mets-") for b in a.bank_ids)
            table.add_row(f"{a.started_at.astimezone():%Y-%m-%d %H:%M}", a.kind.label, a.mode.value,
                          Text(clip_words(banks, 24)), a.status, f"{a.points:g}/{a.questions}", f"{a.percent:.0f}",
                          str(a.edited) if a.edited else "", key=str(a.attempt_id))
        table.focus()  # Enter opens the newest attempt straight away
        parts = self.query_one("#parts", DataTable)
        parts.clear(columns=True)
        parts.add_columns("Part", "Attempts", "First %", "Last %", "Best %", "Change")
        for trend in overview.parts:
            parts.add_row(Text(self.quiz_app.section_label(trend.section)), str(len(trend.scores)), f"{trend.first:.0f}",
                          f"{trend.last:.0f}", f"{trend.best:.0f}", f"{trend.change:+.0f}")
        listed = "\n".join(f"• {s.question_id} ({s.section}): missed {s.recent_misses} of the last answers"
                           for s in self.leech_list) or "None: no question keeps catching you out."
        self.query_one("#leeches", Static).update(Text(listed))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Open a finished attempt's results; offer an unfinished one for resuming or discarding."""
        if event.data_table.id != "attempts" or event.row_key.value is None:
            return
        attempt_id = int(event.row_key.value)
        if self.statuses.get(attempt_id) == "open":
            self.quiz_app.offer_resume(attempt_id, after=self._read_history)
        else:
            self.quiz_app.open_past_attempt(attempt_id)

    def action_retry_leeches(self) -> None:
        self.quiz_app.retry([s.question_id for s in self.leech_list], QuizKind.LEECHES, from_results=False)
