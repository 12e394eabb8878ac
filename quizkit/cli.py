"""The ``quizkit`` command: parse arguments, build what the command needs, run it, exit.

Exit codes are a contract with scripts and CI: 0 clean, 1 the input has errors, 2 the command
was used wrongly. Bad input is reported as diagnostics, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from quizkit.commands import EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, fingerprint, validate
from quizkit.diagnostics import BankError

COMMANDS = (validate, fingerprint)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quizkit", description="Quizzes and question banks for clinician education.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
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
