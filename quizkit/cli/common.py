"""What every command shares: exit codes, the usage error, and common argument types.

Command modules import what they need inside ``run`` where it is heavy (Textual), so that
``quizkit validate`` starts fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizkit.bank.model import Source, Sources

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command line asks for something impossible; exit 2 with this message."""


def source_text_arg(value: str) -> tuple[str, Path]:
    """Parse ``ID=PATH`` as given to --source-text."""
    source_id, sep, path = value.partition("=")
    if not sep or not source_id or not path:
        raise argparse.ArgumentTypeError(f"expected ID=PATH (e.g. skin-metastases-guide=guide.txt), got {value!r}")
    return source_id, Path(path)


_SIZE_UNITS = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}


def size_arg(value: str) -> int:
    """Parse a size in bytes, or with a K, M or G suffix (powers of 1024), as given to --max-size."""
    number, unit = value.strip().upper().removesuffix("B").removesuffix("I"), ""
    if number[-1:] in _SIZE_UNITS:
        number, unit = number[:-1], number[-1]
    try:
        size = int(float(number) * _SIZE_UNITS[unit])
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a size such as 200M or 1G, got {value!r}") from None
    if size <= 0:
        raise argparse.ArgumentTypeError(f"the size must be positive, got {value!r}")
    return size


def add_size_limit(parser: argparse.ArgumentParser) -> None:
    """The --max-size option of the commands that read banks afresh."""
    from quizkit.bank.yamlstrict import MAX_BYTES

    parser.add_argument("--max-size", type=size_arg, default=None, metavar="SIZE",
                        help=f"refuse bank files larger than this, e.g. 300M (default: {MAX_BYTES // 1024 ** 2}M)")


def source_with_text(sources: Sources, source_id: str, path: Path) -> tuple[Source, str]:
    """The source ``source_id`` names and its text read from ``path``, for the commands that
    take ``ID=PATH``; an unknown id or an unreadable file is a :class:`UsageError`."""
    from quizkit.bank.diagnostics import BankError
    from quizkit.bank.sourcetext import read_source_text

    source = sources.sources.get(source_id)
    if source is None:
        raise UsageError(f"'{source_id}' is not a source in {sources.path} (known: {', '.join(sources.sources)})")
    try:
        return source, read_source_text(path)
    except BankError as error:
        raise UsageError("; ".join(f"{d.position.path}: {d.message}" for d in error.diagnostics)) from None
