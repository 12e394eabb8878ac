"""Offering an interrupted quiz for resumption."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from quizkit.history.resume import Unfinished


class ResumeScreen(ModalScreen[str | None]):
    """Dismisses with "resume", "discard" or None (decide later: it stays open)."""

    DEFAULT_CSS = """
    ResumeScreen { align: center middle; }
    ResumeScreen Static { width: 100%; }
    ResumeScreen > Vertical { width: 100%; max-width: 64; height: auto; padding: 1 2; border: thick $primary; background: $surface; }
    ResumeScreen Horizontal { height: auto; margin-top: 1; align: center middle; }
    ResumeScreen Button { margin: 0 1; }
    """
    BINDINGS = [Binding("r", "choose('resume')", "Resume"), Binding("d", "choose('discard')", "Discard"),
                Binding("escape,l", "choose(None)", "Later")]

    def __init__(self, pending: Unfinished) -> None:
        super().__init__()
        self.pending = pending

    def compose(self) -> ComposeResult:
        p = self.pending
        minutes = int(p.elapsed_seconds) // 60
        with Vertical():
            yield Static(f"You have an unfinished {p.mode.value} quiz from {p.updated_at.astimezone():%d %b %Y, %H:%M}: "
                        f"{p.answered} of {p.questions} answered, {minutes} min so far. Resume it at question "
                        f"{p.current + 1}?")
            with Horizontal():
                yield Button("Resume (r)", variant="primary", id="resume")
                yield Button("Discard (d)", variant="error", id="discard")
                yield Button("Later (l)", id="later")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "later" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
