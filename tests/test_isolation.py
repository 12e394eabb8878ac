"""The suite never touches the real user folders: conftest points them all at temporary ones.

These tests do not ask for the fixture by name: it must apply to every test on its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from quizkit.bank.cache import BankCache, default_dir
from quizkit.bank.pipeline import load_banks
from quizkit.history import paths


@pytest.fixture
def temporary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The root of every temporary folder of this test run."""
    return tmp_path_factory.getbasetemp()


def test_every_user_folder_is_a_temporary_one(temporary: Path) -> None:
    for folder in (default_dir(), paths.data_dir(), Path(platformdirs.user_data_dir("quizkit")),
                   Path(platformdirs.user_cache_dir("quizkit")), Path(platformdirs.user_config_dir("quizkit"))):
        assert folder.is_relative_to(temporary), folder
    assert paths.profile_name() == paths.DEFAULT_PROFILE


def test_the_bank_cache_is_written_inside_the_temporary_folders(temporary: Path) -> None:
    load_banks(cache=BankCache())
    written = list(default_dir().rglob("*"))
    assert written and all(path.is_relative_to(temporary) for path in written)


def test_commands_run_by_the_tests_inherit_the_temporary_folders(temporary: Path) -> None:
    shown = subprocess.run([sys.executable, "-c", "from quizkit.bank.cache import default_dir; "
                            "from quizkit.history.paths import data_dir; print(default_dir()); print(data_dir())"],
                           capture_output=True, text=True, check=True, timeout=60).stdout.split("\n")
    assert all(Path(line).is_relative_to(temporary) for line in shown if line)
