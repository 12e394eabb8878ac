"""A trainee's history: past attempts, scores over time, the trend per part, and leeches."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from quizkit.history.queries import attempts, current_hashes, part_trends
from quizkit.history.spaced import due_among, leeches_among, schedules
from quizkit.tui.render import score_trend
from quizkit.tui.widgets.footer import Footer


class HistoryScreen(Screen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back"), Binding("l", "retry_leeches", "Retry leeches")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="page"):
            yield Static(id="summary")
            yield Static("Scores over time (finished attempts)", classes="heading")
            yield Static(id="chart")
            yield Static("Attempts", classes="heading")
            yield DataTable(id="attempts", cursor_type="row", zebra_stripes=True)
            yield Static("By part: first, last and best score", classes="heading")
            yield DataTable(id="parts", cursor_type="none")
            yield Static("Leeches: questions missed again and again", classes="heading")
            yield Static(id="leeches")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "quizkit — history"
        past = self.app.use_history(lambda store: attempts(store, current_hashes(self.app.banks))) or []
        finished = [a for a in past if a.status == "finished"]
        review = self.app.use_history(lambda store: (schedules(store), store.now()))
        due_now = due_among(*review) if review else []
        self.leech_list = leeches_among(review[0]) if review else []
        self.query_one("#summary", Static).update(Text(
            f"Attempts: {len(past)}, finished: {len(finished)} · due for review: {len(due_now)} "
            f"(ctrl+e on the home screen) · leeches: {len(self.leech_list)}", style="bold"))
        self.query_one("#chart", Static).update(score_trend([a.percent for a in finished]))
        table = self.query_one("#attempts", DataTable)
        table.add_columns("Date", "Mode", "Banks", "Status", "Score", "%", "Edited since")
        for a in reversed(past):
            banks = ", ".join(b.removeprefix("skin-mets-") for b in a.bank_ids)
            table.add_row(f"{a.started_at.astimezone():%Y-%m-%d %H:%M}", a.mode.value, banks[:24], a.status,
                          f"{a.points:g}/{a.questions}", f"{a.percent:.0f}", str(a.edited) if a.edited else "")
        parts = self.query_one("#parts", DataTable)
        parts.add_columns("Part", "Attempts", "First %", "Last %", "Best %", "Change")
        for trend in self.app.use_history(part_trends) or []:
            best = max(s.percent for s in trend.scores)
            parts.add_row(self.app.section_label(trend.section), str(len(trend.scores)), f"{trend.first:.0f}", f"{trend.last:.0f}",
                          f"{best:.0f}", f"{trend.change:+.0f}")
        listed = "\n".join(f"• {s.question_id} ({s.section}): missed {s.recent_misses} of the last answers"
                           for s in self.leech_list) or "None: no question keeps catching you out."
        self.query_one("#leeches", Static).update(listed)

    def action_retry_leeches(self) -> None:
        self.app.retry([s.question_id for s in self.leech_list], from_results=False)
