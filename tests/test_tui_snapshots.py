"""Every screen at 80×24, compared with the accepted SVG under tests/__snapshots__.

After a deliberate change to a screen, run ``pytest tests/test_tui_snapshots.py --snapshot-update``,
look at the new SVGs (``snapshot_report.html`` shows the differences) and commit them.
"""

from __future__ import annotations

from quizkit.quiz import Mode

from tui_support import mini_app

SIZE = (80, 24)


def test_home(snap_compare) -> None:
    assert snap_compare(mini_app(mode=None), terminal_size=SIZE)


def test_question_single(snap_compare) -> None:
    assert snap_compare(mini_app(), press=["1"], terminal_size=SIZE)


def test_question_multiple(snap_compare) -> None:
    app = mini_app(question_ids=frozenset({"mini-multiple"}))
    assert snap_compare(app, press=["a", "c"], terminal_size=SIZE)


def test_question_true_false(snap_compare) -> None:
    assert snap_compare(mini_app(question_ids=frozenset({"mini-true-false"})), terminal_size=SIZE)


def test_question_matching(snap_compare) -> None:
    app = mini_app(question_ids=frozenset({"mini-matching"}))
    assert snap_compare(app, press=["b"], terminal_size=SIZE)


def test_feedback(snap_compare) -> None:
    assert snap_compare(mini_app(), press=["2", "enter"], terminal_size=SIZE)


def test_feedback_matching(snap_compare) -> None:
    app = mini_app(question_ids=frozenset({"mini-matching"}))
    assert snap_compare(app, press=["a", "c", "enter"], terminal_size=SIZE)


def test_exam_question_flagged_with_countdown(snap_compare) -> None:
    app = mini_app(Mode.EXAM, time_limit_seconds=600)
    assert snap_compare(app, press=["1", "m"], terminal_size=SIZE)


def test_exam_review_list(snap_compare) -> None:
    app = mini_app(Mode.EXAM)
    assert snap_compare(app, press=["1", "m", "right", "right", "right", "enter"], terminal_size=SIZE)


def test_results(snap_compare) -> None:
    press = ["1", "enter", "s", "enter", "c", "enter", "s", "enter", "2", "enter", "enter", "a", "b", "enter", "enter"]
    assert snap_compare(mini_app(), press=press, terminal_size=SIZE)


def test_question_detail_from_results(snap_compare) -> None:
    press = ["1", "enter", "enter", "c", "enter", "enter", "2", "enter", "enter", "a", "b", "enter", "enter", "enter"]
    assert snap_compare(mini_app(), press=press, terminal_size=SIZE)


def test_cited_section(snap_compare) -> None:
    assert snap_compare(mini_app(), press=["1", "enter", "o"], terminal_size=SIZE)


def test_light_theme(snap_compare) -> None:
    assert snap_compare(mini_app(), press=["ctrl+t", "1", "enter"], terminal_size=SIZE)
