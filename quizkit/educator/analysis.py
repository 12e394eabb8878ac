"""Item analysis of a cohort's answers: what ``quizkit stats`` reports, and the flags for review.

:mod:`quizkit.educator.cohort` decides which answers count; :mod:`quizkit.educator.itemstats` does the
arithmetic; this module builds the matrix, groups questions into tests (one per bank, or all
together), reads the options trainees chose, flags the questions an educator should look at,
and scores each trainee by part. docs/stats.md explains every figure and threshold.
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizkit.bank.model import Bank, Question, QuestionType
from quizkit.educator.cohort import Cohort, CohortAnswer
from quizkit.educator.engine import analyser
from quizkit.educator.itemstats import Column, Groups, ItemStats, TestStats

if TYPE_CHECKING:  # polars is imported only when the fast extra reads the files (cohort_columns)
    from quizkit.educator.cohort_columns import ColumnarCohort

#: Flag thresholds (docs/stats.md, "Flags"). Strict comparisons: p = 0.9 is not "too easy".
TOO_EASY = 0.9
TOO_HARD = 0.3
LOW_DISCRIMINATION = 0.2
NON_FUNCTIONING = 0.05
#: Default pass mark for a trainee's part, in percent of points.
PASS_MARK = 60.0
#: Below this many examinees a test's figures are indicative only (said in the text report).
SMALL_COHORT = 30


@dataclass(frozen=True, slots=True)
class Flag:
    #: Stable name: too-easy, too-hard, negative-discrimination, low-discrimination,
    #: non-functioning-distractor, distractor-attracts-upper.
    code: str
    message: str
    option: str | None = None


@dataclass(frozen=True, slots=True)
class OptionRow:
    """How often one option (matching: one premise=option pair) was chosen."""

    option: str
    #: True for a keyed option or pair; None when the question is not in the banks loaded.
    keyed: bool | None
    chosen: int
    #: Share of the examinees answering the question who chose it.
    share: float
    upper: float | None
    lower: float | None


@dataclass(frozen=True, slots=True)
class QuestionRow:
    question_id: str
    bank_id: str
    section: str
    #: The question's type, or None when it is not in the banks loaded (options and key unknown).
    type: QuestionType | None
    test: str
    stats: ItemStats
    #: Mean points (partial credit counted), for comparison with p.
    mean_points: float
    earlier_wording: int
    options: tuple[OptionRow, ...]
    flags: tuple[Flag, ...]


@dataclass(frozen=True, slots=True)
class TestRow:
    test: str
    stats: TestStats


@dataclass(frozen=True, slots=True)
class TraineePartScore:
    part: str
    answered: int
    correct: int
    points: float
    percent: float
    #: Percentile rank among the trainees who answered questions of this part.
    percentile: float
    below_pass: bool


@dataclass(frozen=True, slots=True)
class TraineeRow:
    label: str
    origins: tuple[str, ...]
    answered: int
    correct: int
    points: float
    percent: float
    percentile: float
    parts: tuple[TraineePartScore, ...]


@dataclass(frozen=True, slots=True)
class ItemReport:
    cohort: Cohort | ColumnarCohort
    by: str
    pass_mark: float
    responses: int
    tests: tuple[TestRow, ...]
    questions: tuple[QuestionRow, ...]
    trainees: tuple[TraineeRow, ...]


@dataclass(frozen=True, slots=True)
class _Responses:
    """One column of the matrix: a question, who answered it (trainee numbers) and how."""

    question_id: str
    question: Question | None
    bank_id: str
    part: str
    examinees: list[int]
    answers: list[CohortAnswer]
    #: Each answer's points, and 1 for full marks or else 0: read once from the answers, used often.
    points: list[float]
    correct: list[int]


def build_report(cohort: Cohort | ColumnarCohort, banks: Sequence[Bank], *, by: str = "bank",
                 pass_mark: float = PASS_MARK) -> ItemReport:
    """The item analysis of ``cohort``: ``by`` is ``bank`` (one test per bank) or ``all`` (one test).

    ``banks`` give each question's type, options and key; questions not in them are analysed
    from the points alone, without option flags. A cohort kept in columns (read by the fast
    extra) is analysed in columns, to the same report.
    """
    if not isinstance(cohort, Cohort):
        from quizkit.educator.analysis_columns import build_columnar_report

        return build_columnar_report(cohort, banks, by=by, pass_mark=pass_mark)
    columns = _matrix(cohort, banks)
    tests: dict[str, list[_Responses]] = {}
    for column in columns:
        tests.setdefault(column.bank_id if by == "bank" else "all", []).append(column)
    test_rows: list[TestRow] = []
    question_rows: list[QuestionRow] = []
    for test, group in tests.items():
        analysis = analyser()(len(cohort.trainees), [Column(c.examinees, c.correct) for c in group])
        test_rows.append(TestRow(test, analysis.test))
        members = _members(analysis.groups)
        question_rows.extend(_question(test, column, stats, members, cohort)
                             for column, stats in zip(group, analysis.items, strict=True))
    return ItemReport(cohort, by, pass_mark, sum(len(c.answers) for c in columns), tuple(test_rows),
                  tuple(question_rows), _trainees(cohort, columns, pass_mark))


def _matrix(cohort: Cohort, banks: Sequence[Bank]) -> list[_Responses]:
    """The response matrix by column, questions in bank order (those not in the banks last)."""
    known = {question.id: question for bank in banks for question in bank.questions}
    order = {question_id: n for n, question_id in enumerate(known)}
    by_question: dict[str, tuple[list[int], list[CohortAnswer]]] = {}
    for e, trainee in enumerate(cohort.trainees):
        for answer in trainee.answers:
            column = by_question.get(answer.question_id)
            if column is None:
                column = by_question[answer.question_id] = ([], [])
            column[0].append(e)
            column[1].append(answer)
    columns = []
    for question_id, (examinees, answers) in by_question.items():
        question = known.get(question_id)
        points = [a.points for a in answers]
        columns.append(_Responses(question_id, question, question.bank_id if question else answers[0].bank_id,
                                  question.cite.section if question else answers[0].section, examinees, answers,
                                  points, [1 if p >= 1.0 else 0 for p in points]))
    columns.sort(key=lambda c: (c.question is None, order.get(c.question_id, 0), c.bank_id, c.question_id))
    return columns


def _question(test: str, column: _Responses, stats: ItemStats, members: tuple[_Group, _Group] | None,
              cohort: Cohort) -> QuestionRow:
    options = _options(column.question, column.examinees, column.answers, members)
    kind = column.question.type if column.question else None
    return QuestionRow(
        column.question_id, column.bank_id, column.part, kind, test, stats,
        math.fsum(column.points) / len(column.points),
        cohort.earlier_wording.get(column.question_id, 0), options,
        tuple(flags(stats, options, matching=kind is QuestionType.MATCHING)))


def _options(question: Question | None, examinees: list[int], answers: list[CohortAnswer],
             members: tuple[_Group, _Group] | None) -> tuple[OptionRow, ...]:
    """Every option of the question (and any other id chosen), with who chose it.

    Matching questions are read pair by pair: each premise=option pairing is a row, keyed when
    it is the pairing the key makes.
    """
    matching = question.type is QuestionType.MATCHING if question else any(a.pairs for a in answers)
    if question is None:
        listed: list[str] = []
        keyed: set[str] | None = None
    elif matching:
        listed = [f"{p.id}={o.id}" for p in question.premises for o in question.options]
        keyed = {f"{p}={o}" for p, o in question.matches}
    else:
        listed = [option.id for option in question.options]
        keyed = set(question.key)
    picks = [[f"{p}={o}" for p, o in a.pairs] for a in answers] if matching else [a.chosen for a in answers]
    chosen = Counter(dict.fromkeys(listed, 0))
    chosen.update(itertools.chain.from_iterable(picks))
    by_examinee = dict(zip(examinees, picks, strict=True))
    upper = _group_shares(members[0], by_examinee) if members else None
    lower = _group_shares(members[1], by_examinee) if members else None
    n = len(answers)
    return tuple(OptionRow(option, None if keyed is None else option in keyed, count, count / n,
                           None if upper is None else upper.get(option, 0.0),
                           None if lower is None else lower.get(option, 0.0))
                 for option, count in chosen.items())


@dataclass(frozen=True, slots=True)
class _Group:
    """The members of an upper or lower group: the whole ones, and those tied at its edge with their share."""

    whole: frozenset[int]
    parts: tuple[tuple[int, float], ...]


def _members(groups: Groups | None) -> tuple[_Group, _Group] | None:
    if groups is None:
        return None
    return tuple(_Group(frozenset(e for e, w in enumerate(weights) if w == 1.0),  # type: ignore[return-value]
                        tuple((e, w) for e, w in enumerate(weights) if 0 < w < 1))
                 for weights in (groups.upper, groups.lower))


def _group_shares(group: _Group, picks: dict[int, Sequence[str]]) -> dict[str, float] | None:
    """Option → the share of a group's members who answered that chose it; None if none answered.

    Whole members are counted with Counter and set operations, in C: with ten thousand trainees
    this runs over some five thousand members for each question.
    """
    whole = group.whole & picks.keys()
    parts = [(weight, picks[e]) for e, weight in group.parts if e in picks]
    total = len(whole) + math.fsum(weight for weight, _ in parts)
    if not total:
        return None
    counts: dict[str, float] = dict(Counter(itertools.chain.from_iterable(map(picks.__getitem__, whole))))
    for weight, pick in parts:
        for option in pick:
            counts[option] = counts.get(option, 0) + weight
    return {option: count / total for option, count in counts.items()}


def flags(stats: ItemStats, options: Iterable[OptionRow], *, matching: bool = False) -> list[Flag]:
    """The reasons to review a question, by the thresholds at the top of this module.

    A matching question's wrong pairings are not flagged as non-functioning: each option is the
    key of one premise and a wrong pick for every other, so nearly every wrong pairing is rare
    in a question that works; one the upper group prefers is still worth a look.
    """
    # Figures to three places, one place more than the tables: "p = 0.30 < 0.3" would read as
    # a contradiction when p is 0.297.
    found = []
    if stats.difficulty > TOO_EASY:
        found.append(Flag("too-easy", f"too easy: p = {stats.difficulty:.3f} > {TOO_EASY}"))
    if stats.difficulty < TOO_HARD:
        found.append(Flag("too-hard", f"too hard: p = {stats.difficulty:.3f} < {TOO_HARD}"))
    named = [(name, value) for name, value in (("r_pb", stats.point_biserial), ("D", stats.discrimination_index))
             if value is not None]
    negative = [f"{name} = {value:.3f}" for name, value in named if value < 0]
    low = [f"{name} = {value:.3f}" for name, value in named if value < LOW_DISCRIMINATION]
    if negative:
        found.append(Flag("negative-discrimination", f"negative discrimination ({', '.join(negative)}): "
                                                     "check the key, then the wording"))
    elif low:
        found.append(Flag("low-discrimination", f"low discrimination ({', '.join(low)} < {LOW_DISCRIMINATION})"))
    for option in options:
        if option.keyed is not False:
            continue
        if option.share < NON_FUNCTIONING and not matching:
            found.append(Flag("non-functioning-distractor", f"distractor {option.option} chosen by "
                                                            f"{option.share:.1%} (< {NON_FUNCTIONING:.0%})", option.option))
        if option.upper is not None and option.lower is not None and option.upper > option.lower:
            found.append(Flag("distractor-attracts-upper", f"distractor {option.option} chosen by more of the upper "
                                                           f"group ({option.upper:.1%}) than the lower ({option.lower:.1%})",
                              option.option))
    return found


def _trainees(cohort: Cohort, columns: Sequence[_Responses], pass_mark: float) -> tuple[TraineeRow, ...]:
    n = len(cohort.trainees)
    by_part: dict[str, list[_Responses]] = {}
    for column in columns:
        by_part.setdefault(column.part, []).append(column)
    # Per part, per trainee: questions answered, answered with full marks, and points.
    tallies: dict[str, tuple[Counter[int], Counter[int], list[float]]] = {}
    for part in sorted(by_part, key=natural_key):
        group = by_part[part]
        points = [0.0] * n
        for column in group:
            for e, got in zip(column.examinees, column.points, strict=True):
                points[e] += got
        tallies[part] = (Counter(itertools.chain.from_iterable(c.examinees for c in group)),
                         Counter(itertools.chain.from_iterable(itertools.compress(c.examinees, c.correct)
                                                               for c in group)), points)
    # Each trainee's percent in each part they met, then the sorted percents per part for the ranks.
    percents = {part: {e: _percent(part_points[e], asked) for e, asked in answered.items()}
                for part, (answered, _, part_points) in tallies.items()}
    ranked = {part: sorted(scores.values()) for part, scores in percents.items()}
    overall = _overall(n, tallies)
    overall_ranked = sorted(_percent(got, answered) for answered, _, got in overall)
    rows = []
    for e, (trainee, (answered, correct, total)) in enumerate(zip(cohort.trainees, overall, strict=True)):
        parts = []
        for part, (asked, right, part_points) in tallies.items():
            if e in asked:
                percent = percents[part][e]
                parts.append(TraineePartScore(part, asked[e], right[e], part_points[e], percent,
                                       percentile_rank(percent, ranked[part]), percent < pass_mark))
        percent = _percent(total, answered)
        rows.append(TraineeRow(trainee.label, trainee.origins, answered, correct, total, percent,
                               percentile_rank(percent, overall_ranked), tuple(parts)))
    return tuple(rows)


def _overall(n: int, tallies: dict[str, tuple[Counter[int], Counter[int], list[float]]]) -> list[tuple[int, int, float]]:
    """Each trainee's questions answered, answered with full marks, and points, over every part."""
    answered, right, points = [0] * n, [0] * n, [0.0] * n
    for asked, correct, got in tallies.values():
        for e, count in asked.items():
            answered[e] += count
            points[e] += got[e]
        for e, count in correct.items():
            right[e] += count
    return list(zip(answered, right, points, strict=True))


def _percent(points: float, answered: int) -> float:
    # Rounded so that equal scores reached by adding partial credit in another order tie exactly.
    return round(100 * points / answered, 9)


def natural_key(name: str) -> tuple[str, int]:
    """Sort part-2 before part-10."""
    head, _, tail = name.rpartition("-")
    return (head, int(tail)) if tail.isdigit() else (name, 0)


def percentile_rank(score: float, ranked: Sequence[float]) -> float:
    """The percentage of the cohort (``ranked``: its scores, sorted) below ``score``, ties counting half.

    The midpoint convention makes the ranks of a cohort average 50, and gives two trainees
    with equal scores the same rank whatever their place in the list.
    """
    below = bisect_left(ranked, score)
    tied = bisect_right(ranked, score) - below
    return 100 * (below + tied / 2) / len(ranked)
