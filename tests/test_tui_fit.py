"""No screen cuts a word: every screen and dialog, at 80×24 and 60×20, scanned for a letter
that runs into the screen's edge or into a border, scroll bar or panel edge, which is what text
clipped mid-word looks like (the quit dialog once ended "your answers are save")."""

from __future__ import annotations

import pytest
from screens import SCENARIOS, SIZES, screen_lines

#: Glyphs Textual draws at the edge of a panel, dialog, list or scroll bar.
EDGES = set("│┃║▌▐▊▎▏▕█▇▆▅▄▃▂▁▔╮╯╭╰┐┘")


def cut_words(lines: list[str], width: int) -> list[str]:
    """Each place where a word runs into the edge: the line, with the cut marked by «»."""
    found = []
    for row, line in enumerate(lines):
        padded = line.ljust(width)
        for column, char in enumerate(padded):
            if not char.isalnum():
                continue
            at_edge = column == width - 1
            into_border = column + 1 < width and padded[column + 1] in EDGES
            if at_edge or into_border:
                found.append(f"row {row}: {padded[:column + 1]}«{padded[column + 1:]}»")
    return found


def test_the_scan_finds_a_cut_word() -> None:
    assert cut_words(["█  your answers are save█"], 25) == ["row 0: █  your answers are save«█»"]
    assert cut_words(["r Review es"], 11) == ["row 0: r Review es«»"]
    assert cut_words(["█  your answers are      █", "ends here ."], 26) == []


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
async def test_no_word_is_cut_at_an_edge(tmp_path, scenario, size) -> None:
    app = await scenario.app_async(tmp_path)
    async with app.run_test(size=SIZES[size]) as pilot:
        await pilot.press(*scenario.press)
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = screen_lines(app)
    assert cut_words(lines, SIZES[size][0]) == [], "\n".join(lines)


async def test_the_builder_on_the_bundled_banks_is_whole_at_80x24(tmp_path) -> None:
    """Every builder control, its tags list of the ten bundled banks included, without scrolling
    (the filters added for issue #12 once pushed the last of them below the fold)."""
    from quizkit.bank.pipeline import load_banks
    from quizkit.history.store import Store
    from quizkit.tui.app import QuizkitApp

    banks, sources = load_banks()
    app = QuizkitApp(banks, sources, Store.open(tmp_path / "history.sqlite3"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.query_one("#builder").max_scroll_y == 0, "\n".join(screen_lines(app))
