"""An imported bank before it is a bank: what a reader found, and the YAML it becomes.

Readers (GIFT, QTI) fill a :class:`DraftBank`; what the source did not say is left ``None`` and
written as a TEMPLATE text (or, for ids, the id ``template`` with a TEMPLATE comment) that
``quizkit validate`` points at, so the educator fills in exactly what is missing. Every question
a reader could not represent becomes a :class:`Problem`, never a silent gap.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from quizkit.bank.scaffold import IDENTIFIER, MAX_IDENTIFIER

PLACEHOLDER_ID = "template"


@dataclass
class DraftOption:
    id: str
    text: str
    rationale: str | None = None


@dataclass
class DraftQuestion:
    id: str
    type: str  # single | multiple | true_false | matching
    stem: str
    #: For true_false: the two options ``true`` and ``false``, carrying the rationales.
    options: list[DraftOption]
    premises: list[DraftOption] = field(default_factory=list)
    #: single: one option id; multiple: list; true_false: bool; matching: premise id → option id.
    answer: Any = None
    explanation: str | None = None
    section: str | None = None
    locator: str | None = None
    quote: str | None = None
    objective: str | None = None
    difficulty: str | None = None
    cognitive_level: str | None = None
    tags: list[str] = field(default_factory=list)
    covers: list[str] = field(default_factory=list)


@dataclass
class Problem:
    """A question that could not be represented, or something lost in reading it."""

    where: str  # "12:1" (line:col in a GIFT file) or "item p02-q07"
    message: str
    #: The source breaks its format here (a GIFT syntax error), rather than holding something
    #: quizkit has no type for: the file needs fixing before anything is imported from it.
    broken: bool = False

    @property
    def lost(self) -> bool:
        """The question is not in the bank (rather than in it with something lost)."""
        return self.message.lower().endswith("not imported")

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class DraftBank:
    questions: list[DraftQuestion] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    id: str | None = None
    title: str | None = None
    description: str | None = None
    version: str | None = None
    source: str | None = None
    section: str | None = None
    authors: list[str] = field(default_factory=list)
    review: dict[str, str] | None = None
    blueprint: list[dict[str, str]] = field(default_factory=list)


def slug(text: str, fallback: str) -> str:
    """``text`` made into an id (lowercase, single separators), or ``fallback`` if nothing is left."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    result = "-".join(words)[:MAX_IDENTIFIER].strip("-")
    return result if result and is_identifier(result) else fallback


def is_identifier(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_IDENTIFIER and IDENTIFIER.fullmatch(value) is not None


def letter_id(index: int) -> str:
    """Option ids as the bundled banks write them: a, b, c ..., then o27, o28 ..."""
    return chr(ord("a") + index) if index < 26 else f"o{index + 1}"


def unique_ids(questions: list[DraftQuestion]) -> None:
    """Give repeated question ids a numbered suffix, so the bank's ids are unique."""
    seen: set[str] = set()
    for question in questions:
        base, n = question.id, 1
        while question.id in seen:
            n += 1
            question.id = f"{base[:MAX_IDENTIFIER - 4]}-{n}"
        seen.add(question.id)


def _q(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar: any text stays text.
    return json.dumps(text, ensure_ascii=False)


def _text(value: str | None, what: str) -> str:
    return _q(value) if value else _q(f"TEMPLATE: {what}")


def _id(value: str | None, what: str) -> str:
    return _q(value) if value and is_identifier(value) else f"{PLACEHOLDER_ID}  # TEMPLATE: {what}"


def bank_yaml(draft: DraftBank, *, schema: str, origin: str) -> str:
    """The bank as YAML text, every gap marked TEMPLATE; ``origin`` says where it was imported from."""
    review = draft.review or {}
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# Imported by `quizkit import` from {origin}. Replace every text marked TEMPLATE (and every id",
        "# `template`), then check the bank with `quizkit validate` and `quizkit lint`.",
        "schema_version: 1",
        f"id: {_id(draft.id, 'the bank id, e.g. skin-mets-part-02')}",
        f"title: {_text(draft.title, 'the title trainees see')}",
        f"description: {_text(draft.description, 'what this bank teaches, and for whom.')}",
        f"version: {_q(draft.version or '0.1.0')}",
        f"source: {_id(draft.source, 'the id of the source in banks/sources.yaml')}",
        f"section: {_id(draft.section, 'the id of the section this bank covers')}",
        f"authors: [{', '.join(map(_q, draft.authors)) or _q('TEMPLATE: your name')}]",
        "review:",
        f"  reviewed_by: {_text(review.get('reviewed_by'), 'name or role of the clinical reviewer')}",
        f"  reviewed_on: {_q(review.get('reviewed_on', '1970-01-01'))}"
        + ("" if review.get("reviewed_on") else "  # TEMPLATE: the date of the clinical review"),
        f"  review_by: {_q(review.get('review_by', '1970-01-01'))}"
        + ("" if review.get("review_by") else "  # TEMPLATE: when it must be reviewed again"),
    ]
    if draft.blueprint:
        lines.append("blueprint:")
        lines += [f"  - {{id: {_q(p['id'])}, point: {_q(p['point'])}}}" for p in draft.blueprint]
    lines.append("questions:")
    for question in draft.questions:
        lines += ["  " + line for line in _question_lines(question)]
    return "\n".join(lines) + "\n"


def _question_lines(q: DraftQuestion) -> list[str]:
    lines = [f"- id: {_q(q.id)}", f"  type: {q.type}", f"  stem: {_q(q.stem)}"]
    if q.premises:
        lines.append("  premises:")
        lines += [f"    - {{id: {_q(p.id)}, text: {_q(p.text)}}}" for p in q.premises]
    if q.type == "true_false":
        lines.append(f"  answer: {'true' if q.answer else 'false'}")
        for option in q.options:
            lines.append(f"  rationale_{option.id}: {_text(option.rationale, f'why answering {option.id} is right or wrong.')}")
    else:
        lines.append("  options:")
        for option in q.options:
            lines += [f"    - id: {_q(option.id)}", f"      text: {_q(option.text)}",
                      f"      rationale: {_text(option.rationale, 'why this option is right or wrong.')}"]
        if q.type == "single":
            lines.append(f"  answer: {_q(q.answer)}")
        elif q.type == "multiple":
            lines.append(f"  answer: [{', '.join(map(_q, q.answer))}]")
        else:
            lines.append("  answer:")
            lines += [f"    {_q(premise)}: {_q(option)}" for premise, option in q.answer.items()]
    lines.append(f"  explanation: {_text(q.explanation, 'the teaching point, shown after every answer.')}")
    lines += ["  cite:", f"    section: {_id(q.section, 'the id of the cited section')}"]
    if q.locator or not q.section:  # no citation came with the question: ask for the whole of it
        lines.append(f"    locator: {_text(q.locator, 'the sub-heading or topic in the section')}")
    lines.append(f"    quote: {_text(q.quote, 'the exact sentence of the section that states what the key says')}")
    lines.append(f"  objective: {_text(q.objective, 'the learning objective, starting with a verb.')}")
    lines.append(f"  difficulty: {q.difficulty or 'medium  # TEMPLATE: easy, medium or hard'}")
    lines.append(f"  cognitive_level: {q.cognitive_level or 'recall  # TEMPLATE: recall, understanding or application'}")
    if q.tags:
        lines.append(f"  tags: [{', '.join(map(_q, q.tags))}]")
    if q.covers:
        lines.append(f"  covers: [{', '.join(map(_q, q.covers))}]")
    return lines
