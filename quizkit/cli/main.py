"""The ``quizkit`` command: parse arguments, build what the command needs, run it, exit.

Exit codes are a contract with scripts and CI: 0 clean, 1 the input has errors, 2 the command
was used wrongly. Bad input is reported as diagnostics, never as a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import io
import os
import sys
from collections.abc import Collection, Sequence

from quizkit import __version__
from quizkit.bank.diagnostics import BankError
from quizkit.cli import take
from quizkit.cli.common import EXIT_INVALID, EXIT_USAGE, UsageError
from quizkit.history.paths import DataDirError

#: Every command, in the order ``quizkit --help`` lists them: its module in quizkit.cli and the
#: line the list shows. A command's module is imported only when that command runs (importing
#: them all took 190 ms before anything happened); tests check these lines against the modules.
COMMANDS: dict[str, tuple[str, str]] = {
    "take": ("take", "take a quiz on the given banks"),
    "validate": ("validate", "check banks against the format, the sources and each other"),
    "lint": ("lint", "check banks for item-writing flaws"),
    "coverage": ("coverage", "questions per source section, by type and cognitive level"),
    "new": ("new", "start a new bank, or add a question template to a bank"),
    "history": ("history", "show past attempts and the trend per part"),
    "export-results": ("export_results", "export a profile's answers as CSV or JSON"),
    "stats": ("stats", "item analysis: difficulty, discrimination, distractors, reliability"),
    "sync": ("sync", "send the queued xAPI statements to the LRS now"),
    "serve": ("serve", "run the app in web browsers (textual-serve), for a class"),
    "config": ("config", "show the configuration file and every setting's value and origin"),
    "sources": ("sources", "add, list or remove the source texts the app shows"),
    "fingerprint": ("fingerprint", "print the section fingerprints of a source text"),
    "export": ("export", "write banks as GIFT, QTI, Anki, CSV, Markdown or HTML"),
    "import": ("import_", "make a bank from a GIFT file or a QTI 2.1 package"),
    "docs": ("docs", "print quizkit's documentation (lint rules, history, statistics, ...)"),
}


def build_parser(registered: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser. Commands in ``registered`` (default: every one) are set up by
    their modules, with all their arguments; the others by name and help line only, enough for
    ``quizkit --help`` and for telling which command was asked for."""
    parser = argparse.ArgumentParser(prog="quizkit", description="Quizzes and question banks for clinician education. "
                                     "With no command, opens the quiz app on the bundled banks and the configured bank folders.")
    parser.add_argument("--version", action="version", version=f"quizkit {__version__}")
    take.add_app_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, summary) in COMMANDS.items():
        if registered is None or name in registered:
            importlib.import_module(f"quizkit.cli.{module}").register(commands)
        else:
            commands.add_parser(name, help=summary, add_help=False)
    return parser


#: Write errors that mean the output has nowhere to go, rather than a bug.
_OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EBADF, errno.EPIPE})


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # A terminal or pipe whose encoding lacks "✓" or "—" gets an escape, not a crash.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    argv = sys.argv[1:] if argv is None else list(argv)
    # First which command, with every command a name only; then the real parse, with only that
    # command's module imported. Options and errors before the command are the same in both.
    chosen, _ = build_parser(registered=()).parse_known_args(argv)
    args = build_parser(registered={chosen.command} - {None}).parse_args(argv)
    try:
        if args.command is None:
            return take.open_app(args, spec=None)
        status: int = args.run(args)
        return status
    except UsageError as error:
        print(f"quizkit {args.command or ''}: {error}".replace(" :", ":"), file=sys.stderr)
        return EXIT_USAGE
    except BankError as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    except DataDirError as error:
        print(f"quizkit {args.command or ''}: {error}".replace(" :", ":"), file=sys.stderr)
        return EXIT_USAGE
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
