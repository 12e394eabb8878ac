"""Checking citations against a source's text, when an educator has the text.

Two questions are answered: does each quoted sentence really stand in the section it cites, and
has any section changed since its fingerprint was recorded (so the questions citing it need a
clinical re-read)?
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from quizkit.bank.diagnostics import Diagnostic, Position
from quizkit.bank.model import BankOutline, Source
from quizkit.bank.sourcetext import SectionText, fingerprint, normalise, split_sections


def split_source(source: Source, text: str, text_path: Path) -> tuple[dict[str, SectionText], list[Diagnostic]]:
    """Map the source's section ids to their text; report sections the text lacks or retitles."""
    found = {section.number: section for section in split_sections(text, source.heading_pattern)}
    by_id: dict[str, SectionText] = {}
    problems: list[Diagnostic] = []
    for section in source.sections:
        piece = found.get(section.number)
        if piece is None:
            problems.append(Diagnostic(Position(text_path), "QK403",
                                       f"the text has no section {section.number} ('{section.title}') of '{source.id}'. Is this the right file?"))
            continue
        if normalise(piece.title) != normalise(section.title):
            problems.append(Diagnostic(Position(text_path, piece.line), "QK403",
                                       f"section {section.number} is titled '{piece.title}' here but '{section.title}' in the sources file. Update the sources file if the source was revised."))
        by_id[section.id] = piece
    return by_id, problems


def check_source_text(source: Source, text: str, text_path: Path, banks: Iterable[BankOutline]) -> list[Diagnostic]:
    """Quotes not found in their cited section, and sections whose text changed."""
    sections, problems = split_source(source, text, text_path)
    normalised = {section_id: piece.normalised for section_id, piece in sections.items()}
    citing: dict[str, list[str]] = {}
    for bank in banks:
        for question in bank.questions:
            if question.source != source.id:
                continue
            citing.setdefault(question.section, []).append(f"{question.id} ({question.position})")
            if question.quote is None or question.section not in normalised:
                continue
            quote = normalise(question.quote)
            if quote in normalised[question.section]:
                continue
            elsewhere = [section_id for section_id, body in normalised.items() if quote in body]
            hint = (f" It appears in '{elsewhere[0]}': cite that section." if elsewhere
                    else " Copy the words exactly from the source (whitespace and curly quotes do not matter), or shorten the quote.")
            problems.append(Diagnostic(question.quote_position, "QK401",
                                       f"the quote of question '{question.id}' is not found in section '{question.section}'.{hint}"))
    for section in source.sections:
        piece = sections.get(section.id)
        if piece is None or fingerprint(piece.text) == section.fingerprint:
            continue
        questions = citing.get(section.id, [])
        listed = "; ".join(questions) if questions else "no question cites it"
        problems.append(Diagnostic(Position(text_path, piece.line), "QK402",
                                   f"section '{section.id}' has changed since its fingerprint was recorded. Re-read the questions citing it, then record `fingerprint: {fingerprint(piece.text)}` in the sources file. Citing: {listed}."))
    return problems
