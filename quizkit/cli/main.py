"""The ``quizkit`` command: parse arguments, build what the command needs, run it, exit.

Exit codes are a contract with scripts and CI: 0 clean, 1 the input has errors, 2 the command
was used wrongly. Bad input is reported as diagnostics, never as a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import os
import sys
from collections.abc import Sequence

from quizkit import __version__
from quizkit.bank.diagnostics import BankError
from quizkit.cli import (
    config,
    coverage,
    docs,
    export,
    export_results,
    fingerprint,
    history,
    import_,
    lint,
    new,
    sources,
    stats,
    take,
    validate,
)
from quizkit.cli.common import EXIT_INVALID, EXIT_USAGE, UsageError

COMMANDS = (take, validate, lint, coverage, new, history, export_results, stats, fingerprint, export, import_, docs, config, sources)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quizkit", description="Quizzes and question banks for clinician education. "
                                     "With no command, opens the quiz app on the bundled banks.")
    parser.add_argument("--version", action="version", version=f"quizkit {__version__}")
    take.add_app_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    return parser


#: Write errors that mean the output has nowhere to go, rather than a bug.
_OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EBADF, errno.EPIPE})


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # A terminal or pipe whose encoding lacks "✓" or "—" gets an escape, not a crash.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return take.open_app(args, spec=None)
        return args.run(args)
    except UsageError as error:
        print(f"quizkit {args.command or ''}: {error}".replace(" :", ":"), file=sys.stderr)
        return EXIT_USAGE
    except BankError as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`quizkit history | head`): stop quietly, as Unix tools do. Point
        # stdout at devnull so that the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INVALID
    except OSError as error:
        # Output that cannot be written (/dev/full, a vanished terminal) is the environment's
        # failure, not quizkit's: say so in one line, if stderr still works.
        if error.errno not in _OUTPUT_ERRORS:
            from quizkit.crash import exit_on_crash

            return exit_on_crash(error)
        return _environment_failed(error)
    except Exception as error:  # the last resort: never a traceback, never exit 0
        from quizkit.crash import exit_on_crash

        return exit_on_crash(error)


def _environment_failed(error: OSError) -> int:
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    with contextlib.suppress(OSError, ValueError):
        print(f"quizkit: cannot write the output: {error.strerror or error}", file=sys.stderr)
    return EXIT_INVALID


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
