"""Item analysis for educators: the same report as ``quizkit stats``, over the histories on
this machine (every profile beside the current one)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from quizkit import paths, statsformat
from quizkit.history import current_hashes
from quizkit.responses import Collector
from quizkit.resultfiles import ResultsError
from quizkit.stats import build_report
from quizkit.tui.widgets.footer import Footer
from quizkit.wording import plural

TABLES = {"#tests": (statsformat.TEST_COLUMNS, statsformat.test_rows),
          "#questions": (statsformat.QUESTION_COLUMNS, statsformat.question_rows),
          "#trainees": (statsformat.TRAINEE_COLUMNS, statsformat.trainee_rows)}


def histories_beside(database: Path) -> list[tuple[str, Path]]:
    """Every profile's history in the data folder holding ``database``; just that one when it
    is not inside a data folder's ``profiles/``."""
    profile_dir = database.parent
    if profile_dir.parent.name == "profiles":
        data_dir = profile_dir.parent.parent
        return [(name, paths.database_path(data_dir, name)) for name in paths.profiles(data_dir)]
    return [(profile_dir.name or "this history", database)]


class ItemAnalysisScreen(Screen[None]):
    CSS_PATH = "item_analysis.tcss"
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="page"):
            yield Static(id="summary")
            yield Static("Tests: reliability (KR-20) and standard error of measurement", classes="heading")
            yield DataTable(id="tests", cursor_type="none")
            yield Static("Questions: difficulty p, discrimination D (upper−lower 27%) and r_pb (corrected "
                         "point-biserial), flags", classes="heading")
            yield DataTable(id="questions", cursor_type="row", zebra_stripes=True)
            yield Static("Trainees: score, percentile, by part", classes="heading")
            yield DataTable(id="trainees", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "quizkit — item analysis"
        sources = histories_beside(self.app.store.path)
        collector = Collector(current_hashes(self.app.banks))
        try:
            for profile, database in sources:
                collector.add_history(profile, database)
        except ResultsError as error:
            self.query_one("#summary", Static).update(Text(f"Cannot read a history: {error}", style="bold red"))
            return
        report = build_report(collector.cohort(), self.app.banks)
        self.query_one("#summary", Static).update(Text(
            f"{plural(len(sources), 'history', 'histories')}, {plural(len(report.trainees), 'trainee')} with finished attempts, "
            f"{plural(len(report.questions), 'question')} answered. Formulas and flags: docs/stats.md.", style="bold"))
        for selector, (columns, rows) in TABLES.items():
            table = self.query_one(selector, DataTable)
            table.add_columns(*columns)
            for row in rows(report):
                table.add_row(*("" if cell is None else str(cell) for cell in row))
