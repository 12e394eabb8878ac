"""Item analysis for educators: the same report as ``quizkit stats``, over the histories on
this machine (every profile beside the current one)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Header, Static

from quizkit.educator import formatting as statsformat
from quizkit.educator.analysis import build_report
from quizkit.educator.cohort import Collector
from quizkit.educator.resultfiles import ResultsError
from quizkit.history import paths
from quizkit.history.queries import current_hashes
from quizkit.tui.screens.base import QuizkitScreen
from quizkit.tui.widgets.footer import Footer
from quizkit.wording import plural

SHOWN = ("tests", "questions", "trainees")  # the options table is per option: `quizkit stats` has it


def histories_beside(database: Path) -> list[tuple[str, Path]]:
    """Every profile's history in the data folder holding ``database``; just that one when it
    is not inside a data folder's ``profiles/``."""
    profile_dir = database.parent
    if profile_dir.parent.name == "profiles":
        data_dir = profile_dir.parent.parent
        return [(name, paths.database_path(data_dir, name)) for name in paths.profiles(data_dir)]
    return [(profile_dir.name or "this history", database)]


class ItemAnalysisScreen(QuizkitScreen[None]):
    CSS_PATH = "item_analysis.tcss"
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="page"):
            yield Static(id="summary")
        yield Footer()

    def on_mount(self) -> None:
        """The same tables as ``quizkit stats`` prints, the columns that matter first so that
        they fit at 80 columns."""
        self.title = "quizkit — item analysis"
        sources = histories_beside(self.quiz_app.store.path)
        collector = Collector(current_hashes(self.quiz_app.banks))
        try:
            for profile, database in sources:
                collector.add_history(profile, database)
        except ResultsError as error:
            self.query_one("#summary", Static).update(Text(f"Cannot read a history: {error}", style="bold red"))
            return
        report = build_report(collector.cohort(), self.quiz_app.banks)
        lines = [f"{plural(len(sources), 'history', 'histories')} on this machine. Formulas and flags: docs/stats.md.",
                 *statsformat.summary(report)]
        self.query_one("#summary", Static).update(Text("\n".join(lines)))
        widgets: list[Widget] = []
        for name, table in zip(SHOWN, statsformat.readable(report, SHOWN)):
            grid = DataTable(id=name, cursor_type="row", zebra_stripes=True)
            grid.add_columns(*(Text(h, justify="right") if i in table.right else h for i, h in enumerate(table.header)))
            for row in table.rows:
                grid.add_row(*(Text(c, justify="right") if i in table.right else c for i, c in enumerate(row)))
            widgets += [Static(table.title, classes="heading"), grid, *([Static(table.note, classes="note")] if table.note else [])]
        self.query_one("#page", VerticalScroll).mount_all(widgets)
