"""Writing keys back into the configuration file, keeping everything else the educator wrote.

The app remembers the builder's settings and the theme, and ``quizkit sources add`` records a
source text; each changes a few keys of one table. Rather than re-serialise the whole file
(which would drop every comment), the lines holding those keys are replaced in place, and the
result is parsed again to prove it says what was meant; only if that fails (a layout this
editor does not follow, such as a key written as a dotted name) is the file written afresh from
its parsed values. The write is atomic (:func:`quizkit.safewrite.write_file`): a crash leaves
the old file or the new one, never half of one.

Why not ``tomli-w``: the standard library reads TOML but cannot write it; the values written here
are strings, whole numbers, booleans and flat lists of those, which take twenty lines to write,
and tomli-w would still lose the comments.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from quizkit.config import ConfigError, read_document
from quizkit.safewrite import WriteRefused, write_file

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")
_ANY_HEADER = re.compile(r"^\s*\[")
_ASSIGN = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")


def toml_value(value: Any) -> str:
    """``value`` in TOML: a string (JSON's escaping is valid for TOML basic strings), a whole
    number, a boolean, or a flat list of those. Paths are written as strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str | Path):
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to the configuration file")


def toml_key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else json.dumps(name, ensure_ascii=False)


def update_table(path: Path, table: str, values: Mapping[str, Any]) -> None:
    """Set the keys of ``[table]`` in the file at ``path`` to ``values`` (``None`` removes a key),
    creating the file and its folder if needed; :class:`ConfigError` if it cannot be written."""
    document, text = read_document(path)
    edited = _edit(text, table, values)
    if not _says(edited, table, values):
        edited = _dump(_merged(document, table, values))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, edited.encode("utf-8"), force=True)
    except (OSError, WriteRefused) as error:
        raise ConfigError(f"{path}: cannot save the configuration: {error}.") from None


def _edit(text: str, table: str, values: Mapping[str, Any]) -> str:
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines) if (m := _HEADER.match(line)) and m[1] == table), None)
    if header is None:
        added = [f"{toml_key(k)} = {toml_value(v)}" for k, v in values.items() if v is not None]
        if not added:
            return text
        block = ([""] if lines and lines[-1].strip() else []) + [f"[{table}]", *added]
        return "\n".join(lines + block) + "\n"
    end = next((i for i in range(header + 1, len(lines)) if _ANY_HEADER.match(lines[i])), len(lines))
    for name, value in values.items():
        start = next((i for i in range(header + 1, end) if (m := _ASSIGN.match(lines[i]))
                      and next(g for g in m.groups() if g) == name), None)
        new = [] if value is None else [f"{toml_key(name)} = {toml_value(value)}"]
        if start is None:
            insert = end
            while insert > header + 1 and not lines[insert - 1].strip():
                insert -= 1
            lines[insert:insert] = new
        else:
            stop = _value_end(lines, start, end)
            lines[start:stop] = new
        end += len(new) - (0 if start is None else stop - start)
    return "\n".join(lines) + "\n"


def _value_end(lines: list[str], start: int, end: int) -> int:
    """The line after the value starting at ``start`` (a list may run over several lines)."""
    for stop in range(start + 1, end + 1):
        try:
            tomllib.loads("\n".join(lines[start:stop]))
        except tomllib.TOMLDecodeError:
            continue
        return stop
    return start + 1


def _says(text: str, table: str, values: Mapping[str, Any]) -> bool:
    try:
        written = tomllib.loads(text).get(table, {})
    except tomllib.TOMLDecodeError:
        return False
    for name, value in values.items():
        if value is None:
            if name in written:
                return False
        elif tomllib.loads(f"v = {toml_value(value)}")["v"] != written.get(name):
            return False
    return True


def _merged(document: Mapping[str, Any], table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    merged = {name: dict(value) if isinstance(value, dict) else value for name, value in document.items()}
    section = merged.setdefault(table, {})
    for name, value in values.items():
        if value is None:
            section.pop(name, None)
        else:
            section[name] = value
    return merged


def _dump(document: Mapping[str, Any]) -> str:
    """The whole document written afresh: top-level keys, then one block per table."""
    out = [f"{toml_key(k)} = {toml_value(v)}" for k, v in document.items() if not isinstance(v, dict)]
    for name, table in document.items():
        if isinstance(table, dict):
            out += ["", f"[{toml_key(name)}]", *(f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items())]
    return "\n".join(out).lstrip("\n") + "\n"
