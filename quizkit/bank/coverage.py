"""The blueprint view of a set of banks: questions per source section, by type and level.

An educator reads it to see what the banks do not teach: a section with no questions, or one
tested only by recall, stands out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from quizkit.bank.model import Bank, CognitiveLevel, QuestionType, Sources


@dataclass(frozen=True, slots=True)
class Row:
    source: str
    section: str
    number: int
    title: str
    cross: dict[tuple[QuestionType, CognitiveLevel], int]

    @property
    def by_type(self) -> dict[QuestionType, int]:
        return {t: sum(self.cross[(t, c)] for c in CognitiveLevel) for t in QuestionType}

    @property
    def by_level(self) -> dict[CognitiveLevel, int]:
        return {c: sum(self.cross[(t, c)] for t in QuestionType) for c in CognitiveLevel}

    @property
    def total(self) -> int:
        return sum(self.by_type.values())


def coverage(banks: Iterable[Bank], sources: Sources) -> list[Row]:
    """One row per section of every source, in source order, counting the questions citing it."""
    counts: Counter[tuple[str, str, QuestionType, CognitiveLevel]] = Counter(
        (q.cite.source, q.cite.section, q.type, q.cognitive_level) for bank in banks for q in bank.questions)
    return [
        Row(source.id, section.id, section.number, section.title,
            {(t, c): counts[(source.id, section.id, t, c)] for t in QuestionType for c in CognitiveLevel})
        for source in sources.sources.values() for section in source.sections
    ]


COLUMNS = ("Section", *(t.value for t in QuestionType), *(c.value for c in CognitiveLevel), "total")


def cells(row: Row) -> list[str]:
    return [f"{row.number}. {row.title}", *(str(row.by_type[t]) for t in QuestionType),
            *(str(row.by_level[c]) for c in CognitiveLevel), str(row.total)]


def totals(rows: list[Row]) -> list[str]:
    return ["All sections", *(str(sum(r.by_type[t] for r in rows)) for t in QuestionType),
            *(str(sum(r.by_level[c] for r in rows)) for c in CognitiveLevel), str(sum(r.total for r in rows))]


def markdown(rows: list[Row]) -> str:
    """Two tables: the totals by type and by level, then type × level per section."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" + "--:|" * (len(COLUMNS) - 1)]
    lines += ["| " + " | ".join(cells(row)) + (" ⚠ no questions" if row.total == 0 else "") + " |" for row in rows]
    lines.append("| " + " | ".join(f"**{cell}**" for cell in totals(rows)) + " |")
    lines += ["", "Type × cognitive level (recall / understanding / application):", ""]
    lines.append("| Section | " + " | ".join(t.value for t in QuestionType) + " |")
    lines.append("|---|" + "--:|" * len(QuestionType))
    for row in rows:
        crossed = [" / ".join(str(row.cross[(t, c)]) for c in CognitiveLevel) for t in QuestionType]
        lines.append(f"| {row.number}. {row.title} | " + " | ".join(crossed) + " |")
    return "\n".join(lines)


def text(rows: list[Row]) -> str:
    table = [list(COLUMNS), *map(cells, rows), totals(rows)]
    widths = [max(len(r[i]) for r in table) for i in range(len(COLUMNS))]
    widths[0] = min(widths[0], 44)
    out = []
    for index, row in enumerate(table):
        first = row[0] if len(row[0]) <= widths[0] else row[0][: widths[0] - 1] + "…"
        line = first.ljust(widths[0]) + "  " + "  ".join(cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True))
        if 0 < index < len(table) - 1 and rows[index - 1].total == 0:
            line += "  ⚠ no questions"
        out.append(line)
    return "\n".join(out)
