"""The item-analysis report as text for the terminal, CSV tables for a spreadsheet, or JSON for tools.

The CSV and JSON shapes are a contract with the educator's tools, like the export format: add
columns and keys at the end, never rename or reorder them (docs/stats.md lists them).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from quizkit.educator import analysis as stats
from quizkit.educator.analysis import ItemReport, QuestionRow
from quizkit.wording import plural

STATS_FORMAT_VERSION = 1
TABLES = ("tests", "questions", "options", "trainees")

TEST_COLUMNS = ("test", "questions", "trainees", "complete", "mean", "sd", "kr20", "sem")
QUESTION_COLUMNS = ("question_id", "bank_id", "section", "type", "test", "responses", "p", "upper_p", "lower_p",
                    "d", "r_pb", "mean_points", "earlier_wording", "flags")
OPTION_COLUMNS = ("question_id", "option", "keyed", "chosen", "share", "upper", "lower", "flags")
TRAINEE_COLUMNS = ("trainee", "part", "answered", "correct", "points", "percent", "percentile", "below_pass")


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def test_rows(report: ItemReport) -> list[tuple[object, ...]]:
    return [(t.test, t.stats.items, t.stats.examinees, t.stats.complete, *map(_round, (
        t.stats.mean, t.stats.sd, t.stats.kr20, t.stats.sem))) for t in report.tests]


def question_rows(report: ItemReport) -> list[tuple[object, ...]]:
    return [(q.question_id, q.bank_id, q.section, q.type.value if q.type else None, q.test, q.stats.responses,
             *map(_round, (q.stats.difficulty, q.stats.upper_p, q.stats.lower_p, q.stats.discrimination_index,
                           q.stats.point_biserial, q.mean_points)), q.earlier_wording, _codes(q))
            for q in report.questions]


def option_rows(report: ItemReport) -> list[tuple[object, ...]]:
    return [(q.question_id, o.option, o.keyed, o.chosen, *map(_round, (o.share, o.upper, o.lower)),
             ";".join(f.code for f in q.flags if f.option == o.option))
            for q in report.questions for o in q.options]


def trainee_rows(report: ItemReport) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for t in report.trainees:
        rows.append((t.label, "all", t.answered, t.correct, _round(t.points), _round(t.percent),
                     _round(t.percentile), t.percent < report.pass_mark))
        rows.extend((t.label, p.part, p.answered, p.correct, _round(p.points), _round(p.percent), _round(p.percentile),
                     p.below_pass) for p in t.parts)
    return rows


def _codes(question: QuestionRow) -> str:
    return ";".join(f"{f.code}:{f.option}" if f.option else f.code for f in question.flags)


_TABLES: dict[str, tuple[tuple[str, ...], Callable[[ItemReport], list[tuple[object, ...]]]]] = {
    "tests": (TEST_COLUMNS, test_rows), "questions": (QUESTION_COLUMNS, question_rows),
    "options": (OPTION_COLUMNS, option_rows), "trainees": (TRAINEE_COLUMNS, trainee_rows),
}


def as_csv(report: ItemReport, table: str) -> str:
    """One table as CSV: booleans true/false, missing values empty, as in the results export."""
    columns, rows = _TABLES[table]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows(report):
        writer.writerow(("true" if v else "false") if isinstance(v, bool) else "" if v is None else v for v in row)
    return out.getvalue()


def as_json(report: ItemReport, tables: Sequence[str] = TABLES) -> str:
    cohort = report.cohort
    document: dict[str, object] = {
        "format": "quizkit-stats", "version": STATS_FORMAT_VERSION, "by": report.by,
        "inputs": list(cohort.inputs), "trainees_analysed": len(report.trainees), "responses": report.responses,
        "left_out": {"unfinished_attempts": cohort.unfinished, "other_mode": cohort.other_mode,
                     "earlier_wording": dict(cohort.earlier_wording),
                     "trainees_without_answers": list(cohort.without_answers)},
        "thresholds": {"too_easy_p_above": stats.TOO_EASY, "too_hard_p_below": stats.TOO_HARD,
                       "low_discrimination_below": stats.LOW_DISCRIMINATION,
                       "non_functioning_share_below": stats.NON_FUNCTIONING, "pass_mark_percent": report.pass_mark},
    }
    if "tests" in tables:
        document["tests"] = [dict(zip(TEST_COLUMNS, row, strict=True)) for row in test_rows(report)]
    if "questions" in tables or "options" in tables:
        document["questions"] = [
            {**dict(zip(QUESTION_COLUMNS[:-1], row[:-1], strict=True)),
             "flags": [{"code": f.code, "option": f.option, "message": f.message} for f in q.flags],
             "options": [{"option": o.option, "keyed": o.keyed, "chosen": o.chosen, "share": _round(o.share),
                          "upper": _round(o.upper), "lower": _round(o.lower)} for o in q.options]}
            for q, row in zip(report.questions, question_rows(report), strict=True)]
    if "trainees" in tables:
        document["trainees"] = [
            {"trainee": t.label, "origins": list(t.origins), "answered": t.answered, "correct": t.correct,
             "points": _round(t.points), "percent": _round(t.percent), "percentile": _round(t.percentile),
             "parts": [{"part": p.part, "answered": p.answered, "correct": p.correct, "points": _round(p.points),
                        "percent": _round(p.percent), "percentile": _round(p.percentile), "below_pass": p.below_pass}
                       for p in t.parts]}
            for t in report.trainees]
    # On one line: json's C encoder does not indent, and a cohort of thousands makes a large
    # document for tools, not for reading (`python -m json.tool` indents it).
    return json.dumps(document, ensure_ascii=False) + "\n"


@dataclass(frozen=True, slots=True)
class Readable:
    """One table as people read it, in the terminal or on the app's item-analysis screen: the
    columns that matter first, figures rounded, the columns in ``right`` aligned right."""

    title: str
    header: tuple[str, ...]
    rows: list[list[str]]
    right: range
    note: str = ""


def readable(report: ItemReport, tables: Sequence[str] = TABLES) -> list[Readable]:
    """The ``tables`` asked for, in the order of :data:`TABLES`."""
    found = []
    if "tests" in tables:
        small = any(t.stats.examinees < stats.SMALL_COHORT for t in report.tests)
        found.append(Readable(
            f"Tests ({'one per bank' if report.by == 'bank' else 'all questions together'}): mean and SD "
            "in questions correct, over the trainees who answered every question",
            ("test", "questions", "trainees", "complete", "mean", "SD", "KR-20", "SEM"),
            [[t.test, str(t.stats.items), str(t.stats.examinees), str(t.stats.complete),
              *(_fixed(v) for v in (t.stats.mean, t.stats.sd, t.stats.kr20, t.stats.sem))] for t in report.tests],
            range(1, 8),
            f"Fewer than {stats.SMALL_COHORT} trainees in a test: treat its figures as indicative." if small else ""))
    if "questions" in tables:
        found.append(Readable(
            "Questions: p proportion correct · D upper−lower 27% index · r_pb corrected point-biserial",
            ("question", "bank", "n", "p", "D", "r_pb", "review"),
            [[q.question_id, q.bank_id, str(q.stats.responses), _fixed(q.stats.difficulty),
              _fixed(q.stats.discrimination_index), _fixed(q.stats.point_biserial), _review(q)]
             for q in report.questions],
            range(2, 6)))
    if "options" in tables:
        found.append(Readable(
            "Options: share of those answering, and of the upper and lower 27% groups · * key",
            ("question", "option", "key", "chosen", "share", "upper", "lower", "review"),
            [[q.question_id if n == 0 else "", o.option, "" if o.keyed is None else "*" if o.keyed else "",
              str(o.chosen), _pct(o.share), _pct(o.upper), _pct(o.lower),
              "; ".join(f.message for f in q.flags if f.option == o.option)]
             for q in report.questions for n, o in enumerate(q.options)],
            range(3, 7)))
    if "trainees" in tables:
        found.append(Readable(
            f"Trainees: score in points of the answers analysed · percentile rank in the cohort · "
            f"parts under {report.pass_mark:g}%",
            ("trainee", "answered", "correct", "score", "percentile", f"under {report.pass_mark:g}%"),
            [[t.label, str(t.answered), str(t.correct), f"{t.percent:.0f}%", f"{t.percentile:.0f}",
              ", ".join(f"{p.part} {p.percent:.0f}%" for p in t.parts if p.below_pass)] for t in report.trainees],
            range(1, 5)))
    return found


def summary(report: ItemReport) -> list[str]:
    """What was analysed and what was left out, above the tables."""
    cohort = report.cohort
    return [f"Item analysis of {plural(len(report.trainees), 'trainee')}: "
            f"{plural(report.responses, 'response')} to {plural(len(report.questions), 'question')}, "
            f"from {plural(len(cohort.inputs), 'input')}.",
            "Each trainee's first answer to each question in a finished attempt; full marks count as correct.",
            _left_out(report)]


def as_text(report: ItemReport, tables: Sequence[str] = TABLES) -> str:
    if not report.questions:
        return "No finished answers to analyse.\n" + _left_out(report) + "\n"
    out = summary(report)
    for table in readable(report, tables):
        out += ["", table.title, _table(table.header, table.rows, table.right)]
        if table.note:
            out.append(table.note)
    return "\n".join(out) + "\n"


def _review(question: QuestionRow) -> str:
    found = [f.message for f in question.flags if f.option is None]
    options = sum(1 for f in question.flags if f.option)
    if options:
        found.append(f"{plural(options, 'option flag')} (see Options)")
    return "; ".join(found)


def _left_out(report: ItemReport) -> str:
    cohort = report.cohort
    parts = []
    if cohort.unfinished:
        parts.append(f"{plural(cohort.unfinished, 'answer')} in unfinished attempts")
    if cohort.other_mode:
        parts.append(f"{plural(cohort.other_mode, 'answer')} in attempts of the other mode")
    earlier = sum(cohort.earlier_wording.values())
    if earlier:
        parts.append(f"{plural(earlier, 'answer')} to earlier wordings of {plural(len(cohort.earlier_wording), 'question')}")
    if cohort.without_answers:
        parts.append(f"trainees with no finished answer: {', '.join(cohort.without_answers)}")
    return f"Left out: {'; '.join(parts)}." if parts else "Nothing left out."


def _fixed(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _table(header: Sequence[str], rows: list[list[str]], right: range) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    return "\n".join("  ".join(cell.rjust(width) if i in right else cell.ljust(width)
                               for i, (cell, width) in enumerate(zip(line, widths, strict=True))).rstrip()
                     for line in (header, *rows))
