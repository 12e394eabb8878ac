"""xAPI statements: the expected JSON per question type, and the 1.0.3 statement rules.

Each statement is checked three ways: against JSON written by hand here (what docs/xapi.md
promises), against a JSON Schema of the 1.0.3 statement (tests/xapi_support.py), and against
Ralph's own pydantic model of an xAPI statement when Ralph is installed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from xapi_support import STATEMENT_SCHEMA, record, score_rules

from quizkit import __version__
from quizkit.bank.loader import read_bank
from quizkit.bank.model import Bank, Question
from quizkit.xapi.readback import rows_from
from quizkit.xapi.statements import (
    EXT_CONFIDENCE,
    AttemptRecord,
    Identity,
    answered,
    completed,
    statement_id,
)

ROOT = Path(__file__).resolve().parent.parent
IDENTITY = Identity("https://hospital.example.org", "https://hospital.example.org/xapi")
EXT = "https://quizkit.invalid/xapi/extensions/"


@pytest.fixture(scope="module")
def tour() -> Bank:
    bank = read_bank(ROOT / "examples" / "format-tour.yaml").bank
    assert bank is not None
    return bank


def question(bank: Bank, question_id: str) -> Question:
    return next(q for q in bank.questions if q.id == question_id)


def valid(statement: dict[str, Any]) -> dict[str, Any]:
    """``statement``, after checking it against the 1.0.3 rules (and Ralph's model, if present)."""
    jsonschema.validate(statement, STATEMENT_SCHEMA, format_checker=jsonschema.FormatChecker())
    assert score_rules(statement) == []
    try:
        from ralph.models.xapi.base.statements import BaseXapiStatement
    except ImportError:
        return statement
    BaseXapiStatement.model_validate(statement)
    return statement


def test_single_best_answer_is_the_hand_written_statement(tour: Bank) -> None:
    q = question(tour, "tour-single")
    built = valid(answered(IDENTITY, record(q, chosen=("c",), points=0.0, outcome="incorrect")))
    text = (Path(__file__).parent / "data" / "xapi" / "answered-single.json").read_text(encoding="utf-8")
    expected = json.loads(text.replace("@ID@", statement_id("3f2b8c1e9d4a4f6b8e2c7a1d5b9e0f43", "tour-single", 1))
                          .replace("@STEM@", " ".join(q.stem.split())).replace("@VERSION@", __version__)
                          .replace("@HASH@", q.content_hash))
    built["object"]["definition"]["description"]["en"] = " ".join(built["object"]["definition"]["description"]["en"].split())
    assert built == expected


def test_multiple_response_is_a_choice_with_every_key_in_one_pattern(tour: Bank) -> None:
    q = question(tour, "tour-multiple")
    statement = valid(answered(IDENTITY, record(q, chosen=("itchy", "firm"), points=0.0, outcome="incorrect",
                                                confidence=None)))
    definition = statement["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert definition["correctResponsesPattern"] == ["chest[,]firm"]
    assert [c["id"] for c in definition["choices"]] == ["firm", "chest", "itchy", "large"]
    assert statement["result"]["response"] == "firm[,]itchy"
    assert statement["result"]["extensions"] == {EXT + "outcome": "incorrect"}  # no confidence stated: none sent


def test_true_false_has_the_words_true_and_false_and_no_choices(tour: Bank) -> None:
    q = question(tour, "tour-true-false")
    statement = valid(answered(IDENTITY, record(q, chosen=("false",))))
    definition = statement["object"]["definition"]
    assert definition["interactionType"] == "true-false"
    assert definition["correctResponsesPattern"] == ["false"]
    assert "choices" not in definition
    assert statement["result"] | {"extensions": None} == {
        "success": True, "completion": True, "score": {"scaled": 1.0, "raw": 1.0, "min": 0, "max": 1},
        "response": "false", "duration": "PT12.35S", "extensions": None}
    assert statement["result"]["extensions"][EXT_CONFIDENCE] == "sure"


def test_matching_pairs_sources_with_targets(tour: Bank) -> None:
    q = question(tour, "tour-matching")
    pairs = (("nodules", "cysts"), ("plaques", "eczema"), ("redness", "cellulitis"))
    statement = valid(answered(IDENTITY, record(q, pairs=pairs, points=2 / 3, outcome="partial")))
    definition = statement["object"]["definition"]
    assert definition["interactionType"] == "matching"
    assert definition["correctResponsesPattern"] == ["nodules[.]cysts[,]plaques[.]scars[,]redness[.]cellulitis"]
    assert definition["source"] == [{"id": "nodules", "description": {"en": "Firm nodules"}},
                                    {"id": "plaques", "description": {"en": "Plaques"}},
                                    {"id": "redness", "description": {"en": "Infection-like redness"}}]
    assert [t["id"] for t in definition["target"]] == ["cysts", "scars", "cellulitis", "eczema"]
    assert statement["result"]["response"] == "nodules[.]cysts[,]plaques[.]eczema[,]redness[.]cellulitis"
    assert statement["result"]["score"] == {"scaled": 2 / 3, "raw": 2 / 3, "min": 0, "max": 1}
    assert statement["result"]["success"] is False


def test_a_withdrawn_answer_has_no_response_and_is_not_completed(tour: Bank) -> None:
    statement = valid(answered(IDENTITY, record(question(tour, "tour-single"), points=0.0, outcome="skipped",
                                                confidence=None)))
    assert "response" not in statement["result"] and statement["result"]["completion"] is False


def test_ids_are_derived_from_attempt_question_and_sequence(tour: Bank) -> None:
    q = question(tour, "tour-single")
    first = answered(IDENTITY, record(q, chosen=("a",)))
    assert first["id"] == answered(IDENTITY, record(q, chosen=("a",)))["id"]  # a resend is the same statement
    assert first["id"] != answered(IDENTITY, record(q, chosen=("a",), sequence=2))["id"]
    assert uuid.UUID(first["id"]).version == 5


def test_pseudonyms_are_keyed_hashes_of_the_profile_name_and_never_an_email(tour: Bank) -> None:
    key = b"programme secret, 32 characters!"
    hidden = Identity("https://hospital.example.org", "https://hospital.example.org/xapi", pseudonym_key=key)
    actor = valid(answered(hidden, record(question(tour, "tour-single"), chosen=("a",))))["actor"]
    assert actor["account"]["homePage"] == "https://hospital.example.org"
    assert actor["account"]["name"] == hmac.new(key, b"https://hospital.example.org\nana", hashlib.sha256).hexdigest()
    assert set(actor) == {"objectType", "account"}
    # Not the unkeyed hash that anyone could compute from a guessed name.
    assert actor["account"]["name"] != hashlib.sha256(b"https://hospital.example.org\nana").hexdigest()
    other = Identity("https://other.example.org", "https://hospital.example.org/xapi", pseudonym_key=key).actor("ana")
    assert other["account"]["name"] != actor["account"]["name"]
    rekeyed = Identity("https://hospital.example.org", "https://hospital.example.org/xapi", pseudonym_key=b"x" * 32)
    assert rekeyed.actor("ana")["account"]["name"] != actor["account"]["name"]
    assert "programme secret" not in repr(hidden)


def test_a_finished_attempt_is_completed_with_its_total() -> None:
    attempt = AttemptRecord("ana", "3f2b8c1e9d4a4f6b8e2c7a1d5b9e0f43", "exam", "2026-11-25T13:45:00.000Z",
                            "2026-11-25T14:05:00.000Z", ("skin-mets-part-01", "skin-mets-part-02"), 20, 13.5, 1200.0)
    statement = valid(completed(IDENTITY, attempt))
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert statement["result"] == {"completion": True, "duration": "PT1200.00S",
                                   "score": {"scaled": 0.675, "raw": 13.5, "min": 0, "max": 20}}
    assert statement["context"]["registration"] == "3f2b8c1e-9d4a-4f6b-8e2c-7a1d5b9e0f43"
    assert [a["id"] for a in statement["context"]["contextActivities"]["grouping"]] == [
        "https://hospital.example.org/xapi/banks/skin-mets-part-01", "https://hospital.example.org/xapi/banks/skin-mets-part-02"]
    assert statement["timestamp"] == "2026-11-25T14:05:00.000Z"


@pytest.mark.parametrize("broken", [
    {"actor": {"objectType": "Agent", "mbox": "mailto:ana@example.org",
               "account": {"homePage": "https://h.example.org", "name": "ana"}}},  # two identifiers
    {"result": {"score": {"scaled": 1.5}}},
    {"context": {"registration": "not-a-uuid"}},
    {"result": {"duration": "12 seconds"}},
    {"verb": {"id": "answered"}},
])
def test_the_schema_refuses_what_the_spec_forbids(tour: Bank, broken: dict[str, Any]) -> None:
    statement = answered(IDENTITY, record(question(tour, "tour-single"), chosen=("a",))) | broken
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(statement, STATEMENT_SCHEMA)


def test_read_back_keeps_the_newest_answer_of_each_question(tour: Bank) -> None:
    q = question(tour, "tour-matching")
    first = answered(IDENTITY, record(q, pairs=(("nodules", "scars"),), points=0.0, outcome="incorrect"))
    second = answered(IDENTITY, record(q, pairs=(("nodules", "cysts"), ("plaques", "scars")), points=2 / 3,
                                       outcome="partial", sequence=2))
    foreign = {"verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"}, "object": {"id": "https://x.example/y"}}
    back = rows_from([second, first, foreign], {"3f2b8c1e-9d4a-4f6b-8e2c-7a1d5b9e0f43"},
                     IDENTITY.bank_iri(""), "lrs")
    assert back.statements == 3 and back.skipped == 1 and len(back.columns) == 1
    row = [column[0] for column in back.columns.values]
    assert row == ["ana", "3f2b8c1e9d4a4f6b8e2c7a1d5b9e0f43", "finished", "practice", "2026-11-25T13:45:00.000Z",
                   "tour-matching", "format-tour", "part-2", q.content_hash, (), (("nodules", "cysts"), ("plaques", "scars")),
                   2 / 3]
