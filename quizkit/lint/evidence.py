"""QL115: the cited quote does not carry the key.

A citation's quote is the evidence a trainee reads under the key. The clinical reviews found
quotes that are real and in the right section, but are the paragraph's topic sentence ("There
are several key points to carry forward.") while the fact that decides the key is the next
sentence. Such a quote shares none of the words that make the key the key. The rule compares
words, not meaning, so a key that paraphrases its quote (an action inferred from a quoted
principle, a synonym) can fire it too: that is what a waiver is for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain

from quizkit.bank.diagnostics import Diagnostic
from quizkit.lint.question import MATCHING, TRUE_FALSE, Context, Reading
from quizkit.lint.text import STOPWORDS, TEXTS_REMEMBERED, Forms, fold, split, words

# The guide spells the American way and the banks the British way: "tumor"/"tumour",
# "prioritize"/"prioritise", "lymphedema"/"lymphoedema", "counseling"/"counselling".
_SPELLINGS = ((re.compile(r"our(s|ed|ing)?$"), r"or\1"), (re.compile(r"is(e|es|ed|ing|ation|ations)$"), r"iz\1"),
              (re.compile(r"oe"), "e"), (re.compile(r"ll"), "l"))


@lru_cache(maxsize=TEXTS_REMEMBERED)
def evidence_words(text: str) -> frozenset[str]:
    """Content words for comparing a quote with a key: as :func:`content_words`, with British and
    American spellings made one, and two-letter terms kept (``ER``, ``PR``, ``IV``, ``CT``).

    Remembered like :func:`content_words`; of texts joined with a space, the union of each text's.
    """
    return evidence_of(words(text))


def evidence_of(found: Iterable[str]) -> frozenset[str]:
    """The words :func:`evidence_words` counts among words ``found`` in a text."""
    return frozenset(filter(None, map(_EVIDENCE_FORMS.__getitem__, found)))


def _evidence_form(word: str) -> str:
    # The word as evidence_words counts it, or "" when it does not count ("" is never a form: the
    # spellings and fold shorten a word of two or more letters to one letter at the least).
    if word in STOPWORDS or len(word) < 2 or word.isdigit():
        return ""
    for pattern, replacement in _SPELLINGS:
        word = pattern.sub(replacement, word)
    return fold(word)


#: Each word's evidence form, decided once per word.
_EVIDENCE_FORMS = Forms(_evidence_form)


def key_units(reading: Reading, context: Context) -> list[frozenset[str]]:
    """What the quote may support, one word set per keyed unit; the quote must share a word with one.

    - single and multiple response: each keyed option's words that no distractor uses (a word
      the distractors share does not tell the key from them); all its words if that leaves none;
    - matching: each keyed pair, the premise's words no other premise uses and the option's words
      no other option uses;
    - true/false: the statement's words, less the bank's topic words (the key is a bare verdict).
    """
    question = reading.question
    if question.type is TRUE_FALSE:
        statement = evidence_words(question.stem)
        return [statement - context.topic_words or statement]
    if question.type is MATCHING:
        premises = {premise.id: evidence_words(premise.text) for premise in question.premises}
        options = {option_id: evidence_of(found) for option_id, found in reading.option_words.items()}
        units = []
        for premise_id, option_id in question.matches:
            others = frozenset().union(*(w for i, w in premises.items() if i != premise_id),
                                       *(w for i, w in options.items() if i != option_id))
            whole = premises.get(premise_id, frozenset()) | options.get(option_id, frozenset())
            units.append(whole - others or whole)
        return units
    wrong = evidence_of(chain.from_iterable(reading.option_words[option.id] for option in reading.distractors))
    keys = [evidence_of(reading.option_words[option.id]) for option in reading.keyed]
    return [key - wrong or key for key in keys]


def quote_misses_key(reading: Reading, context: Context) -> Iterator[Diagnostic]:
    """QL115: the quote shares no distinctive word with any keyed option, pair or statement."""
    question = reading.question
    quote = question.cite.quote
    if quote is None:
        return
    # Only this rule reads the quote: split without remembering it.
    words_quoted = evidence_of(split(quote))
    units = key_units(reading, context)
    if not units or any(words_quoted & unit for unit in units):
        return
    what = {TRUE_FALSE: "the statement", MATCHING: "any keyed pair"}.get(question.type, "any keyed option")
    yield Diagnostic(question.cite.quote_position, "QL115",
                     f"the quote of question '{question.id}' shares no distinctive word with {what}, so it may not "
                     "carry the evidence for the key (a lead-in or topic sentence, or the sentence next to the one "
                     "that decides it). Quote the sentence that states what the key says, or waive with the reason "
                     "the quote supports it.")
