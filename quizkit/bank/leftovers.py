"""Template text that `quizkit new` (or `quizkit import`) wrote and the educator has not replaced.

A new bank or question, or an imported one, is written with every text to fill in marked
``TEMPLATE``, so that it is well formed from the start. A marked text that is still there is a validation error (QK318)
at its own line and column, so that `quizkit validate` lists exactly what is left to write, and
a bank with leftovers is never quizzed on, exported or cached as validated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from quizkit.bank.diagnostics import Diagnostic

if TYPE_CHECKING:
    from quizkit.bank.yamlstrict import Document, PathKey

#: The word that marks a text to replace; `quizkit new` puts it in every such text.
MARKER = "TEMPLATE"
_MARKED = re.compile(rf"\b{MARKER}\b")
_EXCERPT = 60


def template_leftovers(document: Document) -> list[Diagnostic]:
    """QK318 for every text value of ``document`` that still holds the template marker."""
    data = document.data
    return [Diagnostic(document.position(where), "QK318",
                       f"{_describe(data, where)} still holds a text marked {MARKER} (\"{_excerpt(text)}\"), "
                       "left by `quizkit new` or `quizkit import` for you to write. Replace it with your own.")
            for where, text in _texts(data, ()) if _MARKED.search(text)]


def _texts(value: Any, where: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*where, index))


def _describe(data: dict[str, Any], where: PathKey) -> str:
    """``where`` as an educator reads it: "question 'x-q01' options[1].text", "blueprint[0].point"."""
    owner = ""
    if len(where) > 2 and where[0] == "questions" and isinstance(where[1], int):
        question = data["questions"][where[1]]
        owner = f"question '{question.get('id')}' " if isinstance(question, dict) else ""
        where = where[2:]
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in where).lstrip(".")
    return f"{owner}`{path}`"


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1] + "…"
