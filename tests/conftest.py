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

#: Every variable through which quizkit, or platformdirs on its behalf, finds a per-user folder.
USER_FOLDER_VARIABLES = {
    "QUIZKIT_DATA_DIR": "data", "QUIZKIT_CACHE_DIR": "cache",
    "XDG_DATA_HOME": "xdg-data", "XDG_CACHE_HOME": "xdg-cache", "XDG_CONFIG_HOME": "xdg-config",
    "XDG_STATE_HOME": "xdg-state",
}


@pytest.fixture(autouse=True)
def user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every per-user folder (data, cache, config) at a fresh temporary one, for every test.

    Tests must never read the developer's history or write to their cache: a test that opens the
    app or runs a command without ``--data-dir`` would otherwise do both. Subprocesses inherit
    the variables. The profile variable is removed so that a developer's own choice cannot leak in.
    """
    root = tmp_path_factory.mktemp("user-folders")
    for variable, name in USER_FOLDER_VARIABLES.items():
        monkeypatch.setenv(variable, str(root / name))
    monkeypatch.delenv("QUIZKIT_PROFILE", raising=False)
    return root


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


@pytest.fixture(params=["pure", "fast"])
def stats_engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The item statistics in pure Python, then with quizkit[fast] (numpy, polars): a test that
    uses it runs on both and must find the same figures (tests/test_stats_*.py)."""
    from quizkit.educator.engine import ENGINE_VARIABLE

    if request.param == "fast":
        pytest.importorskip("numpy", reason="the fast engine needs quizkit[fast]")
    monkeypatch.setenv(ENGINE_VARIABLE, request.param)
    return str(request.param)


@pytest.fixture
def now():
    """A clock the test moves by hand (store_support.FakeNow)."""
    from store_support import FakeNow

    return FakeNow()


@pytest.fixture
def store(tmp_path: Path, now):
    """An empty history in the test's folder, on the test's clock."""
    from quizkit.history.store import Store

    with Store.open(tmp_path / "history.sqlite3", now=now) as opened:
        yield opened
