"""Counts in words: the one rule every message and screen uses."""

from __future__ import annotations

import pytest

from quizkit.wording import plural


@pytest.mark.parametrize(("count", "expected"), [(0, "0 banks"), (1, "1 bank"), (2, "2 banks")])
def test_the_noun_is_plural_unless_the_count_is_one(count: int, expected: str) -> None:
    assert plural(count, "bank") == expected


def test_an_irregular_plural_is_given() -> None:
    assert (plural(1, "history", "histories"), plural(3, "history", "histories")) == ("1 history", "3 histories")
