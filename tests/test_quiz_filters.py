"""The builder's filters on the trainee's record (unseen, incorrect last time, flagged) and its tags:
the engine's rules, the history's reading of them, the builder and the command line.

The mini bank holds, in order: single (tag biopsy), multiple, true/false and matching.
"""

from __future__ import annotations

import datetime as dt

import pytest
from store_support import FakeNow, take
from textual.widgets import Static
from tui_support import NOW, mini_app, open_store, plain

from quizkit.engine.quiz import Mode, QuizKind, QuizSpec, QuizSpecError, build_quiz, tag_counts
from quizkit.engine.standing import NO_HISTORY, Standing, Status
from quizkit.history.standing import standing
from quizkit.history.store import Store, decode_spec, encode_spec
from quizkit.tui.screens.builder import BuilderScreen
from quizkit.tui.screens.home import HomeScreen
from quizkit.tui.screens.question import QuestionScreen

ALL = ["mini-single", "mini-multiple", "mini-true-false", "mini-matching"]


def asked(banks, spec: QuizSpec, record: Standing = NO_HISTORY) -> list[str]:
    return [item.question.id for item in build_quiz(banks, QuizSpec(**{"shuffle": False, **_fields(spec)}), record).items]


def _fields(spec: QuizSpec) -> dict[str, object]:
    return {name: getattr(spec, name) for name in QuizSpec.__slots__ if name != "shuffle"}


# -- the engine's rules -----------------------------------------------------------------------------
def test_status_filters_keep_questions_with_any_of_the_ticked_standings(mini_bank) -> None:
    record = Standing(answered=frozenset({"mini-single", "mini-multiple", "mini-true-false"}),
                      missed=frozenset({"mini-multiple"}), flagged=frozenset({"mini-true-false"}))
    assert asked([mini_bank], QuizSpec(statuses=frozenset({Status.UNSEEN})), record) == ["mini-matching"]
    assert asked([mini_bank], QuizSpec(statuses=frozenset({Status.MISSED})), record) == ["mini-multiple"]
    assert asked([mini_bank], QuizSpec(statuses=frozenset({Status.FLAGGED})), record) == ["mini-true-false"]
    assert asked([mini_bank], QuizSpec(statuses=frozenset({Status.UNSEEN, Status.MISSED})), record) == [
        "mini-multiple", "mini-matching"]
    # Without a history every question is unseen, none missed or flagged.
    assert asked([mini_bank], QuizSpec(statuses=frozenset({Status.UNSEEN}))) == ALL
    with pytest.raises(Exception, match="widen the flagged choice, the tags"):
        asked([mini_bank], QuizSpec(statuses=frozenset({Status.FLAGGED})))


def test_status_filters_narrow_with_the_tags_and_make_a_custom_quiz(mini_bank) -> None:
    record = Standing(missed=frozenset({"mini-single", "mini-multiple"}))
    spec = QuizSpec(statuses=frozenset({Status.MISSED}), tags=frozenset({"biopsy"}))
    assert asked([mini_bank], spec, record) == ["mini-single"]
    assert spec.kind is QuizKind.CUSTOM and QuizSpec().kind is QuizKind.PART


def test_a_tag_no_bank_uses_is_a_problem_of_the_spec_not_an_empty_filter(mini_bank) -> None:
    assert tag_counts([mini_bank]) == {"biopsy": 1}
    spec = QuizSpec(tags=frozenset({"biopsy", "ulcer", "imaging"}))
    [problem] = spec.problems(tags=tag_counts([mini_bank]))
    assert (problem.setting, problem.message) == (
        "tags", "no question has the tags 'imaging', 'ulcer'; choose among the tags the banks use")
    with pytest.raises(QuizSpecError) as raised:  # never ignored beside a tag that matches
        build_quiz([mini_bank], spec)
    assert [p.setting for p in raised.value.problems] == ["tags"]
    assert spec.problems() == []                  # without the banks, a tag cannot be judged


def test_tags_are_counted_once_per_question_most_used_first(mini_bank) -> None:
    from dataclasses import replace

    tagged = [replace(q, tags=("ulcer", "biopsy") if i % 2 else ("biopsy", "biopsy")) for i, q in
              enumerate(mini_bank.questions)]
    assert tag_counts([replace(mini_bank, questions=tuple(tagged))]) == {"biopsy": 4, "ulcer": 2}


def test_a_stored_spec_keeps_its_statuses_and_older_ones_read_without() -> None:
    spec = QuizSpec(mode=Mode.PRACTICE, statuses=frozenset({Status.UNSEEN, Status.FLAGGED}))
    assert decode_spec(encode_spec(spec)) == spec
    older = encode_spec(QuizSpec()).replace(', "statuses": []', "")
    assert "statuses" not in older and decode_spec(older).statuses == frozenset()


# -- the history's reading --------------------------------------------------------------------------
def test_standing_is_read_from_the_latest_word_on_each_question(tmp_path, mini_bank) -> None:
    now = FakeNow()
    with Store.open(tmp_path / "history.sqlite3", now=now) as store:
        assert standing(store) == NO_HISTORY
        take(store, mini_bank, {"mini-single": "wrong", "mini-multiple": "right", "mini-true-false": None})
        now.advance(days=1)
        first = standing(store)
        # Answered: two; the true/false was asked and left unanswered in a finished quiz: still unseen, and missed.
        assert first.answered == {"mini-single", "mini-multiple"}
        assert first.missed == {"mini-single", "mini-true-false"}
        take(store, mini_bank, {"mini-single": "right"}, mode=Mode.EXAM)
        assert standing(store).missed == {"mini-true-false"}
        attempt_id = take(store, mini_bank, {"mini-matching": "right"}, finish=False)
        store.connection.execute("UPDATE item SET flagged = 1 WHERE attempt_id = ?", (attempt_id,))
        assert standing(store).flagged == {"mini-matching"}
        take(store, mini_bank, {"mini-matching": "right"})  # asked again, not flagged: the flag is gone
        assert standing(store).flagged == frozenset()


# -- the builder ----------------------------------------------------------------------------------
async def test_the_builder_lists_tags_with_counts_and_statuses_with_theirs(tmp_path, mini_bank) -> None:
    with open_store(tmp_path) as store:
        take(store, mini_bank, {"mini-single": "wrong", "mini-multiple": "right"})
    app = mini_app(tmp_path, mode=None)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+s")
        builder = app.screen
        assert isinstance(builder, BuilderScreen)
        tags = builder.query_one("#tags")
        assert [str(tags.get_option_at_index(i).prompt) for i in range(tags.option_count)] == ["biopsy (1)"]
        labels = [str(builder.query_one(f"#status-{s.value}").label) for s in Status]
        assert labels == ["unseen (2)", "missed last time (1)", "flagged (0)"]
        await pilot.click("#status-unseen")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, QuestionScreen)
        spec = app.screen.attempt.quiz.spec
        assert spec.statuses == {Status.UNSEEN} and spec.kind is QuizKind.CUSTOM
        assert sorted(i.question.id for i in app.screen.attempt.quiz.items) == ["mini-matching", "mini-true-false"]


async def test_the_builder_refuses_a_tag_no_chosen_bank_uses_at_its_field(tmp_path) -> None:
    app = mini_app(tmp_path, mode=None, config="[builder]\ntags = ['ulcer', 'biopsy']\n")
    async with app.run_test(notifications=True) as pilot:
        await pilot.press("ctrl+s")
        builder = app.screen
        tags = builder.query_one("#tags")
        assert [str(tags.get_option_at_index(i).prompt) for i in range(tags.option_count)] == ["biopsy (1)", "ulcer (0)"]
        await pilot.press("ctrl+s")
        assert app.screen is builder and app.focused is tags
        assert any("No question has the tag 'ulcer'" in str(toast.render()) for toast in app.screen.query("Toast"))
        tags.deselect("ulcer")
        await pilot.press("ctrl+s")
        assert [i.question.id for i in app.screen.attempt.quiz.items] == ["mini-single"]


# -- retry and review never inherit an exam's mode or time limit ---------------------------------------
@pytest.mark.parametrize("key", ["ctrl+r", "ctrl+e"])
async def test_going_over_questions_from_home_is_practice_without_a_time_limit(tmp_path, mini_bank, key) -> None:
    with Store.open(tmp_path / "history.sqlite3", now=FakeNow(NOW - dt.timedelta(days=3))) as store:
        take(store, mini_bank, {"mini-single": "wrong", "mini-multiple": "wrong"})  # missed, and due by now
    app = mini_app(tmp_path, mode=None)
    async with app.run_test() as pilot:
        # The last quiz built: an exam with a time limit, of unseen questions.
        app.builder_spec = QuizSpec(mode=Mode.EXAM, time_limit_seconds=600, statuses=frozenset({Status.UNSEEN}))
        app._last_spec = app.builder_spec
        assert isinstance(app.screen, HomeScreen)
        await pilot.press(key)
        screen = app.screen
        assert isinstance(screen, QuestionScreen), key
        spec = screen.attempt.quiz.spec
        assert (spec.mode, spec.time_limit_seconds, spec.statuses) == (Mode.PRACTICE, None, frozenset())
        assert spec.origin in (QuizKind.RETRY, QuizKind.REVIEW)
        assert "⏱" not in plain(screen.query_one("#status", Static))


# -- the command line -------------------------------------------------------------------------------
def test_take_refuses_a_tag_no_bank_uses_as_a_usage_error(capsys) -> None:
    from quizkit.cli.main import main

    assert main(["take", "--tag", "no-such-tag", "--tag", "biopsy"]) == 2
    said = capsys.readouterr().err.strip()
    assert said.startswith("quizkit take: --tag: no question has the tag 'no-such-tag'; choose among the tags the "
                           "banks use (questions per tag: ")
    assert "biopsy (" in said and "no-such-tag (" not in said
