"""The cache of validated banks: fast when it hits, and unable to run anything planted in it."""

from __future__ import annotations

import hmac
import os
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import DATA

from quizkit.bank.cache import BankCache
from quizkit.bank.loader import read_bank
from quizkit.bank.model import Bank

MINI = DATA / "valid" / "mini-bank.yaml"


class _Planted:
    """What an attacker would leave in a shared cache folder: unpickling it writes a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _entries(cache: BankCache) -> list[Path]:
    return sorted(cache.directory.glob("*.pickle"))


def test_a_second_read_comes_from_the_cache(tmp_path: Path) -> None:
    cache = BankCache(tmp_path / "cache")
    first = read_bank(MINI, cache)
    assert first.bank is not None and len(_entries(cache)) == 1
    second = read_bank(MINI, cache)
    assert second.bank == first.bank and second.diagnostics == ()


def test_a_bank_with_template_text_left_is_never_cached(tmp_path: Path) -> None:
    cache = BankCache(tmp_path / "cache")
    leftover = DATA / "invalid" / "QK318-template-option-left.yaml"
    for _ in range(2):  # the second read must find the leftover again, not a cached "valid" bank
        loaded = read_bank(leftover, cache)
        assert loaded.bank is not None  # sound enough for `quizkit new question` to append to it
        assert [(d.code, d.position.line) for d in loaded.diagnostics] == [("QK318", 23)]
    assert _entries(cache) == []


def test_the_folder_and_key_are_private(tmp_path: Path) -> None:
    cache = BankCache(tmp_path / "cache")
    read_bank(MINI, cache)
    assert cache.directory.stat().st_mode & 0o777 == 0o700
    assert (cache.directory / "key").stat().st_mode & 0o777 == 0o600


def test_an_open_folder_of_ours_is_closed(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    read_bank(MINI, BankCache(folder))
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_planted_pickle_is_never_unpickled(tmp_path: Path) -> None:
    cache = BankCache(tmp_path / "cache")
    read_bank(MINI, cache)
    [entry] = _entries(cache)
    marker = tmp_path / "ran"
    # The attacker can write the folder but does not know the key: any MAC they put is wrong.
    entry.write_bytes(b"\x00" * 32 + pickle.dumps(_Planted(marker)))
    loaded = read_bank(MINI, cache)
    assert not marker.exists(), "the planted pickle ran"
    assert loaded.bank is not None and loaded.bank.id == "mini-bank"


def test_an_entry_of_the_wrong_type_is_a_miss(tmp_path: Path) -> None:
    cache = BankCache(tmp_path / "cache")
    read_bank(MINI, cache)
    [entry] = _entries(cache)
    secret = (cache.directory / "key").read_bytes()
    payload = pickle.dumps({"not": "a bank"})
    entry.write_bytes(hmac.digest(secret, payload, "sha256") + payload)
    loaded = read_bank(MINI, cache)
    assert isinstance(loaded.bank, Bank)


def test_a_folder_owned_by_someone_else_is_not_used(tmp_path: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("needs root to give the folder to another user")
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    cache = BankCache(folder)
    assert read_bank(MINI, cache).bank is not None
    assert _entries(cache) == [] and not (folder / "key").exists()


def test_two_files_with_the_same_bytes_keep_their_own_paths(tmp_path: Path) -> None:
    cache = BankCache(tmp_path / "cache")
    copy = tmp_path / "copy.yaml"
    shutil.copyfile(MINI, copy)
    read_bank(MINI, cache)
    loaded = read_bank(copy, cache)
    assert loaded.bank is not None
    assert Path(loaded.bank.path) == copy
    assert Path(loaded.bank.questions[0].position.path) == copy


def test_a_change_to_the_cached_classes_misses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Within one version number, a developer's edit to ``bank/model.py`` must not unpickle old
    objects missing the new fields; the model's source is part of the key."""
    from quizkit.bank import cache as cache_module

    cache = BankCache(tmp_path / "cache")
    read_bank(MINI, cache)
    monkeypatch.setattr(cache_module, "_model_source", lambda: b"class Question: changed")
    read_bank(MINI, cache)
    assert len(_entries(cache)) == 2
