"""``quizkit lint``: check banks for item-writing flaws (cues, ambiguity, thin feedback)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizkit.bank import reporters as report
from quizkit.bank.diagnostics import Severity
from quizkit.bank.pipeline import validate
from quizkit.cli.common import EXIT_INVALID, EXIT_OK, UsageError, add_size_limit
from quizkit.lint import lint_banks


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("lint", help="check banks for item-writing flaws",
                                 description="Check the questions of valid banks for item-writing flaws: cues to the "
                                             "key, ambiguous wording, thin feedback. Silence a rule for one question "
                                             "with a `lint:` waiver in the bank (see `quizkit docs lint`). With no paths, "
                                             "the app's banks (the bundled ones and the configured folders).")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="bank files or folders (default: the app's banks: the bundled ones and the configured folders)")
    parser.add_argument("--sources", type=Path, metavar="FILE", help="sources file citations resolve against (default: the bundled banks/sources.yaml)")
    parser.add_argument("--format", choices=sorted(report.REPORTERS), default="text", help="output format (default: text)")
    add_size_limit(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from quizkit.cli.config import bank_paths, config_from_args

    if args.sources and not args.sources.is_file():
        raise UsageError(f"no such file: {args.sources}")
    try:
        validated = validate(bank_paths(args.paths, config_from_args(args)), sources_path=args.sources, max_bytes=args.max_size)
    except FileNotFoundError as missing:
        raise UsageError(f"no such file or folder: {missing}") from None
    reporter = report.REPORTERS[args.format]
    # Lint reads keys and options; on a bank that does not validate its findings would mislead.
    if validated.errors:
        print(reporter(validated.diagnostics, len(validated.files)))
        print("quizkit lint: the banks do not validate; fix the errors above, then lint again.", file=sys.stderr)
        return EXIT_INVALID
    found = lint_banks(validated.banks)
    print(reporter(found, len(validated.files)))
    return EXIT_INVALID if any(d.severity is Severity.ERROR for d in found) else EXIT_OK
