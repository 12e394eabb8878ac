"""The statistics of :mod:`quizkit.educator.itemstats` on arrays, with numpy (``pip install quizkit[fast]``).

Same definitions, same holes, same tie-sharing of the upper and lower groups: a whole column of
the matrix is one array operation instead of a Python pass per cell, which takes a 10,000 × 100
matrix from about a second to a few milliseconds. The figures agree with the pure-Python ones to
rounding (tests/test_stats_math.py runs every worked example through both): sums here are
pairwise where the pure path adds in order, a difference in the sixteenth digit.

The matrix is dense: ``answered`` says which cells hold an answer, ``correct`` is 1 for full
marks and 0 otherwise (and 0 in a hole).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from quizkit.educator.itemstats import GROUP_FRACTION, Analysis, Column, Groups, ItemStats, TestStats

Matrix = npt.NDArray[np.float64]


def analyse_matrix(answered: Matrix, correct: Matrix) -> Analysis:
    """Item and test statistics for an examinees × items matrix, as :func:`itemstats.analyse` computes them."""
    asked = answered.sum(axis=1)
    right = correct.sum(axis=1)
    has = asked > 0
    score = np.divide(right, asked, out=np.zeros_like(right), where=has)
    scores = tuple(s if h else None for s, h in zip(score.tolist(), has.tolist(), strict=True))
    groups = _groups(score, has)
    items = _items(answered, correct, asked, right, groups)
    return Analysis(_test(answered, correct, asked, right), items, groups, scores)


def analyse_columns(examinees: int, columns: Sequence[Column]) -> Analysis:
    """:func:`analyse_matrix` on columns as :func:`itemstats.analyse` takes them (for tests and small cohorts)."""
    answered = np.zeros((examinees, len(columns)))
    correct = np.zeros((examinees, len(columns)))
    for j, column in enumerate(columns):
        rows = np.asarray(column.examinees, dtype=np.intp)
        answered[rows, j] = 1.0
        correct[rows, j] = np.asarray(column.correct, dtype=np.float64)
    return analyse_matrix(answered, correct)


def _groups(score: Matrix, has: npt.NDArray[np.bool_]) -> Groups | None:
    present = np.sort(score[has])
    if len(present) < 2:
        return None
    size = max(1, math.floor(GROUP_FRACTION * len(present) + 0.5))
    upper = _weights(score, has, float(present[-size]), size, above=True)
    lower = _weights(score, has, float(present[size - 1]), size, above=False)
    return Groups(size, upper.tolist(), lower.tolist())


def _weights(score: Matrix, has: npt.NDArray[np.bool_], edge: float, size: int, *, above: bool) -> Matrix:
    beyond = has & ((score > edge) if above else (score < edge))
    tied = has & (score == edge)
    share = (size - int(beyond.sum())) / int(tied.sum())
    return np.where(beyond, 1.0, np.where(tied, share, 0.0))


def _items(answered: Matrix, correct: Matrix, asked: Matrix, right: Matrix, groups: Groups | None) -> tuple[ItemStats, ...]:
    n = answered.sum(axis=0)
    p = correct.sum(axis=0) / n
    if groups is not None:
        upper_p = _weighted_means(answered, correct, np.asarray(groups.upper))
        lower_p = _weighted_means(answered, correct, np.asarray(groups.lower))
    else:
        upper_p = lower_p = [None] * answered.shape[1]
    r_pb = _point_biserial(answered, correct, asked, right)
    return tuple(ItemStats(int(count), float(difficulty), up, low, up - low if up is not None and low is not None else None, r)
                 for count, difficulty, up, low, r in zip(n.tolist(), p.tolist(), upper_p, lower_p, r_pb, strict=True))


def _weighted_means(answered: Matrix, correct: Matrix, weights: Matrix) -> list[float | None]:
    total = weights @ answered
    got = weights @ correct
    return [g / t if t else None for g, t in zip(got.tolist(), total.tolist(), strict=True)]


def _point_biserial(answered: Matrix, correct: Matrix, asked: Matrix, right: Matrix) -> list[float | None]:
    """Pearson's r of each item with the rest score, over the examinees who answered it and another.

    As :func:`itemstats._rest_scores` and :func:`itemstats.pearson`, column by column at once:
    cells outside a column's examinees are masked to zero before every sum.
    """
    others = asked[:, None] * answered
    keep = answered * (others > 1)
    rest = np.divide(right[:, None] - correct, others - 1, out=np.zeros_like(correct), where=keep > 0)
    count = keep.sum(axis=0)
    safe = np.maximum(count, 1)
    dx = (correct - (correct * keep).sum(axis=0) / safe) * keep
    dy = (rest - (rest * keep).sum(axis=0) / safe) * keep
    sxx = (dx * dx).sum(axis=0)
    syy = (dy * dy).sum(axis=0)
    sxy = (dx * dy).sum(axis=0)
    defined = (count >= 2) & (sxx > 1e-12 * count) & (syy > 1e-12 * count)
    r = np.divide(sxy, np.sqrt(sxx * syy), out=np.zeros_like(sxy), where=defined)
    return [float(value) if ok else None for value, ok in zip(r.tolist(), defined.tolist(), strict=True)]


def _test(answered: Matrix, correct: Matrix, asked: Matrix, right: Matrix) -> TestStats:
    k = answered.shape[1]
    takers = int((asked > 0).sum())
    complete = (asked == k) if k else np.zeros(len(asked), dtype=bool)
    n = int(complete.sum())
    if n == 0:
        return TestStats(k, takers, 0, None, None, None, None)
    totals = right[complete]
    mean = float(totals.sum()) / n
    variance = math.fsum(((totals - mean) ** 2).tolist()) / n
    sd = math.sqrt(variance)
    kr20 = sem = None
    if k >= 2 and n >= 2 and variance > 0:
        p = correct[complete].sum(axis=0) / n
        pq = float((p * (1 - p)).sum())
        kr20 = k / (k - 1) * (1 - pq / variance)
        sem = sd * math.sqrt(1 - kr20)
    return TestStats(k, takers, n, mean, sd, kr20, sem)
