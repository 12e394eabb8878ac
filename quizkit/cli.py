"""The ``quizkit`` command: parse arguments, build what the command needs, run it, exit.

Exit codes are a contract with scripts and CI: 0 clean, 1 the input has errors, 2 the command
was used wrongly. Bad input is reported as diagnostics, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from quizkit import report
from quizkit.diagnostics import BankError
from quizkit.validate import validate

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command line asks for something impossible; exit 2 with this message."""


def _source_text(value: str) -> tuple[str, Path]:
    source_id, sep, path = value.partition("=")
    if not sep or not source_id or not path:
        raise argparse.ArgumentTypeError(f"expected ID=PATH (e.g. skin-metastases-guide=guide.txt), got {value!r}")
    return source_id, Path(path)


def _add_validate(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("validate", help="check banks against the format, the sources and each other",
                                 description="Check question banks: YAML, schema, meaning and citations. "
                                             "With no paths, the bundled banks.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="bank files or folders (default: the bundled banks)")
    parser.add_argument("--sources", type=Path, metavar="FILE", help="sources file citations resolve against (default: the bundled banks/sources.yaml)")
    parser.add_argument("--source-text", type=_source_text, action="append", default=[], metavar="ID=PATH",
                        help="a source's text: check every quote against its cited section and every section's fingerprint")
    parser.add_argument("--format", choices=sorted(report.REPORTERS), default="text", help="output format (default: text)")
    parser.set_defaults(run=_run_validate)


def _run_validate(args: argparse.Namespace) -> int:
    texts = dict(args.source_text)
    for path in [*texts.values(), *([args.sources] if args.sources else [])]:
        if not path.is_file():
            raise UsageError(f"no such file: {path}")
    try:
        result = validate(args.paths, sources_path=args.sources, source_texts=texts)
    except FileNotFoundError as missing:
        raise UsageError(f"no such file or folder: {missing}") from None
    print(report.REPORTERS[args.format](result.diagnostics, len(result.files)))
    return EXIT_INVALID if result.errors else EXIT_OK


def _add_fingerprint(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("fingerprint", help="print the section fingerprints of a source text",
                                 description="Split a source's text into its sections and print each fingerprint, "
                                             "to record in the sources file after a source is revised.")
    parser.add_argument("source_text", type=_source_text, metavar="ID=PATH")
    parser.add_argument("--sources", type=Path, metavar="FILE", help="sources file (default: the bundled one)")
    parser.set_defaults(run=_run_fingerprint)


def _run_fingerprint(args: argparse.Namespace) -> int:
    from quizkit.loader import read_sources
    from quizkit.resources import bundled_sources
    from quizkit.sourcetext import fingerprint, split_sections

    source_id, path = args.source_text
    sources = read_sources(args.sources or bundled_sources())
    source = sources.sources.get(source_id)
    if source is None:
        raise UsageError(f"'{source_id}' is not a source in {sources.path} (known: {', '.join(sources.sources)})")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {path}: {error}") from None
    for section in split_sections(text, source.heading_pattern):
        print(f"{section.number}\t{fingerprint(section.text)}\t{section.title}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quizkit", description="Quizzes and question banks for clinician education.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_validate(commands)
    _add_fingerprint(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        return args.run(args)
    except UsageError as error:
        print(f"quizkit {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BankError as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
