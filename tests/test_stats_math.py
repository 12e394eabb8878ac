"""Classical test theory against worked examples computed by hand (docs/stats.md shows the same ones).

Each matrix is written as rows of examinees; the expected values come with their arithmetic.
Variances use the denominator N, as p·q does (docs/stats.md, "Conventions").
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from quizkit.educator import itemstats
from quizkit.educator.itemstats import Analysis, Column, pearson, upper_lower


@pytest.fixture(params=["pure", "numpy"])
def analyse(request: pytest.FixtureRequest) -> Callable[[int, list[Column]], Analysis]:
    """Each worked example through both implementations: the pure-Python one and quizkit[fast]'s."""
    if request.param == "pure":
        return itemstats.analyse
    fast = pytest.importorskip("quizkit.educator.itemstats_np", reason="the numpy statistics need quizkit[fast]")
    return fast.analyse_columns  # type: ignore[no-any-return]


def columns(rows: list[str]) -> list[Column]:
    """Rows like "11-0" (1 right, 0 wrong, - not answered) as columns, one per item."""
    return [Column([e for e, row in enumerate(rows) if row[i] != "-"],
                   [int(row[i]) for row in rows if row[i] != "-"]) for i in range(len(rows[0]))]


# Example 1: six examinees, four items, every cell answered; totals 4, 3, 2, 2, 1, 0.
EXAMPLE_1 = ["1111",   # A  4
             "1110",   # B  3
             "1100",   # C  2
             "1010",   # D  2
             "0100",   # E  1
             "0000"]   # F  0


def test_difficulty_is_the_proportion_correct(analyse: Callable[[int, list[Column]], Analysis]) -> None:
    result = analyse(6, columns(EXAMPLE_1))
    # item 1: A B C D = 4/6; item 2: A B C E = 4/6; item 3: A B D = 3/6; item 4: A = 1/6
    assert [item.difficulty for item in result.items] == pytest.approx([4 / 6, 4 / 6, 3 / 6, 1 / 6])
    assert [item.responses for item in result.items] == [6, 6, 6, 6]


def test_upper_lower_index(analyse: Callable[[int, list[Column]], Analysis]) -> None:
    result = analyse(6, columns(EXAMPLE_1))
    # 27% of 6 = 1.62, rounded to 2 per group: upper A, B (4, 3); lower E, F (1, 0).
    assert result.groups is not None and result.groups.size == 2
    assert list(result.groups.upper) == [1, 1, 0, 0, 0, 0] and list(result.groups.lower) == [0, 0, 0, 0, 1, 1]
    # item 1: upper 2/2, lower 0/2 → D = 1.0     item 2: upper 2/2, lower E 1/2 → D = 0.5
    # item 3: upper 2/2, lower 0/2 → D = 1.0     item 4: upper A 1/2, lower 0/2 → D = 0.5
    assert [item.upper_p for item in result.items] == pytest.approx([1, 1, 1, 0.5])
    assert [item.lower_p for item in result.items] == pytest.approx([0, 0.5, 0, 0])
    assert [item.discrimination_index for item in result.items] == pytest.approx([1.0, 0.5, 1.0, 0.5])


def test_corrected_point_biserial(analyse: Callable[[int, list[Column]], Analysis]) -> None:
    result = analyse(6, columns(EXAMPLE_1))
    # item 1: c = 1 1 1 1 0 0, rest = total − c = 3 2 1 1 1 0
    #   mean c = 2/3, mean rest = 8/6 = 4/3, mean(c·rest) = (3+2+1+1)/6 = 7/6
    #   cov = 7/6 − (2/3)(4/3) = 5/18; var c = (2/3)(1/3) = 2/9; var rest = 16/6 − 16/9 = 8/9
    #   r = (5/18) / √(2/9 · 8/9) = (5/18) / (4/9) = 5/8
    # item 2: c = 1 1 1 0 1 0, rest = 3 2 1 2 0 0
    #   cov = 6/6 − (2/3)(4/3) = 1/9; var rest = 18/6 − 16/9 = 11/9; r = (1/9) / √(2/9 · 11/9) = 1/√22
    # item 3: c = 1 1 0 1 0 0, rest = 3 2 2 1 1 0
    #   cov = 6/6 − (1/2)(3/2) = 1/4; var c = 1/4; var rest = 19/6 − 9/4 = 11/12; r = (1/4) / √(1/4 · 11/12) = √(3/11)
    # item 4: c = 1 0 0 0 0 0, rest = 3 3 2 2 1 0
    #   cov = 3/6 − (1/6)(11/6) = 7/36; var c = 5/36; var rest = 27/6 − 121/36 = 41/36; r = 7/√205
    expected = [5 / 8, 1 / math.sqrt(22), math.sqrt(3 / 11), 7 / math.sqrt(205)]
    assert [item.point_biserial for item in result.items] == pytest.approx(expected)
    assert expected == pytest.approx([0.625, 0.2132, 0.5222, 0.4889], abs=5e-5)


def test_kr20_and_standard_error_of_measurement(analyse: Callable[[int, list[Column]], Analysis]) -> None:
    test = analyse(6, columns(EXAMPLE_1)).test
    # mean = (4+3+2+2+1+0)/6 = 2; variance = (4+1+0+0+1+4)/6 = 5/3; SD = √(5/3) = 1.2910
    # Σpq = (2/3)(1/3) + (2/3)(1/3) + (1/2)(1/2) + (1/6)(5/6) = 8/36 + 8/36 + 9/36 + 5/36 = 5/6
    # KR-20 = 4/3 · (1 − (5/6)/(5/3)) = 4/3 · 1/2 = 2/3
    # SEM = SD · √(1 − KR-20) = √(5/3) · √(1/3) = √5/3 = 0.7454
    assert (test.items, test.examinees, test.complete) == (4, 6, 6)
    assert test.mean == pytest.approx(2)
    assert test.sd == pytest.approx(math.sqrt(5 / 3))
    assert test.kr20 == pytest.approx(2 / 3)
    assert test.sem == pytest.approx(math.sqrt(5) / 3)
    assert (round(test.sd, 4), round(test.kr20, 4), round(test.sem, 4)) == (1.291, 0.6667, 0.7454)


# Example 2: ties at the edge of the upper group; totals 4, 3, 3, 2, 1, 1.
EXAMPLE_2 = ["1111",   # A  4
             "1110",   # B  3
             "1101",   # C  3
             "1010",   # D  2
             "0100",   # E  1
             "1000"]   # F  1


def test_examinees_tied_at_the_edge_share_the_last_place(analyse: Callable[[int, list[Column]], Analysis]) -> None:
    result = analyse(6, columns(EXAMPLE_2))
    # Groups of 2. Upper: A (4) whole; B and C tie at 3 for the one place left, half each.
    # Lower: E and F (1, 1) fill its two places exactly.
    assert result.groups is not None
    assert list(result.groups.upper) == [1, 0.5, 0.5, 0, 0, 0] and list(result.groups.lower) == [0, 0, 0, 0, 1, 1]
    # item 1: upper (1 + ½·1 + ½·1)/2 = 1,    lower (0 + 1)/2 = ½ → D = 0.5
    # item 2: upper (1 + ½ + ½)/2 = 1,        lower (1 + 0)/2 = ½ → D = 0.5
    # item 3: upper (1 + ½·1 + ½·0)/2 = 0.75, lower 0            → D = 0.75
    # item 4: upper (1 + ½·0 + ½·1)/2 = 0.75, lower 0            → D = 0.75
    assert [item.discrimination_index for item in result.items] == pytest.approx([0.5, 0.5, 0.75, 0.75])


def test_everyone_tied_leaves_no_difference_between_the_groups(analyse: Callable[[int, list[Column]], Analysis]) -> None:
    result = analyse(4, columns(["10", "01", "10", "01"]))  # every total is 1
    assert result.groups is not None
    assert list(result.groups.upper) == list(result.groups.lower) == [0.25] * 4  # one place shared by four
    assert [item.discrimination_index for item in result.items] == [0, 0]


# Example 3: a hole in the matrix (B did not meet item 3), as with quizzes drawn at random.
EXAMPLE_3 = ["111",    # A  3 of 3
             "10-",    # B  1 of 2
             "010",    # C  1 of 3
             "000"]    # D  0 of 3


def test_a_matrix_with_holes(analyse: Callable[[int, list[Column]], Analysis]) -> None:
    result = analyse(4, columns(EXAMPLE_3))
    # p counts those who answered: item 1 2/4, item 2 2/4, item 3 A only of A C D = 1/3.
    assert [item.responses for item in result.items] == [4, 4, 3]
    assert [item.difficulty for item in result.items] == pytest.approx([0.5, 0.5, 1 / 3])
    # Standing is the proportion correct of the items answered: A 1, B 1/2, C 1/3, D 0. Groups of
    # round(0.27·4) = 1: upper A, lower D.
    assert result.scores == pytest.approx((1, 0.5, 1 / 3, 0))
    # item 1: c = 1 1 0 0; rest = (right − c)/(answered − 1): A 2/2 = 1, B 0/1 = 0, C 1/2, D 0/2 = 0
    #   deviations: c ±½; rest − 3/8 = 5/8, −3/8, 1/8, −3/8
    #   r = (5/16 − 3/16 − 1/16 + 3/16) / √(1 · 11/16) = (1/4)/(√11/4) = 1/√11
    assert result.items[0].point_biserial == pytest.approx(1 / math.sqrt(11))
    # KR-20 uses A, C, D, who answered all three: totals 3, 1, 0, mean 4/3, variance 14/9;
    # p over them 1/3, 2/3, 1/3, so Σpq = 3 · 2/9 = 2/3;
    # KR-20 = 3/2 · (1 − (2/3)/(14/9)) = 3/2 · 8/14 = 6/7; SEM = √(14/9) · √(1/7) = √2/3
    test = result.test
    assert (test.examinees, test.complete) == (4, 3)
    assert test.mean == pytest.approx(4 / 3)
    assert test.kr20 == pytest.approx(6 / 7)
    assert test.sem == pytest.approx(math.sqrt(2) / 3)


# Example 4: like example 3, but the hole is asymmetric: B met items 1 and 2 and got both right.
# Counting B in p would change item 2 from 2/3 to 3/3, which p·q does not hide (in example 3
# the answers B adds turn p into 1 − p, and p·q is the same either way).
EXAMPLE_4 = ["111",    # A  3 of 3
             "11-",    # B  2 of 2
             "010",    # C  1 of 3
             "000"]    # D  0 of 3


def test_kr20_takes_p_over_those_who_answered_every_item(analyse: Callable[[int, list[Column]], Analysis]) -> None:
    test = analyse(4, columns(EXAMPLE_4)).test
    # A, C, D answered all three: totals 3, 1, 0, mean 4/3, variance 14/9.
    # p over them: item 1 1/3, item 2 2/3, item 3 1/3; Σpq = 3 · 2/9 = 2/3.
    # KR-20 = 3/2 · (1 − (2/3)/(14/9)) = 3/2 · 4/7 = 6/7.
    # (With B counted, item 2 would be 3/3 and Σpq 4/9: KR-20 = 3/2 · 5/7 = 15/14, above 1.)
    assert (test.examinees, test.complete) == (4, 3)
    assert test.kr20 == pytest.approx(6 / 7)


def test_undefined_statistics_are_none_not_errors(analyse: Callable[[int, list[Column]], Analysis]) -> None:
    everyone_right = analyse(3, columns(["11", "11", "10"]))
    # Item 1 does not vary, so it correlates with nothing.
    assert everyone_right.items[0].point_biserial is None and everyone_right.items[0].difficulty == 1
    alone = analyse(1, columns(["10"]))
    assert alone.groups is None and alone.items[0].discrimination_index is None
    assert alone.test.kr20 is None and alone.test.sem is None and alone.test.mean == 1
    assert upper_lower([None, 0.5]) is None
    assert pearson([1, 0], [1, 1]) is None and pearson([1], [1]) is None


def test_pearson_is_the_textbook_correlation() -> None:
    # x = 1 2 3 4, y = 2 4 5 9: cov·4 = (−1.5)(−3) + (−.5)(−1) + (.5)(0) + (1.5)(4) = 11;
    # Σdx² = 5, Σdy² = 9 + 1 + 0 + 16 = 26; r = 11/√130
    assert pearson([1, 2, 3, 4], [2, 4, 5, 9]) == pytest.approx(11 / math.sqrt(130))
