"""Where the bundled banks, schemas and documentation live, installed or in a checkout.

A wheel carries ``banks/``, ``schemas/``, ``docs/`` and ``examples/`` inside the package as ``quizkit/_bundled`` (see
pyproject.toml); a source checkout or editable install reads them from the repository root,
so that an educator editing a bundled bank sees the change without reinstalling.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def data_root() -> Path:
    bundled = _PACKAGE / "_bundled"
    return bundled if bundled.is_dir() else _PACKAGE.parent


def bundled_banks() -> Path:
    return data_root() / "banks"


def bundled_sources() -> Path:
    return bundled_banks() / "sources.yaml"


def schema_file(name: str) -> Path:
    return data_root() / "schemas" / name


def documents() -> dict[str, Path]:
    """Topic → file of the documentation an installed quizkit carries, for ``quizkit docs``.

    The topics are the files' stems (``stats`` for ``docs/stats.md``), and ``format-tour`` for
    the example bank that shows every question type.
    """
    root = data_root()
    found = {path.stem: path for path in sorted((root / "docs").glob("*.md"))}
    found["format-tour"] = root / "examples" / "format-tour.yaml"
    return found
