"""Every screen at 80×24 (new and changed ones at 100×32 too), compared with the accepted SVG under tests/__snapshots__.

After a deliberate change to a screen, run ``pytest tests/test_tui_snapshots.py --snapshot-update``,
look at the new SVGs (``snapshot_report.html`` shows the differences) and commit them.
"""

from __future__ import annotations

from tui_support import PRACTICE_ALL, mini_app

from quizkit.engine.quiz import Mode

SIZE = (80, 24)
WIDE = (100, 32)


def pressing_then_waiting(keys: list[str]):
    """Press ``keys``, then wait for screens that read the history off the UI thread to show it
    (snap_compare's own ``press`` comes after ``run_before`` and waits for no worker)."""
    async def run(pilot) -> None:
        await pilot.press(*keys)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    return run


def test_home(snap_compare, tmp_path) -> None:
    assert snap_compare(mini_app(tmp_path, mode=None), terminal_size=SIZE)


def test_builder(snap_compare, tmp_path) -> None:
    assert snap_compare(mini_app(tmp_path, mode=None), press=["ctrl+s"], terminal_size=SIZE)


def test_question_single(snap_compare, tmp_path) -> None:
    assert snap_compare(mini_app(tmp_path), press=["1"], terminal_size=SIZE)


def test_question_multiple(snap_compare, tmp_path) -> None:
    app = mini_app(tmp_path, question_ids=frozenset({"mini-multiple"}))
    assert snap_compare(app, press=["a", "c"], terminal_size=SIZE)


def test_question_true_false(snap_compare, tmp_path) -> None:
    assert snap_compare(mini_app(tmp_path, question_ids=frozenset({"mini-true-false"})), terminal_size=SIZE)


def test_question_matching(snap_compare, tmp_path) -> None:
    app = mini_app(tmp_path, question_ids=frozenset({"mini-matching"}))
    assert snap_compare(app, press=["b"], terminal_size=SIZE)


def test_feedback(snap_compare, tmp_path) -> None:
    assert snap_compare(mini_app(tmp_path), press=["2", "enter", "enter"], terminal_size=SIZE)


def test_feedback_matching(snap_compare, tmp_path) -> None:
    app = mini_app(tmp_path, question_ids=frozenset({"mini-matching"}))
    assert snap_compare(app, press=["a", "c", "enter", "enter"], terminal_size=SIZE)


def test_exam_question_flagged_with_countdown(snap_compare, tmp_path) -> None:
    app = mini_app(tmp_path, Mode.EXAM, time_limit_seconds=600)
    assert snap_compare(app, press=["1", "m"], terminal_size=SIZE)


def test_exam_review_list(snap_compare, tmp_path) -> None:
    app = mini_app(tmp_path, Mode.EXAM)
    assert snap_compare(app, press=["1", "m", "right", "right", "right", "enter"], terminal_size=SIZE)


def test_results(snap_compare, tmp_path) -> None:
    press = ["1", "s", "enter", "enter", "c", "s", "enter", "enter", "2", "enter", "enter", "enter",
             "a", "b", "enter", "enter", "enter"]
    assert snap_compare(mini_app(tmp_path), press=press, terminal_size=SIZE)


def test_question_detail_from_results(snap_compare, tmp_path) -> None:
    press = [*PRACTICE_ALL, "enter"]
    assert snap_compare(mini_app(tmp_path), press=press, terminal_size=SIZE)


def test_cited_section(snap_compare, tmp_path) -> None:
    assert snap_compare(mini_app(tmp_path), press=["1", "enter", "enter", "o"], terminal_size=SIZE)


def test_light_theme(snap_compare, tmp_path) -> None:
    assert snap_compare(mini_app(tmp_path), press=["ctrl+t", "1", "enter", "enter"], terminal_size=SIZE)


def test_history(snap_compare, tmp_path) -> None:
    press = [*PRACTICE_ALL, "h", "ctrl+y"]
    assert snap_compare(mini_app(tmp_path), terminal_size=SIZE, run_before=pressing_then_waiting(press))


def test_resume_offer(snap_compare, tmp_path) -> None:
    import asyncio

    async def interrupt() -> None:
        async with mini_app(tmp_path, Mode.EXAM).run_test() as pilot:
            await pilot.press("1", "right", "escape", "y")

    asyncio.run(interrupt())
    assert snap_compare(mini_app(tmp_path, mode=None), terminal_size=SIZE)


def test_item_analysis(snap_compare, tmp_path) -> None:
    press = [*PRACTICE_ALL, "h", "ctrl+a"]
    assert snap_compare(mini_app(tmp_path), terminal_size=SIZE, run_before=pressing_then_waiting(press))


def test_asked_how_sure_before_the_feedback(snap_compare, tmp_path) -> None:
    assert snap_compare(mini_app(tmp_path), press=["1", "enter"], terminal_size=SIZE)


def test_asked_how_sure_before_the_feedback_100x32(snap_compare, tmp_path) -> None:
    assert snap_compare(mini_app(tmp_path), press=["1", "enter"], terminal_size=WIDE)


def test_results_100x32(snap_compare, tmp_path) -> None:
    press = ["1", "s", "enter", "enter", "c", "s", "enter", "enter", "2", "enter", "enter", "enter",
             "a", "b", "enter", "enter", "enter"]
    assert snap_compare(mini_app(tmp_path), press=press, terminal_size=WIDE)


def test_home_after_a_quiz(snap_compare, tmp_path) -> None:
    """Mastery per part, the review outlook and the weakest topics, at a glance."""
    assert snap_compare(mini_app(tmp_path), terminal_size=SIZE, run_before=pressing_then_waiting([*PRACTICE_ALL, "h"]))


def test_home_after_a_quiz_100x32(snap_compare, tmp_path) -> None:
    assert snap_compare(mini_app(tmp_path), terminal_size=WIDE, run_before=pressing_then_waiting([*PRACTICE_ALL, "h"]))


def test_history_100x32(snap_compare, tmp_path) -> None:
    assert snap_compare(mini_app(tmp_path), terminal_size=WIDE,
                        run_before=pressing_then_waiting([*PRACTICE_ALL, "h", "ctrl+y"]))


def test_past_attempt_opened_from_history(snap_compare, tmp_path) -> None:
    assert snap_compare(mini_app(tmp_path), terminal_size=SIZE,
                        run_before=pressing_then_waiting([*PRACTICE_ALL, "h", "ctrl+y", "enter"]))


def test_past_attempt_opened_from_history_100x32(snap_compare, tmp_path) -> None:
    assert snap_compare(mini_app(tmp_path), terminal_size=WIDE,
                        run_before=pressing_then_waiting([*PRACTICE_ALL, "h", "ctrl+y", "enter"]))
