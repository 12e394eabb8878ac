"""``quizkit export-results``: a profile's answers as CSV or JSON, for an educator to collect.

The format is a contract with the educator's tools (``quizkit stats`` reads these files): it
is defined by :data:`quizkit.history.queries.EXPORT_COLUMNS` and documented in docs/history.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from quizkit.bank.model import Bank
from quizkit.cli.common import UsageError
from quizkit.cli.history import with_history
from quizkit.history import paths
from quizkit.history.queries import (
    EXPORT_COLUMNS,
    EXPORT_FORMAT_VERSION,
    current_hashes,
    export_rows,
)
from quizkit.history.store import Store, timestamp, utc_now
from quizkit.safewrite import WriteRefused, write_file
from quizkit.untrusted import neutralised_cell


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("export-results", help="export a profile's answers as CSV or JSON",
                                 description="Write one row per answer (the final answer to each question of each "
                                             "attempt) with its attempt's details, for an educator to collect.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="banks to compare answers with, to mark questions edited since (default: the app's banks: the bundled ones and the configured folders)")
    paths.add_arguments(parser)
    parser.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default: csv)")
    parser.add_argument("--output", "-o", type=Path, metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists (never the history itself)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    def export(profile: str, store: Store | None, banks: list[Bank]) -> None:
        rows = export_rows(store, profile, current_hashes(banks)) if store else []
        text = _csv(rows) if args.format == "csv" else _json(profile, rows)
        if args.output is None:
            sys.stdout.write(text)
            return
        # The history database and the banks read are never written over, whatever --force says:
        # `-o history.sqlite3` once replaced a trainee's whole history with CSV text.
        read = [*([store.path] if store is not None else []), *args.paths]
        try:
            write_file(args.output, text.encode("utf-8"), force=args.force, protected=read)
        except WriteRefused as refused:
            raise UsageError(str(refused)) from None
    return with_history(args, export)


def _csv(rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow(_csv_cell(row[column]) for column in EXPORT_COLUMNS)
    return out.getvalue()


def _csv_cell(value: object) -> object:
    """Lists as ids joined by ';' (pairs as premise=option); booleans as true/false; None as empty;
    text that a spreadsheet would run as a formula, neutralised (quizkit/untrusted.py)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return neutralised_cell(";".join("=".join(item) if isinstance(item, list) else str(item) for item in value))
    if isinstance(value, str):
        return neutralised_cell(value)
    return "" if value is None else value


def _json(profile: str, rows: list[dict[str, object]]) -> str:
    return json.dumps({"format": "quizkit-results", "version": EXPORT_FORMAT_VERSION, "profile": profile,
                       "exported_at": timestamp(utc_now()), "answers": rows}, indent=2, ensure_ascii=False) + "\n"
