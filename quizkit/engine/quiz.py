"""Building a quiz from banks: filter, count, shuffle, all reproducible from a seed.

A quiz is fixed once built: which questions, in which order, and in which order each
question's options appear. Storing that (not re-deriving it) is what lets an interrupted quiz
resume exactly as it was and a trainee repeat a quiz by its seed.
"""

from __future__ import annotations

import enum
import random
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from quizkit.bank.model import (
    Bank,
    CognitiveLevel,
    Difficulty,
    Option,
    Premise,
    Question,
)
from quizkit.engine.standing import NO_HISTORY, Standing, Status


class Mode(enum.Enum):
    PRACTICE = "practice"  # feedback after each answer
    EXAM = "exam"  # feedback at the end; free navigation, flags, optional time limit


class QuizKind(enum.Enum):
    """What a quiz was for, which says whether its score stands for the parts it asked.

    Only a *part* quiz (every question of the banks chosen) measures a part: a retry of missed
    questions or a review of the due ones asks the hardest questions, or the ones just seen, and a
    custom selection asks a slice; their scores are real but are not the part's score, so they
    never set its best or its trend (quizkit.history.queries.part_trends).
    """

    PART = "part"
    CUSTOM = "custom"
    RETRY = "retry"
    REVIEW = "review"
    LEECHES = "leeches"

    @property
    def label(self) -> str:
        """The name a trainee sees on the quiz and in the history."""
        return {"part": "Quiz", "custom": "Custom quiz", "retry": "Retry", "review": "Spaced review",
                "leeches": "Leeches"}[self.value]

#: Seeds are stored as SQLite integers (signed 64-bit); a larger one could not be saved or repeated.
MAX_SEED = 2**63 - 1


class QuizError(ValueError):
    """The quiz asked for cannot be built (no question matches the filters, say)."""


@dataclass(frozen=True, slots=True)
class SpecProblem:
    """One setting of a :class:`QuizSpec` that cannot be used: which, and why, in words a trainee reads.

    ``setting`` names the setting (``count``, ``time_limit``, ``seed`` or ``tags``), so that each face can point at
    its own control: the builder at a field, the command line at an option.
    """

    setting: str
    message: str


class QuizSpecError(QuizError):
    """A spec with settings that cannot be used; :attr:`problems` says which."""

    def __init__(self, problems: list[SpecProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(problem.message for problem in problems))


@dataclass(frozen=True, slots=True)
class QuizSpec:
    """What the trainee asked for. Empty filters mean "any".

    Any spec can be made; :meth:`problems` (or :meth:`validate`) says whether it can be used, and
    every face asks it rather than checking the settings its own way.
    """

    mode: Mode = Mode.PRACTICE
    count: int | None = None
    tags: frozenset[str] = frozenset()
    difficulties: frozenset[Difficulty] = frozenset()
    levels: frozenset[CognitiveLevel] = frozenset()
    question_ids: frozenset[str] = frozenset()
    shuffle: bool = True
    seed: int | None = None
    time_limit_seconds: int | None = None
    #: Keep only questions with one of these standings in the trainee's history (any of them).
    statuses: frozenset[Status] = frozenset()
    #: What the quiz was made as, when its maker says so (retry, review and leeches from the
    #: history); None for one built from filters, whose kind they decide (:attr:`kind`).
    origin: QuizKind | None = None

    @property
    def kind(self) -> QuizKind:
        """What the quiz is for: its origin, else a part quiz unless a filter or count leaves questions out."""
        if self.origin is not None:
            return self.origin
        narrowed = (self.tags or self.question_ids or self.statuses or self.count is not None
                    or (self.difficulties and self.difficulties != frozenset(Difficulty))
                    or (self.levels and self.levels != frozenset(CognitiveLevel)))
        return QuizKind.CUSTOM if narrowed else QuizKind.PART

    def problems(self, available: int | None = None, tags: Collection[str] | None = None) -> list[SpecProblem]:
        """The settings that cannot be used, in the order the builder shows them; given the
        number of questions ``available``, a count above it is one too, and given the ``tags``
        the banks use, a tag none of them has (a typo would otherwise narrow to nothing, or,
        beside another tag, be silently ignored)."""
        found = []
        if self.count is not None and (self.count < 1 or (available is not None and self.count > available)):
            found.append(SpecProblem("count", f"enter a number of questions from 1 to {available}" if available
                                     else "a quiz needs at least one question"))
        if self.time_limit_seconds is not None:
            if self.time_limit_seconds < 60:
                found.append(SpecProblem("time_limit", "the time limit must be at least one minute"))
            elif self.mode is not Mode.EXAM:
                found.append(SpecProblem("time_limit", "a time limit applies to exam mode only"))
        if self.seed is not None and not 0 <= self.seed <= MAX_SEED:
            found.append(SpecProblem("seed", f"the seed must be a whole number from 0 to {MAX_SEED}"))
        unknown = sorted(self.tags - set(tags)) if tags is not None else []
        if unknown:
            named = ", ".join(f"'{tag}'" for tag in unknown)
            found.append(SpecProblem("tags", f"no question has the tag{'s' if len(unknown) > 1 else ''} {named}; "
                                             "choose among the tags the banks use"))
        return found

    def validate(self) -> QuizSpec:
        """This spec, or :class:`QuizSpecError` naming every setting that cannot be used."""
        found = self.problems()
        if found:
            raise QuizSpecError(found)
        return self


@dataclass(frozen=True, slots=True)
class QuizItem:
    """One question as it appears in this quiz: its option and premise order fixed."""

    question: Question
    option_order: tuple[str, ...]
    premise_order: tuple[str, ...] = ()

    @property
    def options(self) -> tuple[Option, ...]:
        """The question's options in the order shown."""
        return tuple(self.question.option(option_id) for option_id in self.option_order)

    @property
    def premises(self) -> tuple[Premise, ...]:
        return tuple(self.question.premise(premise_id) for premise_id in self.premise_order)


@dataclass(frozen=True, slots=True)
class Quiz:
    spec: QuizSpec
    seed: int
    items: tuple[QuizItem, ...]
    bank_ids: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.items)


def tag_counts(banks: Iterable[Bank]) -> dict[str, int]:
    """Each tag the banks use → how many of their questions have it, most used first (then by name)."""
    counts = Counter(tag for bank in banks for question in bank.questions for tag in set(question.tags))
    return dict(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))


def matches(question: Question, spec: QuizSpec, standing: Standing = NO_HISTORY) -> bool:
    return ((not spec.tags or bool(spec.tags & set(question.tags)))
            and (not spec.difficulties or question.difficulty in spec.difficulties)
            and (not spec.levels or question.cognitive_level in spec.levels)
            and (not spec.question_ids or question.id in spec.question_ids)
            and (not spec.statuses or any(standing.has(question.id, status) for status in spec.statuses)))


def build_quiz(banks: Iterable[Bank], spec: QuizSpec, standing: Standing = NO_HISTORY) -> Quiz:
    """Pick, order and shuffle questions as ``spec`` asks; the same seed gives the same quiz.

    ``standing`` is the trainee's record, which the status filters read (without a history every
    question is unseen, none missed or flagged). A tag no bank uses is a :class:`QuizSpecError`.
    """
    banks = list(banks)
    problems = spec.problems(tags=tag_counts(banks))
    if problems:
        raise QuizSpecError(problems)
    seed = spec.seed if spec.seed is not None else random.SystemRandom().randrange(10**6)
    rng = random.Random(seed)
    pool = [q for bank in banks for q in bank.questions if matches(q, spec, standing)]
    if not pool:
        statuses = " or ".join(status.label for status in sorted(spec.statuses, key=lambda s: s.value))
        raise QuizError(f"no question matches these filters; widen the {statuses + ' choice, the ' if statuses else ''}"
                        "tags, difficulty or level.")
    if spec.shuffle:
        rng.shuffle(pool)
    if spec.count is not None:
        pool = pool[: spec.count]
    items = tuple(_item(question, rng if spec.shuffle else None) for question in pool)
    return Quiz(spec, seed, items, tuple(bank.id for bank in banks))


def _item(question: Question, rng: random.Random | None) -> QuizItem:
    options = [option.id for option in question.options]
    premises = [premise.id for premise in question.premises]
    # True/false keeps True before False: shuffling them only confuses.
    if rng is not None and question.type.value != "true_false":
        rng.shuffle(options)
        rng.shuffle(premises)
    return QuizItem(question, tuple(options), tuple(premises))

