"""Checking documents against the JSON Schemas, with messages written for educators.

jsonschema's own messages ("'x' is a required property", "False schema does not allow 1") are
written for programmers. Each error is translated here into one sentence that names the key,
says what is wrong and what to write instead, and points at the key or value in the file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from quizkit.bank.bundled import schema_file
from quizkit.bank.diagnostics import Diagnostic
from quizkit.untrusted import printable

if TYPE_CHECKING:
    import jsonschema
    from jsonschema.exceptions import ValidationError

    from quizkit.bank.yamlstrict import Document, PathKey

BANK_SCHEMA = "bank.schema.json"
SOURCES_SCHEMA = "sources.schema.json"

_TYPE_NAMES = {
    "string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
    "array": "a list", "object": "a mapping of keys to values", "null": "empty",
}


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """The compiled validator for a schema file; compiled once per process.

    jsonschema is imported here, not at the top, because it costs a tenth of a second and the
    app never needs it when every bank comes from the cache.
    """
    import jsonschema

    schema = json.loads(schema_file(name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@cache
def fast_validator(name: str) -> Any | None:
    """jsonschema-rs's validator for a schema file, or None where it is not installed.

    It tells a valid document from an invalid one in a fraction of jsonschema's time (on a
    10,000-question bank, seconds less), but its messages are its own: it only decides, and
    jsonschema, the reference, checks every document it does not pass. So it must never pass
    what jsonschema would reject; tests/test_schema_agreement.py checks that on every pattern
    and format the schemas use.
    """
    try:
        return PiecewiseValidator(json.loads(schema_file(name).read_text(encoding="utf-8")))
    except ImportError:
        return None


#: The keywords a list property may have for its items to be checked one at a time.
_PIECEWISE_KEYWORDS = frozenset({"description", "examples", "type", "minItems", "items"})


class PiecewiseValidator:
    """jsonschema-rs deciding a document with its long lists checked an item at a time.

    Given a whole 10,000-question bank, jsonschema-rs holds a copy of it while it checks: 7 MB
    more at the peak. A top-level list whose schema is only a type, a minimum length and one
    schema for every item (a bank's ``questions``) is checked item by item instead, and the
    document with the list cut to its minimum length: the same verdict, since nothing else in
    the schema looks into the list.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self.whole = compile_fast(schema)
        self.lists: dict[str, tuple[int, Any]] = {}
        for name, rule in schema.get("properties", {}).items():
            items = rule.get("items") if isinstance(rule, dict) else None
            if (rule.get("type") == "array" and set(rule) <= _PIECEWISE_KEYWORDS and isinstance(items, dict)
                    and set(items) == {"$ref"} and str(items["$ref"]).startswith("#/")):
                item = compile_fast({key: value for key, value in schema.items() if key in ("$schema", "$defs")}
                                    | {"$ref": items["$ref"]})
                self.lists[name] = (max(1, int(rule.get("minItems", 0))), item)

    def is_valid(self, data: Any) -> bool:
        """Whether the schema passes ``data`` (see the class docstring)."""
        if not isinstance(data, dict):
            return bool(self.whole.is_valid(data))
        cut = dict(data)
        for name, (least, item) in self.lists.items():
            entries = data.get(name)
            if isinstance(entries, list):
                cut[name] = entries[:least]
                if not all(item.is_valid(entry) for entry in entries):
                    return False
        return bool(self.whole.is_valid(cut))


def compile_fast(schema: dict[str, Any]) -> Any:
    """A jsonschema-rs validator for ``schema``, checking formats as jsonschema does; raises
    ImportError without jsonschema-rs."""
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True, formats={"date": _is_date})


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def _is_date(text: str) -> bool:
    """jsonschema's own "date" check, for jsonschema-rs: its checker passes dates Python's
    ``date.fromisoformat`` refuses (year 0), which would skip the diagnostic."""
    try:
        return bool(_DATE.fullmatch(text) and dt.date.fromisoformat(text))
    except ValueError:
        return False


def check(document: Document, name: str) -> list[Diagnostic]:
    """Every schema violation in ``document``, innermost first, one diagnostic each."""
    fast = fast_validator(name)
    if fast is not None and fast.is_valid(document.data):
        return []
    found: list[Diagnostic] = []
    for error in validator(name).iter_errors(document.data):
        found.extend(_translate(error, document))
    return found


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, str):
        return f"the text '{printable(value, 60)}'"  # a bank's text is quoted short and escaped
    return "a list" if isinstance(value, list) else "a mapping"


def _where(container: PathKey, data: Any) -> str:
    """Name the object at ``container`` as an educator thinks of it: "(in p02-q03 / cite)"
    for the citation of question p02-q03, "(in review)" for the review mapping."""
    names: list[str] = []
    node = data
    for depth, step in enumerate(container):
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(step, int) and isinstance(node, dict) and isinstance(node.get("id"), str):
            names.append(node["id"])
        elif isinstance(step, str) and depth == len(container) - 1 and isinstance(node, dict):
            names.append(step)
    return f" (in {' / '.join(names)})" if names else ""


def _name(path: PathKey) -> str:
    """How to name the value at ``path`` in a message: 'answer', or entry 2 of 'options'."""
    if not path:
        return "the document"
    if isinstance(path[-1], int):
        parent = next((step for step in reversed(path) if isinstance(step, str)), "document")
        return f"entry {path[-1] + 1} of '{parent}'"
    return f"'{path[-1]}'"


def _locate_forbidden(data: Any, path: PathKey, instance: Any) -> tuple[Any, str]:
    node = data
    for step in path:
        node = node[step]
    if isinstance(node, dict):
        for key, value in node.items():
            if value is instance:
                return node, key
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    return parent, str(path[-1])


def _suggest(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, [c for c in choices if isinstance(c, str)], n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def _translate(error: ValidationError, document: Document) -> Iterator[Diagnostic]:
    path: PathKey = tuple(error.absolute_path)
    kind = error.validator
    at_value = document.position(path)
    # Errors about an object's keys are "in" that object; errors about a value are in its holder,
    # except an id, which would only name itself.
    holder = path if kind in ("required", "additionalProperties") else path[:-1]
    where = "" if path[-1:] == ("id",) else _where(holder, document.data)
    # jsonschema types these loosely (a schema may be a boolean; values may be "unset"): the
    # schema here is always a mapping or False, and the values are JSON.
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    expected_value: Any = error.validator_value
    instance: Any = error.instance

    if error.schema is False:
        # A key forbidden for this question type. Depending on the jsonschema version the
        # error's path ends at the key or at the object holding it; find the key either way.
        question, key = _locate_forbidden(document.data, path, instance)
        question_type = question.get("type") if isinstance(question, dict) else None
        key_path = (*path, key) if path[-1:] != (key,) else path
        yield Diagnostic(document.position(key_path, key=True), "QK205",
                         f"the key '{key}' is not used by questions of type '{question_type}'{_where(key_path[:-1], document.data)}. "
                         "Remove it, or change `type`.")
    elif kind == "additionalProperties":
        allowed = schema.get("properties", {})
        for key in instance:
            if key not in allowed:
                yield Diagnostic(document.position((*path, key), key=True), "QK201",
                                 f"unknown key '{key}'{where}.{_suggest(key, allowed)} Allowed keys: {', '.join(allowed)}.")
    elif kind == "required":
        for key in expected_value:
            if isinstance(instance, dict) and key not in instance:
                yield Diagnostic(at_value, "QK202", f"the required key '{key}' is missing{where}. Add it.")
    elif kind == "type":
        expected = expected_value
        expected_names = " or ".join(_TYPE_NAMES[t] for t in ([expected] if isinstance(expected, str) else expected))
        hint = ""
        if expected == "string" and not isinstance(instance, (list, dict)):
            hint = " Put the value in quotes so YAML keeps it as text."
        yield Diagnostic(at_value, "QK203", f"{_name(path)} must be {expected_names}, not {_kind(instance)}{where}.{hint}")
    elif kind in ("enum", "const"):
        allowed = expected_value if kind == "enum" else [expected_value]
        if path and path[-1] == "schema_version":
            message = f"this file is written for format version {instance!r}; this quizkit reads version {allowed[0]}. Upgrade quizkit, or set schema_version: {allowed[0]}."
        else:
            listed = ", ".join(json.dumps(a) for a in allowed)
            message = f"{_name(path)} is {_kind(instance)}{where}; it must be one of {listed}.{_suggest(str(instance), allowed)}"
        yield Diagnostic(at_value, "QK204", message)
    elif kind == "format":
        yield Diagnostic(at_value, "QK206", f"{_name(path)} is {_kind(instance)}{where}, which is not a valid {expected_value} (write YYYY-MM-DD, e.g. 2027-01-31).")
    elif kind == "pattern":
        yield Diagnostic(at_value, "QK206", f"{_name(path)} is {_kind(instance)}{where}, which does not match its format: {schema.get('description', expected_value)}")
    elif kind in ("minItems", "maxItems", "minLength", "maxLength", "minProperties"):
        limit = expected_value
        bound = "at least" if kind.startswith("min") else "at most"
        unit = "characters" if kind.endswith("Length") else "entries"
        yield Diagnostic(at_value, "QK207", f"{_name(path)} must have {bound} {limit} {unit}{where}.")
    elif kind == "uniqueItems":
        yield Diagnostic(at_value, "QK204", f"{_name(path)} lists the same entry twice{where}. Remove the repeat.")
    else:
        yield Diagnostic(at_value, "QK204", f"{printable(error.message, 200)}{where}.")
