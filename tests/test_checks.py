"""Checks of meaning at their boundaries (the corpus under tests/data covers each rule once)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from conftest import TEST_SOURCES

from quizkit.bank.checks import check_banks
from quizkit.bank.loader import read_sources


def overdue(bank, review_by: dt.date, today: dt.date) -> list[str]:
    """The QK314 messages for ``bank`` due for review by ``review_by``, checked on ``today``."""
    reviewed = replace(bank, review=replace(bank.review, review_by=review_by.isoformat()))
    return [d.message for d in check_banks([reviewed], read_sources(TEST_SOURCES), today) if d.code == "QK314"]


def test_a_review_due_today_has_not_passed_yet(mini_bank) -> None:
    today = dt.date(2026, 11, 25)
    assert overdue(mini_bank, today, today) == []
    assert overdue(mini_bank, today + dt.timedelta(days=1), today) == []
    [message] = overdue(mini_bank, today - dt.timedelta(days=1), today)
    assert "was due for clinical review by 2026-11-24" in message
