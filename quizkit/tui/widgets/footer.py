"""Textual's footer, drawn again only when the keys it shows have changed.

Textual's ``Footer`` rebuilds every key in it whenever the screen's bindings *may* have changed:
on mounting, on each change of focus, on each screen resumed. Three rebuilds of eight keys took
about 50 ms of the home screen's start, and a rebuild after each answer cost 45 ms of the
feedback (bench/README.md). This one compares what it would show with what it shows.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter

from quizkit.tui.compat import footer_bindings_ready


class Footer(TextualFooter):
    _shown: object = None

    def _wanted(self) -> object:
        """Everything the footer's keys are drawn from, hidden bindings included (the command
        palette's key is one)."""
        if not footer_bindings_ready(self):
            return None
        bindings = tuple((active.binding, active.enabled, active.tooltip) for active in self.screen.active_bindings.values())
        return (bindings, self.compact, self.show_command_palette, self.combine_groups)

    def compose(self) -> ComposeResult:
        self._shown = self._wanted()
        yield from super().compose()

    async def recompose(self) -> None:
        if self.is_attached and self._shown is not None and self._wanted() == self._shown:
            return
        await super().recompose()
