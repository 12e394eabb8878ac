"""Every use of Textual's private API, in one place.

Textual is pinned to a minor release (pyproject.toml), but its private names may change in any
release. Each hook here has a test in ``tests/test_textual_compat.py`` that fails with a message
naming the hook when an upgrade changes it, instead of a widget silently drawing the wrong
glyph or a footer going stale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.content import Content
from textual.widgets import Footer

# The widget Textual's footer draws each key with; Textual does not export it.
from textual.widgets._footer import FooterKey as FooterKey  # re-exported for quizkit's footer

# ToggleButton is the base of Checkbox and RadioButton; Textual does not export it.
from textual.widgets._toggle_button import ToggleButton

#: The glyph Textual draws inside every toggle, on or off (told apart by colour alone).
TOGGLE_GLYPH: str = ToggleButton.BUTTON_INNER


# A mixin, not a subclass of ToggleButton at run time: a base class of its own would put
# ToggleButton's default CSS ahead of Checkbox's and change the layout.
if TYPE_CHECKING:
    _ToggleBase = ToggleButton
else:
    _ToggleBase = object


class GlyphToggle(_ToggleBase):
    """Mixed into a toggle, draws ``ON_GLYPH`` when on and ``OFF_GLYPH`` when off.

    Textual builds the button from the class attribute ``BUTTON_INNER`` in the private property
    ``_button``; this is the one place that overrides it.
    """

    ON_GLYPH: ClassVar[str]
    OFF_GLYPH: ClassVar[str]

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = self.ON_GLYPH if self.value else self.OFF_GLYPH
        button: Content = super()._button
        return button


def footer_bindings_ready(footer: Footer) -> bool:
    """Whether Textual's footer has read the screen's bindings (a private flag it sets on mount)."""
    return bool(footer._bindings_ready)


# A mixin for the same reason as _ToggleBase: typed as an App, an object at run time.
if TYPE_CHECKING:
    _AppBase = App[Any]
else:
    _AppBase = object


class KeepsCrashes(_AppBase):
    """Mixed into an App: an unexpected exception ends the app as Textual ends it (return code 1),
    but is kept in :attr:`crash` for the command to report (quizkit/crash.py) instead of Textual
    printing its traceback with local variables over the terminal.

    Textual has no public hook for this: every unhandled exception goes through the private
    ``App._handle_exception``, which queues the traceback in the private ``_exit_renderables``,
    printed when the app exits.
    """

    crash: BaseException | None = None

    def _handle_exception(self, error: Exception) -> None:
        if self.crash is None:
            self.crash = error
        super()._handle_exception(error)
        self._exit_renderables.clear()


def update_footer_key(key: FooterKey, *, disabled: bool | None = None, description: str | None = None) -> None:
    """Change a drawn footer key in place: greyed out or not, and its label. Textual's footer
    only sets these when it builds the key (``_disabled`` and the ``-disabled`` class), and
    rebuilding every key costs a frame (bench/README.md)."""
    if disabled is not None and disabled != key._disabled:
        key._disabled = disabled
        key.set_class(disabled, "-disabled")
    if description is not None and description != key.description:
        key.description = description
        key.refresh(layout=True)
