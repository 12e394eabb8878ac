"""Reporters for diagnostics, chosen by name: ``text`` for people, ``json`` for tools,
``github`` for workflow annotations."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence

from quizkit.bank.diagnostics import Diagnostic, Severity
from quizkit.wording import plural


def _counts(diagnostics: Sequence[Diagnostic]) -> Counter[Severity]:
    # One pass for all three severities (lint reports tens of thousands of findings on a large bank).
    return Counter(d.severity for d in diagnostics)


def _summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    checked = f"{plural(files, 'file')} checked"
    if not diagnostics:
        return f"{checked}: no problems."
    bad = len({str(d.position.path) for d in diagnostics if d.is_error})
    counts = _counts(diagnostics)
    summary = (f"{checked}: {plural(counts[Severity.ERROR], 'error')} in {plural(bad, 'file')}, "
               f"{plural(counts[Severity.WARNING], 'warning')}")
    # Only lint reports info; validate's summary keeps the shape scripts already parse.
    info = counts[Severity.INFO]
    return f"{summary}, {info} info." if info else f"{summary}."


def text(diagnostics: Sequence[Diagnostic], files: int) -> str:
    lines = [f"{d.position}: {d.code} {'' if d.is_error else f'{d.severity.value}: '}{d.message}" for d in diagnostics]
    lines.append(_summary(diagnostics, files))
    return "\n".join(lines)


def as_json(diagnostics: Sequence[Diagnostic], files: int) -> str:
    counts = _counts(diagnostics)
    return json.dumps({
        "files_checked": files,
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "info": counts[Severity.INFO],
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


#: GitHub's annotation levels; info becomes a notice, which never fails a check run.
_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def github(diagnostics: Sequence[Diagnostic], files: int) -> str:
    lines = [
        f"::{_GITHUB_LEVELS[d.severity]} file={_escape(str(d.position.path), property_value=True)},"
        f"line={d.position.line},col={d.position.column},title={d.code}::{_escape(d.message)}"
        for d in diagnostics
    ]
    lines.append(_summary(diagnostics, files))
    return "\n".join(lines)


REPORTERS: dict[str, Callable[[Sequence[Diagnostic], int], str]] = {"text": text, "json": as_json, "github": github}
