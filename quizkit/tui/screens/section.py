"""The cited section: its outline from the sources file, and its text when the educator
configured the source text (``--source-text``)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from quizkit.bank.diagnostics import BankError
from quizkit.bank.model import Citation
from quizkit.tui.screens.base import QuizkitModal
from quizkit.tui.widgets.footer import Footer
from quizkit.untrusted import displayable


class SectionScreen(QuizkitModal[None]):
    DEFAULT_CSS = """
    SectionScreen { align: center middle; }
    SectionScreen > Vertical { width: 90%; height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
    SectionScreen VerticalScroll { height: 1fr; }
    """
    BINDINGS = [Binding("escape,o,q", "close", "Close")]

    def __init__(self, cite: Citation) -> None:
        super().__init__()
        self.cite = cite

    def compose(self) -> ComposeResult:
        sources = self.quiz_app.sources
        source = sources.sources.get(self.cite.source)
        section = sources.section(self.cite.source, self.cite.section)
        text = Text()
        text.append(f"{source.title if source else self.cite.source}\n", style="bold")
        if section:
            text.append(f"Part {section.number}: {section.title}\n\n", style="bold")
            text.append("Outline\n", style="underline")
            for topic in section.outline:
                marker = "▸" if self.cite.locator and topic.casefold() == self.cite.locator.casefold() else "•"
                text.append(f" {marker} {topic}\n")
        if self.cite.locator:
            text.append(f"\nCited at: {self.cite.locator}\n", style="italic")
        text.append("\n")
        try:
            body = self.quiz_app.section_text(self.cite.source, self.cite.section)
        except BankError as error:  # the configured file cannot be read: say why, instead of the text
            text.append("\n".join(f"{d.position.path}: {d.message}" for d in error.diagnostics), style="bold")
        else:
            if body is None:
                text.append("The section's text is not shipped with quizkit. Your educator can configure it with "
                            "--source-text ID=PATH.", style="dim")
            else:
                text.append(displayable(body.strip()))  # a configured file: its bytes are not ours
        with Vertical():
            with VerticalScroll(can_focus=True):
                yield Static(text)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
