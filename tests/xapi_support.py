"""What the xAPI tests share: a JSON Schema of the xAPI 1.0.3 statement, and answer records.

The schema is written from the specification (xAPI-Data.md, 1.0.3, section 2.4), for the parts
quizkit uses: an Agent actor with exactly one inverse functional identifier, verbs and
activities identified by IRIs, language maps, the interaction activity definition, score rules
(scaled from -1 to 1, raw between min and max), ISO 8601 durations and timestamps, UUID ids
and registrations, and extension keys that are IRIs. ``revision`` and ``platform`` are allowed
in a context only because quizkit's objects are activities (the spec forbids them otherwise).
"""

from __future__ import annotations

from typing import Any

from quizkit.bank.model import Question
from quizkit.xapi.statements import AnswerRecord

UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
IRI = r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$"
DURATION = r"^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$"
TIMESTAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$"
LANGUAGE_MAP = {"type": "object", "minProperties": 1,
                "propertyNames": {"pattern": r"^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*$"},
                "additionalProperties": {"type": "string"}}
EXTENSIONS = {"type": "object", "propertyNames": {"pattern": IRI}}
COMPONENTS = {"type": "array", "items": {"type": "object", "required": ["id"], "additionalProperties": False,
                                        "properties": {"id": {"type": "string", "minLength": 1},
                                                       "description": LANGUAGE_MAP}}}
ACTIVITY = {
    "type": "object", "required": ["id"], "additionalProperties": False,
    "properties": {
        "objectType": {"const": "Activity"},
        "id": {"type": "string", "pattern": IRI},
        "definition": {
            "type": "object", "additionalProperties": False,
            "properties": {
                "name": LANGUAGE_MAP, "description": LANGUAGE_MAP,
                "type": {"type": "string", "pattern": IRI},
                "moreInfo": {"type": "string", "pattern": IRI},
                "interactionType": {"enum": ["true-false", "choice", "fill-in", "long-fill-in", "matching",
                                             "performance", "sequencing", "likert", "numeric", "other"]},
                "correctResponsesPattern": {"type": "array", "items": {"type": "string"}},
                "choices": COMPONENTS, "scale": COMPONENTS, "source": COMPONENTS, "target": COMPONENTS,
                "steps": COMPONENTS, "extensions": EXTENSIONS,
            },
            "dependentRequired": {"correctResponsesPattern": ["interactionType"], "choices": ["interactionType"],
                                  "source": ["interactionType"], "target": ["interactionType"]},
        },
    },
}
STATEMENT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "required": ["actor", "verb", "object"], "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": UUID},
        "actor": {
            "type": "object", "additionalProperties": False,
            "properties": {
                "objectType": {"const": "Agent"}, "name": {"type": "string"},
                "mbox": {"type": "string", "pattern": "^mailto:"}, "mbox_sha1sum": {"type": "string"},
                "openid": {"type": "string"},
                "account": {"type": "object", "required": ["homePage", "name"], "additionalProperties": False,
                            "properties": {"homePage": {"type": "string", "pattern": IRI},
                                           "name": {"type": "string", "minLength": 1}}},
            },
            # Exactly one inverse functional identifier (xAPI-Data 2.4.2.3).
            "oneOf": [{"required": [ifi]} for ifi in ("mbox", "mbox_sha1sum", "openid", "account")],
        },
        "verb": {"type": "object", "required": ["id"], "additionalProperties": False,
                 "properties": {"id": {"type": "string", "pattern": IRI}, "display": LANGUAGE_MAP}},
        "object": ACTIVITY,
        "result": {
            "type": "object", "additionalProperties": False,
            "properties": {
                "score": {"type": "object", "additionalProperties": False,
                          "properties": {"scaled": {"type": "number", "minimum": -1, "maximum": 1},
                                         "raw": {"type": "number"}, "min": {"type": "number"},
                                         "max": {"type": "number"}}},
                "success": {"type": "boolean"}, "completion": {"type": "boolean"},
                "response": {"type": "string"}, "duration": {"type": "string", "pattern": DURATION},
                "extensions": EXTENSIONS,
            },
        },
        "context": {
            "type": "object", "additionalProperties": False,
            "properties": {
                "registration": {"type": "string", "pattern": UUID},
                "revision": {"type": "string"}, "platform": {"type": "string"},
                "language": {"type": "string"},
                "contextActivities": {"type": "object", "additionalProperties": False,
                                      "properties": {kind: {"type": "array", "items": ACTIVITY}
                                                     for kind in ("parent", "grouping", "category", "other")}},
                "extensions": EXTENSIONS,
            },
        },
        "timestamp": {"type": "string", "pattern": TIMESTAMP},
        "version": {"type": "string", "pattern": r"^1\.0(\.\d+)?$"},
    },
}


def score_rules(statement: dict[str, Any]) -> list[str]:
    """The rules a JSON Schema cannot state: raw between min and max, min below max."""
    score = statement.get("result", {}).get("score", {})
    problems = []
    if "min" in score and "max" in score and not score["min"] < score["max"]:
        problems.append("score.min must be less than score.max")
    if "raw" in score and not score.get("min", score["raw"]) <= score["raw"] <= score.get("max", score["raw"]):
        problems.append("score.raw must lie between min and max")
    return problems


def record(question: Question, *, chosen: tuple[str, ...] = (), pairs: tuple[tuple[str, str], ...] = (),
           points: float = 1.0, outcome: str = "correct", confidence: str | None = "sure", sequence: int = 1,
           profile: str = "ana") -> AnswerRecord:
    return AnswerRecord(profile, "3f2b8c1e9d4a4f6b8e2c7a1d5b9e0f43", "practice", "2026-11-25T13:45:00.000Z", 2,
                        sequence, question, "1.0.0", question.cite.section, question.content_hash, chosen, pairs,
                        points, outcome, 12.345, confidence, "2026-11-25T13:46:07.250Z")
