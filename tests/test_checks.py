"""Checks of meaning at their boundaries (the corpus under tests/data covers each rule once)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from conftest import DATA, TEST_SOURCES

from quizkit.bank.checks import check_bank
from quizkit.bank.loader import read_bank, read_sources


def overdue(bank, review_by: dt.date, today: dt.date) -> list[str]:
    """The QK314 messages for ``bank`` due for review by ``review_by``, checked on ``today``."""
    reviewed = replace(bank, review=replace(bank.review, review_by=review_by.isoformat()))
    return [d.message for d in check_bank(reviewed, read_sources(TEST_SOURCES), today) if d.code == "QK314"]


def test_a_review_due_today_has_not_passed_yet(mini_bank) -> None:
    today = dt.date(2026, 11, 25)
    assert overdue(mini_bank, today, today) == []
    assert overdue(mini_bank, today + dt.timedelta(days=1), today) == []
    [message] = overdue(mini_bank, today - dt.timedelta(days=1), today)
    assert "was due for clinical review by 2026-11-24" in message


def test_an_option_keyed_to_two_premises_points_at_the_second_pair() -> None:
    """The corpus pins the line; the message must name both premises so the educator knows
    which pair to change, not only which option is shared."""
    loaded = read_bank(DATA / "invalid" / "QK307-option-keys-two-premises.yaml")
    assert loaded.bank is not None
    [diagnostic] = [d for d in check_bank(loaded.bank, read_sources(TEST_SOURCES), dt.date(2026, 12, 1)) if d.code == "QK307"]
    assert (diagnostic.position.line, diagnostic.position.column) == (28, 12)
    assert "premises 'nodule' and 'red'" in diagnostic.message
    assert "Pair 'red' with another option" in diagnostic.message
