"""The item-analysis report: flags, options, tests and trainees, on small cohorts worked out by hand."""

from __future__ import annotations

import dataclasses
import random

import pytest
from store_support import MINI_BANK

from quizkit.bank.loader import read_bank
from quizkit.bank.model import Bank
from quizkit.educator.analysis import build_report, percentile_rank
from quizkit.educator.cohort import Cohort, CohortAnswer, Trainee
from quizkit.educator.engine import ENGINE_VARIABLE
from quizkit.engine.scoring import Response, score

OPTION = """  - id: {id}
    type: single
    stem: Which option is keyed correct in item {id} of the statistics test bank?
    options:
      - {{id: a, text: The key, rationale: Correct for the test.}}
      - {{id: b, text: First distractor, rationale: Wrong for the test.}}
      - {{id: c, text: Second distractor, rationale: Wrong for the test.}}
      - {{id: d, text: Third distractor, rationale: Wrong for the test.}}
    answer: a
    explanation: Option a is keyed correct in every item of this bank.
    cite: {{section: {section}, quote: The quote is not checked here.}}
    objective: Exercise the item analysis.
    difficulty: medium
    cognitive_level: recall
"""


#: Every test with the pure-Python statistics and with quizkit[fast]'s numpy ones: the same figures.
pytestmark = pytest.mark.usefixtures("stats_engine")


@pytest.fixture(scope="module")
def five(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    """Five single-best-answer items, a keyed; q1 and q2 cite ch-1, q3 to q5 ch-2."""
    path = tmp_path_factory.mktemp("banks") / "five.yaml"
    path.write_text("""schema_version: 1
id: five
title: Five items
description: Five items for the statistics tests.
version: "1.0.0"
source: mini-guide
section: ch-1
authors: [tests]
review: {reviewed_by: tests, reviewed_on: "2026-01-01", review_by: "2099-01-01"}
questions:
""" + "".join(OPTION.format(id=f"q{n}", section="ch-1" if n <= 2 else "ch-2") for n in range(1, 6)),
                    encoding="utf-8")
    loaded = read_bank(path)
    assert loaded.bank is not None, loaded.diagnostics
    return loaded.bank


def cohort(bank: Bank, chosen: dict[str, dict[str, Response]]) -> Cohort:
    """Trainee → question → response, scored against the bank's key."""
    questions = {q.id: q for q in bank.questions}
    trainees = tuple(
        Trainee(name, (f"{name}.csv",), tuple(
            CohortAnswer(qid, bank.id, questions[qid].cite.section, f"uid-{name}", "2026-11-25T09:00:00.000Z",
                   tuple(sorted(response.chosen)), response.pairs, score(questions[qid], response).points)
            for qid, response in answers.items()))
        for name, answers in chosen.items())
    return Cohort(trainees, tuple(f"{name}.csv" for name in chosen), 0, 0, {}, ())


def picks(row: str) -> dict[str, Response]:
    """"abca" → q1 a, q2 b, q3 c, q4 a."""
    return {f"q{n}": Response(frozenset({option})) for n, option in enumerate(row, start=1)}


# Ten trainees, five items (columns q1..q5); the key is a.
#   q1: everyone right                                      → too easy, its distractors unused
#   q2: only t0 and t1 right                                → too hard
#   q3: t0, t1, t2 (strong elsewhere) choose b, the rest a  → negative discrimination; b draws the upper group
#   q4: t0–t5 right, t6 t7 choose b, t8 t9 c                → a working item, but d is never chosen
#   q5: t0–t3 right, t4 t5 choose b, t6–t9 c
# Totals: t0 t1 t3 have 4, t2 t4 t5 have 3, t6–t9 have 2.
TEN = {"t0": "aabaa", "t1": "aabaa", "t2": "acbaa", "t3": "acaaa", "t4": "acaab",
       "t5": "acaab", "t6": "acabc", "t7": "acabc", "t8": "acacc", "t9": "acacc"}


def codes(report, question_id: str) -> list[str]:
    [row] = [q for q in report.questions if q.question_id == question_id]
    return [f"{f.code}:{f.option}" if f.option else f.code for f in row.flags]


def test_flags_for_review(five: Bank) -> None:
    report = build_report(cohort(five, {name: picks(row) for name, row in TEN.items()}), [five])
    # Groups of round(0.27·10) = 3: upper t0 t1 t3 (4 each); lower: t6–t9 tie on 2 for three
    # places, 3/4 each.
    # q1: upper 1, lower 1 → D = 0, low; r_pb undefined (everyone right).
    assert codes(report, "q1") == ["too-easy", "low-discrimination", "non-functioning-distractor:b",
                                   "non-functioning-distractor:c", "non-functioning-distractor:d"]
    assert codes(report, "q2")[0] == "too-hard"
    # q3 right: upper t3 = 1/3; lower all = 1 → D = −2/3. b: upper t0 t1 = 2/3, lower none.
    assert codes(report, "q3") == ["negative-discrimination", "distractor-attracts-upper:b",
                                   "non-functioning-distractor:c", "non-functioning-distractor:d"]
    # q4: c = 1 1 1 1 1 1 0 0 0 0, rest = 3 3 2 3 2 2 2 2 2 2: cov = 1.5 − 0.6·2.3 = 0.12,
    # var c = 0.24, var rest = 5.5 − 2.3² = 0.21, r = 0.12/√(0.24·0.21) = 0.5345; D = 1 − 0 = 1.
    assert codes(report, "q4") == ["non-functioning-distractor:d"]
    rows = {q.question_id: q for q in report.questions}
    assert rows["q4"].stats.point_biserial == pytest.approx(0.12 / (0.24 * 0.21) ** 0.5)
    assert rows["q3"].stats.discrimination_index == pytest.approx(-2 / 3)
    b = next(o for o in rows["q3"].options if o.option == "b")
    assert (b.keyed, b.chosen, b.share, b.upper, b.lower) == (False, 3, 0.3, pytest.approx(2 / 3), 0)
    assert [o.option for o in rows["q3"].options] == ["a", "b", "c", "d"] and rows["q3"].options[0].keyed is True


def test_trainee_scores_percentiles_and_parts(five: Bank) -> None:
    report = build_report(cohort(five, {name: picks(row) for name, row in TEN.items()}), [five], pass_mark=60)
    by_name = {t.label: t for t in report.trainees}
    # Scores 80% (t0 t1 t3), 60% (t2 t4 t5), 40% (t6–t9). Percentile rank of 80%: (7 + 3/2)/10 = 85;
    # of 40%: (0 + 4/2)/10 = 20.
    assert (by_name["t0"].percent, by_name["t0"].percentile, by_name["t0"].correct) == (80, 85, 4)
    assert (by_name["t9"].percent, by_name["t9"].percentile, by_name["t9"].correct) == (40, 20, 2)
    # ch-1 (q1 q2): t0 100%, others 50% → ranks (8 + 2/2)/10 = 90 and (0 + 8/2)/10 = 40.
    # ch-2 (q3 q4 q5): t0 2/3; t3 100%; t6–t9 1/3 → ranks of 2/3: (4 + 5/2)/10 = 65, of 1/3: (0 + 4/2)/10 = 20.
    assert [(p.part, p.answered, round(p.percent, 2), p.percentile, p.below_pass) for p in by_name["t0"].parts] == [
        ("ch-1", 2, 100, 90, False), ("ch-2", 3, 66.67, 65, False)]
    assert [(p.part, round(p.percent, 2), p.percentile, p.below_pass) for p in by_name["t9"].parts] == [
        ("ch-1", 50, 40, True), ("ch-2", 33.33, 20, True)]


def test_tests_are_banks_or_everything(five: Bank) -> None:
    chosen = {name: picks(row) for name, row in TEN.items()}
    [by_bank] = build_report(cohort(five, chosen), [five]).tests
    [together] = build_report(cohort(five, chosen), [five], by="all").tests
    assert (by_bank.test, together.test) == ("five", "all")
    assert by_bank.stats == together.stats and by_bank.stats.complete == 10


def test_partial_credit_is_wrong_for_p_and_counted_in_mean_points() -> None:
    mini = read_bank(MINI_BANK).bank
    assert mini is not None
    given = {"ana": {"mini-multiple": Response(frozenset({"a", "b"}))},
             "ben": {"mini-multiple": Response(frozenset({"a"}))},        # (1 − 0)/2 = 0.5
             "cy": {"mini-multiple": Response(frozenset({"a", "c"}))}}    # (1 − 1)/2 = 0
    [row] = build_report(cohort(mini, given), [mini]).questions
    assert row.stats.difficulty == pytest.approx(1 / 3)
    assert row.mean_points == pytest.approx(0.5)  # (1 + 0.5 + 0)/3
    assert {o.option: o.chosen for o in row.options} == {"a": 3, "b": 1, "c": 1}


def test_matching_is_read_pair_by_pair() -> None:
    mini = read_bank(MINI_BANK).bank
    assert mini is not None
    given = {"ana": {"mini-matching": Response(pairs=(("nodule", "look"), ("red", "rethink")))},
             "ben": {"mini-matching": Response(pairs=(("nodule", "look"), ("red", "nothing")))}}
    [row] = build_report(cohort(mini, given), [mini]).questions
    options = {o.option: (o.keyed, o.chosen) for o in row.options}
    assert options["nodule=look"] == (True, 2) and options["red=rethink"] == (True, 1)
    assert options["red=nothing"] == (False, 1) and options["nodule=nothing"] == (False, 0)
    # A wrong pairing nobody made is not "non-functioning": see quizkit.educator.analysis.flags.
    assert not any(f.code == "non-functioning-distractor" for f in row.flags)


def test_a_question_not_in_the_banks_is_analysed_without_its_key(five: Bank) -> None:
    chosen = {name: picks(row) for name, row in TEN.items()}
    [row, *_] = build_report(cohort(five, chosen), []).questions
    assert row.type is None and row.stats.difficulty == 1
    assert all(o.keyed is None for o in row.options) and [o.option for o in row.options] == ["a"]
    assert not any(f.option for f in row.flags)


def test_percentile_rank_counts_ties_as_half() -> None:
    ranked = [50.0, 50.0, 75.0, 100.0]
    assert percentile_rank(50.0, ranked) == 25  # (0 + 2/2)/4
    assert percentile_rank(75.0, ranked) == 62.5  # (2 + 1/2)/4
    assert percentile_rank(100.0, ranked) == 87.5


def test_both_engines_give_the_same_report(five: Bank, monkeypatch: pytest.MonkeyPatch) -> None:
    """300 trainees, each meeting a random subset of the questions (holes), ties at the group edges."""
    rng = random.Random(17)
    chosen = {f"t{n:03d}": {qid: response for qid, response in picks("".join(rng.choice("aabcd") for _ in range(5))).items()
                            if rng.random() < 0.8}
              for n in range(300)}
    reports = []
    for engine in ("pure", "fast"):
        monkeypatch.setenv(ENGINE_VARIABLE, engine)
        reports.append(build_report(cohort(five, {n: a for n, a in chosen.items() if a}), [five]))
    pure, fast = reports
    assert fast.tests == pure.tests or all(
        dataclasses.astuple(f.stats) == pytest.approx(dataclasses.astuple(p.stats), abs=1e-9)
        for f, p in zip(fast.tests, pure.tests, strict=True))
    for f, p in zip(fast.questions, pure.questions, strict=True):
        assert dataclasses.astuple(f.stats) == pytest.approx(dataclasses.astuple(p.stats), abs=1e-9)
        assert (f.options, f.flags) == (p.options, p.flags)
    assert fast.trainees == pure.trainees
