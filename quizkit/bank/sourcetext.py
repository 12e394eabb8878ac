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

_TYPOGRAPHIC = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00a0": " ",
})
_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold typographic quotes to ASCII and runs of whitespace to one space."""
    return _WHITESPACE.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


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
