"""Classical test theory on a response matrix: difficulty, discrimination and reliability.

Every formula here is written out, with a worked example, in docs/stats.md; the tests check
the same examples. Items are dichotomous: 1 for full marks, else 0 (partial credit counts as
wrong here, because KR-20 and the upper/lower index are defined for right/wrong items).

The matrix may have holes: with quizzes drawn at random from a bank, not every trainee meets
every question. Item statistics then use the examinees who answered the item, and a trainee's
standing is their proportion correct over the items they answered; on a complete matrix this is
exactly the textbook computation. KR-20 has no such extension, so it uses only the examinees who
answered every item of the test, and says how many those were.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

#: Kelley's fraction for the upper and lower groups.
GROUP_FRACTION = 0.27


@dataclass(frozen=True, slots=True)
class Column:
    """One item's responses: who answered it (examinee numbers) and whether with full marks (1 or 0)."""

    examinees: Sequence[int]
    correct: Sequence[int]


@dataclass(frozen=True, slots=True)
class Groups:
    """The upper and lower groups as a weight per examinee, 0 to 1.

    Examinees tied on the score at a group's edge share its last places equally (two tied for
    one place weigh a half each), so the groups hold exactly ``size`` examinees' worth and no tie
    is broken by something arbitrary such as the order of names.
    """

    size: int
    upper: Sequence[float]
    lower: Sequence[float]


@dataclass(frozen=True, slots=True)
class ItemStats:
    responses: int
    #: p: the proportion of examinees answering with full marks.
    difficulty: float
    upper_p: float | None
    lower_p: float | None
    #: D = p(upper) − p(lower), the upper/lower 27% discrimination index.
    discrimination_index: float | None
    #: Pearson correlation of the item (1/0) with the rest score (the score without this item).
    point_biserial: float | None


@dataclass(frozen=True, slots=True)
class TestStats:
    items: int
    #: Examinees who answered at least one item of the test.
    examinees: int
    #: Examinees who answered every item: those the summary below is computed on.
    complete: int
    mean: float | None
    #: Standard deviation of the number correct (denominator N, as p·q has).
    sd: float | None
    kr20: float | None
    #: Standard error of measurement, SD·√(1 − KR-20), in items.
    sem: float | None


@dataclass(frozen=True, slots=True)
class Analysis:
    test: TestStats
    items: tuple[ItemStats, ...]
    groups: Groups | None
    #: Each examinee's proportion correct over the items they answered (None: answered none).
    scores: tuple[float | None, ...]


def analyse(examinees: int, columns: Sequence[Column]) -> Analysis:
    """Item and test statistics for ``columns`` answered by examinees numbered 0 .. ``examinees``−1."""
    # Counted in C (Counter over chained columns): this runs over every cell of the matrix.
    answered_by = Counter(itertools.chain.from_iterable(column.examinees for column in columns))
    right_by = Counter(itertools.chain.from_iterable(itertools.compress(column.examinees, column.correct)
                                                     for column in columns))
    answered = [answered_by[e] for e in range(examinees)]
    right = [right_by[e] for e in range(examinees)]
    scores = tuple(right[e] / answered[e] if answered[e] else None for e in range(examinees))
    groups = upper_lower(scores)
    items = tuple(_item(column, answered, right, groups) for column in columns)
    return Analysis(_test(columns, answered, right), items, groups, scores)


def upper_lower(scores: Sequence[float | None]) -> Groups | None:
    """The upper and lower 27% of the examinees with a score; None with fewer than two.

    The group size is 27% of N rounded to the nearest whole examinee (at least one).
    """
    present = [s for s in scores if s is not None]
    if len(present) < 2:
        return None
    size = max(1, math.floor(GROUP_FRACTION * len(present) + 0.5))
    ranked = sorted(present)
    return Groups(size, _weights(scores, ranked[-size], size, above=True),
                  _weights(scores, ranked[size - 1], size, above=False))


def _weights(scores: Sequence[float | None], edge: float, size: int, *, above: bool) -> list[float]:
    beyond = sum(1 for s in scores if s is not None and (s > edge if above else s < edge))
    tied = sum(1 for s in scores if s == edge)
    share = (size - beyond) / tied
    return [0.0 if s is None else 1.0 if (s > edge if above else s < edge) else share if s == edge else 0.0
            for s in scores]


def _item(column: Column, answered: Sequence[int], right: Sequence[int], groups: Groups | None) -> ItemStats:
    n = len(column.correct)
    p = sum(column.correct) / n
    upper_p = lower_p = None
    if groups is not None:
        upper_p = _weighted_mean(column, groups.upper)
        lower_p = _weighted_mean(column, groups.lower)
    d = upper_p - lower_p if upper_p is not None and lower_p is not None else None
    return ItemStats(n, p, upper_p, lower_p, d, pearson(*_rest_scores(column, answered, right)))


def _rest_scores(column: Column, answered: Sequence[int], right: Sequence[int]) -> tuple[Sequence[int], list[float]]:
    """The item's scores and, for the same examinees, their rest scores.

    The rest score leaves the item out, so that the item does not correlate with itself: the
    proportion correct of the other items answered, which on a complete matrix is
    (total − item)/(k − 1), a linear function of the textbook rest score with the same r.
    Examinees who answered only this item have no rest score and are left out.
    """
    others = list(map(answered.__getitem__, column.examinees))
    if min(others) > 1:  # the usual case, done with map in C
        rest = map(operator.sub, map(right.__getitem__, column.examinees), column.correct)
        return column.correct, list(map(operator.truediv, rest, map(operator.sub, others, itertools.repeat(1))))
    kept = [(c, (right[e] - c) / (m - 1)) for e, c, m in zip(column.examinees, column.correct, others, strict=True) if m > 1]
    return [c for c, _ in kept], [rest for _, rest in kept]


def _weighted_mean(column: Column, weights: Sequence[float]) -> float | None:
    # map and sum run in C: this is the inner loop of a 10,000-examinee analysis.
    mine = list(map(weights.__getitem__, column.examinees))
    total = sum(mine)
    if total == 0:
        return None
    right: float = sum(map(operator.mul, mine, column.correct))
    return right / total


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson's r, or None when either variable does not vary (the correlation is undefined)."""
    n = len(x)
    if n < 2:
        return None
    mx, my = sum(x) / n, sum(y) / n
    dx = [v - mx for v in x]
    dy = [v - my for v in y]
    sxx = sum(map(operator.mul, dx, dx))
    syy = sum(map(operator.mul, dy, dy))
    if sxx <= 1e-12 * n or syy <= 1e-12 * n:
        return None
    sxy: float = sum(map(operator.mul, dx, dy))
    return sxy / math.sqrt(sxx * syy)


def _test(columns: Sequence[Column], answered: Sequence[int], right: Sequence[int]) -> TestStats:
    k = len(columns)
    takers = sum(1 for a in answered if a)
    complete = [e for e, a in enumerate(answered) if a == k and k]
    n = len(complete)
    if n == 0:
        return TestStats(k, takers, 0, None, None, None, None)
    totals = [right[e] for e in complete]
    mean = sum(totals) / n
    variance = math.fsum((t - mean) ** 2 for t in totals) / n
    sd = math.sqrt(variance)
    kr20 = sem = None
    if k >= 2 and n >= 2 and variance > 0:
        # p of each item over the complete examinees only, so that p·q and the variance of the
        # totals describe the same people.
        among = set(complete) if n < takers else None
        pq = 0.0
        for column in columns:
            correct = (column.correct if among is None
                       else [c for e, c in zip(column.examinees, column.correct, strict=True) if e in among])
            p = sum(correct) / n
            pq += p * (1 - p)
        kr20 = k / (k - 1) * (1 - pq / variance)
        sem = sd * math.sqrt(1 - kr20)
    return TestStats(k, takers, n, mean, sd, kr20, sem)
