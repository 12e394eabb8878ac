"""Writing an output file without ever destroying something the user keeps.

A trainee's history database is their only record of their work; an educator's bank may be the
only copy of months of writing. So a command that writes a file (``export-results -o``,
``new``, ``export -o``, ``import -o``) refuses a path that is the history database or a file the
command is reading, refuses to replace an existing file unless told to (``--force``), writes to
a temporary file beside the target and renames it into place, and leaves nothing behind when a
write fails half-way (a full disk, a closed pipe).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


class WriteRefused(Exception):
    """The output path is protected or exists, or the write failed; nothing was changed."""


def write_file(path: Path, data: bytes, *, force: bool = False, protected: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``path`` whole, or change nothing.

    ``protected`` are the files this run must never write onto (the history database, the
    inputs being read); they are compared by identity on disk as well as by resolved path, so a
    hard link or a second spelling of the same file is caught too. An existing SQLite database
    is never replaced either, protected or not: no quizkit output is one.
    """
    target = Path(path)
    for kept in protected:
        if _same_file(target, Path(kept)):
            raise WriteRefused(f"{target} is {Path(kept).name}, which this command reads or keeps; "
                               "choose another output file")
    if target.is_dir():
        raise WriteRefused(f"{target} is a folder; give a file name")
    if _is_database(target):
        # Whatever --force says: no quizkit output is a database, so this is a mistyped path,
        # and the file may be someone's history.
        raise WriteRefused(f"{target} is a database (a quizkit history, perhaps), which this command reads or "
                           "keeps; choose another output file")
    if target.exists() and not force:
        raise WriteRefused(f"{target} already exists; choose another name, or add --force to replace it")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise WriteRefused(f"cannot write in {folder}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteRefused(f"cannot write {target}: {error.strerror or error}; nothing was written") from None


_SQLITE_HEADER = b"SQLite format 3\x00"


def _is_database(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    with contextlib.suppress(OSError):
        if a.exists() and b.exists() and os.path.samefile(a, b):
            return True
    return a.resolve(strict=False) == b.resolve(strict=False)
