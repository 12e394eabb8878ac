"""What every command shares: exit codes, the usage error, and common argument types.

Command modules import what they need inside ``run`` where it is heavy (Textual), so that
``quizkit validate`` starts fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command line asks for something impossible; exit 2 with this message."""


def source_text_arg(value: str) -> tuple[str, Path]:
    """Parse ``ID=PATH`` as given to --source-text."""
    source_id, sep, path = value.partition("=")
    if not sep or not source_id or not path:
        raise argparse.ArgumentTypeError(f"expected ID=PATH (e.g. skin-metastases-guide=guide.txt), got {value!r}")
    return source_id, Path(path)
