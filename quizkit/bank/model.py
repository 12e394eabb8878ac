"""The typed, frozen form of a bank: what every part of quizkit works with after loading.

Objects remember where in the file they came from, so a check far from the loader can still
point an educator at ``file:line:col``. True/false questions are given two options, ``true``
and ``false``, carrying the author's two rationales, so that the engine and the app treat every
choice question alike.

The classes are frozen but not slotted: a slotted dataclass unpickles through a Python-level
``__setstate__``, which made loading a cached 10,000-question bank twice as slow. Measured again
on 2026-12-01 (issue #17): slotted, these classes and ``Position`` took 7 MB less at the peak of
``quizkit validate`` at 10,000 questions (89.6 to 82.2 MB), but unpickling the cached bank took
0.31 s instead of 0.17 s and the app's later starts on it 0.76 s instead of 0.65 s (``Position``
alone slotted: 4.5 MB less, 0.26 s to unpickle). So they stay as they are.
"""

from __future__ import annotations

import array
import enum
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from quizkit.bank.diagnostics import Position


class QuestionType(enum.Enum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    MATCHING = "matching"

    @property
    def label(self) -> str:
        return {"single": "Single best answer", "multiple": "Select all that apply",
                "true_false": "True or false", "matching": "Matching"}[self.value]


class Difficulty(enum.Enum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class CognitiveLevel(enum.Enum):
    RECALL = "recall"
    UNDERSTANDING = "understanding"
    APPLICATION = "application"


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    rationale: str
    position: Position = field(compare=False)


@dataclass(frozen=True)
class Premise:
    id: str
    text: str
    position: Position = field(compare=False)


@dataclass(frozen=True)
class Citation:
    source: str
    section: str
    locator: str | None
    quote: str | None
    section_position: Position = field(compare=False)
    quote_position: Position = field(compare=False)


@dataclass(frozen=True)
class LintWaiver:
    rule: str
    reason: str
    position: Position = field(compare=False)


@dataclass(frozen=True)
class Question:
    id: str
    bank_id: str
    type: QuestionType
    stem: str
    options: tuple[Option, ...]
    premises: tuple[Premise, ...]
    #: Option ids that are keyed correct (single, multiple, true_false); empty for matching.
    key: frozenset[str]
    #: (premise id, option id) pairs, in premise order (matching only); empty otherwise.
    matches: tuple[tuple[str, str], ...]
    explanation: str
    cite: Citation
    objective: str
    difficulty: Difficulty
    cognitive_level: CognitiveLevel
    tags: tuple[str, ...]
    covers: tuple[str, ...]
    waivers: tuple[LintWaiver, ...]
    #: sha256 of the question as written, so history can tell when a question was edited.
    content_hash: str
    position: Position = field(compare=False)
    answer_position: Position = field(compare=False)
    covers_position: Position = field(compare=False)
    #: Where each pair of ``matches`` is written, so a conflict points at its own line.
    match_positions: tuple[Position, ...] = field(default=(), compare=False)

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)

    @property
    def match_map(self) -> dict[str, str]:
        return dict(self.matches)

    def premise(self, premise_id: str) -> Premise:
        for premise in self.premises:
            if premise.id == premise_id:
                return premise
        raise KeyError(premise_id)


@dataclass(frozen=True)
class ClinicalReview:
    reviewed_by: str
    reviewed_on: str
    review_by: str
    position: Position = field(compare=False)


@dataclass(frozen=True)
class TeachingPoint:
    id: str
    point: str
    position: Position = field(compare=False)


@dataclass(frozen=True)
class Bank:
    id: str
    title: str
    description: str
    version: str
    source: str
    section: str
    authors: tuple[str, ...]
    review: ClinicalReview
    blueprint: tuple[TeachingPoint, ...]
    questions: tuple[Question, ...]
    path: str
    id_position: Position = field(compare=False)
    source_position: Position = field(compare=False)
    section_position: Position = field(compare=False)


@dataclass(frozen=True, slots=True)
class CitedQuestion:
    """A question as the checks across banks see it: its id, its citation and their places."""

    id: str
    position: Position
    source: str
    section: str
    quote: str | None
    quote_position: Position


@dataclass(frozen=True, slots=True)
class BankOutline:
    """What the checks across banks (unique ids, quotes against a source's text) need of a bank.

    ``quizkit validate`` keeps only this of each bank once the bank's own checks have run, so
    checking a folder of many banks holds one bank at a time, not all of them at once. It is
    kept in columns (the places as numbers in one array, the few sources and sections a bank
    cites shared, the quotes only when a source's text will be checked): with an object per
    question, ``quizkit validate`` peaked at 175 MB on 100,000 questions in ten files, against
    134 MB for check-jsonschema, which keeps nothing between files; in columns, 149 MB, and
    110 MB once each bank is let go before the next file is read (measured 2026-12-01).
    """

    id: str
    path: str
    id_position: Position
    ids: tuple[str, ...]
    sources: tuple[str, ...]
    sections: tuple[str, ...]
    #: Each question's quote, or all None when the quotes are not needed.
    quotes: tuple[str | None, ...]
    #: Four numbers a question: its line and column, then its quote's line and column.
    places: array.array[int]

    @classmethod
    def of(cls, bank: Bank, *, quotes: bool = True) -> BankOutline:
        questions = bank.questions
        places = array.array("I")
        for question in questions:
            places.extend((question.position.line, question.position.column,
                           question.cite.quote_position.line, question.cite.quote_position.column))
        return cls(bank.id, bank.path, bank.id_position, tuple(q.id for q in questions),
                   tuple(sys.intern(q.cite.source) for q in questions),
                   tuple(sys.intern(q.cite.section) for q in questions),
                   tuple(q.cite.quote if quotes else None for q in questions), places)

    @property
    def questions(self) -> Iterator[CitedQuestion]:
        """Each question in turn, made when asked for."""
        path = self.id_position.path
        for index, question_id in enumerate(self.ids):
            line, column, quote_line, quote_column = self.places[4 * index:4 * index + 4]
            yield CitedQuestion(question_id, Position(path, line, column), self.sources[index], self.sections[index],
                                self.quotes[index], Position(path, quote_line, quote_column))


@dataclass(frozen=True)
class Section:
    id: str
    number: int
    title: str
    fingerprint: str
    outline: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    heading_pattern: str
    sections: tuple[Section, ...]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


@dataclass(frozen=True)
class Sources:
    """The sources file: what citations resolve against."""

    sources: Mapping[str, Source]
    path: str

    def section(self, source_id: str, section_id: str) -> Section | None:
        source = self.sources.get(source_id)
        return source.section(section_id) if source else None
