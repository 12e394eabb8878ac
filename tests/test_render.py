"""The text the screens show, built without a terminal."""

from __future__ import annotations

from quizkit.tui.render import score_trend


def test_a_trend_has_a_fixed_scale_so_close_scores_look_close() -> None:
    assert score_trend([70, 72]).startswith("▆▆  last 72%")
    assert score_trend([0, 50, 100]).startswith(" ▄█")


def test_one_score_is_not_drawn_as_a_full_bar() -> None:
    assert score_trend([75]) == "▆  last 75%, best 75% (1 quiz, 0–100% scale)"


def test_no_finished_quiz_says_so() -> None:
    assert score_trend([]) == "No finished quiz yet."


def test_only_the_latest_scores_are_drawn_but_best_is_over_all() -> None:
    line = score_trend([100] + [10] * 60, width=60)
    assert line.startswith("▁" * 60) and "best 100% (61 quizzes" in line
