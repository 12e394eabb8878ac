"""``quizkit import``: a bank from a GIFT file or a QTI 2.1 package, gaps marked TEMPLATE."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizkit.bank.scaffold import schema_reference
from quizkit.cli.common import EXIT_INVALID, EXIT_OK, UsageError
from quizkit.safewrite import WriteRefused, write_file
from quizkit.untrusted import UnreadableFile, read_limited

#: The largest source read: far beyond any real question file or package, far below memory.
MAX_SOURCE = 100 * 1024 * 1024


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("import", help="make a bank from a GIFT file or a QTI 2.1 package",
                                 description="Read questions from Moodle GIFT or an IMS QTI 2.1 content package and "
                                             "write a bank. What the source does not say (the cited section, say) is "
                                             "marked TEMPLATE for quizkit validate to point at; every question that "
                                             "cannot be represented is reported with its line or item id. A GIFT file "
                                             "that breaks the format is reported and nothing is written.")
    parser.add_argument("format", choices=("gift", "qti"), help="the format of SOURCE")
    parser.add_argument("source", type=Path, metavar="SOURCE", help="the GIFT file or the QTI package (zip)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="BANK.yaml",
                        help="the bank to write (an existing file is kept unless --force)")
    parser.add_argument("--force", action="store_true", help="replace BANK.yaml if it exists")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from quizkit.interop.draft import bank_yaml

    try:
        raw = read_limited(args.source, MAX_SOURCE)
    except UnreadableFile as error:
        raise UsageError(f"cannot read {args.source}: {error}") from None
    if args.format == "gift":
        from quizkit.interop.giftread import read_gift
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            print(f"{args.source}: not UTF-8 text (byte {error.start}); save the GIFT file as UTF-8", file=sys.stderr)
            return EXIT_INVALID
        draft = read_gift(text)
    else:
        from quizkit.interop.qtiread import QtiError, read_qti
        try:
            draft = read_qti(raw)
        except QtiError as error:
            print(f"{args.source}: {error}", file=sys.stderr)
            return EXIT_INVALID
    for problem in draft.problems:
        print(f"{args.source}:{problem.where}: {problem.message}", file=sys.stderr)
    broken = sum(p.broken for p in draft.problems)
    if broken:
        # A half-read file would leave a bank the educator must delete before importing again.
        print(f"{args.source}: {broken} {'place breaks' if broken == 1 else 'places break'} the GIFT format "
              "(above); fix the file and import it again. No bank written", file=sys.stderr)
        return EXIT_INVALID
    if not draft.questions:
        print(f"{args.source}: no question could be imported; no bank written", file=sys.stderr)
        return EXIT_INVALID
    text = bank_yaml(draft, schema=schema_reference(args.output), origin=args.source.name)
    try:
        write_file(args.output, text.encode("utf-8"), force=args.force, protected=[args.source])
    except WriteRefused as refused:
        raise UsageError(str(refused)) from None
    lost = sum(p.lost for p in draft.problems)
    print(f"{len(draft.questions)} questions written to {args.output}" + (f"; {lost} not imported (above)" if lost else "")
          + f". Fill in what is marked TEMPLATE, then run quizkit validate {args.output}", file=sys.stderr)
    return EXIT_INVALID if lost else EXIT_OK
