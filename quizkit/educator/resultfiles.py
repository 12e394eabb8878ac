"""Reading the files ``quizkit export-results`` writes (CSV or JSON), as the educator collects them.

A file that is damaged (cut short, edited in a spreadsheet, of another program) is refused with
one message naming the file and line (CSV) or answer (JSON) and what to do, never a traceback:
an educator collecting thirty files needs to know which one to ask for again.

The format is documented in docs/history.md; only :data:`NEEDED_COLUMNS` are read, so a later
quizkit may add columns, and files from before a column was added (``confidence_stated``) still load. Files are read column by column because a cohort can hold a million
answers: ``csv.reader`` and ``zip`` run in C, a loop per answer in Python would not.
"""

from __future__ import annotations

import csv
import io
import json
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizkit.history.queries import EXPORT_FORMAT_VERSION
from quizkit.untrusted import CONTROL, CONTROL_IN_FILE, UnreadableFile, printable, read_limited

#: Export columns the analysis reads, in this order.
NEEDED_COLUMNS = ("profile", "attempt_uid", "attempt_status", "mode", "attempt_started_at", "question_id",
                  "bank_id", "section", "content_hash", "chosen", "pairs", "points")
_TEXT_COLUMNS = NEEDED_COLUMNS[:9]
_AGAIN = "Export it again with `quizkit export-results`."
#: One trainee's export is kilobytes; a file far above this is not one (a disk image, a log).
MAX_RESULTS_BYTES = 256 * 1024 * 1024



class ResultsError(Exception):
    """An input that cannot be analysed; the message says where (file:line) and what to do."""


@dataclass(frozen=True, slots=True)
class Columns:
    """The answers of one input as one sequence per :data:`NEEDED_COLUMNS` entry.

    Text columns hold strings; ``chosen`` tuples of option ids, ``pairs`` tuples of (premise,
    option) and ``points`` floats from 0 to 1.
    """

    values: tuple[Sequence[Any], ...]
    #: Where answer ``i`` is, for messages: ``file:line`` or ``file: answers[i]``.
    place: Callable[[int], str]

    def __len__(self) -> int:
        return len(self.values[0])


def read_results(path: Path) -> Columns:
    """The answers in ``path``, CSV or JSON (told apart by the first character), or :class:`ResultsError`."""
    try:
        data = read_limited(path, MAX_RESULTS_BYTES)
    except UnreadableFile as error:  # a FIFO or device collected by mistake must not hang `stats`
        raise ResultsError(f"{path}: cannot read the file: {error}.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ResultsError(f"{path}:{line}: not UTF-8 text, so not a file as quizkit exports it (was it saved from "
                           f"a spreadsheet?). {_AGAIN}") from None
    # Ids and names from a trainee's file reach the educator's terminal: no escape sequences.
    found = CONTROL_IN_FILE.search(text)  # a carriage return is a Windows line end, not a control
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise ResultsError(f"{path}:{line}: holds the control character {printable(found.group())}, which quizkit "
                           f"never writes: the file was altered. {_AGAIN}")
    return _json(path, text) if text.lstrip().startswith(("{", "[")) else _csv(path, text)


def _shown(value: object) -> str:
    """A value from the file, quoted in a message: escaped and cut short."""
    return printable(repr(value), 40)


def _csv(path: Path, text: str) -> Columns:
    if not text.strip():
        raise ResultsError(f"{path}:1: the file is empty. {_AGAIN}")
    rows = _csv_rows(path, text)
    header = rows[0]
    missing = [column for column in NEEDED_COLUMNS if column not in header]
    if missing:
        raise ResultsError(f"{path}:1: missing {'columns' if len(missing) > 1 else 'column'} {', '.join(missing)}: not a results "
                           f"file from `quizkit export-results`, or its header row was lost. {_AGAIN}")
    rows = [row for row in rows[1:] if row]  # a blank line carries nothing

    def place(i: int) -> str:
        return f"{path}:{_line_of(text, i)}"

    width = len(header)
    for i, row in enumerate(rows):
        if len(row) != width:
            raise ResultsError(f"{place(i)}: {len(row)} fields where the header has {width}: the row is damaged "
                               f"(cut short, or a comma added). {_AGAIN}")
    pick = operator.itemgetter(*(header.index(column) for column in NEEDED_COLUMNS))
    *texts, chosen, pairs, points = zip(*map(pick, rows), strict=True) if rows else [()] * len(NEEDED_COLUMNS)
    try:
        values = list(map(float, points))  # in C; the slow search below runs only for a message
        bad = next((i for i, value in enumerate(values) if not 0 <= value <= 1), None)
    except ValueError:
        bad = next(i for i, cell in enumerate(points) if not _is_float(cell))
    if bad is not None:
        raise ResultsError(f"{place(bad)}: points must be a number from 0 to 1, not {_shown(points[bad])}. {_AGAIN}")
    try:
        matched = [parse_pairs(cell) if cell else () for cell in pairs]
    except ValueError:
        bad = next(i for i, cell in enumerate(pairs) if cell and not _is_pairs(cell))
        raise ResultsError(f"{place(bad)}: pairs must be premise=option items joined by ';', not {_shown(pairs[bad])}. "
                           f"{_AGAIN}") from None
    return Columns((*texts, [tuple(cell.split(";")) if cell else () for cell in chosen], matched, values), place)


def parse_pairs(cell: str) -> tuple[tuple[str, str], ...]:
    """``nodule=look;red=rethink`` as pairs; ValueError if an item is not premise=option."""
    items = [item.partition("=") for item in cell.split(";")]
    if any(not premise or not sep or not option for premise, sep, option in items):
        raise ValueError(cell)
    return tuple((premise, option) for premise, _, option in items)


def _is_pairs(cell: str) -> bool:
    try:
        parse_pairs(cell)
    except ValueError:
        return False
    return True


def _is_float(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _csv_rows(path: Path, text: str) -> list[list[str]]:
    """Every row of the file, blank lines as empty rows, as ``csv.reader`` reads them.

    A file with no quote character has no quoted field, so no field holds a comma or a line
    break, and splitting lines at commas reads it exactly as ``csv.reader`` does, twice as fast;
    files quizkit exports are of that kind. A carriage return (a file passed through an editor
    on Windows) or a quote sends the file through ``csv.reader``.
    """
    if '"' not in text and "\r" not in text:
        return [line.split(",") if line else [] for line in text.split("\n")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader)
    except csv.Error as error:
        raise ResultsError(f"{path}:{reader.line_num}: not valid CSV ({error}). {_AGAIN}") from None


def _line_of(text: str, index: int) -> int:
    """The line on which data row ``index`` (blank lines skipped) ends; read again only for a message."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    seen = -1
    for row in reader:
        seen += bool(row)
        if seen == index:
            break
    return reader.line_num


def _json(path: Path, text: str) -> Columns:
    again = "Export it again with `quizkit export-results --format json`."
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ResultsError(f"{path}:{error.lineno}:{error.colno}: not valid JSON ({error.msg}). {again}") from None
    except RecursionError:
        raise ResultsError(f"{path}: values are nested too deeply to be a results file. {again}") from None
    except ValueError:  # a number beyond Python's digit limit
        raise ResultsError(f"{path}: holds a number too long to be a results file. {again}") from None
    if not isinstance(document, dict) or document.get("format") != "quizkit-results":
        raise ResultsError(f"{path}: not a quizkit results file: expected an object with \"format\": "
                           f"\"quizkit-results\", as `quizkit export-results --format json` writes.")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > EXPORT_FORMAT_VERSION:
        raise ResultsError(f"{path}: results format version {_shown(version)} is not one this quizkit reads (it reads up "
                           f"to {EXPORT_FORMAT_VERSION}). Upgrade quizkit to read it.")
    answers = document.get("answers")
    if not isinstance(answers, list):
        raise ResultsError(f"{path}: \"answers\" must be a list of answers. {again}")

    def place(i: int) -> str:
        return f"{path}: answers[{i}]"

    rows = []
    for i, answer in enumerate(answers):
        if not isinstance(answer, dict):
            raise ResultsError(f"{place(i)} must be an object with the export's columns. {again}")
        missing = [column for column in NEEDED_COLUMNS if column not in answer]
        if missing:
            raise ResultsError(f"{place(i)} lacks {', '.join(missing)}. {again}")
        texts = [answer[column] for column in _TEXT_COLUMNS]
        for column, value in zip(_TEXT_COLUMNS, texts, strict=True):
            if not isinstance(value, str):
                raise ResultsError(f"{place(i)}.{column} must be text, not {_shown(value)}. {again}")
        chosen, pairs, points = answer["chosen"], answer["pairs"], answer["points"]
        if not (isinstance(chosen, list) and all(isinstance(c, str) for c in chosen)):
            raise ResultsError(f"{place(i)}.chosen must be a list of option ids, not {_shown(chosen)}. {again}")
        if not (isinstance(pairs, list) and all(isinstance(p, list) and len(p) == 2
                                                and all(isinstance(side, str) for side in p) for p in pairs)):
            raise ResultsError(f"{place(i)}.pairs must be a list of [premise, option] pairs, not {_shown(pairs)}. {again}")
        if isinstance(points, bool) or not isinstance(points, (int, float)) or not 0 <= points <= 1:
            raise ResultsError(f"{place(i)}.points must be a number from 0 to 1, not {_shown(points)}. {again}")
        if any(CONTROL.search(text) for text in (*texts, *chosen, *(side for pair in pairs for side in pair))):
            raise ResultsError(f"{place(i)} holds a control character, which quizkit never writes: the file was "
                               f"altered. {again}")
        rows.append((*texts, tuple(chosen), tuple(map(tuple, pairs)), float(points)))
    return Columns(tuple(zip(*rows, strict=True)) if rows else ((),) * len(NEEDED_COLUMNS), place)
