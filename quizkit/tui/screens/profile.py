"""Who is taking the quiz: the profile name, asked first when the app is served to a browser.

Under ``quizkit serve`` each browser session is its own process with no ``--profile``; the
trainee types a name, and their history is that profile's. The name is checked by the same rule
as ``--profile`` (it names a folder), and a refusal says why.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from quizkit.history.paths import ProfileError, profile_name


class ProfileScreen(ModalScreen[str]):
    DEFAULT_CSS = """
    ProfileScreen { align: center middle; }
    ProfileScreen > Vertical { width: 64; height: auto; padding: 1 2; border: thick $primary; background: $surface; }
    ProfileScreen Input { margin-top: 1; }
    ProfileScreen #problem { color: $error; height: auto; margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Your name for this quiz (your history is kept under it):")
            yield Input(placeholder="e.g. ana-silva", max_length=40, id="name")
            yield Static("", id="problem")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            name = profile_name(event.value)
        except ProfileError as error:
            # The typed name is echoed in the message: rendered as plain text, never markup.
            self.query_one("#problem", Static).update(Text(str(error)))
            return
        self.dismiss(name)
