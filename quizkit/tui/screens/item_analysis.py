"""Item analysis for educators: the same report as ``quizkit stats``, over the histories on
this machine (every profile beside the current one)."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Header, Static

from quizkit.educator import formatting as statsformat
from quizkit.educator.analysis import ItemReport, build_report
from quizkit.educator.cohort import collect
from quizkit.educator.engine import EngineError
from quizkit.educator.resultfiles import ResultsError
from quizkit.history.paths import histories_beside
from quizkit.history.queries import current_hashes
from quizkit.tui.screens.base import QuizkitScreen
from quizkit.tui.widgets.footer import Footer
from quizkit.untrusted import displayable
from quizkit.wording import plural

SHOWN = ("tests", "questions", "trainees")  # the options table is per option: `quizkit stats` has it


class ItemAnalysisScreen(QuizkitScreen[None]):
    CSS_PATH = "item_analysis.tcss"
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="page"):
            yield Static(id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "quizkit — item analysis"
        self._analyse()

    @work(thread=True, exclusive=True)
    def _analyse(self) -> None:
        """Read every history and analyse it off the screen's thread: a large cohort takes seconds."""
        app = self.quiz_app
        sources = histories_beside(app.store.path)
        try:
            report = build_report(collect(current_hashes(app.banks), histories=sources), app.banks)
        except (ResultsError, EngineError) as error:
            what = "Cannot read a history" if isinstance(error, ResultsError) else "Cannot analyse"
            app.call_from_thread(self.query_one("#summary", Static).update, Text(f"{what}: {error}", style="bold red"))
            return
        app.call_from_thread(self._show, len(sources), report)

    def _show(self, histories: int, report: ItemReport) -> None:
        """The same tables as ``quizkit stats`` prints, the columns that matter first so that
        they fit at 80 columns."""
        lines = [f"{plural(histories, 'history', 'histories')} on this machine. Formulas and flags: quizkit docs stats.",
                 *statsformat.summary(report)]
        self.query_one("#summary", Static).update(Text("\n".join(lines)))
        widgets: list[Widget] = []
        for name, table in zip(SHOWN, statsformat.readable(report, SHOWN), strict=True):
            grid: DataTable[Text] = DataTable(id=name, cursor_type="row", zebra_stripes=True)
            grid.add_columns(*(Text(h, justify="right" if i in table.right else "left") for i, h in enumerate(table.header)))
            for row in table.rows:
                # Cells hold ids and texts from trainees' results files: text, never markup.
                grid.add_row(*(Text(displayable(c), justify="right" if i in table.right else "left") for i, c in enumerate(row)))
            widgets += [Static(table.title, classes="heading"), grid, *([Static(table.note, classes="note")] if table.note else [])]
        self.query_one("#page", VerticalScroll).mount_all(widgets)
