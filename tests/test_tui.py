"""The app driven as a trainee drives it: real key presses through Textual's pilot.

The mini bank holds, in order: single (key a), multiple (keys a+b of a/b/c), true/false
(key False) and matching (nodule→look, red→rethink; options look, rethink, nothing).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.widgets import DataTable, OptionList, Static
from tui_support import PRACTICE_ALL, FrozenClock, mini_app, plain

from quizkit.engine.attempt import Confidence
from quizkit.engine.quiz import Mode
from quizkit.engine.scoring import Outcome
from quizkit.tui.screens.builder import BuilderScreen
from quizkit.tui.screens.confirm import ConfirmScreen
from quizkit.tui.screens.exam_review import ExamReviewScreen
from quizkit.tui.screens.home import HomeScreen
from quizkit.tui.screens.question import QuestionScreen
from quizkit.tui.screens.results import QuestionDetailScreen, ResultsScreen
from quizkit.tui.screens.section import SectionScreen


def text_of(screen, selector: str) -> str:
    return plain(screen.query_one(selector, Static))


def section_shown(screen) -> str:
    """Everything the cited-section dialog shows: the outline, then the text's paragraphs."""
    return "\n".join(str(static.render()) for static in screen.query(Static))


async def test_practice_quiz_of_every_type_scored_and_explained(tmp_path) -> None:
    app = mini_app(tmp_path, Mode.PRACTICE)
    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        attempt = screen.attempt

        await pilot.press("1", "s", "enter")                 # single: right, sure before the reveal
        feedback = text_of(screen, "#feedback")
        assert "✓ Correct — 1 of 1 point" in feedback
        assert "Key: a) A biopsy" in feedback
        assert "      Wrong: Blood tests cannot find the lesion." in feedback   # hanging under its option
        assert "Right: Only tissue proves it." in feedback                   # "Correct;" not said twice
        assert "Source: A Miniature Guide for Tests" in feedback
        assert "Section: Part 2: Proving It — Biopsy" in feedback
        assert "“Only a biopsy can say what the lesion is.”" in feedback
        await pilot.press("enter")                           # next

        await pilot.press("a", "c", "s", "enter")            # multiple: one right, one wrong → 0; sure
        feedback = text_of(screen, "#feedback")
        assert "✗ Incorrect — 0 of 1 point" in feedback
        assert "✗ c) Blood tests find the lesion  ← your answer" in feedback
        assert "← missed" in feedback                                        # the key not chosen
        await pilot.press("enter")                           # sure and wrong: the dangerous kind

        await pilot.press("2", "enter", "enter")             # true/false: False is right; asked, skipped
        assert "✓ Correct" in text_of(screen, "#feedback")
        await pilot.press("enter")                           # next

        await pilot.press("a", "c", "enter", "enter")        # matching: nodule→look, red→nothing
        feedback = text_of(screen, "#feedback")
        assert "◐ Partly correct — 0.5 of 1 point" in feedback
        assert "✗ Redness despite antibiotics → b) Thinking again  (you: c) Reassurance alone)" in feedback
        await pilot.press("enter")

        assert isinstance(app.screen, ResultsScreen)
        assert [a.score.points for a in attempt.answers.values()] == [1.0, 0.0, 1.0, 0.5]
        assert attempt.answers[0].confidence is Confidence.SURE and attempt.answers[2].confidence is None
        summary = text_of(app.screen, "#summary")
        assert "Score 2.5 / 4 (62%)" in summary
        assert "✓ correct 2 · ◐ partly correct 1 · ✗ incorrect 1 · – not answered 0" in summary
        assert "1 answered wrongly while sure" in text_of(app.screen, "#warning")


async def test_exam_mode_navigates_flags_reviews_and_submits(tmp_path) -> None:
    app = mini_app(tmp_path, Mode.EXAM)
    async with app.run_test() as pilot:
        screen = app.screen
        attempt = screen.attempt
        await pilot.press("1")                                # single: right, no feedback yet
        assert not screen.query_one("#feedback").display
        await pilot.press("enter", "m")                       # next; flag question 2
        await pilot.press("right", "1", "left")               # q3: True (wrong); back to q2
        assert attempt.current == 1
        await pilot.press("a", "b", "right", "2")             # q2 right; q3 changed to False (right)
        await pilot.press("right", "enter")                   # q4 unanswered; Enter on last opens review
        assert isinstance(app.screen, ExamReviewScreen)
        assert "3 of 4 answered, 1 unanswered, 1 flagged" in str(app.screen.query_one("#summary").render())
        assert app.screen.query_one(OptionList).highlighted == 3   # opened on the current question
        await pilot.press("f")                                # submit: one is unanswered, so it asks
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert isinstance(app.screen, ResultsScreen)
        assert "Score 3 / 4 (75%)" in text_of(app.screen, "#summary")
        assert attempt.flagged() == [1]


async def test_the_status_line_stays_one_row_leaving_out_the_seed_then_the_part(tmp_path) -> None:
    app = mini_app(tmp_path, Mode.EXAM, time_limit_seconds=1800, seed=2**40)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "m", "s")
        full = "⏱ 30:00 · Exam 1/4 · 1 answered · Part 2 · ⚑ · sure · seed 1099511627776"
        assert text_of(app.screen, "#status").strip() == full
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert text_of(app.screen, "#status").strip() == "⏱ 30:00 · Exam 1/4 · 1 answered · Part 2 · ⚑ · sure"
        await pilot.resize_terminal(40, 20)
        await pilot.pause()
        assert text_of(app.screen, "#status").strip() == "⏱ 30:00 · Exam 1/4 · ⚑ · sure"
        assert app.screen.query_one("#status").size.height == 1


async def test_exam_time_limit_submits_when_time_is_up(tmp_path) -> None:
    clock = FrozenClock()
    app = mini_app(tmp_path, Mode.EXAM, clock=clock, time_limit_seconds=120)
    async with app.run_test() as pilot:
        await pilot.pause()                                   # the status is drawn once the screen is mounted
        assert "⏱ 02:00 ⚠" in text_of(app.screen, "#status")
        await pilot.press("1")
        clock.now += 121
        # The countdown ticks each second; on a loaded machine the tick and the results screen
        # can take longer, so wait for them (bounded) rather than for a fixed time.
        for _ in range(300):
            await pilot.pause(0.1)
            screen = app.screen
            if (isinstance(screen, ResultsScreen) and screen.is_mounted and screen.query("#questions")
                    and screen.query_one("#questions", DataTable).row_count):  # filled by on_mount
                break
        await pilot.pause()                                   # let the header take the results' title before exit
        assert isinstance(app.screen, ResultsScreen)
        assert "Score 1 / 4" in text_of(app.screen, "#summary")


async def test_citation_key_opens_the_cited_section_with_outline_and_text(tmp_path) -> None:
    app = mini_app(tmp_path, Mode.PRACTICE)
    async with app.run_test() as pilot:
        await pilot.press("1", "enter", "enter", "o")
        assert isinstance(app.screen, SectionScreen)
        shown = section_shown(app.screen)
        assert "Part 2: Proving It" in shown
        assert "▸ Biopsy" in shown and "• Blood tests" in shown       # the cited topic is marked
        assert "▶ Only a biopsy can say what the lesion is. ◀" in shown   # the configured text, the quote marked
        await pilot.press("escape")
        assert isinstance(app.screen, QuestionScreen)


async def test_quitting_mid_quiz_asks_first(tmp_path) -> None:
    app = mini_app(tmp_path, Mode.PRACTICE)
    async with app.run_test() as pilot:
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("q", "y")
        assert app.return_code == 0 and not app.is_running


async def test_results_open_a_question_and_retry_the_missed_ones(tmp_path) -> None:
    app = mini_app(tmp_path, Mode.PRACTICE)
    async with app.run_test() as pilot:
        await pilot.press(*PRACTICE_ALL)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        table = results.query_one("#questions", DataTable)
        assert table.get_row_at(0)[1] == "✗ Incorrect"          # misses first
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionDetailScreen)
        assert "Blood tests find the lesion" in plain(app.screen.query_one(Static))
        await pilot.press("escape", "r")
        retry = app.screen
        assert isinstance(retry, QuestionScreen)
        assert [i.question.id for i in retry.attempt.quiz.items] == ["mini-multiple"]


async def test_home_builds_a_filtered_quiz(tmp_path) -> None:
    app = mini_app(tmp_path, mode=None)
    async with app.run_test() as pilot:
        assert isinstance(app.screen, HomeScreen)
        assert "Profile: default · 1 bank, 4 questions ticked" in text_of(app.screen, "#bank-summary")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BuilderScreen)
        app.screen.query_one("#tags").focus()
        await pilot.press("space", "ctrl+s")                       # tick the first tag listed: biopsy (1)
        assert isinstance(app.screen, QuestionScreen)
        assert [i.question.id for i in app.screen.attempt.quiz.items] == ["mini-single"]


async def test_builder_opens_on_the_last_quiz_built_but_not_its_seed(tmp_path) -> None:
    app = mini_app(tmp_path, mode=None)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+s")
        builder = app.screen
        await pilot.click("#exam")
        builder.query_one("#count").value = "2"
        builder.query_one("#seed").value = "7"
        built = builder.spec()
        await pilot.press("ctrl+s")
        assert app.screen.attempt.quiz.spec == built
        await pilot.press("escape", "y")                           # quit the quiz: back home
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+s")
        assert app.screen.spec() == replace(built, seed=None)


@pytest.mark.parametrize(("field", "typed", "says"), [
    ("#count", "-", "Enter a number of questions from 1 to 4."), ("#count", "0", "Enter a number of questions from 1 to 4."),
    ("#count", "5", "Enter a number of questions from 1 to 4."),
    ("#seed", "-", "Enter the seed as a whole number, or leave it blank."),
    ("#seed", str(2**63), "The seed must be a whole number from 0 to"),
    ("#minutes", "0", "The time limit must be at least one minute.")])
async def test_builder_refuses_a_number_it_cannot_use_and_says_which(tmp_path, field, typed, says) -> None:
    app = mini_app(tmp_path, mode=None)
    async with app.run_test(notifications=True) as pilot:
        await pilot.press("ctrl+s")
        builder = app.screen
        await pilot.click("#exam")                                  # the time limit applies to exams only
        builder.query_one(field).focus()
        await pilot.press(*typed, "ctrl+s")
        assert app.screen is builder and app.focused is builder.query_one(field)
        assert any(says in str(toast.render()) for toast in app.screen.query("Toast"))


async def test_builder_goes_back_home_without_starting(tmp_path) -> None:
    app = mini_app(tmp_path, mode=None)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+s", "escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("space", "ctrl+s")                        # the only bank unticked
        assert isinstance(app.screen, HomeScreen)


async def test_mouse_picks_an_option(tmp_path) -> None:
    app = mini_app(tmp_path, Mode.PRACTICE)
    async with app.run_test() as pilot:
        await pilot.click("#option-0")
        await pilot.press("enter", "enter")
        assert app.screen.attempt.answers[0].score.outcome is Outcome.CORRECT


async def test_theme_toggles_between_light_and_dark(tmp_path) -> None:
    app = mini_app(tmp_path, Mode.PRACTICE)
    async with app.run_test() as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"


# -- the history behind the app ----------------------------------------------------------------

def final_answers(tmp_path) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(tmp_path / "history.sqlite3") as db:
        return db.execute("SELECT position, outcome, confidence FROM final_answer ORDER BY position").fetchall()


async def test_every_answer_is_in_the_history_as_it_is_given(tmp_path) -> None:
    app = mini_app(tmp_path, Mode.PRACTICE)
    async with app.run_test() as pilot:
        await pilot.press("1", "enter")                      # asked how sure: nothing scored yet
        assert final_answers(tmp_path) == [] and not app.screen.showing_feedback
        await pilot.press("u")                               # unsure: scored, saved, then the feedback
        assert final_answers(tmp_path) == [(0, "correct", "unsure")] and app.screen.showing_feedback


async def test_withdrawn_exam_answer_leaves_the_question_unanswered(tmp_path) -> None:
    import sqlite3

    app = mini_app(tmp_path, Mode.EXAM)
    async with app.run_test() as pilot:
        await pilot.press("1", "backspace")
        assert final_answers(tmp_path) == []                 # not a skip: no answer, no miss
        with sqlite3.connect(tmp_path / "history.sqlite3") as db:
            assert db.execute("SELECT count(*) FROM answer JOIN withdrawal ON answer_id = id").fetchone() == (1,)


async def test_an_interrupted_quiz_resumes_where_it_was_left(tmp_path) -> None:
    from quizkit.tui.screens.resume import ResumeScreen

    app = mini_app(tmp_path, Mode.EXAM)
    async with app.run_test() as pilot:
        await pilot.press("1", "right", "m", "a", "right")       # q1 answered, q2 flagged and answered, now on q3
        await pilot.press("escape", "y")                          # quit mid-quiz
    again = mini_app(tmp_path, mode=None)
    async with again.run_test() as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ResumeScreen)
        assert "2 of 4 answered" in str(again.screen.query_one(Static).render())
        await pilot.press("r")
        screen = again.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.attempt.current == 2 and screen.attempt.flagged() == [1]
        assert [i.question.id for i in screen.attempt.quiz.items] == ["mini-single", "mini-multiple",
                                                                      "mini-true-false", "mini-matching"]
        assert "⚑" not in text_of(screen, "#status")              # q3 itself is not flagged


async def test_after_quizkit_take_home_is_where_a_quit_quiz_returns(tmp_path) -> None:
    app = mini_app(tmp_path, Mode.PRACTICE)                      # opened on a quiz, as by quizkit take
    async with app.run_test() as pilot:
        await pilot.press(*PRACTICE_ALL, "h")
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("ctrl+s", "ctrl+s", "escape", "y")     # a quiz from home, quit mid-way
        assert app.screen is home and app.is_running
        await pilot.press("ctrl+s", "ctrl+s", "escape", "y")
        assert app.screen is home and len(app.screen_stack) == 2  # the empty screen under it, nothing else


async def test_a_quiz_that_matches_nothing_opens_home_and_says_why(tmp_path) -> None:
    app = mini_app(tmp_path, Mode.PRACTICE, tags=frozenset({"no-such-tag"}))
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert any("no question has the tag 'no-such-tag'" in toast for toast in toasts)


async def test_home_scores_follow_a_quiz_started_from_home(tmp_path) -> None:
    app = mini_app(tmp_path, mode=None)
    async with app.run_test() as pilot:
        home = app.screen
        assert [str(o.prompt) for o in home.query_one("#banks").options] == ["Mini bank (4) · valid"]
        await pilot.press("ctrl+s")
        await pilot.click("#shuffle")                               # the bank's order, as the keys below assume
        await pilot.press("ctrl+s")
        await pilot.press(*PRACTICE_ALL, "h")
        assert app.screen is home
        # ch-2's three questions: 2 right on their latest answer, and the part quiz's 2 of 3 its best.
        assert [str(o.prompt) for o in home.query_one("#banks").options] == ["Mini bank (4) · valid · 2/3 right · best 67%"]


async def test_home_shows_last_and_best_score_and_retries_missed_from_history(tmp_path) -> None:
    app = mini_app(tmp_path, Mode.PRACTICE)
    async with app.run_test() as pilot:
        await pilot.press(*PRACTICE_ALL)             # 3 of 4; the multiple-response one missed
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("h")
        assert isinstance(app.screen, HomeScreen)
        labels = [str(o.prompt) for o in app.screen.query_one("#banks").options]
        assert labels == ["Mini bank (4) · valid · 2/3 right · best 67%"]   # its part: 2 of 3 right
        await pilot.press("ctrl+r")
        assert [i.question.id for i in app.screen.attempt.quiz.items] == ["mini-multiple"]
        assert "Retry 1/1" in text_of(app.screen, "#status")


async def test_history_screen_lists_attempts_and_trends(tmp_path) -> None:
    from quizkit.tui.screens.history import HistoryScreen

    app = mini_app(tmp_path, Mode.PRACTICE)
    async with app.run_test() as pilot:
        await pilot.press(*PRACTICE_ALL, "h", "ctrl+y")
        await app.workers.wait_for_complete()                     # the overview is read off the UI thread
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        attempts = app.screen.query_one("#attempts", DataTable)
        assert attempts.row_count == 1
        assert attempts.get_row_at(0)[1] == "Quiz" and attempts.get_row_at(0)[4:7] == ["finished", "3/4", "75"]


async def test_toggles_show_their_state_without_colour(tmp_path) -> None:
    app = mini_app(tmp_path, mode=None)
    async with app.run_test() as pilot:
        home = app.screen
        await pilot.press("ctrl+s")
        builder = app.screen
        assert "✓" in str(builder.query_one("#difficulty-easy").render())
        await pilot.click("#difficulty-easy")
        assert "✓" not in str(builder.query_one("#difficulty-easy").render())
        assert "●" in str(builder.query_one("#practice").render()) and "○" in str(builder.query_one("#exam").render())
        await pilot.press("escape")
        banks = home.query_one("#banks")
        assert banks.render_line(0).text.lstrip().startswith("▐✓▌")
        banks.focus()
        await pilot.press("space")                                  # unselect the highlighted bank
        assert banks.render_line(0).text.lstrip().startswith("▐ ▌")


async def test_keys_that_do_not_apply_yet_change_nothing(tmp_path) -> None:
    app = mini_app(tmp_path, Mode.PRACTICE)
    async with app.run_test() as pilot:
        await pilot.press("s", "o")                          # before answering
        assert isinstance(app.screen, QuestionScreen) and app.screen.attempt.answers == {}
        await pilot.press("1", "enter", "enter", "2")        # a pick after the feedback is ignored
        assert app.screen.attempt.answers[0].response.chosen == frozenset({"a"})


async def test_item_analysis_screen_for_educators(tmp_path) -> None:
    from quizkit.tui.screens.item_analysis import ItemAnalysisScreen

    app = mini_app(tmp_path, Mode.PRACTICE, config="[app]\nitem_analysis = true\n")
    async with app.run_test() as pilot:
        await pilot.press(*PRACTICE_ALL, "h", "ctrl+a")
        await app.workers.wait_for_complete()                     # the analysis runs off the UI thread
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ItemAnalysisScreen)
        assert "1 history on this machine" in text_of(screen, "#summary")
        assert "Item analysis of 1 trainee: 4 responses to 4 questions, from 1 input." in text_of(screen, "#summary")
        questions = screen.query_one("#questions", DataTable)
        rows = {str(row[0]): [str(cell) for cell in row] for row in map(questions.get_row_at, range(questions.row_count))}
        assert rows["mini-multiple"][2:4] == ["1", "0.00"]         # n = 1, p = 0
        assert rows["mini-single"][3] == "1.00"


async def test_item_analysis_says_when_the_chosen_statistics_engine_cannot_run(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("QUIZKIT_STATS_ENGINE", "turbo")
    app = mini_app(tmp_path, Mode.PRACTICE, config="[app]\nitem_analysis = true\n")
    async with app.run_test() as pilot:
        await pilot.press(*PRACTICE_ALL, "h", "ctrl+a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Cannot analyse: QUIZKIT_STATS_ENGINE='turbo': choose pure or fast" in text_of(app.screen, "#summary")


async def test_exam_mode_answers_every_type_including_matching(tmp_path) -> None:
    app = mini_app(tmp_path, Mode.EXAM)
    async with app.run_test() as pilot:
        await pilot.press("1", "enter", "a", "b", "enter", "2", "enter", "a", "b", "enter")   # all four right
        assert isinstance(app.screen, ExamReviewScreen)
        await pilot.press("f")
        assert "Score 4 / 4 (100%)" in text_of(app.screen, "#summary")


async def test_footer_keeps_its_keys_until_they_change(tmp_path) -> None:
    from textual.widgets._footer import FooterKey

    app = mini_app(tmp_path, mode=None)
    async with app.run_test() as pilot:
        home = app.screen
        await pilot.pause()
        keys = list(home.query(FooterKey))
        assert "Builder" in [key.description for key in keys]
        await pilot.press("ctrl+s")                             # a screen with other keys
        assert "Start quiz" in [key.description for key in app.screen.query(FooterKey)]
        await pilot.press("escape")                             # home resumed, its focus back
        await pilot.pause()
        assert list(home.query(FooterKey)) == keys              # the same widgets, not rebuilt


async def test_a_long_option_wraps_under_its_own_text(tmp_path) -> None:
    app = mini_app(tmp_path, Mode.PRACTICE)
    async with app.run_test(size=(40, 24)) as pilot:
        row = app.screen.query_one("#option-0")
        row.body = "1 a) " + "a long option " * 4
        await pilot.pause()
        first, second = (row.render_line(y).text for y in range(2))
        assert second.strip() and len(second) - len(second.lstrip()) == first.index("1 a)")  # not under the marker


async def test_a_source_text_that_is_not_utf8_is_explained_not_a_crash(tmp_path) -> None:
    from conftest import DATA, TEST_SOURCES
    from tui_support import open_store

    from quizkit.bank.loader import read_bank, read_sources
    from quizkit.engine.quiz import QuizSpec
    from quizkit.tui.app import QuizkitApp

    latin1 = tmp_path / "guide-latin1.txt"
    latin1.write_bytes("Part 2: Proving It — Biopsy\nUne biopsie décide.\n".replace("—", "-").encode("latin-1"))
    app = QuizkitApp([read_bank(DATA / "valid" / "mini-bank.yaml").bank], read_sources(TEST_SOURCES), open_store(tmp_path),
                     spec=QuizSpec(shuffle=False, seed=42), source_texts={"mini-guide": latin1}, clock=FrozenClock())
    async with app.run_test() as pilot:
        await pilot.press("1", "enter", "enter", "o")
        assert isinstance(app.screen, SectionScreen)
        shown = " ".join(section_shown(app.screen).split())
        assert f"{latin1}: cannot read the source text: it is not UTF-8 text" in shown
        assert "Part 2: Proving It" in shown                        # the outline is still there


def _easy_stability(schedule) -> float:
    """The FSRS stability of a first answer rated Easy (right and sure), for comparison."""
    from fsrs import Card, Rating

    from quizkit.history.spaced import scheduler

    card, _ = scheduler().review_card(Card(card_id=1, due=schedule.last_answered_at), Rating.Easy,
                                      schedule.last_answered_at)
    return card.stability


async def test_practice_confidence_is_given_before_the_reveal_and_is_what_counts(tmp_path) -> None:
    from tui_support import open_store

    from quizkit.history.spaced import schedules

    app = mini_app(tmp_path, Mode.PRACTICE)
    async with app.run_test() as pilot:
        screen = app.screen
        await pilot.press("1", "s")                          # pick, then sure: nothing scored yet
        assert screen.attempt.answers == {} and " · sure · " in text_of(screen, "#status")
        await pilot.press("enter")                           # scored with it; feedback shown
        assert final_answers(tmp_path) == [(0, "correct", "sure")] and screen.showing_feedback
        await pilot.press("g")                               # after the reveal: refused, nothing changes
        assert screen.attempt.answers[0].confidence is Confidence.SURE
        assert final_answers(tmp_path) == [(0, "correct", "sure")]
        await pilot.press("enter", "c", "enter", "g", "enter", "2", "enter", "enter", "enter", "a", "b", "enter",
                          "u", "enter")
        assert isinstance(app.screen, ResultsScreen)
        results = app.screen.results
        assert [(c.confidence, c.questions, c.correct) for c in results.calibration()] == [
            (Confidence.SURE, 1, 1), (Confidence.UNSURE, 1, 1), (Confidence.GUESSED, 1, 0), (None, 1, 1)]
        assert results.cbm().marks == 3 + 0 + 1 + 2        # sure ✓, guessed ✗, not stated ✓ (C=1), unsure ✓
        assert "Certainty-based marks 6 of 12" in text_of(app.screen, "#summary")
    with open_store(tmp_path) as store:
        single = schedules(store)["mini-single"]             # right and sure before the reveal → Easy
        assert single.card.stability == _easy_stability(single)
        assert store.connection.execute("SELECT count(*) FROM after_reveal").fetchone() == (0,)


async def test_exam_confidence_is_stated_before_submitting_and_used(tmp_path) -> None:
    from tui_support import open_store

    from quizkit.history.spaced import schedules

    app = mini_app(tmp_path, Mode.EXAM)
    async with app.run_test() as pilot:
        await pilot.press("1", "s")                          # answer, then how sure: no feedback in an exam
        assert final_answers(tmp_path) == [(0, "correct", "sure")]
        await pilot.press("r", "f", "y")                     # submit from the review list; unanswered: yes
        assert isinstance(app.screen, ResultsScreen)
        assert [(c.confidence, c.questions) for c in app.screen.results.calibration()] == [(Confidence.SURE, 1)]
    with open_store(tmp_path) as store:
        single = schedules(store)["mini-single"]
        assert single.card.stability == _easy_stability(single)


async def test_a_retry_is_labelled_practice_and_its_100_percent_is_not_the_parts_best(tmp_path) -> None:
    from tui_support import open_store

    from quizkit.history.queries import attempts, part_trends

    app = mini_app(tmp_path, Mode.EXAM, time_limit_seconds=600)   # an exam with a time limit
    async with app.run_test() as pilot:
        await pilot.press("1", "right", "c", "right", "2", "right", "a", "b", "r", "f")  # the multiple one missed
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("r")                                      # retry the missed one
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        spec = screen.attempt.quiz.spec                             # practice, no time limit, labelled
        assert (spec.mode, spec.time_limit_seconds) == (Mode.PRACTICE, None)
        assert "Retry 1/1" in text_of(screen, "#status") and "⏱" not in text_of(screen, "#status")
        await pilot.press("a", "b", "enter", "enter", "enter")      # now right: the retry scores 100%
        assert "(100%)" in text_of(app.screen, "#summary")
        await pilot.press("h")
        assert [str(o.prompt) for o in app.screen.query_one("#banks").options] == [
            "Mini bank (4) · valid · 3/3 right · best 67%"]                 # mastery moves; the best does not
    with open_store(tmp_path) as store:
        assert [(a.kind.label, round(a.percent)) for a in attempts(store)] == [("Quiz", 75), ("Retry", 100)]
        [_, ch2] = part_trends(store)
        assert [round(s.percent) for s in ch2.scores] == [67] and ch2.best == pytest.approx(200 / 3)


async def test_a_past_attempt_opens_from_the_history_with_its_answers(tmp_path) -> None:
    from quizkit.tui.screens.history import HistoryScreen

    app = mini_app(tmp_path, Mode.PRACTICE)
    async with app.run_test() as pilot:
        await pilot.press("1", "s", "enter", "enter", *PRACTICE_ALL[4:], "h", "ctrl+y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("enter")                                   # the attempt's row
        past = app.screen
        assert isinstance(past, ResultsScreen) and past.past
        assert "Score 3 / 4 (75%)" in text_of(past, "#summary")
        assert [(q.item.question.id, q.score.outcome, q.confidence) for q in past.results.questions][:2] == [
            ("mini-single", Outcome.CORRECT, Confidence.SURE), ("mini-multiple", Outcome.INCORRECT, None)]
        table = past.query_one("#questions", DataTable)
        assert table.get_row_at(0)[1] == "✗ Incorrect"               # misses first, as after the quiz
        await pilot.press("enter")                                   # its explanation, as answered
        assert isinstance(app.screen, QuestionDetailScreen)
        assert "✗ c) Blood tests find the lesion  ← your answer" in plain(app.screen.query_one(Static))
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_later_leaves_a_way_back_to_every_unfinished_quiz(tmp_path) -> None:
    from tui_support import open_store

    from quizkit.history.resume import unfinished
    from quizkit.tui.screens.resume import ResumeScreen

    for _ in range(2):                                               # two quizzes left unfinished
        async with mini_app(tmp_path, Mode.EXAM).run_test() as pilot:
            await pilot.press("1", "escape", "y")
    app = mini_app(tmp_path, mode=None)
    async with app.run_test() as pilot:
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("l")                                       # later
        assert isinstance(app.screen, HomeScreen)
        assert "unfinished: 2 quizzes (ctrl+o" in text_of(app.screen, "#glance")
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("d")                                       # discard the newest
        assert "unfinished: 1 quiz (ctrl+o" in text_of(app.screen, "#glance")
        await pilot.press("ctrl+o", "r")                             # resume the other
        assert isinstance(app.screen, QuestionScreen) and app.screen.attempt.answers[0].score.outcome is Outcome.CORRECT
    with open_store(tmp_path) as store:
        assert len(unfinished(store)) == 1


async def test_exam_countdown_warns_in_words_at_five_minutes_and_at_one(tmp_path) -> None:
    clock = FrozenClock()
    app = mini_app(tmp_path, Mode.EXAM, clock=clock, time_limit_seconds=600)
    async with app.run_test(notifications=True) as pilot:
        clock.now += 301                                      # 4:59 left
        await pilot.pause(1.2)
        assert "⏱ 04:59 ⚠" in text_of(app.screen, "#status")
        clock.now += 240                                      # 0:59 left
        await pilot.pause(1.2)
        toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert sum("5 minutes left in this exam" in toast for toast in toasts) == 1
        assert sum("1 minute left in this exam" in toast for toast in toasts) == 1


async def test_the_footer_shows_the_keys_that_apply_now(tmp_path) -> None:
    from textual.widgets._footer import FooterKey

    def shown(app) -> dict[str, bool]:
        """Each key's label in the footer, and whether it applies now (not greyed out)."""
        return {key.description: not key.has_class("-disabled") for key in app.screen.query(FooterKey) if key.description}

    app = mini_app(tmp_path, Mode.PRACTICE)
    async with app.run_test() as pilot:
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        assert shown(app)["Submit"] and shown(app)["Pick"] and not shown(app)["Sure?"] and not shown(app)["Source"]
        await pilot.press("1")
        await pilot.pause()
        assert shown(app)["Sure?"] and not shown(app)["Source"]        # how sure: once picked, before the reveal
        await pilot.press("enter", "enter")                            # asked how sure; skipped
        await pilot.pause()
        assert shown(app)["Next"] and "Submit" not in shown(app) and not shown(app)["Pick"]
        assert not shown(app)["Sure?"] and shown(app)["Source"]       # final once the feedback is shown
        assert list(app.screen.query(FooterKey)) == keys              # changed in place, not rebuilt
        await pilot.press("enter")
        await pilot.pause()
        assert shown(app)["Submit"] and not shown(app)["Source"]
    exam = mini_app(tmp_path, Mode.EXAM)
    async with exam.run_test() as pilot:
        await pilot.press("1", "s")
        await pilot.pause()
        assert {"Next", "Prev", "Review"} <= set(shown(exam)) or {"Next", "Move", "Review"} <= {
            *shown(exam), *(str(label.render()) for label in exam.screen.query("FooterLabel"))}
        assert "Submit" not in shown(exam) and "Sure?" not in shown(exam)
        assert exam.screen.attempt.answers[0].confidence is Confidence.SURE   # s works, off the footer


async def test_the_status_line_is_one_row_at_80_columns_at_its_longest(tmp_path) -> None:
    clock = FrozenClock()
    app = mini_app(tmp_path, Mode.EXAM, clock=clock, time_limit_seconds=1799 * 60, seed=123456)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "g", "m")
        status = app.screen.query_one("#status", Static)
        assert text_of(
            app.screen, "#status").strip() == "⏱ 1799:00 · Exam 1/4 · 1 answered · Part 2 · ⚑ · guessed · seed 123456"
        assert status.size.height == 1
