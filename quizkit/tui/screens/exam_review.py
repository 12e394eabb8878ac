"""Exam mode's review-before-submit list: unanswered and flagged questions, then submit."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quizkit.engine.attempt import Attempt
from quizkit.tui.widgets.footer import Footer

SUBMIT = -1


class ExamReviewScreen(ModalScreen[int | None]):
    """Dismisses with the index of a question to go to, ``SUBMIT`` to submit, or None to go back."""

    DEFAULT_CSS = """
    ExamReviewScreen { align: center middle; }
    ExamReviewScreen > Vertical { width: 100%; max-width: 100; height: 100%; padding: 0 1; border: thick $primary;
                                  background: $surface; }
    ExamReviewScreen OptionList { height: 1fr; }
    ExamReviewScreen #summary, ExamReviewScreen #keys { width: 100%; }
    ExamReviewScreen #summary { margin-bottom: 1; }
    """
    BINDINGS = [
        Binding("f", "submit", "Submit exam"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, attempt: Attempt) -> None:
        super().__init__()
        self.attempt = attempt

    def compose(self) -> ComposeResult:
        attempt = self.attempt
        unanswered, flagged = attempt.unanswered(), attempt.flagged()
        with Vertical():
            yield Static(Text(f"Review before submitting — {len(attempt.answers)} of {len(attempt.quiz)} answered, "
                             f"{len(unanswered)} unanswered, {len(flagged)} flagged.", style="bold"), id="summary")
            options: list[Option] = []
            for index, item in enumerate(attempt.quiz.items):
                marks = ("– unanswered" if index in unanswered else "● answered") + (" · ⚑ flagged" if index in flagged else "")
                stem = " ".join(item.question.stem.split())
                # The whole stem, wrapped by the list at a word: a cut one cannot be told from its neighbours.
                options.append(Option(Text(f"{index + 1:>3}. {marks}: {stem}"), id=str(index)))
            yield OptionList(*options, id="questions")
            yield Static("Enter: go to the question · f: submit the exam · Esc: back", id="keys")
        yield Footer()

    def on_mount(self) -> None:
        """Open on the question the trainee was on, so that Enter goes back to it."""
        questions = self.query_one(OptionList)
        questions.highlighted = self.attempt.current
        questions.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))  # every option is made with its index as id

    def action_submit(self) -> None:
        self.dismiss(SUBMIT)

    def action_back(self) -> None:
        self.dismiss(None)
