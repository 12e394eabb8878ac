"""The quiz builder: mode, filters, count, shuffle and seed for a quiz on the chosen banks.

It has a screen of its own rather than a pane on the home screen: its thirty-odd controls
were most of what the home screen cost to draw, and a trainee starting the app wants their
banks and scores first (bench/README.md, "Start-up").
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input, Label, RadioSet, Static
from textual.widgets.selection_list import Selection

from quizkit.bank.model import CognitiveLevel, Difficulty
from quizkit.engine.quiz import Mode, QuizSpec
from quizkit.engine.standing import Status
from quizkit.tui.widgets.footer import Footer
from quizkit.tui.widgets.toggles import MarkedCheckbox, MarkedRadioButton, MarkedSelectionList


class BuilderScreen(Screen[QuizSpec]):
    """Dismissed with the spec to start; the controls open on ``initial`` (the last one built),
    but never on its seed, which would repeat the last quiz unasked."""

    CSS_PATH = "builder.tcss"
    #: Below 70 columns the screen has the class -narrow (builder.tcss stacks the difficulties).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "start", "Start quiz", priority=True),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, summary: Text, initial: QuizSpec, questions: int, tags: dict[str, int],
                 statuses: dict[Status, int]) -> None:
        """``questions`` is how many the chosen banks hold: the most a quiz can ask; ``tags``, each
        tag they use with its number of questions (quizkit.engine.quiz.tag_counts); ``statuses``,
        how many of their questions are unseen, missed last time and flagged for this trainee."""
        super().__init__()
        self.summary = summary
        self.initial = initial
        self.questions = questions
        self.tags = tags
        self.statuses = statuses

    def compose(self) -> ComposeResult:
        spec = self.initial
        yield Header(show_clock=False)
        with VerticalScroll(id="builder"):
            yield Label(self.summary, id="chosen")
            with Horizontal(id="columns"):
                with Vertical(classes="column"):
                    yield Label("Mode", classes="heading")
                    with RadioSet(id="mode"):
                        yield MarkedRadioButton("Practice", value=spec.mode is Mode.PRACTICE, id="practice")
                        yield MarkedRadioButton("Exam", value=spec.mode is Mode.EXAM, id="exam")
                    yield Static("Practice: feedback after each answer. Exam: at the end.", classes="note")
                    yield Label(f"Questions, 1 to {self.questions} (blank: all)")
                    yield Input(_text(spec.count), placeholder="all", id="count", name="the number of questions")
                    yield Label("Seed (blank: random)")
                    yield Input(placeholder="random", id="seed", name="the seed")
                    yield Label("Time limit, minutes (blank: none)")
                    yield Input(_text(spec.time_limit_seconds and spec.time_limit_seconds // 60), placeholder="none",
                                id="minutes", name="the time limit")
                    yield Label("Order", classes="heading")
                    yield MarkedCheckbox("Shuffle", value=spec.shuffle, id="shuffle")
                with Vertical(classes="column"):
                    yield Label("Tags (none ticked: any)", classes="heading")
                    yield self._tag_list(spec)
                    yield Label("Only questions (none ticked: all)", classes="heading")
                    for status in Status:
                        yield MarkedCheckbox(f"{status.label} ({self.statuses.get(status, 0)})",
                                             value=status in spec.statuses, id=f"status-{status.value}")
                    yield Label("Difficulty", classes="heading")
                    with Horizontal(classes="row"):  # three short words: one row, so the builder fits at 80×24
                        for difficulty in Difficulty:
                            yield MarkedCheckbox(difficulty.value, value=not spec.difficulties or difficulty in spec.difficulties,
                                                 id=f"difficulty-{difficulty.value}")
                    yield Label("Cognitive level", classes="heading")
                    for level in CognitiveLevel:
                        yield MarkedCheckbox(level.value, value=not spec.levels or level in spec.levels, id=f"level-{level.value}")
        yield Footer()

    def _tag_list(self, spec: QuizSpec) -> MarkedSelectionList:
        """Every tag of the chosen banks with its count, most used first; a tag asked for that
        none of them uses (remembered from other banks) is listed at 0, ticked, to be refused."""
        counts = {**self.tags, **dict.fromkeys(sorted(spec.tags - self.tags.keys()), 0)}
        return MarkedSelectionList(*(Selection(Text(f"{tag} ({count})"), tag, tag in spec.tags)
                                     for tag, count in counts.items()), id="tags")

    def on_mount(self) -> None:
        self.sub_title = "New quiz"
        self.query_one("#mode").focus()

    def spec(self) -> QuizSpec:
        """The spec the controls ask for, unchecked (:meth:`action_start` checks it);
        :class:`FieldError` for a number field that does not hold a whole number."""
        def number(widget_id: str) -> int | None:
            field = self.query_one(widget_id, Input)
            value = field.value.strip()
            try:
                return int(value) if value else None
            except ValueError:
                if widget_id == "#count":  # the same words as a count out of range
                    problem = QuizSpec(count=0).problems(self.questions)[0]
                    raise FieldError(field, problem.message) from None
                raise FieldError(field, f"enter {field.name} as a whole number, or leave it blank") from None

        exam = self.query_one("#exam", MarkedRadioButton).value
        minutes = number("#minutes") if exam else None  # the field applies to exam mode only
        return QuizSpec(
            mode=Mode.EXAM if exam else Mode.PRACTICE,
            count=number("#count"),
            tags=frozenset(self.query_one("#tags", MarkedSelectionList).selected),
            statuses=frozenset(s for s in Status if self.query_one(f"#status-{s.value}", MarkedCheckbox).value),
            difficulties=frozenset(d for d in Difficulty if self.query_one(f"#difficulty-{d.value}", MarkedCheckbox).value),
            levels=frozenset(level for level in CognitiveLevel if self.query_one(f"#level-{level.value}", MarkedCheckbox).value),
            shuffle=self.query_one("#shuffle", MarkedCheckbox).value,
            seed=number("#seed"),
            time_limit_seconds=minutes * 60 if minutes is not None else None,
        )

    def action_start(self) -> None:
        """Start, unless a number is unfinished ("-") or a setting cannot be used (0 questions):
        then say which, in the spec's own words, and put the cursor in its field."""
        try:
            spec = self.spec()
            problem = next(iter(spec.problems(self.questions, tags=self.tags)), None)
            if problem is not None:
                raise FieldError(self.query_one(FIELDS[problem.setting]), problem.message)
        except FieldError as error:
            self.notify(error.message[:1].upper() + error.message[1:] + ".", severity="error")
            error.field.focus()
            return
        self.dismiss(spec)


#: The field that sets each setting a spec may find fault with (QuizSpec.problems).
FIELDS = {"count": "#count", "time_limit": "#minutes", "seed": "#seed", "tags": "#tags"}


class FieldError(Exception):
    """A field whose value cannot be used, and why."""

    def __init__(self, field: Widget, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _text(number: int | None) -> str:
    return "" if number is None else str(number)
