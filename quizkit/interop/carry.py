"""How what other formats have no field for travels through them, and comes back.

Two forms, both documented in docs/interop.md:

* **The feedback block**: the explanation, then (where the format has no per-option feedback)
  one ``Option N (text): rationale`` line per option, then the citation as labelled lines::

      Infection-like redness is a recognised presentation ...

      Source: skin-metastases-guide (What Do Breast Cancer Metastases Look Like? ...)
      Section: part-2 (Part 2: What Skin Metastases from Breast Cancer Actually Look Like)
      Locator: Infection-like redness
      Quote: "when redness persists despite treatment ..."

  A trainee reads it in Moodle or Canvas as the general feedback; the importer reads it back, so
  the citation survives a platform that drops everything else (Moodle re-exporting a quiz, say).
* **The metadata note**: quizkit's question and option ids, objective, difficulty, level, tags
  and teaching points as one line of JSON, in a GIFT comment or an XML comment, which learning
  platforms ignore. In XML, hyphens are written as ``\\u002d`` so the JSON never holds ``--``,
  which an XML comment may not contain.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from quizkit.bank.model import Bank, Question, QuestionType, Sources

NOTE_PREFIX = "quizkit:"
BANK_NOTE_PREFIX = "quizkit-bank:"
_LABELS = ("Source", "Section", "Locator", "Quote")
_OPTION_LINE = re.compile(r"Option (\d+) \(")


def clean(text: str) -> str:
    """Bank text as exports write it: without the trailing line break a folded YAML block leaves."""
    return text.strip()


def citation_lines(question: Question, sources: Sources | None) -> list[str]:
    """The citation as labelled lines, with the source's and section's titles when known."""
    cite = question.cite
    source = sources.sources.get(cite.source) if sources else None
    section = sources.section(cite.source, cite.section) if sources else None
    lines = [f"Source: {cite.source}" + (f" ({source.title})" if source else ""),
             f"Section: {cite.section}" + (f" (Part {section.number}: {section.title})" if section else "")]
    if cite.locator:
        lines.append(f"Locator: {clean(cite.locator)}")
    if cite.quote:
        lines.append(f'Quote: "{clean(cite.quote)}"')
    return lines


def citation_text(question: Question, sources: Sources | None) -> str:
    return "\n".join(citation_lines(question, sources))


def feedback_text(question: Question, sources: Sources | None, *, rationales: bool = False) -> str:
    """The feedback block: explanation, option rationales when asked for, citation."""
    parts = [clean(question.explanation)]
    if rationales:
        parts.append("\n".join(f"Option {n} ({clean(o.text)}): {clean(o.rationale)}"
                               for n, o in enumerate(question.options, 1)))
    parts.append(citation_text(question, sources))
    return "\n\n".join(parts)


@dataclass
class Feedback:
    """A feedback block read back: what was recognised, and the explanation left over."""

    explanation: str
    #: Option text → rationale, from ``Option N (text): rationale`` lines.
    rationales: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    section: str | None = None
    locator: str | None = None
    quote: str | None = None


def parse_feedback(text: str, option_texts: list[str] | None = None) -> Feedback:
    """Read a feedback block. Text that is not in the documented form stays in the explanation.

    ``option_texts`` lets an ``Option N (text): rationale`` line be recognised exactly, whatever
    the option's text holds (parentheses, colons); lines are matched by the text, not N, since a
    platform may list the options in another order.
    """
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    found = Feedback("")
    if paragraphs and _is_citation(paragraphs[-1]):
        for line in paragraphs.pop().splitlines():
            label, _, value = line.partition(": ")
            value = value.strip()
            if label == "Source":
                found.source = value.split(" ", 1)[0]
            elif label == "Section":
                found.section = value.split(" ", 1)[0]
            elif label == "Locator":
                found.locator = value
            elif label == "Quote":
                found.quote = value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value
    if paragraphs and option_texts and _is_rationales(paragraphs[-1], option_texts):
        for line in paragraphs.pop().splitlines():
            text, prefix = _rationale_of(line, option_texts)  # type: ignore[misc]
            found.rationales[text] = line[len(prefix):]
    found.explanation = "\n\n".join(paragraphs)
    return found


def _is_citation(paragraph: str) -> bool:
    lines = paragraph.splitlines()
    return bool(lines) and lines[0].startswith("Source: ") and all(
        line.partition(": ")[0] in _LABELS for line in lines)


def _rationale_of(line: str, option_texts: list[str]) -> tuple[str, str] | None:
    """The option text a rationale line is about, and the line's prefix; None if it is not one."""
    match = _OPTION_LINE.match(line)
    if not match:
        return None
    for text in sorted(option_texts, key=len, reverse=True):
        prefix = f"{match[0]}{text}): "
        if line.startswith(prefix):
            return text, prefix
    return None


def _is_rationales(paragraph: str, option_texts: list[str]) -> bool:
    return all(_rationale_of(line, option_texts) for line in paragraph.splitlines())


def question_note(question: Question) -> dict[str, Any]:
    """What a format has no field for, about one question."""
    note: dict[str, Any] = {"id": question.id, "type": question.type.value}
    if question.type is not QuestionType.TRUE_FALSE:
        note["options"] = [o.id for o in question.options]
    if question.premises:
        # The key too: GIFT lists a matching question's options by premise, not in the bank's order.
        note["premises"] = [p.id for p in question.premises]
        note["answer"] = dict(question.matches)
    note |= {"objective": clean(question.objective), "difficulty": question.difficulty.value,
             "cognitive_level": question.cognitive_level.value}
    if question.tags:
        note["tags"] = list(question.tags)
    if question.covers:
        note["covers"] = list(question.covers)
    return note


def bank_note(bank: Bank) -> dict[str, Any]:
    """What a format has no field for, about a bank."""
    note: dict[str, Any] = {"id": bank.id, "title": bank.title, "description": clean(bank.description),
                            "version": bank.version, "source": bank.source, "section": bank.section,
                            "authors": list(bank.authors),
                            "review": {"reviewed_by": bank.review.reviewed_by,
                                       "reviewed_on": bank.review.reviewed_on,
                                       "review_by": bank.review.review_by}}
    if bank.blueprint:
        note["blueprint"] = [{"id": p.id, "point": clean(p.point)} for p in bank.blueprint]
    return note


def encode_note(prefix: str, note: dict[str, Any], *, xml: bool = False) -> str:
    """``prefix`` and the note as one line of JSON; with ``xml``, without ``--`` (which an XML
    comment may not hold)."""
    text = json.dumps(note, ensure_ascii=False)
    return f"{prefix} " + (text.replace("-", "\\u002d") if xml else text)


def decode_note(prefix: str, text: str) -> dict[str, Any] | None:
    """The note in ``text`` if it is one written with ``prefix``; None otherwise or if damaged."""
    text = text.strip()
    if not text.startswith(prefix + " "):
        return None
    try:
        note = json.loads(text[len(prefix) + 1:])
    except ValueError:
        return None
    return note if isinstance(note, dict) else None
