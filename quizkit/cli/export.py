"""``quizkit export``: banks out to Moodle (GIFT), QTI platforms, Anki, spreadsheets and print."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizkit.bank.pipeline import load_banks
from quizkit.cli.common import EXIT_OK, UsageError
from quizkit.safewrite import WriteRefused, write_file

FORMATS = ("gift", "qti", "anki", "csv", "markdown", "html")
BINARY = {"qti": ".zip", "anki": ".apkg"}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("export", help="write banks as GIFT, QTI, Anki, CSV, Markdown or HTML",
                                 description="Export banks for other tools: gift (Moodle), qti (IMS QTI 2.1 package "
                                             "for Moodle, Canvas and others), anki (.apkg), csv, and a printable "
                                             "paper as markdown or html. What each carries: docs/interop.md.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="BANK", help="bank files or folders (default: the app's banks: the bundled ones and the configured folders)")
    parser.add_argument("--to", required=True, choices=FORMATS, dest="format", help="the format to write")
    parser.add_argument("-o", "--output", type=Path, metavar="PATH",
                        help="write to PATH (default: standard output; required for qti and anki); an "
                             "existing file is kept unless --force, a bank being exported always")
    parser.add_argument("--force", action="store_true", help="replace PATH if it exists")
    parser.add_argument("--seed", type=int, help="markdown/html: shuffle questions and options reproducibly")
    parser.add_argument("--sources", type=Path, metavar="FILE", help="sources file (default: the bundled one)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from quizkit.cli.config import bank_paths, config_from_args

    if args.format in BINARY and args.output is None:
        raise UsageError(f"--to {args.format} writes a binary file: give -o PATH (e.g. -o banks{BINARY[args.format]})")
    if args.seed is not None and args.format not in ("markdown", "html"):
        raise UsageError("--seed applies to --to markdown and --to html only")
    try:
        banks, sources = load_banks(bank_paths(args.paths, config_from_args(args)), sources_path=args.sources)
    except FileNotFoundError as missing:
        raise UsageError(f"no such file or folder: {missing}") from None
    skipped: list[str] = []
    data: bytes | str
    if args.format == "gift":
        from quizkit.interop.gift import export_gift
        data, skipped = export_gift(banks, sources)
    elif args.format == "qti":
        from quizkit.interop.qti import export_qti
        data = export_qti(banks, sources)
    elif args.format == "anki":
        from quizkit.interop.anki import export_anki
        data = export_anki(banks, sources)
    elif args.format == "csv":
        from quizkit.interop.table import export_csv
        data = export_csv(banks)
    elif args.format == "markdown":
        from quizkit.interop.paper import export_markdown
        data = export_markdown(banks, sources, args.seed)
    else:
        from quizkit.interop.paper import export_html
        data = export_html(banks, sources, args.seed)
    for line in skipped:
        print(f"quizkit export: left out {line}", file=sys.stderr)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if args.output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    else:
        # Written whole or not at all, and never onto a bank or sources file this run reads.
        protected = [Path(b.path) for b in banks] + ([args.sources] if args.sources else [])
        try:
            write_file(args.output, payload, force=args.force, protected=protected)
        except WriteRefused as refused:
            raise UsageError(str(refused)) from None
    count = sum(len(b.questions) for b in banks) - len(skipped)
    if args.output is not None:
        print(f"{count} questions from {len(banks)} banks written to {args.output}", file=sys.stderr)
    return EXIT_OK if not skipped else 1
