"""One answer option or matching premise as a row that shows its state without colour alone."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static


class ChoiceRow(Static):
    """A clickable row. The screen decides what its marker and text say; the row only shows
    them and reports clicks, so the answering rules stay in one place."""

    DEFAULT_CSS = """
    ChoiceRow { padding: 0 1; height: auto; }
    ChoiceRow.-cursor { background: $boost; text-style: bold; }
    ChoiceRow.-chosen { color: $text-accent; }
    ChoiceRow:hover { background: $boost; }
    """

    class Clicked(Message):
        def __init__(self, row: ChoiceRow) -> None:
            self.row = row
            super().__init__()

    marker: reactive[str] = reactive("( )")
    body: reactive[str] = reactive("", layout=True)  # a longer pairing may wrap to another line

    def __init__(self, index: int, body: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index = index
        self.set_reactive(ChoiceRow.body, body)

    def show(self, *, marker: str, body: str | None = None, cursor: bool, chosen: bool) -> None:
        """Update what the row shows; restyling is skipped when a class does not change, since
        each class change re-applies the stylesheet to the row."""
        self.marker = marker
        if body is not None:
            self.body = body
        if self.has_class("-cursor") != cursor:
            self.set_class(cursor, "-cursor")
        if self.has_class("-chosen") != chosen:
            self.set_class(chosen, "-chosen")

    def render(self) -> Table:
        """The marker in a column of its own, so that a long option wraps under its own text."""
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(Text(self.marker, style="bold"), Text(self.body))  # option text is data, not markup
        return grid

    def on_click(self) -> None:
        self.post_message(self.Clicked(self))
