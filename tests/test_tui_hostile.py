"""Bank text that looks like markup, shown by the app exactly as written.

A dose written ``10 [mg/kg] daily`` lost its unit in option rows, the bank list, result tables
and toasts; ``[/]`` crashed the app; ``[@click=app.quit]`` became a live action. Every text
below goes through a real screen, and the test reads the rendered screen back.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from conftest import DATA, MINI_GUIDE, TEST_SOURCES
from tui_support import FrozenClock, open_store

from quizkit.bank.loader import read_bank, read_sources
from quizkit.engine.quiz import Mode, QuizSpec
from quizkit.tui.app import QuizkitApp

TITLE = "Mini [b]bank[/b] [@click=app.quit]go[/]"
OPTION = "10 [mg/kg] daily"
RATIONALE = "Dose [red]per[/red] kg, [/] not per [link=x]m2[/link]"
STEM = "Which [bold]test[/bold] confirms that a skin lesion is metastatic?"


def _hostile_bank(tmp_path: Path) -> Path:
    text = (DATA / "valid" / "mini-bank.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Mini bank", f'title: "{TITLE}"')
    text = text.replace("    stem: What confirms that a skin lesion is metastatic?", f'    stem: "{STEM}"')
    text = text.replace("        text: A blood test\n", f'        text: "{OPTION}"\n')
    text = text.replace("        rationale: Blood tests cannot find the lesion.\n", f'        rationale: "{RATIONALE}"\n')
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _app(tmp_path: Path, spec: QuizSpec | None) -> QuizkitApp:
    loaded = read_bank(_hostile_bank(tmp_path))
    assert loaded.bank is not None, loaded.diagnostics
    return QuizkitApp([loaded.bank], read_sources(TEST_SOURCES), open_store(tmp_path), spec=spec,
                      source_texts={"mini-guide": MINI_GUIDE}, clock=FrozenClock())


def screen_text(app: QuizkitApp) -> str:
    """What the terminal shows, row by row, read from the app's own screenshot."""
    svg = app.export_screenshot()
    rows: dict[str, list[str]] = {}
    for y, content in re.findall(r'<text class="[^"]*" x="[^"]*" y="([^"]*)"[^>]*>([^<]*)</text>', svg):
        rows.setdefault(y, []).append(html.unescape(content).replace("\xa0", " "))
    return "\n".join("".join(parts) for _, parts in sorted(rows.items(), key=lambda item: float(item[0])))


async def test_the_bank_list_shows_a_title_with_brackets_as_written(tmp_path: Path) -> None:
    app = _app(tmp_path, spec=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert TITLE in screen_text(app)
        assert app.is_running, "a bracketed title ran an action"


async def test_an_option_and_its_rationale_keep_their_brackets(tmp_path: Path) -> None:
    app = _app(tmp_path, QuizSpec(mode=Mode.PRACTICE, shuffle=False, seed=42, question_ids=frozenset({"mini-single"})))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert OPTION in screen_text(app)
        await pilot.press("b", "enter", "enter")  # pick, skip "how sure?", see the feedback
        await pilot.pause()
        shown = screen_text(app)
        assert OPTION in shown and RATIONALE in shown and STEM in shown
        await pilot.press("enter")  # the last question: on to the results
        await pilot.pause()
        assert STEM[:40] in screen_text(app), "the results table lost the stem's brackets"
