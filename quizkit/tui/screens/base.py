"""The screens' common base: the app they run in, typed as the quizkit app.

Textual types ``Screen.app`` as a plain ``App``; screens that ask the app for its banks, sources
or history go through :attr:`QuizkitScreen.quiz_app`, so that a type checker sees what they use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from quizkit.tui.app import QuizkitApp

ResultType = TypeVar("ResultType")


def _quiz_app(screen: Screen) -> QuizkitApp:
    from quizkit.tui.app import QuizkitApp

    app = screen.app
    if not isinstance(app, QuizkitApp):
        raise TypeError(f"{type(screen).__name__} runs only inside QuizkitApp, not {type(app).__name__}")
    return app


class QuizkitScreen(Screen[ResultType]):
    """A full screen of the quizkit app."""

    @property
    def quiz_app(self) -> QuizkitApp:
        return _quiz_app(self)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Textual's notify, with markup off: messages quote bank text, paths and ids, which are
        data (``10 [mg/kg]`` must not lose its unit)."""
        self.app.notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


class QuizkitModal(ModalScreen[ResultType]):
    """A dialog of the quizkit app."""

    @property
    def quiz_app(self) -> QuizkitApp:
        return _quiz_app(self)
