"""Anki export: an ``.apkg`` deck built with genanki, one note per question.

* The note type "quizkit question" has the fields Id, Stem, Options, Key, Rationales,
  Explanation and Citation (HTML, every bank text escaped), and one card: the stem and options
  on the front, the rest on the back.
* A note's GUID is derived from the question's stable id alone (never from its text), so
  importing the export of an edited bank updates the notes already in a collection instead of
  adding new ones; the note type and deck ids are fixed the same way.
* One deck per part of the source (``quizkit::Part 2: ...``); tags are the question's tags.

The file is reproducible: genanki is given a timestamp drawn from the questions' content, and the zip it writes is re-packed
with sorted entries and fixed times.
"""

from __future__ import annotations

import hashlib
import html
import io
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from quizkit.bank.model import Bank, Question, QuestionType, Sources
from quizkit.interop.carry import citation_lines, clean

FIELDS = ("Id", "Stem", "Options", "Key", "Rationales", "Explanation", "Citation")
#: genanki's notes and cards are stamped from this time (2026-01-01; see :func:`stamp`), not the
#: time of export.
TIMESTAMP = 1767225600.0
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FRONT = "<div class=stem>{{Stem}}</div>{{Options}}"
_BACK = ("{{FrontSide}}<hr id=answer><div class=key>{{Key}}</div><div class=rationales>{{Rationales}}</div>"
         "<div class=explanation>{{Explanation}}</div><div class=citation>{{Citation}}</div>")
_CSS = (".card{font-family:sans-serif;font-size:18px;text-align:left}.key{font-weight:bold}"
        ".citation{font-size:14px;color:#555}")


def stable_id(*parts: str) -> int:
    """An Anki model or deck id from stable names: the same names give the same id every export."""
    digest = hashlib.sha256("\x1f".join(("quizkit", *parts)).encode()).digest()
    return int.from_bytes(digest[:4], "big") | 1 << 32  # above 2**32, clear of Anki's own defaults


def guid(question: Question) -> str:
    """The note GUID, from the question id only."""
    import genanki

    return str(genanki.guid_for("quizkit", question.id))


def _e(text: str) -> str:
    return html.escape(clean(text)).replace("\n", "<br>")


def note_fields(question: Question, sources: Sources | None) -> list[str]:
    """The note's fields, in :data:`FIELDS` order, as HTML."""
    letters = {o.id: chr(ord("A") + i) for i, o in enumerate(question.options)}
    options = "".join(f"<li>{letters[o.id]}. {_e(o.text)}</li>" for o in question.options)
    if question.type is QuestionType.MATCHING:
        premises = "".join(f"<li>{n}. {_e(p.text)}</li>" for n, p in enumerate(question.premises, 1))
        options = f"<ol class=premises>{premises}</ol><ul class=options>{options}</ul>"
        key = "; ".join(f"{n} → {letters[o]}" for n, (_, o) in enumerate(question.matches, 1))
    else:
        options = f"<ul class=options>{options}</ul>"
        key = ", ".join(f"{letters[o.id]}. {_e(o.text)}" for o in question.options if o.id in question.key)
    rationales = "".join(f"<li>{letters[o.id]}. {_e(o.rationale)}</li>" for o in question.options)
    citation = "<br>".join(html.escape(line) for line in citation_lines(question, sources))
    return [html.escape(question.id), _e(question.stem), options, key, f"<ul>{rationales}</ul>",
            _e(question.explanation), citation]


def deck_name(question: Question, sources: Sources | None) -> str:
    section = sources.section(question.cite.source, question.cite.section) if sources else None
    title = f"Part {section.number}: {section.title}" if section else question.cite.section
    return f"quizkit::{title}"


def export_anki(banks: Sequence[Bank], sources: Sources | None) -> bytes:
    """The banks as an .apkg (zip bytes): decks by the part each question cites."""
    import genanki  # only this export needs it

    model = genanki.Model(stable_id("model"), "quizkit question", fields=[{"name": f} for f in FIELDS],
                          templates=[{"name": "Question", "qfmt": _FRONT, "afmt": _BACK}], css=_CSS)
    decks: dict[str, genanki.Deck] = {}
    for bank in banks:
        for question in bank.questions:
            name = deck_name(question, sources)
            deck = decks.setdefault(name, genanki.Deck(stable_id("deck", name), name))
            deck.add_note(genanki.Note(model=model, fields=note_fields(question, sources),
                                       tags=list(question.tags), guid=guid(question)))
    with tempfile.TemporaryDirectory(prefix="quizkit-anki-") as folder:
        path = Path(folder) / "deck.apkg"
        genanki.Package([decks[name] for name in sorted(decks)]).write_to_file(str(path), timestamp=stamp(banks))
        return _repack(path.read_bytes())


def stamp(banks: Sequence[Bank]) -> float:
    """The notes' modification time: fixed for the same questions, so equal banks give equal
    bytes, and different once a question changes, which is what makes Anki update a note it has
    (it leaves a note whose time is unchanged as it is)."""
    digest = hashlib.sha256("".join(q.content_hash for b in banks for q in b.questions).encode()).digest()
    return TIMESTAMP + int.from_bytes(digest[:3], "big")


def _repack(data: bytes) -> bytes:
    """The same zip with sorted entries and fixed times, so equal decks are equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for name in sorted(source.namelist()):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()
