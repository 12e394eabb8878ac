"""The cited section: its outline from the sources file, and its text when the source text is
configured (``quizkit sources add``), opened at the quoted passage, which is highlighted."""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from quizkit.bank.diagnostics import BankError
from quizkit.bank.model import Citation
from quizkit.bank.sourcetext import find_quote
from quizkit.tui.screens.base import QuizkitModal
from quizkit.tui.widgets.footer import Footer
from quizkit.untrusted import displayable

#: How the quoted passage is marked: reversed and underlined, and between ▶ ◀, not by colour alone.
QUOTE_STYLE = "bold reverse underline"


class SectionScreen(QuizkitModal[None]):
    DEFAULT_CSS = """
    SectionScreen { align: center middle; }
    SectionScreen > Vertical { width: 100%; max-width: 100; height: 100%; border: thick $primary;
                               background: $surface; padding: 0 1; }
    SectionScreen VerticalScroll { height: 1fr; }
    SectionScreen .paragraph { margin-bottom: 1; }
    """
    BINDINGS = [Binding("escape,o,q", "close", "Close")]

    def __init__(self, cite: Citation) -> None:
        super().__init__()
        self.cite = cite

    def compose(self) -> ComposeResult:
        with Vertical(), VerticalScroll(id="section", can_focus=True):
            yield Static(self._heading(), id="outline")
            yield from self._body()
        yield Footer()

    def _heading(self) -> Text:
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
        return text

    def _body(self) -> ComposeResult:
        """The section's paragraphs, the one holding the quote marked; or why there is no text."""
        try:
            body = self.quiz_app.section_text(self.cite.source, self.cite.section)
        except BankError as error:  # the configured file cannot be read: say why, instead of the text
            yield Static(Text("\n".join(f"{d.position.path}: {d.message}" for d in error.diagnostics), style="bold"),
                         id="no-text")
            return
        if body is None:
            yield Static(Text(f"The section's text is not shipped with quizkit. To read it here, record your copy of "
                              f"the source once:\n\n  quizkit sources add {self.cite.source} PATH\n\n(PATH: the "
                              "source as a UTF-8 text file), then open the section again.", style="italic"), id="no-text")
            return
        found = False
        for paragraph in _paragraphs(body):
            span = find_quote(paragraph, self.cite.quote) if self.cite.quote and not found else None
            if span is None:
                yield Static(Text(paragraph), classes="paragraph")
                continue
            found = True
            text = Text(paragraph[:span[0]])
            text.append(f"▶ {paragraph[span[0]:span[1]]} ◀", style=QUOTE_STYLE)
            text.append(paragraph[span[1]:])
            yield Static(text, classes="paragraph", id="quote")
        if self.cite.quote and not found:
            yield Static(Text("The quoted passage is not in this copy of the section: it may be another edition "
                              "(quizkit sources list checks it).", style="italic"), id="no-quote")

    def on_mount(self) -> None:
        """Open at the quote, once the paragraphs have their heights."""
        quote = self.query("#quote")
        if quote:
            self.call_after_refresh(self.query_one("#section", VerticalScroll).scroll_to_widget, quote.first(),
                                    animate=False, top=True)

    def action_close(self) -> None:
        self.dismiss(None)


def _paragraphs(body: str) -> list[str]:
    """The text's paragraphs (blocks between blank lines), each kept as its lines were written,
    with terminal control characters shown escaped (the file is whatever the educator saved)."""
    blocks = [displayable(block).strip() for block in re.split(r"\n\s*\n", body.strip())]
    return [block for block in blocks if block]
