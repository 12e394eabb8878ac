"""Files and text from other people: read only what is a file, show only what is printable.

Banks are shared between departments and results files are collected from trainees, so every
byte in them may have been written to mislead: a FIFO or ``/dev/zero`` named as a bank, a file
that claims one size and streams another, terminal escape sequences that rewrite the educator's
screen, bidirectional overrides that make a dose read backwards, a spreadsheet formula in a
results cell. The rules for all of them live here, so that every reader and every message
applies the same ones (docs/security.md).
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import BinaryIO

#: Characters that must not appear in bank text: C0 controls other than tab and newline, DEL,
#: C1 controls, and the bidirectional embeddings, overrides and isolates (Trojan Source).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: The same, less carriage return: for scanning a whole file, where CR ends lines (Windows).
CONTROL_IN_FILE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: What a message quotes of untrusted text at most, in characters.
EXCERPT = 60

#: Cells a spreadsheet would run as a formula (OWASP, "CSV injection"): tab and carriage return
#: are included because some spreadsheets strip them before looking at the first character.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class UnreadableFile(Exception):
    """A path that is not a regular file, is larger than allowed, or cannot be read."""


class TooLarge(UnreadableFile):
    """A regular file holding more bytes than the caller allows."""


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, refusing anything but a regular file and more than ``limit`` bytes.

    The type is checked on the opened descriptor, not before opening, so a path swapped for a
    FIFO in between is still caught; the limit counts the bytes actually read, because
    ``/proc`` files and FUSE mounts report a size that has nothing to do with their content.
    Opening with ``O_NONBLOCK`` keeps a FIFO with no writer from blocking the open itself.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise UnreadableFile(f"cannot open it: {error.strerror or error}") from None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        raise UnreadableFile(f"it is {_kind(status.st_mode)}, not a regular file")
    with os.fdopen(descriptor, "rb") as file:
        try:
            data = _read_up_to(file, limit + 1, status.st_size)
        except OSError as error:
            raise UnreadableFile(f"cannot read it: {error.strerror or error}") from None
    if len(data) > limit:
        raise TooLarge(f"it is larger than {limit:,} bytes")
    return data


def _read_up_to(file: BinaryIO, most: int, size: int) -> bytes:
    """At most ``most`` bytes of ``file``, whose size is said to be ``size``. A read asks for a
    buffer as large as it may return, so it asks for the size said (plus one, to see the end) and
    reads on in pieces only when there is more: a limit of a terabyte allocates no terabyte."""
    hint = min(most, size + 1)
    data = file.read(hint)
    if len(data) < hint or len(data) >= most:
        return data
    parts, total = [data], len(data)
    while total < most:
        part = file.read(min(1 << 20, most - total))
        if not part:
            break
        parts.append(part)
        total += len(part)
    return b"".join(parts)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def printable(text: str, limit: int = EXCERPT) -> str:
    """``text`` safe to print in a message: non-printable characters escaped, long text cut.

    Escaping (``\\x1b``, ``\\u202e``) rather than dropping shows the reader that something was
    there; cutting at ``limit`` keeps a hostile file from flooding the terminal or a CI log.
    """
    shown = "".join(ch if _printable(ch) else _escape(ch) for ch in text[: limit + 1])
    return shown if len(text) <= limit else shown[:limit] + "…"


def displayable(text: str) -> str:
    """``text`` with its control characters and bidi overrides escaped, and nothing cut: for
    long text shown on a screen (a source's section, a results file's cells), where newlines
    and tabs keep their meaning."""
    return CONTROL.sub(lambda found: _escape(found.group()), text)


def _printable(ch: str) -> bool:
    return ch == " " or (ch.isprintable() and unicodedata.category(ch) not in {"Cf", "Zl", "Zp"})


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def neutralised_cell(value: str) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula.

    A leading apostrophe is what spreadsheets themselves use to mark text; a reader that wants
    the value back strips exactly one leading apostrophe from cells that start with it.
    """
    return "'" + value if value.startswith(_FORMULA_START) else value
