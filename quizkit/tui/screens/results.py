"""The end of a quiz: score, breakdowns, calibration, and every question to open."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Header, Static

from quizkit.engine.quiz import QuizKind
from quizkit.engine.results import Results
from quizkit.engine.scoring import Outcome
from quizkit.tui.render import CONFIDENCE_LABEL, OUTCOME_LABEL, clip_words, feedback, points
from quizkit.tui.screens.base import QuizkitModal, QuizkitScreen
from quizkit.tui.widgets.footer import Footer


def _minutes(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


class ResultsScreen(QuizkitScreen[None]):
    # A class title, not one set on mount: a title changed while the header mounts raced it
    # (Textual's header looked for its title widget before it had one).
    TITLE = "quizkit — results"
    CSS_PATH = "results.tcss"
    BINDINGS = [
        Binding("enter", "open", "Open question"),
        Binding("r", "retry", "Retry missed"),
        Binding("h", "home", "Home"),
        Binding("escape", "back", "Back", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, results: Results, *, past: bool = False) -> None:
        """``past``: an attempt opened from the history, over the history screen (Esc goes back to it)."""
        super().__init__()
        self.results = results
        self.past = past

    def compose(self) -> ComposeResult:
        results = self.results
        yield Header(show_clock=False)
        with VerticalScroll(id="page"):
            summary = Text()
            summary.append(f"Score {points(round(results.points, 2))} / {len(results.questions)} ({results.percent:.0f}%)\n", style="bold")
            summary.append(" · ".join(f"{o.mark} {OUTCOME_LABEL[o].lower()} {results.count(o)}" for o in Outcome))
            summary.append(f" · time {_minutes(results.seconds)} · seed {results.seed}\n")
            cbm = results.cbm()
            summary.append(f"Certainty-based marks {points(round(cbm.marks, 2))} of {cbm.best} "
                           "(right 1/2/3, wrong 0/−2/−6 when guessed/unsure/sure)")
            yield Static(summary, id="summary")
            wrong = results.confidently_wrong()
            if wrong:
                yield Static(Text(f"⚠ {len(wrong)} answered wrongly while sure — review these first: they are the errors "
                                  "a clinician would act on.", style="bold"), id="warning")
            yield Static("Questions (Enter opens the explanation)", classes="heading")
            yield DataTable(id="questions", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="breakdowns"):
                with Vertical():
                    yield Static("By part", classes="heading")
                    yield DataTable(id="by-section", cursor_type="none")
                with Vertical():
                    yield Static("By tag", classes="heading")
                    yield DataTable(id="by-tag", cursor_type="none")
            yield Static("Calibration: how often you were right at each confidence", classes="heading")
            yield DataTable(id="calibration", cursor_type="none")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "quizkit — past attempt" if self.past else "quizkit — results"
        results = self.results
        sections = self.quiz_app.sources
        table = self.query_one("#questions", DataTable)
        # The time per question needs 7 columns: below 72 they go to the stem, so that it is not cut.
        timed = self.app.size.width >= 72
        table.add_columns("#", "Result", "Points", "Part", "Sure?", *(["Time"] if timed else []), "Question")
        # The stem gets what the other columns leave of the screen, cut at a word.
        stem_width = max(12, self.app.size.width - (59 if timed else 52))
        for result in results.review_order():
            question = result.item.question
            section = sections.section(question.cite.source, question.cite.section)
            outcome = result.score.outcome
            table.add_row(str(result.index + 1), f"{outcome.mark} {OUTCOME_LABEL[outcome]}", points(round(result.score.points, 2)),
                          Text(str(section.number) if section else question.cite.section),
                          CONFIDENCE_LABEL[result.confidence], *([_minutes(result.seconds)] if timed else []),
                          Text(clip_words(question.stem, stem_width)),
                          key=str(result.index))
        for table_id, rows in (("#by-section", results.by_section()), ("#by-tag", results.by_tag())):
            breakdown = self.query_one(table_id, DataTable)
            breakdown.add_columns("Name", "Score", "%")
            for row in rows:
                name = self.quiz_app.section_label(row.name) if table_id == "#by-section" else row.name
                breakdown.add_row(Text(name), f"{points(round(row.points, 2))}/{row.questions}", f"{row.percent:.0f}")
        calibration = self.query_one("#calibration", DataTable)
        calibration.add_columns("Confidence", "Answered", "Correct", "%")
        for level in results.calibration():
            calibration.add_row(CONFIDENCE_LABEL[level.confidence], str(level.questions), str(level.correct),
                                f"{100 * level.correct / level.questions:.0f}")
        table.focus()

    def action_open(self) -> None:
        table = self.query_one("#questions", DataTable)
        if table.row_count:
            index = int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or 0)  # keyed by index
            self.quiz_app.push_screen(QuestionDetailScreen(self.results, index))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.quiz_app.push_screen(QuestionDetailScreen(self.results, int(event.row_key.value or 0)))

    def action_retry(self) -> None:
        missed = self.results.missed_ids()
        if not missed:
            self.notify("Nothing to retry: every answer was correct.")
            return
        self.quiz_app.retry(missed, QuizKind.RETRY)

    def action_home(self) -> None:
        self.quiz_app.go_home()

    def action_back(self) -> None:
        """From a past attempt, back to the history; after a quiz just taken, home."""
        if self.past:
            self.quiz_app.pop_screen()
        else:
            self.quiz_app.go_home()


class QuestionDetailScreen(QuizkitModal[None]):
    """One question of a finished quiz with its full feedback and citation."""

    DEFAULT_CSS = """
    QuestionDetailScreen { align: center middle; }
    QuestionDetailScreen > VerticalScroll { width: 95%; height: 95%; border: thick $primary; background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q", "close", "Close"), Binding("o", "open_section", "Cited section")]

    def __init__(self, results: Results, index: int) -> None:
        super().__init__()
        self.result = results.questions[index]

    def compose(self) -> ComposeResult:
        from quizkit.engine.attempt import Answer

        result = self.result
        answer = Answer(result.response, result.score, result.seconds, result.confidence) if result.response else None
        text = Text(f"Question {result.index + 1}\n", style="bold")
        text.append(" ".join(result.item.question.stem.split()) + "\n")
        with VerticalScroll():
            yield Static(Group(text, feedback(result.item, answer, self.quiz_app.sources)))
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_open_section(self) -> None:
        from quizkit.tui.screens.section import SectionScreen

        self.quiz_app.push_screen(SectionScreen(self.result.item.question.cite))
