"""Textual's footer, drawn again only when the keys it shows have changed.

Textual's ``Footer`` rebuilds every key in it whenever the screen's bindings *may* have changed:
on mounting, on each change of focus, on each screen resumed. Three rebuilds of eight keys took
about 50 ms of the home screen's start, and a rebuild after each answer cost 45 ms of the
feedback (bench/README.md). This one compares what it would show with what it shows, and when
only a key's state has changed (enabled or not, or its label: Enter says Submit, then Next),
it changes those keys in place.

A screen may name a key's label for its current state with ``footer_description(action)``
(None: the binding's own description).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter

from quizkit.tui.compat import FooterKey, footer_bindings_ready, update_footer_key

_Shown = tuple[tuple[object, ...], tuple[object, ...]]


class Footer(TextualFooter):
    _shown: _Shown | None = None

    def _wanted(self) -> _Shown | None:
        """What the footer's keys are drawn from: which keys (the bindings shown, and the command
        palette's, which is hidden but drawn) and the footer's options; then each key's state."""
        if not footer_bindings_ready(self):
            return None
        palette = self.app.COMMAND_PALETTE_BINDING
        drawn = [(key, active) for key, active in self.screen.active_bindings.items()
                 if active.binding.show or key == palette]
        keys = (tuple(active.binding for _, active in drawn), self.compact, self.show_command_palette, self.combine_groups)
        states = tuple((active.enabled, active.tooltip, self._label(active.binding.action)) for _, active in drawn)
        return keys, states

    def _label(self, action: str) -> str | None:
        describe = getattr(self.screen, "footer_description", None)
        return describe(action) if describe is not None else None

    def compose(self) -> ComposeResult:
        self._shown = self._wanted()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and (label := self._label(widget.action)) is not None:
                update_footer_key(widget, description=label)
            yield widget

    async def recompose(self) -> None:
        if not self.is_attached:  # leaving with its screen: nothing to draw
            return
        wanted = self._wanted()
        if self._shown is not None and wanted is not None:
            if wanted == self._shown:
                return
            if wanted[0] == self._shown[0]:  # the same keys: change their state in place
                # The binding each key was drawn from (a key's action may have hidden twins: "a" picks as "1" does).
                bindings = {active.binding.action: active for active in self.screen.active_bindings.values()
                            if active.binding.show}
                for key in self.query(FooterKey):
                    active = bindings.get(key.action)
                    if active is None:
                        continue
                    label = self._label(key.action)
                    grouped = key.has_class("-grouped")  # a group's keys are drawn without a label
                    update_footer_key(key, disabled=not active.enabled,
                                      description=None if grouped else label or active.binding.description)
                self._shown = wanted
                return
        await super().recompose()
