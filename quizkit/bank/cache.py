"""A cache of validated banks, keyed by their content, so that large banks start fast.

Reading and schema-checking a 10,000-question bank takes seconds; unpickling the checked
result takes a fraction of that. An entry is keyed by the sha256 of the file's bytes together
with its resolved path, quizkit's version, the schema's bytes and the source of the classes it
pickles (``bank/model.py``), so editing a bank, upgrading quizkit, changing the schema or
changing a cached class's shape between releases each miss the cache and re-validate, and a message never names
another file that happens to hold the same bytes. Only files that passed every per-file check
are stored. Checks across banks (unique ids, citations) are never cached: they run every load.

Unpickling runs code chosen by whoever wrote the bytes, so the cache must hold only what this
user's quizkit wrote (docs/security.md). Each entry carries an HMAC-SHA256 under a random key
kept in the cache folder, and is unpickled only when the MAC checks; the folder must belong to
this user and be closed to others (it is created 0700, and a folder of ours that is open is
closed), or the cache is not used at all. An entry that fails its MAC, is damaged, or holds
an object of the wrong type is a miss and is rewritten; the cache can be deleted at any time.

The cache lives in the platform's user cache folder, or ``QUIZKIT_CACHE_DIR``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import pickle
import secrets
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import platformdirs

from quizkit import __version__
from quizkit.bank import model
from quizkit.bank.bundled import schema_file
from quizkit.gcpause import collector_paused

CACHE_VARIABLE = "QUIZKIT_CACHE_DIR"

T = TypeVar("T")


def default_dir() -> Path:
    return Path(os.environ.get(CACHE_VARIABLE) or platformdirs.user_cache_dir("quizkit")) / "banks"


@functools.cache
def _model_source() -> bytes:
    return Path(model.__file__).read_bytes()


_KEY_FILE = "key"
_KEY_BYTES = 32
_MAC_BYTES = hashlib.sha256().digest_size


class BankCache:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_dir()
        self._secret: bytes | None = None

    def _key(self, path: Path, raw: bytes, schema: str) -> str:
        digest = hashlib.sha256()
        for part in (__version__.encode(), _model_source(), schema_file(schema).read_bytes(), os.fsencode(path.resolve()), raw):
            digest.update(hashlib.sha256(part).digest())
        return digest.hexdigest()

    def get_or_build(self, path: Path, schema: str, kind: type[T], build: Callable[[], T | None]) -> T | None:
        """The cached ``kind`` for ``path``'s current content, or ``build()`` stored for next time.

        ``build`` returns None when the file is invalid; nothing is stored then, so the
        diagnostics are produced afresh on every run until the file is fixed.
        """
        secret = self._usable_secret()
        if secret is None:
            return build()
        try:
            key = self._key(path, path.read_bytes(), schema)
        except OSError:
            return build()
        entry = self.directory / f"{key}.pickle"
        cached = self._load(entry, secret, kind)
        if cached is not None:
            return cached
        value = build()
        if value is not None:
            self._store(entry, secret, value)
        return value

    def _load(self, entry: Path, secret: bytes, kind: type[T]) -> T | None:
        try:
            blob = entry.read_bytes()
        except OSError:
            return None
        mac, payload = blob[:_MAC_BYTES], blob[_MAC_BYTES:]
        if not hmac.compare_digest(mac, hmac.digest(secret, payload, "sha256")):
            entry.unlink(missing_ok=True)  # planted, damaged or written under another key
            return None
        try:
            with collector_paused(freeze=True):
                value = pickle.loads(payload)
        except Exception:  # written by another quizkit whose classes have changed shape
            entry.unlink(missing_ok=True)
            return None
        return value if type(value) is kind else None

    def _store(self, entry: Path, secret: bytes, value: object) -> None:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            with tempfile.NamedTemporaryFile(dir=self.directory, delete=False, suffix=".tmp") as handle:
                handle.write(hmac.digest(secret, payload, "sha256") + payload)
            os.replace(handle.name, entry)
        except OSError:
            pass  # a read-only cache folder only costs speed

    def _usable_secret(self) -> bytes | None:
        """This user's MAC key, creating the folder and key on first use; None if the folder is
        not safely ours (then the cache is not used: it only costs speed)."""
        if self._secret is None:
            with contextlib.suppress(OSError):
                self._secret = self._open_secret()
        return self._secret

    def _open_secret(self) -> bytes | None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder = os.lstat(self.directory)
        if not stat.S_ISDIR(folder.st_mode) or folder.st_uid != os.getuid():
            return None
        if folder.st_mode & 0o077:
            os.chmod(self.directory, 0o700)
        key_file = self.directory / _KEY_FILE
        try:
            descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            return self._read_secret(key_file)
        secret = secrets.token_bytes(_KEY_BYTES)
        with os.fdopen(descriptor, "wb") as file:
            file.write(secret)
        return secret

    @staticmethod
    def _read_secret(key_file: Path) -> bytes | None:
        descriptor = os.open(key_file, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(descriptor, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
                return None
            secret = file.read(_KEY_BYTES + 1)
        return secret if len(secret) == _KEY_BYTES else None
