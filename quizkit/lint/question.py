"""What every lint rule needs beyond its own question: keys, distractors and the bank's vocabulary.

A rule is a function of one question and its :class:`Context`, yielding diagnostics. The context
carries what can only be known from the whole bank, so that each rule stays a pure function of
what it is given and is tested on a one-question bank.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from quizkit.bank.diagnostics import Diagnostic
from quizkit.bank.model import Bank, Option, Question, QuestionType, TeachingPoint
from quizkit.lint.text import content_words_of, spelled

SINGLE, MULTIPLE, TRUE_FALSE, MATCHING = (QuestionType.SINGLE, QuestionType.MULTIPLE,
                                          QuestionType.TRUE_FALSE, QuestionType.MATCHING)

#: A word in at least this share of a bank's questions (and in at least TOPIC_MIN_QUESTIONS of them)
#: is the bank's subject ("skin", "nodule"): every stem says it, so a key that says it too is no echo.
TOPIC_SHARE, TOPIC_MIN_QUESTIONS = 0.2, 3


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule may know beyond its question: the words its bank uses throughout, and its blueprint."""

    #: Content words in many of the bank's questions: its subject, not a cue (see :func:`topic_words`).
    topic_words: frozenset[str] = frozenset()
    #: The bank's teaching points, which a question's ``covers`` names.
    blueprint: tuple[TeachingPoint, ...] = ()


@dataclass(frozen=True, slots=True)
class Reading:
    """A question with what most rules ask of it, worked out once before any rule runs (every
    rule is handed the same reading); the words of its texts are remembered by quizkit.lint.text."""

    question: Question
    #: The options keyed correct, and the rest (see :func:`keyed` and :func:`distractors`).
    keyed: tuple[Option, ...]
    distractors: tuple[Option, ...]
    #: The ids of ``keyed``.
    key_ids: frozenset[str]


def read(question: Question) -> Reading:
    """``question``'s :class:`Reading`."""
    keys = keyed(question)
    key_ids = frozenset(option.id for option in keys)
    return Reading(question, tuple(keys), tuple(option for option in question.options if option.id not in key_ids), key_ids)


Check = Callable[[Reading, Context], Iterator[Diagnostic]]


def topic_words(bank: Bank) -> frozenset[str]:
    """The content words that appear in the stems or options of many of ``bank``'s questions."""
    counts = Counter(word for question in bank.questions
                     for word in content_words_of([question.stem, *(o.text for o in question.options)]))
    floor = max(TOPIC_MIN_QUESTIONS, TOPIC_SHARE * len(bank.questions))
    return frozenset(word for word, count in counts.items() if count >= floor)


def keyed(question: Question) -> list[Option]:
    """The options keyed correct; for matching, those paired with some premise."""
    keys = set(question.match_map.values()) if question.type is MATCHING else question.key
    return [option for option in question.options if option.id in keys]


def distractors(question: Question) -> list[Option]:
    """The options keyed wrong; for matching, those paired with no premise."""
    keys = {option.id for option in keyed(question)}
    return [option for option in question.options if option.id not in keys]


def ids(options: Sequence[Option]) -> str:
    """Option ids for a message: 'a', 'c'."""
    return ", ".join(f"'{option.id}'" for option in options)


def quoted(text: str, folded: AbstractSet[str]) -> str:
    """The words of ``text`` with these folded forms, as written there, for a message."""
    return ", ".join(f"'{word}'" for word in spelled(text, folded))
