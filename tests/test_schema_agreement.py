"""jsonschema-rs only decides valid or invalid; jsonschema, the reference, gives every message.

The fast validator may pass a document without jsonschema seeing it, so it must never pass
what jsonschema rejects. These tests check that on every pattern and format the schemas use,
on strings chosen to sit on each rule's edges and on generated ones, and that the diagnostics
of the whole broken-bank corpus are the same with the fast path as without it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizkit.bank import schema
from quizkit.bank.bundled import schema_file

pytest.importorskip("jsonschema_rs", reason="the fast path needs jsonschema-rs (a dependency of quizkit)")

SCHEMAS = (schema.BANK_SCHEMA, schema.SOURCES_SCHEMA)


def _rules(node: Any) -> Iterator[tuple[str, str]]:
    """Every ("pattern", regex) and ("format", name) in a schema."""
    if isinstance(node, dict):
        for key in ("pattern", "format"):
            if isinstance(node.get(key), str):
                yield key, node[key]
        for value in node.values():
            yield from _rules(value)
    elif isinstance(node, list):
        for value in node:
            yield from _rules(value)


RULES = sorted({rule for name in SCHEMAS for rule in _rules(json.loads(schema_file(name).read_text(encoding="utf-8")))})

#: Strings on the edges of the rules: trailing newlines (Python's `$` matches before one),
#: non-ASCII digits and letters, impossible dates, the empty string.
EDGES = [
    "", " ", "a", "A", "a-b", "a--b", "-a", "a-", "a_b.c", "a\n", "a\nb", "\na", "ab ", "é", "ａ", "٣", "a٣",
    "1.0.0", "01.0.0", "1.0", "1.0.0\n", "1.0.0-rc1", "1.2.3.4", "١.٢.٣", "QL001", "QL01", "QL0001", "ql001",
    "QL001\n", "QL٠٠١", "sha256:" + "0" * 64, "sha256:" + "0" * 63, "sha256:" + "A" * 64, "sha256:" + "0" * 64 + "\n",
    "2026-11-25", "2026-02-29", "2024-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "2026-01-01\n",
    "2026-01-01T00:00:00", "２０２６-01-01", "2026/01/01", "20260101", "0000-01-01", "9999-12-31",
]


def _python(kind: str, rule: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({"type": "string", kind: rule},
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _rust(kind: str, rule: str) -> Any:
    return schema.compile_fast({"type": "string", kind: rule})


def test_the_schemas_use_the_rules_checked_here() -> None:
    assert ("format", "date") in RULES and sum(kind == "pattern" for kind, _ in RULES) >= 4


@pytest.mark.parametrize(("kind", "rule"), RULES)
def test_the_fast_validator_never_passes_what_jsonschema_rejects(kind: str, rule: str) -> None:
    python, rust = _python(kind, rule), _rust(kind, rule)
    for text in EDGES:
        assert python.is_valid(text) or not rust.is_valid(text), f"{kind} {rule!r}: jsonschema rejects {text!r}"


@pytest.mark.parametrize(("kind", "rule"), RULES)
def test_both_validators_agree_on_edges_except_a_trailing_newline(kind: str, rule: str) -> None:
    """Where they differ it is one known case, on the safe side: Python's `$` lets "id\\n" match;
    jsonschema-rs does not, so such a file is sent to jsonschema, which passes it, as before."""
    python, rust = _python(kind, rule), _rust(kind, rule)
    differ = [text for text in EDGES if python.is_valid(text) != rust.is_valid(text)]
    assert all(text.endswith("\n") and python.is_valid(text) for text in differ), differ


@pytest.mark.parametrize(("kind", "rule"), RULES)
@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(alphabet="aQLz019-_.:\n é٣", max_size=12),
                      st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"), st.from_regex(r"\Asha256:[0-9a-f]{60,66}\Z")))
def test_the_fast_validator_never_passes_a_generated_string_jsonschema_rejects(kind: str, rule: str, text: str) -> None:
    assert _python(kind, rule).is_valid(text) or not _rust(kind, rule).is_valid(text)


@pytest.mark.parametrize("name", SCHEMAS)
def test_jsonschema_rs_compiles_each_schema(name: str) -> None:
    assert schema.fast_validator(name) is not None


def test_the_corpus_gives_the_same_diagnostics_with_and_without_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    from test_corpus import INVALID, VALID, _expectation, _run

    cases = [(case, _expectation(case)[1]) for case in INVALID] + [(case, "mini-guide.txt") for case in VALID]
    fast = [_run(case, text).diagnostics for case, text in cases]
    monkeypatch.setattr(schema, "fast_validator", lambda name: None)
    reference = [_run(case, text).diagnostics for case, text in cases]
    assert fast == reference
    assert all(reference[:len(INVALID)])  # every broken bank was reported, through either path


def _documents() -> Iterator[Any]:
    """Every bank of the corpora as data, and each made wrong in the list the fast path splits."""
    from conftest import DATA, REPO

    from quizkit.bank.diagnostics import BankError
    from quizkit.bank.yamlstrict import read_document

    for path in sorted(REPO.glob("banks/part-*.yaml")) + sorted(DATA.rglob("*.yaml")):
        try:
            data = read_document(path).data
        except BankError:
            continue
        yield data
        if isinstance(data, dict) and isinstance(data.get("questions"), list) and data["questions"]:
            questions = data["questions"]
            yield {**data, "questions": []}
            yield {**data, "questions": {"not": "a list"}}
            yield {**data, "questions": [*questions, {"id": "bad"}]}
            yield {**data, "questions": [*questions, questions[0]]}
            yield {**data, "questions": [questions[-1], *questions[:-1]]}
            yield {key: value for key, value in data.items() if key != "questions"}
            yield {**data, "title": 3}


@pytest.mark.parametrize("name", SCHEMAS)
def test_checking_a_list_an_item_at_a_time_gives_the_whole_schema_s_verdict(name: str) -> None:
    whole = schema.compile_fast(json.loads(schema_file(name).read_text(encoding="utf-8")))
    piecewise = schema.fast_validator(name)
    verdicts = [(piecewise.is_valid(data), whole.is_valid(data)) for data in _documents()]
    assert all(fast == reference for fast, reference in verdicts)
    assert {fast for fast, _ in verdicts} == {True, False}


def test_a_bank_s_questions_are_checked_an_item_at_a_time() -> None:
    assert set(schema.fast_validator(schema.BANK_SCHEMA).lists) == {"questions"}
