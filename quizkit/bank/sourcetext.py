"""A source's text split into sections, for checking quotes and fingerprints.

The source text itself is never shipped with quizkit (it belongs to its publisher); an educator
who has it points ``quizkit validate --source-text ID=PATH`` at it. Comparison is done on
normalised text so that re-flowed paragraphs or curly quotes typed as straight ones do not count
as a change or as a misquote.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from quizkit.bank.diagnostics import BankError, Diagnostic, Position
from quizkit.untrusted import UnreadableFile, read_limited

#: A source text larger than this is not a guide but a mistake (a disk image, a log): refused.
MAX_SOURCE_BYTES = 64 * 1024 * 1024

_TYPOGRAPHIC = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00a0": " ",
})
_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold typographic quotes to ASCII and runs of whitespace to one space."""
    return _WHITESPACE.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


def read_source_text(path: Path) -> str:
    """The text of a source as an educator saved it (UTF-8, a byte-order mark allowed).

    Every face reads source texts here, so that a file that is missing, not UTF-8 or unreadable
    is one QK403 diagnostic saying what to do, never a traceback.
    """
    try:
        return read_limited(path, MAX_SOURCE_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        reason = (f"it is not UTF-8 text (byte {error.start} cannot be read). Save it as UTF-8 (plain text) "
                  "and try again")
    except UnreadableFile as error:  # a folder, a FIFO, a device, too large, or not readable
        reason = f"{error}. Give the text file with --source-text ID=PATH"
    raise BankError([Diagnostic(Position(path), "QK403", f"cannot read the source text: {reason}.")])


def fingerprint(text: str) -> str:
    """The ``sha256:`` fingerprint recorded for a section in ``sources.yaml``."""
    return "sha256:" + hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class SectionText:
    """One section of a source text, as found by the source's heading pattern."""

    number: int
    title: str
    text: str
    line: int  # 1-based line of the heading, for messages

    @property
    def normalised(self) -> str:
        return normalise(self.text)


def split_sections(text: str, heading_pattern: str) -> list[SectionText]:
    """Split ``text`` at every line matching ``heading_pattern``.

    The pattern must have named groups ``number`` and ``title``. Text before the first heading
    (a document title, say) belongs to no section.
    """
    heading = re.compile(heading_pattern)
    sections: list[SectionText] = []
    current: tuple[int, str, int] | None = None
    body: list[str] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        match = heading.fullmatch(line.strip())
        if match:
            if current is not None:
                sections.append(SectionText(current[0], current[1], "\n".join(body), current[2]))
            current = (int(match.group("number")), match.group("title").strip(), line_number)
            body = []
        elif current is not None:
            body.append(line)
    if current is not None:
        sections.append(SectionText(current[0], current[1], "\n".join(body), current[2]))
    return sections


_QUOTE_VARIANTS = {"'": "['\u2018\u2019\u201a\u201b\u2032]", '"': '["\u201c\u201d\u201e\u201f\u2033]'}


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text`` (start and end offsets), matched as validation matches
    it: runs of whitespace and curly or straight quotes alike. None when it is not there."""
    words = normalise(quote).split(" ")
    if not words or words == [""]:
        return None
    pattern = r"\s+".join("".join(_QUOTE_VARIANTS.get(c, re.escape(c)) for c in word) for word in words)
    found = re.search(pattern, text)
    return (found.start(), found.end()) if found else None
