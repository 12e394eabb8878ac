"""What happens when quizkit itself fails: a report on disk, one line on the terminal.

A trainee who meets a bug should see one sentence that says what to do, not a page of
traceback; the maintainer who gets the report needs the whole traceback. So the traceback goes
to a file in the user's state folder, the terminal gets its path, and the exit status is
non-zero so that scripts and CI notice (docs/security.md, "Exit status tells the truth").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import platform
import sys
import traceback
from pathlib import Path

import platformdirs

from quizkit import __version__

#: The exit status of an unexpected failure (BSD sysexits' EX_SOFTWARE).
EXIT_CRASH = 70
CRASH_DIR_VARIABLE = "QUIZKIT_CRASH_DIR"


def crash_dir() -> Path:
    """``QUIZKIT_CRASH_DIR``, else ``crashes`` in the platform's user state folder."""
    explicit = os.environ.get(CRASH_DIR_VARIABLE, "").strip()
    return Path(explicit) if explicit else Path(platformdirs.user_state_dir("quizkit")) / "crashes"


def report(error: BaseException, argv: list[str]) -> str:
    """Write a crash report for ``error`` and return the one line to show the user."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    text = "".join([
        f"quizkit {__version__} on Python {platform.python_version()} ({platform.platform()})\n",
        f"command: quizkit {' '.join(argv)}\n\n",
        *traceback.format_exception(error),
    ])
    try:
        folder = crash_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / f"crash-{stamp}.txt"
        path.write_text(text, encoding="utf-8")
    except OSError:
        return f"quizkit: unexpected error ({type(error).__name__}); no report could be written either"
    return (f"quizkit: unexpected error ({type(error).__name__}). Nothing you saved is lost. "
            f"A report is in {path}; please send it to whoever looks after quizkit for you.")


def exit_on_crash(error: BaseException) -> int:
    """Report ``error`` and return :data:`EXIT_CRASH`; for the last-resort handler in ``main``."""
    line = report(error, sys.argv[1:])
    with contextlib.suppress(OSError, ValueError):  # stderr is gone too; the report is on disk
        print(line, file=sys.stderr)
    return EXIT_CRASH
