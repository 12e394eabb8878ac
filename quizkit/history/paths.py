"""Where a trainee's history lives: the data folder, and one database per profile.

Several trainees may share one machine (a ward computer, a teaching-room PC). Each profile gets
its own folder and its own SQLite file rather than a ``profile`` column in a shared file: one
trainee's damaged file cannot take another's history with it, a profile is deleted or handed
over by moving one folder, and every query stays free of a profile filter that could be
forgotten.

The folder is chosen, most specific first, by ``--data-dir``, then ``QUIZKIT_DATA_DIR``, then
the platform's user data folder (platformdirs); the profile by ``--profile``, then
``QUIZKIT_PROFILE``, then ``default``.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from quizkit.untrusted import printable

DATA_DIR_VARIABLE = "QUIZKIT_DATA_DIR"
PROFILE_VARIABLE = "QUIZKIT_PROFILE"
DEFAULT_PROFILE = "default"
DATABASE_NAME = "history.sqlite3"

# A profile name becomes a folder name, so it is kept to characters every file system accepts,
# and lower-cased because macOS and Windows would otherwise merge "Ana" and "ana" into one folder.
_PROFILE = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


class ProfileError(ValueError):
    """A profile name that cannot name a folder."""


class DataDirError(ValueError):
    """A data folder that names a file: said before anything starts, not as a crash mid-quiz
    when the first answer cannot be saved."""


def data_dir(explicit: Path | None = None, environ: Mapping[str, str] = os.environ) -> Path:
    """The folder holding every profile's history; :class:`DataDirError` if it names a file."""
    from_environment = environ.get(DATA_DIR_VARIABLE, "").strip()
    if explicit is not None:
        folder, where = explicit, "--data-dir"
    elif from_environment:
        folder, where = Path(from_environment).expanduser(), f"${DATA_DIR_VARIABLE}"
    else:
        return Path(platformdirs.user_data_dir("quizkit", appauthor=False))
    if folder.exists() and not folder.is_dir():
        raise DataDirError(f"{where} {printable(str(folder), limit=4096)} is a file, not a folder. "
                           "Give a folder for the histories (it is created when missing).")
    return folder


def profile_name(explicit: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """The profile to use, normalised to lower case; :class:`ProfileError` if it is not a valid name."""
    name = explicit if explicit is not None else (environ.get(PROFILE_VARIABLE, "").strip() or DEFAULT_PROFILE)
    normalised = name.strip().lower()
    if not _PROFILE.fullmatch(normalised):
        raise ProfileError(f"'{name}' cannot name a profile: use up to 40 letters, digits, '-' or '_', "
                           "starting with a letter or digit (e.g. --profile ana-silva)")
    return normalised


def database_path(folder: Path, profile: str) -> Path:
    """The history database of ``profile`` under ``folder``."""
    return folder / "profiles" / profile / DATABASE_NAME


def profiles(folder: Path) -> list[str]:
    """The profiles that have a history under ``folder``, sorted, for a profile picker."""
    root = folder / "profiles"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / DATABASE_NAME).is_file() and _PROFILE.fullmatch(p.name))


def histories_beside(database: Path) -> list[tuple[str, Path]]:
    """Every profile's history in the data folder holding ``database``, as (profile, path); just
    that one when it is not inside a data folder's ``profiles/``."""
    profile_dir = database.parent
    if profile_dir.parent.name == "profiles":
        folder = profile_dir.parent.parent
        return [(name, database_path(folder, name)) for name in profiles(folder)]
    return [(profile_dir.name or "this history", database)]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--data-dir`` and ``--profile``, shared by every command that reads or writes history.

    Their default is SUPPRESS so that ``quizkit --profile ana take`` works: a subcommand's own
    default would otherwise overwrite the value given before it.
    """
    parser.add_argument("--data-dir", type=Path, metavar="DIR", default=argparse.SUPPRESS,
                        help=f"folder holding the history (default: ${DATA_DIR_VARIABLE}, else the user data folder)")
    parser.add_argument("--profile", metavar="NAME", default=argparse.SUPPRESS,
                        help=f"whose history (default: ${PROFILE_VARIABLE}, else '{DEFAULT_PROFILE}')")


def database_from_args(args: argparse.Namespace, environ: Mapping[str, str] = os.environ) -> tuple[str, Path]:
    """The profile and database path chosen by ``--data-dir`` and ``--profile`` (see :func:`add_arguments`)."""
    profile = profile_name(getattr(args, "profile", None), environ)
    return profile, database_path(data_dir(getattr(args, "data_dir", None), environ), profile)
