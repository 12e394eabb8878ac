"""Lint rules about how the question is asked: the stem and its lead-in.

A trainee should know what is asked before reading the options (NBME: a focused lead-in that can
be answered with the options covered), and the wording of the stem must not point at an option.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizkit.bank.diagnostics import Diagnostic
from quizkit.lint.question import MULTIPLE, SINGLE, TRUE_FALSE, Context, Reading, ids
from quizkit.lint.text import lead_in, sentences, starts_with_vowel_sound, words

# QL101 -------------------------------------------------------------------------------------

#: Imperative verbs that open a lead-in which asks without a question mark.
LEAD_IN_VERBS = frozenset({"select", "choose", "identify", "indicate", "match", "pair", "name", "pick",
                           "mark", "arrange", "rank", "order", "classify", "link", "assign", "sort"})


def stem_asks_nothing(reading: Reading, context: Context) -> Iterator[Diagnostic]:
    """A choice or matching stem that ends as a statement, without a question or an instruction."""
    question = reading.question
    # A true/false stem is the statement being judged; it is not meant to ask.
    if question.type is TRUE_FALSE or "?" in question.stem:
        return
    if any(next(iter(words(sentence)), "") in LEAD_IN_VERBS for sentence in sentences(question.stem)):
        return
    # An incomplete statement ("The most likely diagnosis is", "...is caused by:") asks the
    # trainee to complete it; only a stem that ends as a finished statement asks nothing.
    if not question.stem.rstrip().endswith((".", "!")):
        return
    yield Diagnostic(question.position, "QL101",
                     f"the stem of question '{question.id}' asks nothing: it ends as a statement, with no question and "
                     "no lead-in such as 'Select all that apply' or 'Match each...'. A trainee should know the task "
                     "before reading the options; end the stem with the question (e.g. 'Which is the most likely "
                     "diagnosis?').")


# QL102 -------------------------------------------------------------------------------------

_NEGATIVE = re.compile(r"\b(?:not|except|least|cannot|\w+n['’]t)\b", re.IGNORECASE)
#: What every match of _NEGATIVE holds, looked for in lower-cased ASCII first (a quarter of the cost).
_NEGATIVE_PART = re.compile(r"not|except|least|n't")


def negative_stem_not_emphasised(reading: Reading, context: Context) -> Iterator[Diagnostic]:
    """A lower-case negative (not, except, least...) in the lead-in."""
    question = reading.question
    # The lead-in is part of the stem, cut at whitespace: no negative in the stem, none in it.
    if question.type not in (SINGLE, MULTIPLE) or not _may_be_negative(question.stem):
        return
    asking = lead_in(question.stem)
    for match in _NEGATIVE.finditer(asking):
        word = match.group()
        if word.isupper() or re.search(r"\bat\s+$", asking[:match.start()], re.IGNORECASE):
            continue
        yield Diagnostic(question.position, "QL102",
                         f"the lead-in of question '{question.id}' turns on '{word}' in lower case. Trainees read past a "
                         f"small negative and answer the opposite question; write it in capitals ('{word.upper()}') or, "
                         "better, ask the question positively.")
        return


def _may_be_negative(text: str) -> bool:
    if text.isascii():
        return _NEGATIVE_PART.search(text.lower()) is not None and _NEGATIVE.search(text) is not None
    return _NEGATIVE.search(text) is not None


# QL105 -------------------------------------------------------------------------------------


def article_cue(reading: Reading, context: Context) -> Iterator[Diagnostic]:
    """A stem ending in 'a' or 'an' that some options do not fit as spoken."""
    question = reading.question
    if question.type not in (SINGLE, MULTIPLE):
        return
    tail = reading.stem_words[-1:]
    if tail not in (("a",), ("an",)):
        return
    article = tail[0]
    misfits = [option for option in question.options
               if (vowel := starts_with_vowel_sound(option.text)) is not None and vowel != (article == "an")]
    if not misfits:
        return
    keys = reading.key_ids
    cue = " (the key does fit, so they can be ruled out on grammar alone)" if not keys & {o.id for o in misfits} else ""
    yield Diagnostic(question.position, "QL105",
                     f"the stem of question '{question.id}' ends with '{article}', which does not fit option(s) "
                     f"{ids(misfits)}{cue}. End the stem before the article and start each option with its own "
                     "'a' or 'an', or rephrase the stem as a question.")


# QL106 -------------------------------------------------------------------------------------

_ASKS_NUMBER = re.compile(r"^(?:which|what)\b(?:\s+[\w-]+){0,4}?\s+(is|was|are|were)\b", re.IGNORECASE)
_SINGULAR_OPENERS = frozenset({"a", "an", "one", "this", "that", "each", "every", "another", "single"})
_PLURAL_OPENERS = frozenset({"two", "three", "four", "five", "six", "several", "many", "multiple", "various",
                             "numerous", "these", "those"})


def _number(tokens: tuple[str, ...]) -> str | None:
    first = tokens[:1]
    if first and first[0] in _SINGULAR_OPENERS:
        return "singular"
    if first and first[0] in _PLURAL_OPENERS:
        return "plural"
    return None


def number_cue(reading: Reading, context: Context) -> Iterator[Diagnostic]:
    """A singular or plural lead-in that some options do not agree with."""
    question = reading.question
    # Only single best answer: a select-all stem is plural by nature, whatever each option is.
    if question.type is not SINGLE:
        return
    asked = _ASKS_NUMBER.search(lead_in(question.stem))
    if asked is None:
        return
    verb = asked.group(1).casefold()
    wanted = "plural" if verb in ("are", "were") else "singular"
    misfits = [option for option in question.options if _number(reading.option_words[option.id]) not in (None, wanted)]
    if not misfits:
        return
    keys = reading.key_ids
    cue = " (the key fits, so they can be ruled out on grammar alone)" if not keys & {o.id for o in misfits} else ""
    yield Diagnostic(question.position, "QL106",
                     f"the lead-in of question '{question.id}' asks '... {verb}' ({wanted}), but option(s) "
                     f"{ids(misfits)} read as {'singular' if wanted == 'plural' else 'plural'}{cue}. "
                     "Make every option agree with the stem, or word the stem so that both fit.")
