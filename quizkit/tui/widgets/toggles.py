"""Check boxes, radio buttons and selection lists whose state shows without colour.

Textual draws the same glyph for on and off and tells them apart by colour alone, which a
colour-blind trainee, a monochrome terminal or a screen reader cannot see. These draw ✓ or
nothing, and ● or ○, as well as the colour.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList

from quizkit.tui.compat import TOGGLE_GLYPH, GlyphToggle


class MarkedCheckbox(GlyphToggle, Checkbox):
    ON_GLYPH, OFF_GLYPH = "✓", " "


class MarkedRadioButton(GlyphToggle, RadioButton):
    ON_GLYPH, OFF_GLYPH = "●", "○"


class MarkedSelectionList(SelectionList[str]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) > 2 and segments[1].text == TOGGLE_GLYPH:
            index = (segments[1].style.meta if segments[1].style else {}).get("option")
            if index is not None:
                selected = self.get_option_at_index(index).value in self.selected
                segments[1] = Segment("✓" if selected else " ", segments[1].style)
                return Strip(segments, strip.cell_length)
        return strip
