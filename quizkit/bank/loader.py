"""Reading banks and the sources file: strict YAML, then the schema, then typed objects.

This is the only place that reads bank files. A file either becomes a :class:`Bank` or yields
diagnostics; nothing half-checked leaves here.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizkit.bank import schema as schemas
from quizkit.bank.cache import BankCache
from quizkit.bank.diagnostics import BankError, Diagnostic
from quizkit.bank.leftovers import template_leftovers
from quizkit.bank.model import (
    Bank,
    Citation,
    ClinicalReview,
    CognitiveLevel,
    Difficulty,
    LintWaiver,
    Option,
    Premise,
    Question,
    QuestionType,
    Section,
    Source,
    Sources,
    TeachingPoint,
)
from quizkit.gcpause import collector_paused

if TYPE_CHECKING:
    from quizkit.bank.yamlstrict import Document

TRUE_FALSE_OPTIONS = (("true", "True", "rationale_true"), ("false", "False", "rationale_false"))


@dataclass(frozen=True, slots=True)
class Loaded:
    """The outcome of reading one file: the bank when it is structurally sound, and what was found
    (a sound bank may still have errors: template text left in it)."""

    path: Path
    bank: Bank | None
    diagnostics: tuple[Diagnostic, ...]


def read_bank(path: Path, cache: BankCache | None = None, max_bytes: int | None = None) -> Loaded:
    """Read one bank file; never raises for bad input. With ``cache``, a file read before
    with the same content is not parsed or schema-checked again. ``max_bytes`` overrides the
    size limit of :data:`quizkit.bank.yamlstrict.MAX_BYTES`.

    A bank that is sound but still holds template text (QK318) is returned with those errors,
    so that `quizkit new` can append to it; it is never stored in the cache, which holds only
    banks that passed every check of the file.
    """
    if cache is None:
        return _read_bank(path, max_bytes)
    fresh: list[Loaded] = []

    def build() -> Bank | None:
        fresh.append(_read_bank(path, max_bytes))
        return None if fresh[0].diagnostics else fresh[0].bank

    bank = cache.get_or_build(path, schemas.BANK_SCHEMA, Bank, build)
    return fresh[0] if fresh else Loaded(path, bank, ())


def _read_bank(path: Path, max_bytes: int | None = None) -> Loaded:
    from quizkit.bank.yamlstrict import (  # PyYAML: 20 ms of start-up, wanted only when the cache misses
        MAX_BYTES,
        read_document,
    )

    with collector_paused():
        try:
            document = read_document(path, MAX_BYTES if max_bytes is None else max_bytes)
        except BankError as error:
            return Loaded(path, None, tuple(error.diagnostics))
        found = schemas.check(document, schemas.BANK_SCHEMA)
        if found:
            return Loaded(path, None, tuple(found))
        leftovers = tuple(template_leftovers(document))  # first: _bank lets go of the questions
        return Loaded(path, _bank(document), leftovers)


def _pattern_problems(document: Document) -> list[Diagnostic]:
    """Each source's heading pattern must compile and name the groups the splitter reads; found
    here, a bad pattern is one message at its line, not a crash when a source text is split."""
    problems = []
    for i, raw in enumerate(document.data["sources"]):
        where = ("sources", i, "heading_pattern")
        try:
            groups = re.compile(raw["heading_pattern"]).groupindex
        except re.error as error:
            problems.append(Diagnostic(document.position(where), "QK206",
                                       f"heading_pattern is not a valid regular expression ({error}). Fix it, "
                                       "for instance ^Part (?P<number>[0-9]+): (?P<title>.+)$"))
            continue
        missing = [name for name in ("number", "title") if name not in groups]
        if missing:
            problems.append(Diagnostic(document.position(where), "QK206",
                                       f"heading_pattern has no group named {' or '.join(missing)}; name them "
                                       "(?P<number>...) and (?P<title>...), as the sources file's format says."))
    return problems


def read_sources(path: Path, cache: BankCache | None = None) -> Sources:
    """Read the sources file; raise :class:`BankError` if it is unusable."""
    if cache is not None:
        sources = cache.get_or_build(path, schemas.SOURCES_SCHEMA, Sources, lambda: read_sources(path))
        assert sources is not None  # read_sources raises rather than return None
        return sources
    from quizkit.bank.yamlstrict import read_document

    document = read_document(path)
    found = schemas.check(document, schemas.SOURCES_SCHEMA) or _pattern_problems(document)
    if found:
        raise BankError(found)
    by_id = {
        raw["id"]: Source(
            id=raw["id"], title=raw["title"], heading_pattern=raw["heading_pattern"],
            sections=tuple(
                Section(s["id"], s["number"], s["title"], s["fingerprint"], tuple(s.get("outline", ())))
                for s in raw["sections"]
            ),
        )
        for raw in document.data["sources"]
    }
    return Sources(by_id, str(path))


def content_hash(raw_question: dict[str, Any]) -> str:
    """A hash of what the question says, independent of key order and YAML layout."""
    canonical = json.dumps(raw_question, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _bank(document: Document) -> Bank:
    """The typed bank; it releases each question from ``document`` once typed (the questions' raw
    mappings and their places would double the memory of a large bank at its peak)."""
    data = document.data
    review = data["review"]
    return Bank(
        id=data["id"], title=data["title"], description=data["description"], version=data["version"],
        source=data["source"], section=data["section"], authors=tuple(data["authors"]),
        review=ClinicalReview(review["reviewed_by"], review["reviewed_on"], review["review_by"],
                      document.position(("review", "review_by"))),
        blueprint=tuple(
            TeachingPoint(point["id"], point["point"], document.position(("blueprint", index)))
            for index, point in enumerate(data.get("blueprint", ()))
        ),
        questions=tuple(_released(_question(document, index, data["id"], data["source"]), document, index)
                        for index in range(len(data["questions"]))),
        path=str(document.path),
        id_position=document.position(("id",)),
        source_position=document.position(("source",)),
        section_position=document.position(("section",)),
    )


def _released(question: Question, document: Document, index: int) -> Question:
    document.release(("questions", index))
    return question


def _question(document: Document, index: int, bank_id: str, source: str) -> Question:
    where = ("questions", index)
    raw = document.data["questions"][index]
    kind = QuestionType(raw["type"])
    answer = raw["answer"]
    if kind is QuestionType.TRUE_FALSE:
        options = tuple(Option(option_id, text, raw[rationale], document.position((*where, rationale)))
                        for option_id, text, rationale in TRUE_FALSE_OPTIONS)
        key = frozenset({"true" if answer else "false"})
    else:
        options = tuple(Option(o["id"], o["text"], o["rationale"], document.position((*where, "options", i)))
                        for i, o in enumerate(raw["options"]))
        key = frozenset() if kind is QuestionType.MATCHING else frozenset([answer] if isinstance(answer, str) else answer)
    cite = raw["cite"]
    return Question(
        id=raw["id"], bank_id=bank_id, type=kind, stem=raw["stem"], options=options,
        premises=tuple(Premise(p["id"], p["text"], document.position((*where, "premises", i)))
                       for i, p in enumerate(raw.get("premises", ()))),
        key=key,
        matches=tuple(answer.items()) if kind is QuestionType.MATCHING else (),
        explanation=raw["explanation"],
        cite=Citation(source, cite["section"], cite.get("locator"), cite.get("quote"),
                      document.position((*where, "cite", "section")), document.position((*where, "cite", "quote"))),
        objective=raw["objective"], difficulty=Difficulty(raw["difficulty"]),
        cognitive_level=CognitiveLevel(raw["cognitive_level"]),
        tags=tuple(raw.get("tags", ())), covers=tuple(raw.get("covers", ())),
        waivers=tuple(LintWaiver(w["rule"], w["reason"], document.position((*where, "lint", i)))
                      for i, w in enumerate(raw.get("lint", ()))),
        content_hash=content_hash(raw),
        position=document.position(where),
        answer_position=document.position((*where, "answer")),
        covers_position=document.position((*where, "covers")),
        match_positions=tuple(document.position((*where, "answer", premise_id)) for premise_id in answer)
        if kind is QuestionType.MATCHING else (),
    )
