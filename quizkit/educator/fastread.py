"""Reading many clean CSV results files at once with polars (``pip install quizkit[fast]``).

This reader only *decides*: it vouches for a file when every rule :mod:`resultfiles` and the
cohort's row checks enforce is certainly met, and then reads its columns with polars, in
parallel and without a Python object per answer. A file it cannot vouch for (quoted fields,
Windows line ends, blank lines, a value it does not recognise, a fault) makes :func:`read_clean`
return None, and the caller reads every input with the careful reader, so that every message
an educator sees still comes from :mod:`resultfiles` and :mod:`cohort`, as with validate's
jsonschema-rs fast path. tests/test_stats_fastread.py runs every damaged file in the tests
through both and compares the messages.

What is vouched for is a strict subset of what the careful reader accepts, read to the same
values: files as ``quizkit export-results`` writes them.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import polars as pl

from quizkit.educator.resultfiles import MAX_RESULTS_BYTES, NEEDED_COLUMNS, parse_pairs
from quizkit.untrusted import CONTROL_IN_FILE, UnreadableFile, read_limited

#: Every byte a clean ASCII file may hold: printable ASCII and the line feed (no carriage
#: return, tab or other control character: :data:`CONTROL_IN_FILE` refuses most, the rest send
#: the file to the careful reader).
_ALLOWED = bytes(range(0x20, 0x7F)) + b"\n"
#: Points as the export writes them (``1.0``, ``0.5``, ``0.6666666666666666``): from 0 to 1 by
#: their spelling, so that polars' and Python's parsing of the same digits are the same number.
_POINTS = r"^(?:0(?:\.[0-9]+)?|1(?:\.0+)?)$"
_STATUSES = ("open", "finished", "abandoned")
#: Columns that must never be empty in a clean file (the cohort's row checks).
_GIVEN = ("profile", "attempt_uid", "mode", "question_id", "bank_id")


def read_clean(paths: Sequence[Path]) -> pl.DataFrame | None:
    """The answers of ``paths`` as one frame, or None if any file is not certainly clean.

    Columns: :data:`NEEDED_COLUMNS` (``chosen`` and ``pairs`` as the export's text, ``points``
    as floats), ``origin`` (the file's index in ``paths``) and ``row`` (the answer's place
    across all files, in file order then line order).
    """
    by_header: dict[bytes, list[tuple[int, bytes, int]]] = {}
    for origin, path in enumerate(paths):
        clean = _vouch(path)
        if clean is None:
            return None
        header, body, rows = clean
        by_header.setdefault(header, []).append((origin, body, rows))
    frames = []
    for header, group in by_header.items():
        names = header.decode("ascii").split(",")
        frame = pl.read_csv(io.BytesIO(b"".join(body for _, body, _ in group)), has_header=False, new_columns=names,
                            columns=[names.index(column) for column in NEEDED_COLUMNS], infer_schema=False,
                            quote_char=None, empty_string_is_null=False)
        counts = np.array([rows for _, _, rows in group])
        origins = np.repeat(np.array([origin for origin, _, _ in group]), counts)
        frames.append(frame.select(NEEDED_COLUMNS).with_columns(pl.Series("origin", origins, dtype=pl.Int64)))
    if not frames:
        return None
    # Files of one header were read together; a stable sort puts the answers back in file order.
    answers = pl.concat(frames).sort("origin", maintain_order=True).with_row_index("row")
    return answers.with_columns(pl.col("points").cast(pl.Float64)) if _values_clean(answers) else None


def _vouch(path: Path) -> tuple[bytes, bytes, int] | None:
    """The header, the data lines and their number, if ``path`` is certainly a clean CSV export."""
    try:
        data = read_limited(path, MAX_RESULTS_BYTES)
    except UnreadableFile:
        return None
    header, _, body = data.partition(b"\n")
    if not body or b'"' in data or b"\r" in data or b"\n\n" in body or not header[:1].isalpha():
        return None
    if data.isascii():
        if data.translate(None, _ALLOWED):
            return None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if CONTROL_IN_FILE.search(text):
            return None
    names = header.split(b",")
    if not header.isascii() or any(column.encode() not in names for column in NEEDED_COLUMNS):
        return None
    lines = body.split(b"\n")
    if not lines[-1]:
        lines.pop()
    else:
        body += b"\n"
    if set(map(bytes.count, lines, itertools.repeat(b","))) != {len(names) - 1}:
        return None
    return header, body, len(lines)


def _values_clean(answers: pl.DataFrame) -> bool:
    """Whether every value passes the checks the careful reader and the cohort make, by distinct value."""
    given = answers.select(*(pl.col(column).fill_null("").str.len_bytes().min() > 0 for column in _GIVEN)).row(0)
    if not all(given):
        return False
    points = answers["points"].fill_null("")
    if not points.str.contains(_POINTS).all():
        return False
    if not answers["attempt_status"].is_in(_STATUSES).all():
        return False
    for started in answers["attempt_started_at"].fill_null("").unique().to_list():
        try:
            dt.datetime.fromisoformat(started)
        except ValueError:
            return False
    for cell in answers["pairs"].drop_nulls().unique().to_list():
        if cell:
            try:
                parse_pairs(cell)
            except ValueError:
                return False
    return True

