"""Every screen and dialog at 80×24 and 60×20 (the screens added since, at 100×32 too), compared with the accepted SVG under tests/__snapshots__.

After a deliberate change to a screen, run ``pytest tests/test_tui_snapshots.py --snapshot-update``,
look at the new SVGs (``snapshot_report.html`` shows the differences) and commit them.
"""

from __future__ import annotations

import pytest
from screens import SCENARIOS, SIZES, pressing_then_waiting

SNAPSHOTS = [scenario for scenario in SCENARIOS if scenario.snapshot]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scenario", SNAPSHOTS, ids=[s.name for s in SNAPSHOTS])
def test_screen(snap_compare, tmp_path, scenario, size) -> None:
    assert snap_compare(scenario.app(tmp_path), terminal_size=SIZES[size],
                        run_before=pressing_then_waiting(scenario.press))


#: The screens of issue #12 (learning), at a larger size as well: certainty before the reveal,
#: the feedback, results, mastery at a glance on the home screen, the history, a past attempt
#: opened, unfinished quizzes, practice's skip and look-back and the builder's filters.
LEARNING = ("asked_how_sure_before_the_feedback", "feedback", "results", "home_after_a_quiz", "history",
            "past_attempt_opened_from_history", "resume_offer")
LARGER = [scenario for scenario in SNAPSHOTS
          if scenario.name in LEARNING or scenario.name.startswith(("practice_", "builder"))]


@pytest.mark.parametrize("scenario", LARGER, ids=[s.name for s in LARGER])
def test_screen_at_100x32(snap_compare, tmp_path, scenario) -> None:
    assert snap_compare(scenario.app(tmp_path), terminal_size=(100, 32), run_before=pressing_then_waiting(scenario.press))
