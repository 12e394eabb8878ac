"""Shared paths and fixtures for the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
REPO = TESTS.parent
TEST_SOURCES = DATA / "sources" / "sources.yaml"
MINI_GUIDE = DATA / "sources" / "mini-guide.txt"
GUIDE = REPO.parent / "shared" / "guide" / "skin-metastases-guide.txt"


@pytest.fixture
def guide_path() -> Path:
    """The real guide, which lives beside the project on developer machines and in CI only."""
    if not GUIDE.is_file():
        pytest.skip(f"the source guide is not at {GUIDE}: it is not shipped with quizkit (only ../shared has it)")
    return GUIDE


@pytest.fixture(scope="session")
def mini_bank():
    """The valid test bank (one question of each type), loaded."""
    from quizkit.bank.loader import read_bank

    loaded = read_bank(DATA / "valid" / "mini-bank.yaml")
    assert loaded.bank is not None, loaded.diagnostics
    return loaded.bank
