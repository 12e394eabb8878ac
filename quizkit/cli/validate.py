"""``quizkit validate``: check banks against the format, the sources and each other."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizkit.bank import reporters as report
from quizkit.bank.pipeline import validate
from quizkit.cli.common import EXIT_INVALID, EXIT_OK, UsageError, add_size_limit, source_text_arg
from quizkit.untrusted import printable


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("validate", help="check banks against the format, the sources and each other",
                                 description="Check question banks: YAML, schema, meaning and citations. "
                                             "With no paths, the app's banks (the bundled ones and the configured folders).")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="bank files or folders (default: the app's banks: the bundled ones and the configured folders)")
    parser.add_argument("--sources", type=Path, metavar="FILE", help="sources file citations resolve against (default: the bundled banks/sources.yaml)")
    parser.add_argument("--source-text", type=source_text_arg, action="append", default=[], metavar="ID=PATH",
                        help="a source's text: check every quote against its cited section and every section's fingerprint")
    parser.add_argument("--format", choices=sorted(report.REPORTERS), default="text", help="output format (default: text)")
    add_size_limit(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from quizkit.cli.config import bank_paths, checked_source_texts, config_from_args

    # With no paths, what the app would load: the bundled banks and the configured folders,
    # checked against the configured source texts as well as those given here.
    config = config_from_args(args)
    texts = checked_source_texts(config)
    if args.sources and not args.sources.is_file():
        raise UsageError(f"no such file: {args.sources}")
    try:
        result = validate(bank_paths(args.paths, config), sources_path=args.sources, source_texts=texts,
                          max_bytes=args.max_size, keep_banks=False)
    except FileNotFoundError as missing:
        raise UsageError(f"no such file or folder: {missing}") from None
    if not result.files:
        # Nothing checked is not "no problems": a folder of the wrong files, or a typo in a glob.
        print(f"quizkit validate: no bank files (*.yaml) in {', '.join(printable(str(p)) for p in args.paths or ['the configured bank folders'])}; "
              "nothing was checked.", file=sys.stderr)
        return EXIT_INVALID
    print(report.REPORTERS[args.format](result.diagnostics, len(result.files)))
    return EXIT_INVALID if result.errors else EXIT_OK
