"""CSV export: one row per question, for spreadsheets.

Columns (:data:`COLUMNS`): bank, id, type, stem, options (one ``id: text`` per line), key
(option ids joined by ``;``; matching: ``premise=option`` pairs; true/false: true or false),
premises (``id: text`` lines, matching only), rationales (``id: rationale`` lines),
explanation, source, section, locator, quote, objective, difficulty, cognitive_level, tags
(joined by ``;``).

A cell that begins with ``=`` ``+`` ``-`` ``@`` (or a tab or carriage return) is prefixed with
``'`` so that a spreadsheet shows it as text rather than running it as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from quizkit.bank.model import Bank, Question, QuestionType
from quizkit.interop.carry import clean

COLUMNS = ("bank", "id", "type", "stem", "options", "key", "premises", "rationales", "explanation", "source",
           "section", "locator", "quote", "objective", "difficulty", "cognitive_level", "tags")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will not read as a formula."""
    return "'" + cell if cell.startswith(_FORMULA) else cell


def _key(question: Question) -> str:
    if question.type is QuestionType.MATCHING:
        return ";".join(f"{p}={o}" for p, o in question.matches)
    return ";".join(o.id for o in question.options if o.id in question.key)


def row(bank: Bank, question: Question) -> list[str]:
    cite = question.cite
    values = [bank.id, question.id, question.type.value, clean(question.stem),
              "\n".join(f"{o.id}: {clean(o.text)}" for o in question.options), _key(question),
              "\n".join(f"{p.id}: {clean(p.text)}" for p in question.premises),
              "\n".join(f"{o.id}: {clean(o.rationale)}" for o in question.options), clean(question.explanation),
              cite.source, cite.section, clean(cite.locator or ""), clean(cite.quote or ""), clean(question.objective),
              question.difficulty.value, question.cognitive_level.value, ";".join(question.tags)]
    return [neutralise(value) for value in values]


def export_csv(banks: Sequence[Bank]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for bank in banks:
        for question in bank.questions:
            writer.writerow(row(bank, question))
    return out.getvalue()
