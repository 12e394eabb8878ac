"""xAPI 1.0.3 statements for answers and finished attempts (docs/xapi.md shows each field).

The shapes follow the xAPI specification's interaction activities (the ``cmi.interaction``
type, with ``interactionType``, ``correctResponsesPattern`` and ``choices`` or ``source`` and
``target``) and ADL's ``answered`` and ``completed`` verbs, as the cmi5 and ADL vocabularies use
them. Choices made here, and why:

* The actor is an **account** on the configured ``home_page``, named by the profile (or by an
  HMAC of it under the programme's secret key, when the configuration asks for pseudonyms):
  never an e-mail address, which would tie the record to a person beyond the institution's own
  account names.
* A statement's **id is derived** from the attempt, the question and the answer's sequence
  number, so a statement sent twice (the connection dropped before the LRS's reply) is the same
  statement, which the LRS keeps once.
* A statement is **built when it is sent**, from the history's rows and the question's
  definition as it was answered (:class:`Activity`, kept in the history): queuing an answer
  writes a reference, not 3 kB of JSON, and the statement is the one building it at once made.
* Everything needed to analyse the answer again without the history (mode, attempt start,
  content hash, section, sequence) travels in ``context.extensions``, so item analysis read back
  from the LRS is the analysis of the exported files.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from quizkit import __version__
from quizkit.bank.model import Question, QuestionType

VERSION = "1.0.3"
ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
#: Extension IRIs are fixed, whatever the configured activity base, so that any reader knows them.
EXTENSIONS = "https://quizkit.invalid/xapi/extensions/"
EXT_CONFIDENCE = EXTENSIONS + "confidence"
EXT_OUTCOME = EXTENSIONS + "outcome"
EXT_BANK = EXTENSIONS + "bank"
EXT_SECTION = EXTENSIONS + "section"
EXT_MODE = EXTENSIONS + "mode"
EXT_STARTED = EXTENSIONS + "attempt-started"
EXT_SEQUENCE = EXTENSIONS + "answer-sequence"
EXT_POSITION = EXTENSIONS + "question-number"
EXT_HASH = EXTENSIONS + "content-hash"
EXT_QUESTIONS = EXTENSIONS + "questions"
#: Namespace of the statement ids (uuid5): fixed forever, or resent statements would get new ids.
ID_NAMESPACE = uuid.UUID("6f1c3b0e-5d0a-4c43-9a52-0b5f3e0c9a11")
LANGUAGE = "en"
_INTERACTION_TYPES = {QuestionType.SINGLE: "choice", QuestionType.MULTIPLE: "choice",
                      QuestionType.TRUE_FALSE: "true-false", QuestionType.MATCHING: "matching"}


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the trainee is in the LRS, and where activity IRIs start (the ``[lrs]`` settings)."""

    home_page: str
    activity_base: str
    #: The programme's secret for pseudonyms; None sends the profile name itself. Never stored.
    pseudonym_key: bytes | None = field(default=None, repr=False)

    def actor(self, profile: str) -> dict[str, Any]:
        name = profile
        if self.pseudonym_key is not None:
            # Keyed, so that no one without the key can find a name by hashing likely names; the
            # home page is in the message so that one name stays apart at two institutions.
            name = hmac.new(self.pseudonym_key, f"{self.home_page}\n{profile}".encode(), hashlib.sha256).hexdigest()
        return {"objectType": "Agent", "account": {"homePage": self.home_page, "name": name}}

    def bank_iri(self, bank_id: str) -> str:
        return f"{self.activity_base.rstrip('/')}/banks/{quote(bank_id, safe='')}"

    def question_iri(self, bank_id: str, question_id: str) -> str:
        return f"{self.bank_iri(bank_id)}/questions/{quote(question_id, safe='')}"

    def section_iri(self, section: str) -> str:
        return f"{self.activity_base.rstrip('/')}/sections/{quote(section, safe='')}"

    def quiz_iri(self) -> str:
        return f"{self.activity_base.rstrip('/')}/quiz"


@dataclass(frozen=True, slots=True)
class Activity:
    """A question as its statements describe it: what :func:`answered` needs of a :class:`Question`.

    The history keeps one per wording answered (``xapi_activity``), so a statement built when it
    is sent, maybe long after the answer, describes the wording the trainee saw, whatever the
    bank says by then.
    """

    bank_id: str
    id: str
    type: QuestionType
    definition: dict[str, Any]

    @classmethod
    def of(cls, question: Question) -> Activity:
        return cls(question.bank_id, question.id, question.type, definition(question))


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One answer as the history holds it, with the attempt and question it belongs to."""

    profile: str
    attempt_uid: str
    mode: str
    attempt_started_at: str
    position: int
    #: 1 for the first statement about this question in this attempt, then 2, 3, … (exam changes).
    sequence: int
    #: The question, or its definition as kept in the history.
    question: Question | Activity
    bank_version: str
    section: str
    content_hash: str
    chosen: Sequence[str]
    pairs: Sequence[Sequence[str]]
    points: float
    outcome: str
    seconds: float
    confidence: str | None
    answered_at: str


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    """A finished attempt: its totals, for the ``completed`` statement."""

    profile: str
    attempt_uid: str
    mode: str
    attempt_started_at: str
    finished_at: str
    bank_ids: Sequence[str]
    questions: int
    points: float
    seconds: float


def statement_id(attempt_uid: str, question_id: str, sequence: int) -> str:
    """The id of the ``sequence``-th statement about ``question_id`` in an attempt: the same every time."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{attempt_uid}/{question_id}/{sequence}"))


def completed_id(attempt_uid: str) -> str:
    """The id of an attempt's ``completed`` statement: the same every time."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{attempt_uid}/completed"))


def registration(attempt_uid: str) -> str:
    """The attempt's 32-hex uid as the UUID that xAPI's ``context.registration`` requires."""
    return str(uuid.UUID(hex=attempt_uid))


def duration(seconds: float) -> str:
    """ISO 8601 duration to the hundredth of a second (the precision xAPI asks an LRS to keep)."""
    return f"PT{max(0.0, seconds):.2f}S"


def response_text(kind: QuestionType, chosen: Sequence[str], pairs: Sequence[Sequence[str]]) -> str:
    """The xAPI ``result.response``: ids joined by ``[,]``, matching pairs as ``premise[.]option``."""
    if kind is QuestionType.MATCHING:
        return "[,]".join(f"{premise}[.]{option}" for premise, option in pairs)
    return "[,]".join(sorted(chosen))


def definition(question: Question) -> dict[str, Any]:
    """The interaction activity's definition: type, the stem, the key and the choices."""
    kind = question.type
    body: dict[str, Any] = {
        "type": INTERACTION,
        "name": {LANGUAGE: question.id},
        "description": {LANGUAGE: question.stem.strip()},
        "interactionType": _INTERACTION_TYPES[kind],
    }
    if kind is QuestionType.MATCHING:
        body["correctResponsesPattern"] = ["[,]".join(f"{p}[.]{o}" for p, o in question.matches)]
        body["source"] = [{"id": p.id, "description": {LANGUAGE: p.text}} for p in question.premises]
        body["target"] = [{"id": o.id, "description": {LANGUAGE: o.text}} for o in question.options]
    elif kind is QuestionType.TRUE_FALSE:
        body["correctResponsesPattern"] = sorted(question.key)
    else:
        body["correctResponsesPattern"] = ["[,]".join(sorted(question.key))]
        body["choices"] = [{"id": o.id, "description": {LANGUAGE: o.text}} for o in question.options]
    return body


def answered(identity: Identity, record: AnswerRecord) -> dict[str, Any]:
    """The ``answered`` statement for one answer (docs/xapi.md, "answered")."""
    question = record.question if isinstance(record.question, Activity) else Activity.of(record.question)
    result: dict[str, Any] = {
        "success": record.outcome == "correct",
        "completion": record.outcome != "skipped",
        "score": {"scaled": record.points, "raw": record.points, "min": 0, "max": 1},
        "response": response_text(question.type, record.chosen, record.pairs),
        "duration": duration(record.seconds),
        "extensions": {EXT_OUTCOME: record.outcome},
    }
    if not result["response"]:
        # An answer withdrawn in an exam: no response at all, rather than "", which LRSs such as
        # Ralph refuse (no empty values outside extensions).
        del result["response"]
    if record.confidence:
        result["extensions"][EXT_CONFIDENCE] = record.confidence
    return {
        "id": statement_id(record.attempt_uid, question.id, record.sequence),
        "actor": identity.actor(record.profile),
        "verb": {"id": ANSWERED, "display": {"en-US": "answered"}},
        "object": {"objectType": "Activity", "id": identity.question_iri(question.bank_id, question.id),
                   "definition": question.definition},
        "result": result,
        "context": {
            "registration": registration(record.attempt_uid),
            "revision": record.bank_version,
            "platform": f"quizkit {__version__}",
            "language": LANGUAGE,
            "contextActivities": {
                "parent": [{"objectType": "Activity", "id": identity.bank_iri(question.bank_id),
                            "definition": {"type": ASSESSMENT}}],
                "grouping": [{"objectType": "Activity", "id": identity.section_iri(record.section)}],
            },
            "extensions": {
                EXT_BANK: question.bank_id, EXT_SECTION: record.section, EXT_MODE: record.mode,
                EXT_STARTED: record.attempt_started_at, EXT_SEQUENCE: record.sequence,
                EXT_POSITION: record.position + 1, EXT_HASH: record.content_hash,
            },
        },
        "timestamp": record.answered_at,
        "version": VERSION,
    }


def completed(identity: Identity, record: AttemptRecord) -> dict[str, Any]:
    """The ``completed`` statement for a finished attempt (docs/xapi.md, "completed")."""
    scaled = record.points / record.questions if record.questions else 0.0
    return {
        "id": completed_id(record.attempt_uid),
        "actor": identity.actor(record.profile),
        "verb": {"id": COMPLETED, "display": {"en-US": "completed"}},
        "object": {"objectType": "Activity", "id": identity.quiz_iri(),
                   "definition": {"type": ASSESSMENT, "name": {LANGUAGE: "quizkit quiz"}}},
        "result": {
            "completion": True,
            "score": {"scaled": scaled, "raw": record.points, "min": 0, "max": record.questions},
            "duration": duration(record.seconds),
        },
        "context": {
            "registration": registration(record.attempt_uid),
            "platform": f"quizkit {__version__}",
            "language": LANGUAGE,
            "contextActivities": {
                "grouping": [{"objectType": "Activity", "id": identity.bank_iri(bank_id)} for bank_id in record.bank_ids],
            },
            "extensions": {EXT_MODE: record.mode, EXT_STARTED: record.attempt_started_at,
                           EXT_QUESTIONS: record.questions},
        },
        "timestamp": record.finished_at,
        "version": VERSION,
    }
