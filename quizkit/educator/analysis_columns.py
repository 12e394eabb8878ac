"""The item report of :mod:`quizkit.educator.analysis` for a :class:`ColumnarCohort` (``quizkit[fast]``).

The same report, built without a Python object per answer: the matrix is filled with numpy
from the answer frame, options are counted by polars, and the statistics are those of
:mod:`itemstats_np`. Where the pure path's arithmetic order decides the last bit of a figure
that is compared (a distractor's share in the upper group against the lower, the percent a
trainee's rank is taken from), the same additions are made in the same order, so that flags
and ranks cannot differ (tests/test_stats_fastread.py compares whole reports).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import polars as pl

from quizkit.bank.model import Bank, Question, QuestionType
from quizkit.educator import analysis
from quizkit.educator.cohort_columns import ColumnarCohort
from quizkit.educator.itemstats import Groups, ItemStats
from quizkit.educator.itemstats_np import analyse_matrix


def build_columnar_report(cohort: ColumnarCohort, banks: Sequence[Bank], *, by: str, pass_mark: float) -> analysis.ItemReport:
    """:func:`analysis.build_report` for a cohort kept in columns."""
    known = {question.id: question for bank in banks for question in bank.questions}
    order = {question_id: n for n, question_id in enumerate(known)}
    answers = cohort.answers
    n = len(cohort.labels)
    # Per question, the bank and part its first examinee's answer names (used when the banks do not know it).
    firsts = answers.group_by("question_id", maintain_order=True).agg(pl.col("bank_id").first(), pl.col("section").first())
    columns = []
    for question_id, bank_id, section in firsts.iter_rows():
        question = known.get(question_id)
        columns.append((question_id, question, question.bank_id if question else bank_id,
                        question.cite.section if question else section))
    columns.sort(key=lambda c: (c[1] is None, order.get(c[0], 0), c[2], c[0]))
    index = pl.DataFrame({"question_id": [c[0] for c in columns], "j": range(len(columns))},
                         schema={"question_id": pl.String, "j": pl.Int64})
    # Ordered by question, then examinee: each trainee's points are added in question order below, as the pure path adds them.
    answers = answers.join(index, on="question_id").sort("j", "examinee")
    e = answers["examinee"].to_numpy()
    j = answers["j"].to_numpy()
    points = answers["points"].to_numpy()
    correct = (points >= 1.0).astype(np.float64)
    answered_matrix = np.zeros((n, len(columns)))
    answered_matrix[e, j] = 1.0
    correct_matrix = np.zeros((n, len(columns)))
    correct_matrix[e, j] = correct

    tests: dict[str, list[int]] = {}
    for k, column in enumerate(columns):
        tests.setdefault(column[2] if by == "bank" else "all", []).append(k)
    test_rows, rows = [], []
    upper = np.zeros((len(columns), n))
    lower = np.zeros((len(columns), n))
    found: list[tuple[int, str, ItemStats, Groups | None]] = []
    for test, group in tests.items():
        result = analyse_matrix(answered_matrix[:, group], correct_matrix[:, group])
        test_rows.append(analysis.TestRow(test, result.test))
        if result.groups is not None:
            upper[group] = np.asarray(result.groups.upper)
            lower[group] = np.asarray(result.groups.lower)
        found.extend((k, test, stats, result.groups) for k, stats in zip(group, result.items, strict=True))
    counts = np.bincount(j, minlength=len(columns))
    sums = np.bincount(j, weights=points, minlength=len(columns))
    options = _options(answers, columns, upper, lower, [g for _, _, _, g in sorted(found, key=lambda f: f[0])])
    for k, test, stats, _ in found:
        question_id, question, bank_id, part = columns[k]
        kind = question.type if question else None
        rows.append(analysis.QuestionRow(question_id, bank_id, part, kind, test, stats, float(sums[k] / counts[k]),
                                         cohort.earlier_wording.get(question_id, 0), options[k],
                                         tuple(analysis.flags(stats, options[k], matching=kind is QuestionType.MATCHING))))
    return analysis.ItemReport(cohort, by, pass_mark, answers.height, tuple(test_rows), tuple(rows),
                               _trainees(cohort, [c[3] for c in columns], e, j, points, correct, pass_mark))


def _options(answers: pl.DataFrame, columns: list[tuple[str, Question | None, str, str]], upper: np.ndarray,
             lower: np.ndarray, groups: list[Groups | None]) -> list[tuple[analysis.OptionRow, ...]]:
    """Every question's option rows, as :func:`analysis._options` makes them."""
    has_pairs = set(answers.filter(pl.col("pairs") != "")["j"].unique().to_list())
    matching = [c[1].type is QuestionType.MATCHING if c[1] else k in has_pairs for k, c in enumerate(columns)]
    picks = (answers.with_columns(pl.col("j").replace_strict(list(range(len(columns))), matching, return_dtype=pl.Boolean)
                                  .alias("matching"))
             .with_columns(pl.when(pl.col("matching")).then(pl.col("pairs")).otherwise(pl.col("chosen")).alias("cell"))
             .filter(pl.col("cell") != "")
             .with_columns(pl.col("cell").str.split(";").alias("option"))
             .explode("option")
             .with_row_index("position"))
    e = picks["examinee"].to_numpy()
    j = picks["j"].to_numpy()
    picks = picks.with_columns(pl.Series("upper", upper[j, e]), pl.Series("lower", lower[j, e]))
    tally = (picks.group_by("j", "option")
             .agg(pl.len().alias("chosen"), pl.col("position").min().alias("first"),
                  (pl.col("upper") == 1.0).sum().alias("upper_whole"), (pl.col("lower") == 1.0).sum().alias("lower_whole"))
             .sort("first"))
    chosen: list[dict[str, int]] = [{} for _ in columns]
    whole: list[tuple[dict[str, float], dict[str, float]]] = [({}, {}) for _ in columns]
    for k, option, count, _, upper_whole, lower_whole in tally.iter_rows():
        chosen[k][option] = count
        if upper_whole:
            whole[k][0][option] = upper_whole
        if lower_whole:
            whole[k][1][option] = lower_whole
    # Members tied at a group's edge count with their share, added in examinee order as the pure path adds them.
    edge = picks.filter(((pl.col("upper") > 0) & (pl.col("upper") < 1)) | ((pl.col("lower") > 0) & (pl.col("lower") < 1)))
    for k, option, up, low in edge.sort("j", "examinee", "position").select("j", "option", "upper", "lower").iter_rows():
        for side, weight in ((0, up), (1, low)):
            if 0 < weight < 1:
                whole[k][side][option] = whole[k][side].get(option, 0) + weight
    totals = _group_totals(answers, upper, lower, len(columns))
    rows = []
    for k, (_, question, _, _) in enumerate(columns):
        if question is None:
            listed: list[str] = []
            keyed: set[str] | None = None
        elif matching[k]:
            listed = [f"{p.id}={o.id}" for p in question.premises for o in question.options]
            keyed = {f"{p}={o}" for p, o in question.matches}
        else:
            listed = [option.id for option in question.options]
            keyed = set(question.key)
        counts = dict.fromkeys(listed, 0)
        for option, count in chosen[k].items():
            counts[option] = count
        shares = [None if groups[k] is None or not totals[side][k] else
                  {option: count / totals[side][k] for option, count in whole[k][side].items()} for side in (0, 1)]
        answered = int(totals[2][k])
        rows.append(tuple(analysis.OptionRow(option, None if keyed is None else option in keyed, count, count / answered,
                                             None if shares[0] is None else shares[0].get(option, 0.0),
                                             None if shares[1] is None else shares[1].get(option, 0.0))
                          for option, count in counts.items()))
    return rows


def _group_totals(answers: pl.DataFrame, upper: np.ndarray, lower: np.ndarray, k: int) -> tuple[list[float], list[float], list[int]]:
    """Per question: the upper and lower groups' members who answered it (whole ones counted, tied
    ones by their share, summed exactly as :func:`math.fsum` does), and everyone who answered it."""
    e = answers["examinee"].to_numpy()
    j = answers["j"].to_numpy()
    result: list[list[float]] = []
    for weights in (upper[j, e], lower[j, e]):
        whole = np.bincount(j[weights == 1.0], minlength=k)
        partial = (weights > 0) & (weights < 1)
        shares: list[list[float]] = [[] for _ in range(k)]
        for column, weight in zip(j[partial].tolist(), weights[partial].tolist(), strict=True):
            shares[column].append(weight)
        result.append([int(count) + math.fsum(share) for count, share in zip(whole.tolist(), shares, strict=True)])
    return result[0], result[1], np.bincount(j, minlength=k).tolist()


def _trainees(cohort: ColumnarCohort, parts_of: list[str], e: np.ndarray, j: np.ndarray, points: np.ndarray,
              correct: np.ndarray, pass_mark: float) -> tuple[analysis.TraineeRow, ...]:
    """Each trainee's score by part and overall, as :func:`analysis._trainees` computes it."""
    n = len(cohort.labels)
    part_names = sorted(set(parts_of), key=analysis.natural_key)
    part_number = np.array([part_names.index(part) for part in parts_of], dtype=np.int64)
    p = part_number[j]
    tallies = []
    for number, part in enumerate(part_names):
        mask = p == number
        # bincount adds in the order given: question by question, as the pure path does.
        asked = np.bincount(e[mask], minlength=n).tolist()
        right = np.bincount(e[mask], weights=correct[mask], minlength=n).astype(np.int64).tolist()
        got = np.bincount(e[mask], weights=points[mask], minlength=n).tolist()
        tallies.append((part, asked, right, got))
    percents = [{t: analysis._percent(got[t], count) for t, count in enumerate(asked) if count} for _, asked, _, got in tallies]
    ranked = [sorted(scores.values()) for scores in percents]
    answered, right_all, total = [0] * n, [0] * n, [0.0] * n
    for _, asked, right, got in tallies:
        for t in range(n):
            if asked[t]:
                answered[t] += asked[t]
                total[t] += got[t]
            right_all[t] += right[t]
    overall = [analysis._percent(got, count) for got, count in zip(total, answered, strict=True)]
    overall_ranked = sorted(overall)
    rows = []
    for t in range(n):
        parts = []
        for number, (part, asked, right, got) in enumerate(tallies):
            if asked[t]:
                percent = percents[number][t]
                parts.append(analysis.TraineePartScore(part, asked[t], right[t], got[t], percent,
                                                       analysis.percentile_rank(percent, ranked[number]), percent < pass_mark))
        rows.append(analysis.TraineeRow(cohort.labels[t], cohort.origins[t], answered[t], right_all[t], total[t],
                                        overall[t], analysis.percentile_rank(overall[t], overall_ranked), tuple(parts)))
    return tuple(rows)

