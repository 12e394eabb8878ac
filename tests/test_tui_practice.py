"""Practice mode's skip and look-back, driven with real key presses (the rules: test_practice_queue.py).

The mini bank holds, in order: single (key a), multiple (keys a+b), true/false (key False,
option 2) and matching; the app builds it unshuffled.
"""

from __future__ import annotations

from store_support import RESPONSES
from textual.widgets import Static
from tui_support import mini_app, open_store, plain

from quizkit.engine.attempt import Confidence
from quizkit.engine.scoring import Outcome
from quizkit.history.resume import resume
from quizkit.tui.screens.confirm import ConfirmScreen
from quizkit.tui.screens.question import QuestionScreen
from quizkit.tui.screens.results import ResultsScreen


def shown(screen: QuestionScreen, selector: str) -> str:
    return plain(screen.query_one(selector, Static))


async def test_a_skipped_question_comes_back_after_the_others(tmp_path) -> None:
    app = mini_app(tmp_path)
    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        attempt = screen.attempt
        await pilot.press("k")                              # put off the first question
        assert attempt.current == 1 and not attempt.answers
        assert "Practice 2/4 · 0 answered" in shown(screen, "#status")
        await pilot.press("a", "b", "enter", "enter", "enter")       # multiple, right; on
        await pilot.press("2", "enter", "enter", "enter")           # true/false, right; on
        await pilot.press("a", "b", "enter", "enter", "enter")      # matching, right; on
        assert attempt.current == 0                          # the skipped one, last
        assert "What confirms that a skin lesion is metastatic?" in shown(screen, "#stem")
        await pilot.press("1", "enter", "enter", "enter")
        assert isinstance(app.screen, ResultsScreen)
        assert list(attempt.answers) == [1, 2, 3, 0]


async def test_skipping_the_only_question_left_offers_to_finish_with_it_missed(tmp_path) -> None:
    app = mini_app(tmp_path, question_ids=frozenset({"mini-single", "mini-true-false"}))
    async with app.run_test() as pilot:
        attempt = app.screen.attempt
        await pilot.press("k", "2", "enter", "enter", "enter")     # skip the first, answer the second
        assert attempt.current == 0
        await pilot.press("k")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")                                   # Finish
        assert isinstance(app.screen, ResultsScreen)
        assert attempt.finished and attempt.unanswered() == [0]
        assert "– not answered 1" in plain(app.screen.query_one("#summary", Static))


async def test_looking_back_is_read_only_and_the_live_pick_stays(tmp_path) -> None:
    app = mini_app(tmp_path)
    async with app.run_test() as pilot:
        screen = app.screen
        attempt = screen.attempt
        await pilot.press("2", "s", "enter", "enter")              # single, wrong, sure
        await pilot.press("a")                                       # the live pick, not submitted
        await pilot.press("left")
        assert attempt.looking_back and attempt.shown == 0
        assert "✗ Incorrect — 0 of 1 point · you were sure" in shown(screen, "#feedback")
        assert "Key: a) A biopsy" in shown(screen, "#feedback")
        assert "Looking back: answer 1 of 1, final" in shown(screen, "#looking-back")
        assert "What confirms that a skin lesion is metastatic?" in shown(screen, "#stem")
        final = attempt.answers[0]
        await pilot.press("g", "u", "s", "1", "enter")              # none of it may change the answer
        assert attempt.answers == {0: final} and final.confidence is Confidence.SURE
        assert final.score.outcome is Outcome.INCORRECT
        assert not attempt.looking_back and attempt.current == 1     # Enter returned to the live question
        assert screen.draft.chosen == {"a"}                          # its pick intact, still not submitted
        assert 1 not in attempt.answers
        assert screen.query_one("#choices").display and not screen.query_one("#feedback").display


async def test_look_back_walks_earlier_answers_and_right_returns_to_the_live_question(tmp_path) -> None:
    app = mini_app(tmp_path)
    async with app.run_test() as pilot:
        screen = app.screen
        attempt = screen.attempt
        await pilot.press("1", "enter", "enter", "enter")          # single, right
        await pilot.press("c", "enter", "enter", "enter")          # multiple, wrong
        await pilot.press("p", "p")
        assert attempt.shown == 0 and "✓ Correct" in shown(screen, "#feedback")
        await pilot.press("n")
        assert attempt.shown == 1 and "✗ Incorrect" in shown(screen, "#feedback")
        await pilot.press("right")
        assert not attempt.looking_back and attempt.current == 2
        assert "Practice 3/4" in shown(screen, "#status")


async def test_at_60_columns_skip_and_look_back_work_without_being_listed(tmp_path) -> None:
    app = mini_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        attempt = app.screen.attempt
        await pilot.press("1", "enter", "enter", "enter", "k")
        assert attempt.current == 2
        await pilot.press("left")
        assert attempt.shown == 0
        listed = {active.binding.action for active in app.screen.active_bindings.values() if active.binding.show}
        assert "skip" not in listed and "look(-1)" not in listed


async def test_a_resumed_practice_quiz_brings_back_the_skipped_question_last(tmp_path) -> None:
    app = mini_app(tmp_path)
    async with app.run_test() as pilot:
        attempt = app.screen.attempt
        await pilot.press("k", "a", "b", "enter", "enter")         # skip 1, answer 2
        await pilot.press("enter", "q", "enter")                   # on to 3, then quit (kept open)
        assert attempt.current == 2 and not attempt.finished
    with open_store(tmp_path) as store:
        [(attempt_id,)] = store.connection.execute("SELECT id FROM attempt").fetchall()
        resumed = resume(store, attempt_id, app.banks).attempt
    assert resumed.current == 2 and list(resumed.answers) == [1]
    order = [resumed.current]
    resumed.answer(RESPONSES["mini-true-false"]["right"])
    while resumed.advance():
        order.append(resumed.current)
        resumed.answer(RESPONSES[resumed.item.question.id]["wrong"])
    assert order == [2, 3, 0]
