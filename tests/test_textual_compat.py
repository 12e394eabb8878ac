"""Each hook into Textual's private API (quizkit/tui/compat.py), exercised for real.

When a Textual upgrade renames or reshapes one of them, the test named for it fails here with a
message saying which hook broke, rather than a widget quietly drawing the wrong glyph.
"""

from __future__ import annotations

from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Checkbox, Footer, RadioButton

from quizkit.tui import compat
from quizkit.tui.widgets.footer import Footer as QuizkitFooter
from quizkit.tui.widgets.toggles import MarkedCheckbox, MarkedRadioButton, MarkedSelectionList


class _Toggles(App[None]):
    def compose(self) -> ComposeResult:
        yield MarkedCheckbox("ticked", value=True, id="on")
        yield MarkedCheckbox("not ticked", value=False, id="off")
        yield MarkedRadioButton("chosen", value=True, id="radio")
        yield MarkedSelectionList(("first", "first", True), ("second", "second", False))
        yield QuizkitFooter()


def _text(app: App[None], selector: str) -> str:
    widget = app.query_one(selector)
    return "".join(segment.text for y in range(widget.size.height) for segment in widget.render_line(y))


def test_toggle_button_still_draws_its_glyph_from_button_inner() -> None:
    assert isinstance(compat.TOGGLE_GLYPH, str) and compat.TOGGLE_GLYPH, (
        "Textual's ToggleButton.BUTTON_INNER is gone: update quizkit/tui/compat.py")
    assert issubclass(Checkbox, compat.ToggleButton) and issubclass(RadioButton, compat.ToggleButton), (
        "Checkbox/RadioButton no longer derive from textual.widgets._toggle_button.ToggleButton")
    assert isinstance(vars(compat.ToggleButton).get("_button"), property), (
        "ToggleButton._button is no longer a property: GlyphToggle's override would be ignored")


async def test_marked_toggles_show_their_state_without_colour() -> None:
    app = _Toggles()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert "✓" in _text(app, "#on"), "GlyphToggle no longer reaches the drawn button"
        assert "✓" not in _text(app, "#off")
        assert "●" in _text(app, "#radio")
        selection = _text(app, MarkedSelectionList.__name__)
        assert selection.count("✓") == 1, (
            "SelectionList no longer draws the toggle glyph as its second segment: "
            "MarkedSelectionList.render_line needs updating")


async def test_footer_reports_when_its_bindings_are_ready() -> None:
    app = _Toggles()
    assert not compat.footer_bindings_ready(Footer())
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert compat.footer_bindings_ready(app.query_one(QuizkitFooter)), (
            "Textual's Footer._bindings_ready is gone or never set: quizkit's footer would never draw")


class _Crashes(compat.KeepsCrashes, App[None]):
    BINDINGS: ClassVar = [("x", "crash")]

    def action_crash(self) -> None:
        raise ZeroDivisionError("a bug")


async def test_an_unhandled_exception_is_kept_and_its_traceback_not_queued_for_the_terminal() -> None:
    assert "_handle_exception" in vars(App), "Textual's App._handle_exception is gone: update KeepsCrashes"
    app = _Crashes()
    with pytest.raises(ZeroDivisionError):
        async with app.run_test() as pilot:
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.crash, ZeroDivisionError), "App._handle_exception no longer sees unhandled errors"
            assert app._exit_renderables == [], "Textual's _exit_renderables changed: its traceback would be printed"
    assert app.return_code == 1


async def test_a_footer_key_changes_its_state_and_label_in_place() -> None:
    app = _Toggles()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        key = compat.FooterKey("x", "x", "Submit", "submit")
        await app.mount(key)
        compat.update_footer_key(key, disabled=True, description="Next")
        await pilot.pause()
        assert key.has_class("-disabled") and key._disabled, (
            "FooterKey no longer keeps its state in _disabled and the -disabled class: update compat.update_footer_key")
        assert "Next" in str(key.render()), "FooterKey no longer draws its description attribute"
