"""Counts in words: the one rule every message and screen uses."""

from __future__ import annotations

import pytest

from quizkit.wording import plural


@pytest.mark.parametrize(("count", "expected"), [(0, "0 banks"), (1, "1 bank"), (2, "2 banks")])
def test_the_noun_is_plural_unless_the_count_is_one(count: int, expected: str) -> None:
    assert plural(count, "bank") == expected


def test_an_irregular_plural_is_given() -> None:
    assert (plural(1, "history", "histories"), plural(3, "history", "histories")) == ("1 history", "3 histories")


def test_clip_cuts_at_a_word_with_an_ellipsis() -> None:
    from quizkit.wording import clip

    assert clip("A  short\nstem", 60) == "A short stem"
    assert clip("Which finding should prompt a biopsy of the chest wall?", 30) == "Which finding should prompt a…"
    assert clip("Supercalifragilistic", 10) == "Supercali…"
    assert all(len(clip("word " * 40, n)) <= n for n in (10, 31, 60))
