"""The app as configured: bank folders, source texts and remembered settings, built the way
``quizkit`` builds it (quizkit.cli.take.prepare) and driven with real key presses."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA
from textual.containers import VerticalScroll
from textual.widgets import Static
from tui_support import FrozenClock, open_store

from quizkit.cli.main import build_parser, main
from quizkit.cli.take import prepare
from quizkit.tui.screens.home import HomeScreen
from quizkit.tui.screens.question import QuestionScreen
from quizkit.tui.screens.results import ResultsScreen
from quizkit.tui.screens.section import SectionScreen

FOLDER = DATA / "folder-banks"
#: The quote the ward bank's questions cite, deep in part 1 of a stand-in for the guide.
QUOTE = "the skin may be the first place where spread becomes visible"


@pytest.fixture
def config_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("QUIZKIT_CONFIG", str(path))
    return path


def configured_app(tmp_path: Path, *argv: str):
    """The app ``quizkit ARGV`` would open, over a history in ``tmp_path``."""
    setup = prepare(build_parser().parse_args([*argv, "--data-dir", str(tmp_path / "data")]), None)
    return setup.app(open_store(tmp_path), clock=FrozenClock())


def write_guide(path: Path) -> Path:
    """Part 1 of a stand-in guide: thirty paragraphs, then the quoted one, so the quote is far below the top."""
    filler = "\n\n".join(f"Paragraph {n} says something about the skin that is not the quote." for n in range(30))
    path.write_text(f"Guide\n\nPart 1: Why Understanding Skin Metastases Matters\n\n{filler}\n\n"
                    f"In some women {QUOTE}, long after treatment.\n\nThe end.\n", encoding="utf-8")
    return path


async def test_a_configured_folder_joins_home_and_its_misses_are_retried(tmp_path, config_file) -> None:
    config_file.parent.mkdir()
    config_file.write_text(f'[banks]\nfolders = ["{FOLDER}"]\n\n[builder]\nshuffle = false\n', encoding="utf-8")
    app = configured_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        labels = [str(option.prompt) for option in home.query_one("#banks").options]
        assert "Ward teaching bank (2) · folder-banks" in labels
        assert any(label.startswith("Part 1: ") and label.endswith("· bundled") for label in labels)
        ward = labels.index("Ward teaching bank (2) · folder-banks")
        home.query_one("#banks").highlighted = ward
        await pilot.press("enter")                                  # Enter: a quiz on that bank alone
        assert isinstance(app.screen, QuestionScreen)
        assert [i.question.id for i in app.screen.attempt.quiz.items] == ["ward-q1", "ward-q2"]
        await pilot.press("2", "enter", "enter", "enter", "1", "enter", "enter", "enter")   # q1 missed, q2 right
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("h", "ctrl+r")                            # retry missed, from the history
        assert [i.question.id for i in app.screen.attempt.quiz.items] == ["ward-q1"]


async def test_sources_add_then_o_opens_the_section_at_the_highlighted_quote(tmp_path, config_file, capsys) -> None:
    guide = write_guide(tmp_path / "guide.txt")
    assert main(["sources", "add", "skin-metastases-guide", str(guide)]) == 0
    out = capsys.readouterr()
    assert "changed since their fingerprints were recorded" in out.err          # drift, said plainly
    assert f"Recorded the text of 'skin-metastases-guide': {guide}" in out.out
    app = configured_app(tmp_path, "--no-bundled", "--banks", str(FOLDER))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "enter", "enter", "o")
        screen = app.screen
        assert isinstance(screen, SectionScreen)
        await pilot.pause()
        quote = screen.query_one("#quote", Static)
        assert f"▶ {QUOTE} ◀" in str(quote.render())
        scroll = screen.query_one("#section", VerticalScroll)
        assert scroll.scroll_y > 0                                   # opened down at the quote, not the top
        assert scroll.content_region.contains_region(quote.region) or quote.region.y >= scroll.content_region.y


async def test_without_a_source_text_the_section_says_how_to_configure_it(tmp_path, config_file) -> None:
    app = configured_app(tmp_path, "--no-bundled", "--banks", str(FOLDER))
    async with app.run_test() as pilot:
        await pilot.press("enter", "1", "enter", "enter", "o")
        shown = " ".join(str(app.screen.query_one("#no-text", Static).render()).split())
        assert "quizkit sources add skin-metastases-guide PATH" in shown


async def test_builder_settings_and_theme_survive_a_restart(tmp_path, config_file) -> None:
    app = configured_app(tmp_path, "--no-bundled", "--banks", str(FOLDER))
    async with app.run_test() as pilot:
        await pilot.press("ctrl+t", "ctrl+s")
        builder = app.screen
        await pilot.click("#exam")
        builder.query_one("#count").value = "1"
        builder.query_one("#tags").select("ward")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, QuestionScreen)
    again = configured_app(tmp_path, "--no-bundled", "--banks", str(FOLDER))
    assert again.theme == "textual-light"
    async with again.run_test() as pilot:
        await pilot.pause()
        if not isinstance(again.screen, HomeScreen):                # the unfinished quiz is offered first
            await pilot.press("l")
        await pilot.press("ctrl+s")
        spec = again.screen.spec()
        assert (spec.mode.value, spec.count, spec.tags) == ("exam", 1, frozenset({"ward"}))


async def test_item_analysis_is_hidden_from_trainees_by_default(tmp_path, config_file) -> None:
    app = configured_app(tmp_path, "--no-bundled", "--banks", str(FOLDER))
    async with app.run_test() as pilot:
        await pilot.press("ctrl+a")
        assert isinstance(app.screen, HomeScreen)
        assert "ctrl+a" not in {key for key, active in app.screen.active_bindings.items() if active.enabled}


async def test_home_ticks_all_and_none_and_shows_the_profile(tmp_path, config_file) -> None:
    config_file.parent.mkdir()
    config_file.write_text('[app]\nprofile = "ana"\n', encoding="utf-8")
    app = configured_app(tmp_path, "--banks", str(FOLDER))
    async with app.run_test() as pilot:
        banks = app.screen.query_one("#banks")
        await pilot.press("n")
        assert banks.selected == []
        assert "Profile: ana · 0 banks" in str(app.screen.query_one("#bank-summary", Static).render())
        await pilot.press("a")
        assert len(banks.selected) == len(app.banks) == 11


async def test_the_banks_ticked_for_a_quiz_are_ticked_after_a_restart(tmp_path, config_file) -> None:
    app = configured_app(tmp_path, "--banks", str(FOLDER))
    async with app.run_test(size=(100, 40)) as pilot:
        banks = app.screen.query_one("#banks")
        await pilot.press("n", "down", "space", "down", "space")    # tick the second and third banks only
        ticked = set(banks.selected)
        assert len(ticked) == 2
        await pilot.press("ctrl+s", "ctrl+s")                      # builder, then start with its settings
        assert isinstance(app.screen, QuestionScreen)
    again = configured_app(tmp_path, "--banks", str(FOLDER))
    async with again.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        if not isinstance(again.screen, HomeScreen):                # the unfinished quiz is offered first
            await pilot.press("l")
        assert set(again.screen.query_one("#banks").selected) == ticked
        await pilot.press("a", "ctrl+s", "ctrl+s")                  # every bank ticked is kept as "all"
    assert "banks = []" in config_file.read_text(encoding="utf-8")
