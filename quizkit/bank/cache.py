"""A cache of validated banks, keyed by their content, so that large banks start fast.

Reading and schema-checking a 10,000-question bank takes seconds; unpickling the checked
result takes a fraction of that. An entry is keyed by the sha256 of the file's bytes together
with quizkit's version and the schema's bytes, so editing a bank, upgrading quizkit or changing
the schema each miss the cache and re-validate. Only files that passed every per-file check are
stored. Checks across banks (unique ids, citations) are never cached: they run on every load.

The cache lives in the platform's user cache folder, or ``QUIZKIT_CACHE_DIR``. A damaged or
unreadable entry is treated as a miss and rewritten; the cache can be deleted at any time.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import platformdirs

from quizkit import __version__
from quizkit.bank.bundled import schema_file

CACHE_VARIABLE = "QUIZKIT_CACHE_DIR"

T = TypeVar("T")


def default_dir() -> Path:
    return Path(os.environ.get(CACHE_VARIABLE) or platformdirs.user_cache_dir("quizkit")) / "banks"


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Unpickling a large bank creates a hundred thousand objects, none of them garbage; left on,
    the cyclic collector would scan them again and again and take four fifths of the time. The
    bank then lives as long as the process, so it is frozen out of later collections too."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class BankCache:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_dir()

    def _key(self, raw: bytes, schema: str) -> str:
        digest = hashlib.sha256()
        for part in (__version__.encode(), schema_file(schema).read_bytes(), raw):
            digest.update(hashlib.sha256(part).digest())
        return digest.hexdigest()

    def get_or_build(self, path: Path, schema: str, build: Callable[[], T | None]) -> T | None:
        """The cached value for ``path``'s current content, or ``build()`` stored for next time.

        ``build`` returns None when the file is invalid; nothing is stored then, so the
        diagnostics are produced afresh on every run until the file is fixed.
        """
        try:
            key = self._key(path.read_bytes(), schema)
        except OSError:
            return build()
        entry = self.directory / f"{key}.pickle"
        try:
            with entry.open("rb") as handle, _no_gc():
                return pickle.load(handle)  # noqa: S301 - the user's own cache folder
        except FileNotFoundError:
            pass
        except Exception:  # a truncated or foreign entry: rebuild it
            entry.unlink(missing_ok=True)
        value = build()
        if value is not None:
            self._store(entry, value)
        return value

    def _store(self, entry: Path, value: object) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.directory, delete=False, suffix=".tmp") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(handle.name, entry)
        except OSError:
            pass  # a read-only cache folder only costs speed
