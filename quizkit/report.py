"""Reporters for diagnostics, chosen by name: ``text`` for people, ``json`` for tools,
``github`` for workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from quizkit.diagnostics import Diagnostic


def _summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    bad = len({str(d.position.path) for d in diagnostics if d.is_error})
    if not diagnostics:
        return f"{files} file{'s' if files != 1 else ''} checked: no problems."
    return (f"{files} file{'s' if files != 1 else ''} checked: {errors} error{'s' if errors != 1 else ''}"
            f" in {bad} file{'s' if bad != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}.")


def text(diagnostics: Sequence[Diagnostic], files: int) -> str:
    lines = [f"{d.position}: {d.code} {'warning: ' if not d.is_error else ''}{d.message}" for d in diagnostics]
    lines.append(_summary(diagnostics, files))
    return "\n".join(lines)


def as_json(diagnostics: Sequence[Diagnostic], files: int) -> str:
    return json.dumps({
        "files_checked": files,
        "errors": sum(d.is_error for d in diagnostics),
        "warnings": sum(not d.is_error for d in diagnostics),
        "problems": [
            {"path": str(d.position.path), "line": d.position.line, "column": d.position.column,
             "code": d.code, "severity": d.severity.value, "rule": d.rule.summary, "message": d.message}
            for d in diagnostics
        ],
    }, indent=2, ensure_ascii=False)


def _escape(value: str, *, property_value: bool = False) -> str:
    """Escape per GitHub's workflow-command rules, so messages with ':' or newlines survive."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_value else value


def github(diagnostics: Sequence[Diagnostic], files: int) -> str:
    lines = [
        f"::{'error' if d.is_error else 'warning'} file={_escape(str(d.position.path), property_value=True)},"
        f"line={d.position.line},col={d.position.column},title={d.code}::{_escape(d.message)}"
        for d in diagnostics
    ]
    lines.append(_summary(diagnostics, files))
    return "\n".join(lines)


REPORTERS: dict[str, Callable[[Sequence[Diagnostic], int], str]] = {"text": text, "json": as_json, "github": github}
