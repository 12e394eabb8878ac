"""One open attempt, one process: the lease a window holds on the attempt it is writing.

Two windows on one profile share one history file. SQLite keeps each write whole, but not the
quiz: both windows could add answers to the same attempt, each from its own state, and finish it
with two different scores. So a window takes a lease on an attempt before it writes to it, and a
second window asking for the same attempt is told it is open elsewhere.

The lease is an OS file lock on a small file per attempt, in ``<history>.locks/`` beside the
database: ``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows. The OS drops either lock when
the process ends however it ends (a kill, a closed terminal, a crash), so a dead window never
holds an attempt for ever, and there is no timeout to guess. flock locks belong to the open file,
not the process, so two stores in one process exclude each other too (as the tests rely on).
Network file systems may not honour these locks; a history belongs on a local disk.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from quizkit.history.store import StoreError


class LeaseHeldError(StoreError):
    """Another window (process) has this attempt open."""


def lock_folder(database: Path) -> Path:
    """Where the attempt leases of the history at ``database`` live."""
    return database.with_name(f"{database.name}.locks")


class Lease:
    """A held lease on one attempt; :meth:`release` it when the window no longer writes to it."""

    def __init__(self, path: Path, descriptor: int) -> None:
        self.path = path
        self._descriptor: int | None = descriptor

    @classmethod
    def take(cls, database: Path, attempt_id: int) -> Lease | None:
        """The lease on attempt ``attempt_id`` of the history at ``database``.

        Raises :class:`LeaseHeldError` if another window holds it. Returns None when no lock file can
        be made (a read-only folder): nothing can be written there, so there is nothing to guard.
        """
        folder = lock_folder(database)
        path = folder / f"attempt-{attempt_id}.lock"
        while True:
            try:
                folder.mkdir(mode=0o700, exist_ok=True)
                descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                return None
            if not _lock(descriptor):
                os.close(descriptor)
                raise LeaseHeldError(f"this quiz (attempt {attempt_id}) is open in another quizkit window; "
                                "carry on there, or close that window first")
            # A holder releasing at this moment unlinks the file we opened; lock the file the
            # path names now, or two windows could each hold a lock on a different file.
            try:
                same = os.path.samestat(os.fstat(descriptor), os.stat(path))
            except FileNotFoundError:
                same = False
            if same:
                return cls(path, descriptor)
            os.close(descriptor)

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def release(self) -> None:
        """Give the attempt up (idempotent); its lock file goes with it."""
        if self._descriptor is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()  # while still locked, so no one locks the file being removed
        os.close(self._descriptor)
        self._descriptor = None


if sys.platform == "win32":
    import msvcrt

    def _lock(descriptor: int) -> bool:
        """Lock the file's first byte without waiting (Windows releases it with the handle)."""
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
else:
    import fcntl

    def _lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
