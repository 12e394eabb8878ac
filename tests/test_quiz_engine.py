"""Building quizzes and taking them, without a terminal."""

from __future__ import annotations

import pytest

from quizkit.bank.model import CognitiveLevel, Difficulty
from quizkit.engine.attempt import Attempt, AttemptError, Confidence
from quizkit.engine.quiz import Mode, QuizError, QuizSpec, build_quiz
from quizkit.engine.results import results_of
from quizkit.engine.scoring import Outcome, Response


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_same_seed_same_quiz(mini_bank) -> None:
    first = build_quiz([mini_bank], QuizSpec(seed=7))
    again = build_quiz([mini_bank], QuizSpec(seed=7))
    assert first.items == again.items and first.seed == 7
    orders = {tuple(i.question.id for i in build_quiz([mini_bank], QuizSpec(seed=s)).items) for s in range(20)}
    assert len(orders) > 1


def test_unshuffled_quiz_keeps_bank_order(mini_bank) -> None:
    quiz = build_quiz([mini_bank], QuizSpec(shuffle=False))
    assert [i.question.id for i in quiz.items] == [q.id for q in mini_bank.questions]
    assert quiz.items[0].option_order == ("a", "b", "c")


def test_true_false_options_are_never_shuffled(mini_bank) -> None:
    for seed in range(10):
        quiz = build_quiz([mini_bank], QuizSpec(seed=seed, question_ids=frozenset({"mini-true-false"})))
        assert quiz.items[0].option_order == ("true", "false")


def test_filters_and_count(mini_bank) -> None:
    assert {i.question.id for i in build_quiz([mini_bank], QuizSpec(tags=frozenset({"biopsy"}))).items} == {"mini-single"}
    easy = build_quiz([mini_bank], QuizSpec(difficulties=frozenset({Difficulty.EASY})))
    assert {i.question.difficulty for i in easy.items} == {Difficulty.EASY}
    applied = build_quiz([mini_bank], QuizSpec(levels=frozenset({CognitiveLevel.APPLICATION})))
    assert [i.question.id for i in applied.items] == ["mini-matching"]
    assert len(build_quiz([mini_bank], QuizSpec(count=2))) == 2


def test_filters_that_match_nothing_say_so(mini_bank) -> None:
    with pytest.raises(QuizError, match="no question matches"):
        build_quiz([mini_bank], QuizSpec(tags=frozenset({"biopsy"}), levels=frozenset({CognitiveLevel.APPLICATION})))


def test_practice_answers_are_final_and_move_forward_only(mini_bank) -> None:
    attempt = Attempt(build_quiz([mini_bank], QuizSpec(shuffle=False)))
    attempt.answer(Response(frozenset({"a"})))
    assert attempt.may_show_feedback()
    with pytest.raises(AttemptError):
        attempt.answer(Response(frozenset({"b"})))
    attempt.go(1)
    with pytest.raises(AttemptError):
        attempt.go(0)


def test_exam_hides_feedback_until_finished_and_allows_changes(mini_bank) -> None:
    attempt = Attempt(build_quiz([mini_bank], QuizSpec(mode=Mode.EXAM, shuffle=False)))
    attempt.answer(Response(frozenset({"b"})))
    assert not attempt.may_show_feedback()
    attempt.answer(Response(frozenset({"a"})))
    attempt.go(3)
    attempt.toggle_flag()
    attempt.go(0)
    assert attempt.unanswered() == [1, 2, 3] and attempt.flagged() == [3]
    attempt.finish()
    assert attempt.may_show_feedback(0)
    assert results_of(attempt).count(Outcome.CORRECT) == 1


def test_time_limit_counts_down_and_stops_answers(mini_bank) -> None:
    clock = FakeClock()
    attempt = Attempt(build_quiz([mini_bank], QuizSpec(mode=Mode.EXAM, time_limit_seconds=60)), clock=clock)
    clock.now += 45
    assert attempt.remaining() == 15
    clock.now += 20
    assert attempt.time_is_up()
    with pytest.raises(AttemptError, match="time is up"):
        attempt.answer(Response(frozenset({"a"})))


def test_time_on_each_question_is_recorded(mini_bank) -> None:
    clock = FakeClock()
    attempt = Attempt(build_quiz([mini_bank], QuizSpec(shuffle=False)), clock=clock)
    clock.now += 12
    attempt.answer(Response(frozenset({"a"})))
    assert attempt.answers[0].seconds == 12


def test_results_breakdowns_calibration_and_missed(mini_bank) -> None:
    attempt = Attempt(build_quiz([mini_bank], QuizSpec(shuffle=False)))
    attempt.answer(Response(frozenset({"a"})), Confidence.SURE)       # single: right
    attempt.go(1)
    attempt.answer(Response(frozenset({"c"})), Confidence.SURE)       # multiple: wrong
    attempt.go(2)
    attempt.answer(Response(frozenset({"false"})), Confidence.GUESSED)  # true/false: right
    attempt.finish()                                                   # matching: skipped
    results = results_of(attempt)
    assert (results.points, results.percent) == (2.0, 50.0)
    assert [results.count(o) for o in Outcome] == [2, 0, 1, 1]
    assert {(b.name, b.points, b.questions) for b in results.by_section()} == {("ch-2", 2.0, 3), ("ch-1", 0.0, 1)}
    assert [(c.confidence, c.questions, c.correct) for c in results.calibration()] == [
        (Confidence.SURE, 2, 1), (Confidence.GUESSED, 1, 1)]
    assert [q.item.question.id for q in results.confidently_wrong()] == ["mini-multiple"]
    assert results.review_order()[0].item.question.id == "mini-multiple"
    assert results.missed_ids() == ["mini-multiple", "mini-matching"]


@pytest.mark.parametrize(("spec", "problems"), [
    (QuizSpec(), []),
    (QuizSpec(mode=Mode.EXAM, count=1, time_limit_seconds=60), []),
    (QuizSpec(count=0), [("count", "a quiz needs at least one question")]),
    (QuizSpec(mode=Mode.EXAM, time_limit_seconds=30), [("time_limit", "the time limit must be at least one minute")]),
    (QuizSpec(time_limit_seconds=600), [("time_limit", "a time limit applies to exam mode only")]),
    (QuizSpec(count=-2, time_limit_seconds=0), [("count", "a quiz needs at least one question"),
                                                ("time_limit", "the time limit must be at least one minute")]),
    (QuizSpec(seed=2**63 - 1), []),                      # SQLite's largest integer: stored as it is
    (QuizSpec(seed=2**63), [("seed", "the seed must be a whole number from 0 to 9223372036854775807")]),
    (QuizSpec(seed=-1), [("seed", "the seed must be a whole number from 0 to 9223372036854775807")]),
])
def test_a_spec_says_which_settings_cannot_be_used(spec: QuizSpec, problems: list[tuple[str, str]]) -> None:
    assert [(p.setting, p.message) for p in spec.problems()] == problems


def test_a_quiz_is_never_built_from_a_spec_with_problems(mini_bank) -> None:
    from quizkit.engine.quiz import QuizSpecError

    with pytest.raises(QuizSpecError, match="at least one question") as raised:
        build_quiz([mini_bank], QuizSpec(count=0))
    assert [p.setting for p in raised.value.problems] == ["count"]


@pytest.mark.parametrize(("options", "says"), [
    (["--count", "0"], "quizkit take: --count: a quiz needs at least one question"),
    (["--time-limit", "10"], "quizkit take: --time-limit: a time limit applies to exam mode only"),
    (["--mode", "exam", "--time-limit", "0"], "quizkit take: --time-limit: the time limit must be at least one minute"),
])
def test_take_reports_the_same_problems_as_a_usage_error(options: list[str], says: str, capsys) -> None:
    from quizkit.cli.main import main

    assert main(["take", *options]) == 2
    assert capsys.readouterr().err.strip() == says
