"""Real storage faults for the tests: a tiny file system that fills up, one remounted read-only,
and a write lock held by another connection. Nothing here is a mock: SQLite meets the fault."""

from __future__ import annotations

import contextlib
import errno
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def tiny_filesystem(tmp_path: Path, size: str = "1m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at a fresh folder; skips the test where mount is not permitted."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def remount(folder: Path, mode: str) -> None:
    """Remount the tmpfs at ``folder`` ``ro`` or ``rw`` (root ignores chmod; a read-only mount it cannot)."""
    subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True, capture_output=True)


def fill(folder: Path) -> Path:
    """Fill the file system holding ``folder`` to the last byte; returns the filler to delete."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


@contextlib.contextmanager
def write_lock(database: Path) -> Iterator[None]:
    """Another connection holding the database's write lock (BEGIN IMMEDIATE) until the block ends."""
    other = sqlite3.connect(database, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def answers_on_disk(database: Path) -> list[tuple[int, str]]:
    """The final answers in the file as another process would read them: (position, outcome)."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        return db.execute("SELECT position, outcome FROM final_answer ORDER BY attempt_id, position").fetchall()
