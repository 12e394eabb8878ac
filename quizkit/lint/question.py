"""What every lint rule needs beyond its own question: keys, distractors and the bank's vocabulary.

A rule is a function of one question and its :class:`Context`, yielding diagnostics. The context
carries what can only be known from the whole bank, so that each rule stays a pure function of
what it is given and is tested on a one-question bank.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import chain

from quizkit.bank.diagnostics import Diagnostic
from quizkit.bank.model import Bank, Option, Question, QuestionType, TeachingPoint
from quizkit.lint.text import content_of, spelled, split

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
    """A question with what most rules ask of it, worked out once and handed to every rule.

    The stem's and the options' words, which most rules read; other texts (rationales,
    explanation, quote) are split by the one or two rules that read them. A reading is made as
    lint comes to its question and let go after: held for a whole bank, readings would take more
    memory than the bank itself (4.6 kB a question).
    """

    question: Question
    #: The options keyed correct, and the rest (see :func:`keyed` and :func:`distractors`).
    keyed: tuple[Option, ...]
    distractors: tuple[Option, ...]
    #: The ids of ``keyed``.
    key_ids: frozenset[str]
    #: The stem's words (:func:`~quizkit.lint.text.words`) and content words.
    stem_words: tuple[str, ...]
    stem_content: frozenset[str]
    #: Each option's words and content words, by option id.
    option_words: dict[str, tuple[str, ...]]
    option_content: dict[str, frozenset[str]]


def read(question: Question) -> Reading:
    """``question``'s :class:`Reading`."""
    keys = keyed(question)
    key_ids = frozenset([option.id for option in keys])
    # Split here without quizkit.lint.text's memory: each text is read once, by this function.
    option_words = {option.id: split(option.text) for option in question.options}
    stem_words = split(question.stem)
    return Reading(question, tuple(keys), tuple([option for option in question.options if option.id not in key_ids]),
                   key_ids, stem_words, content_of(stem_words), option_words,
                   dict(zip(option_words, map(content_of, option_words.values()), strict=True)))


Check = Callable[[Reading, Context], Iterator[Diagnostic]]


def topic_words(bank: Bank, readings: Iterable[Reading] | None = None) -> frozenset[str]:
    """The content words that appear in the stems or options of many of ``bank``'s questions
    (from ``readings`` of them, one each, when the caller reads them anyway)."""
    if readings is None:
        readings = map(read, bank.questions)
    return frequent_words(Counter(chain.from_iterable(map(stem_and_option_words, readings))), len(bank.questions))


def stem_and_option_words(reading: Reading) -> frozenset[str]:
    """The content words of ``reading``'s stem and options: what a bank's topic words are counted in."""
    return reading.stem_content.union(*reading.option_content.values())


def frequent_words(counts: Counter[str], questions: int) -> frozenset[str]:
    """The topic words among words ``counts`` says are in so many of ``questions`` questions."""
    floor = max(TOPIC_MIN_QUESTIONS, TOPIC_SHARE * questions)
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
