"""Lint rules about cues in the options: what lets a test-wise trainee pick the key unread.

Each rule is a cue that item-writing guidance (the NBME's among others) names: options that point
at other options, a key longer, more echoing or more central than the rest, absolutes that mark
wrong answers, vague frequencies, options that duplicate each other or differ in kind. Thresholds
are named constants so that docs/lint.md and the code say the same thing.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from itertools import chain

from quizkit.bank.diagnostics import Diagnostic
from quizkit.bank.model import Option, Question
from quizkit.lint.question import (
    MATCHING,
    MULTIPLE,
    SINGLE,
    TRUE_FALSE,
    Context,
    Reading,
    ids,
    quoted,
)
from quizkit.lint.text import comparable_of, content_words, find_terms, may_hold_terms

#: The insert-and-delete distance of two texts (their lengths less twice their longest common
#: subsequence), from rapidfuzz, a C library: QL111's bound (see _bound). None without it, as
#: the tests also run it.
_indel_distance: Callable[[str, str], int] | None
try:
    from rapidfuzz.distance import Indel

    _indel_distance = Indel.distance
except ImportError:
    _indel_distance = None

def _texts(question: Question) -> list[str]:
    # The options' texts, for one search of them all before each is looked at (most hold no term).
    return [option.text for option in question.options]


# QL103 -------------------------------------------------------------------------------------

_OF_THE_ABOVE = re.compile(
    r"\b(?:all|none|both|neither|any)\s+(?:of\s+)?(?:the\s+)?"
    r"(?:above|preceding|foregoing|(?:options|answers|choices|others|these|those|them|listed)\s*[.!]?\s*$)",
    re.IGNORECASE)
#: A word every match of _OF_THE_ABOVE holds: searched for once in all of a question's options,
#: lower-cased ASCII (without IGNORECASE, four times as fast; other text goes to _OF_THE_ABOVE).
_OF_THE_ABOVE_WORD = re.compile(r"all|none|both|neither|any")
_JOINERS = frozenset({"both", "and", "or", "neither", "nor", "only"})


def all_or_none_of_the_above(reading: Reading, context: Context) -> Iterator[Diagnostic]:
    """Options that point at other options instead of answering."""
    question = reading.question
    if question.type is TRUE_FALSE:
        return
    option_ids = {option.id.casefold() for option in question.options}
    # An option made of option ids and joiners only ("a and b") refers to other options; its
    # first word tells most options apart from such a one.
    referring = option_ids | _JOINERS
    joined = " ".join(_texts(question))
    any_above = not joined.isascii() or _OF_THE_ABOVE_WORD.search(joined.lower()) is not None
    for option in question.options:
        tokens = reading.option_words[option.id]
        refers = set(tokens) - _JOINERS if tokens and tokens[0] in referring else set()
        if ((any_above and _OF_THE_ABOVE.search(option.text))
                or (len(refers) > 1 and refers <= option_ids and len(tokens) > len(refers))):
            yield Diagnostic(option.position, "QL103",
                             f"option '{option.id}' of question '{question.id}' ('{option.text.strip()}') points at other "
                             "options. 'All of the above' can be chosen on partial knowledge (spot two right options), "
                             "'none of the above' tests only what is wrong, and either breaks when options are shuffled. "
                             "Replace it with a specific, plausible option.")


# QL104 -------------------------------------------------------------------------------------

#: The key is "noticeably" longest when it is at least this many times the distractors' mean length ...
LONG_KEY_RATIO = 1.5
#: ... and beats the longest distractor by this fraction of its length, and by at least MIN_CHARS.
LONG_KEY_MARGIN, LONG_KEY_MIN_CHARS = 0.2, 10


def _length(option: Option) -> int:
    return len(" ".join(option.text.split()))


def key_longest(reading: Reading, context: Context) -> Iterator[Diagnostic]:
    """A key (or set of keys) noticeably longer than the distractors."""
    question = reading.question
    if question.type not in (SINGLE, MULTIPLE):
        return
    keys, others = reading.keyed, reading.distractors
    if not keys or not others:
        return
    key_lengths, other_lengths = list(map(_length, keys)), list(map(_length, others))
    shortest_key, longest_other = min(key_lengths), max(other_lengths)
    # Whole numbers divided once: the correctly rounded mean, as statistics.mean gives it, without its fractions.
    key_mean, other_mean = sum(key_lengths) / len(key_lengths), sum(other_lengths) / len(other_lengths)
    if (key_mean >= LONG_KEY_RATIO * other_mean
            and shortest_key - longest_other >= max(LONG_KEY_MIN_CHARS, LONG_KEY_MARGIN * longest_other)):
        what = "the key is" if len(keys) == 1 else "every keyed option is"
        yield Diagnostic(keys[0].position, "QL104",
                         f"in question '{question.id}' {what} noticeably longer than the distractors "
                         f"({key_mean:.0f} characters against a mean of {other_mean:.0f}, longest {longest_other}). "
                         "Test-wise trainees pick the longest, most qualified option; trim the key or give the "
                         "distractors the same level of detail.")


# QL107 -------------------------------------------------------------------------------------

def clang(reading: Reading, context: Context) -> Iterator[Diagnostic]:
    """A distinctive stem word that only the key repeats (for matching, only its pair)."""
    question = reading.question
    if question.type is MATCHING:
        yield from _matching_clang(question)
        return
    if question.type not in (SINGLE, MULTIPLE):
        return
    stem = reading.stem_content - context.topic_words
    elsewhere = set().union(*(reading.option_content[option.id] for option in reading.distractors))
    for option in reading.keyed:
        shared = (reading.option_content[option.id] & stem) - elsewhere
        if shared:
            yield Diagnostic(option.position, "QL107",
                             f"keyed option '{option.id}' of question '{question.id}' repeats "
                             f"{quoted(option.text, shared)} from the stem, and no distractor does. "
                             "Trainees match the echo instead of knowing the answer; reword the key, or use the word "
                             "in distractors too.")


def _matching_clang(question: Question) -> Iterator[Diagnostic]:
    # A premise is short, so any word it shares with its match stands out, topic word or not; it
    # is a cue when it pairs them and nothing else: no other premise or option has it.
    options = {option.id: option for option in question.options}
    for premise_id, option_id in question.matches:
        premise, option = question.premise(premise_id), options[option_id]
        elsewhere = set().union(*(content_words(o.text) for o in question.options if o.id != option_id),
                                *(content_words(p.text) for p in question.premises if p.id != premise_id))
        shared = (content_words(premise.text) & content_words(option.text)) - elsewhere
        if shared:
            yield Diagnostic(premise.position, "QL107",
                             f"premise '{premise_id}' of question '{question.id}' and its match '{option_id}' share "
                             f"{quoted(option.text, shared)}, which no other premise or option has: the "
                             "pair can be made by word-matching. Reword the premise or the option.")


# QL108 -------------------------------------------------------------------------------------

#: Convergence needs enough options for overlap to mean something; it fires when at least
#: CONVERGENCE_MIN_WORDS of the key's words recur in other options, and CONVERGENCE_RATIO times
#: as many as recur from any distractor.
CONVERGENCE_MIN_OPTIONS, CONVERGENCE_MIN_WORDS, CONVERGENCE_RATIO = 4, 3, 1.5


def convergence(reading: Reading, context: Context) -> Iterator[Diagnostic]:
    """A key that combines the elements the distractors vary."""
    question = reading.question
    if question.type is not SINGLE or len(question.options) < CONVERGENCE_MIN_OPTIONS:
        return
    # Words the stem introduces are the case's vocabulary, which any option may reuse; convergence
    # is about the elements the options add.
    stem = reading.stem_content
    bags = {option_id: content - stem for option_id, content in reading.option_content.items()}
    # A word recurs when another option's bag has it too: when two bags have it (each bag is a set).
    bags_with = Counter(chain.from_iterable(bags.values()))
    recurring = {oid: {word for word in bag if bags_with[word] > 1} for oid, bag in bags.items()}
    (key,) = reading.keyed
    shared = len(recurring[key.id])
    best_other = max(len(found) for oid, found in recurring.items() if oid != key.id)
    if shared >= CONVERGENCE_MIN_WORDS and shared >= CONVERGENCE_RATIO * best_other:
        yield Diagnostic(key.position, "QL108",
                         f"the key '{key.id}' of question '{question.id}' is where the options converge: "
                         f"{shared} of its words ({quoted(key.text, recurring[key.id])}) recur in other "
                         f"options, against at most {best_other} for any distractor. Distractors made by varying one "
                         "part of the key let a test-wise trainee pick the option that combines the rest; write each "
                         "distractor as an answer in its own right.")


# QL109 -------------------------------------------------------------------------------------

ABSOLUTE_TERMS = ("always", "never", "only", "all", "none", "every")
#: Phrases that contain an absolute word without making the option absolute.
_NOT_ABSOLUTE = re.compile(r"\bnot only\b|\b(?:all|none) of the above\b", re.IGNORECASE)


def _absolutes(text: str) -> list[str]:
    return find_terms(_NOT_ABSOLUTE.sub(" ", text), ABSOLUTE_TERMS)


def absolute_terms(reading: Reading, context: Context) -> Iterator[Diagnostic]:
    """Absolute words that mark distractors (or a false statement) as wrong."""
    question = reading.question
    if question.type is TRUE_FALSE:
        found = _absolutes(question.stem)
        if found and question.key == {"false"}:
            yield Diagnostic(question.position, "QL109",
                             f"the statement of question '{question.id}' is false and says "
                             f"{', '.join(repr(t) for t in found)}. Trainees learn that sweeping statements are "
                             "usually false; make the statement false for a clinical reason, not for its absolute.")
        return
    if question.type not in (SINGLE, MULTIPLE) or not may_hold_terms(_texts(question), ABSOLUTE_TERMS):
        return
    # A key with an absolute of its own defeats the "absolutes are wrong" heuristic: no cue.
    if any(_absolutes(option.text) for option in reading.keyed):
        return
    for option in reading.distractors:
        if found := _absolutes(option.text):
            yield Diagnostic(option.position, "QL109",
                             f"distractor '{option.id}' of question '{question.id}' says "
                             f"{', '.join(repr(t) for t in found)} and no key does. Test-wise trainees rule out "
                             "absolute options unseen; make the distractor wrong for a clinical reason instead.")


# QL110 -------------------------------------------------------------------------------------

VAGUE_FREQUENCY_TERMS = ("often", "usually", "frequently", "sometimes", "rarely", "commonly",
                         "seldom", "occasionally", "generally")
#: A comparison ("more often than", "less commonly") claims a direction, not a vague frequency.
_COMPARISON = re.compile(r"\b(?:more|less|as)\s+\w+", re.IGNORECASE)


def _vague(text: str) -> list[str]:
    return find_terms(_COMPARISON.sub(" ", text), VAGUE_FREQUENCY_TERMS)


def vague_frequency(reading: Reading, context: Context) -> Iterator[Diagnostic]:
    """Vague frequency words in options or in a true/false statement."""
    question = reading.question
    def advice(found: list[str]) -> str:
        return (f"Readers disagree widely on how often '{found[0]}' is, so the knowledgeable can argue either way; "
                "state what is true (e.g. 'the commonest form', 'in about 1 in 10') or drop the qualifier.")

    if question.type is TRUE_FALSE:
        if found := _vague(question.stem):
            yield Diagnostic(question.position, "QL110",
                             f"the statement of question '{question.id}' hinges on {', '.join(repr(t) for t in found)}. "
                             + advice(found))
        return
    if not may_hold_terms(_texts(question), VAGUE_FREQUENCY_TERMS):
        return
    for option in question.options:
        if found := _vague(option.text):
            yield Diagnostic(option.position, "QL110",
                             f"option '{option.id}' of question '{question.id}' says {', '.join(repr(t) for t in found)}. "
                             + advice(found))


# QL111 -------------------------------------------------------------------------------------

#: difflib ratio (0..1) of normalised texts from which two options count as the same option.
NEAR_DUPLICATE_RATIO = 0.9


def near_duplicates(reading: Reading, context: Context) -> Iterator[Diagnostic]:
    """Two options of the same question that say nearly the same thing."""
    question = reading.question
    if question.type is TRUE_FALSE:
        return
    texts = [comparable_of(reading.option_words[option.id]) for option in question.options]
    reach = _bound(texts)
    for later, option in enumerate(question.options):
        for earlier in range(later):
            if not reach(earlier, later):
                continue
            ratio = difflib_ratio(texts[earlier], texts[later])
            if ratio >= NEAR_DUPLICATE_RATIO:
                yield Diagnostic(option.position, "QL111",
                                 f"option '{option.id}' of question '{question.id}' is nearly the same as option "
                                 f"'{question.options[earlier].id}' ({ratio:.0%} alike). Two options that mean the same "
                                 "are both right or both wrong, so either one can be ruled out; make them differ in "
                                 "substance or drop one.")
                break


#: From this length of its second text on, difflib ignores the letters that are common in it
#: ("autojunk"); below it, :func:`difflib_ratio` works the ratio out itself.
DIFFLIB_AUTOJUNK_LENGTH = 200


def difflib_ratio(first: str, second: str) -> float:
    """``difflib.SequenceMatcher(None, first, second).ratio()``, four times as fast on options.

    difflib's ratio is 2M/T, M the letters in its matching blocks: the longest common block
    (the first in ``first``, then the first in ``second``, on a tie), then the same on each side
    of it, recursively. On a second text shorter than :data:`DIFFLIB_AUTOJUNK_LENGTH`, with no
    junk function, that is all difflib does, and this finds the same blocks by the same rule:
    for each start in ``first``, in order, the block there grows for as long as it is still in
    the other text's part (a substring search in C), so the first start that reaches the longest
    length is kept, and ``str.find`` gives the first place of that block in the other part.
    A longer second text goes to difflib. The tests compare the two on generated texts.
    """
    if len(second) >= DIFFLIB_AUTOJUNK_LENGTH:
        return difflib.SequenceMatcher(None, first, second).ratio()
    matched = 0
    parts = [(0, len(first), 0, len(second))]
    while parts:
        low, high, other_low, other_high = parts.pop()
        other = second[other_low:other_high]
        size = start = 0
        for at in range(low, high):
            if at + size >= high:
                break
            while at + size < high and first[at:at + size + 1] in other:
                size += 1
                start = at
        if size:
            found = other.find(first[start:start + size]) + other_low
            matched += size
            if low < start and other_low < found:
                parts.append((low, start, other_low, found))
            if start + size < high and found + size < other_high:
                parts.append((start + size, high, found + size, other_high))
    total = len(first) + len(second)
    return 2.0 * matched / total if total else 1.0


def _bound(texts: list[str]) -> Callable[[int, int], bool]:
    """Whether the options numbered ``i`` and ``j`` may reach :data:`NEAR_DUPLICATE_RATIO`: False
    only when difflib's ratio of their texts certainly does not.

    With rapidfuzz, the longest common subsequence: difflib's matching blocks are in order in
    both texts, so together they are a common subsequence, and the ratio 2M/T is at most
    2·LCS/T (equal on most texts, smaller when difflib's greedy longest-block-first choice
    misses the best alignment, or its autojunk drops letters of texts of 200 or more). The bound
    only skips; the ratio reported is always difflib's. Without rapidfuzz, :func:`could_reach`.
    """
    if (distance := _indel_distance) is not None:
        # The distance is T − 2·LCS; the bound is worked out as difflib works out its ratio
        # (2.0 * M / T), so a pair whose ratio is exactly the threshold is never skipped.
        def lcs_reaches(i: int, j: int) -> bool:
            total = len(texts[i]) + len(texts[j])
            return not total or 2.0 * ((total - distance(texts[i], texts[j])) // 2) / total >= NEAR_DUPLICATE_RATIO

        return lcs_reaches
    # Each text's letters counted once, over the letters any option uses (the same order for all).
    alphabet = tuple(set().union(*texts))
    letters = [[text.count(letter) for letter in alphabet] for text in texts]
    return lambda i, j: could_reach(texts[i], texts[j], letters[i], letters[j], NEAR_DUPLICATE_RATIO)


def could_reach(first: str, second: str, first_letters: Sequence[int], second_letters: Sequence[int],
                threshold: float) -> bool:
    """Whether difflib's ratio of ``first`` and ``second`` may reach ``threshold``: False only when it cannot.

    The ratio is 2M/T, M the characters in matching blocks and T both lengths together. M can be
    no more than the shorter length, nor than the characters the two have in common counted with
    their multiplicity (difflib's ``real_quick_ratio`` and ``quick_ratio``); the same formula on
    either bound is at least the ratio, so a pair below the threshold on a bound is below it on
    the ratio, and only the pairs that pass need the ratio itself (the costly part). The letters
    are counts per letter of one alphabet, in the same order for both texts, made once per text.
    """
    total = len(first) + len(second)
    if not total:
        return True
    if 2.0 * min(len(first), len(second)) / total < threshold:
        return False
    common = sum(map(min, first_letters, second_letters))
    return 2.0 * common / total >= threshold


# QL112 -------------------------------------------------------------------------------------

_NUMBER_WORDS = frozenset(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "hundred"])
#: An option is a quantity (a number, date, dose or duration) when it holds a number in at most this many words.
QUANTITY_MAX_WORDS = 4
#: Lengths are wildly mixed when the longest option has this many times the words of the shortest,
#: and at least LENGTH_MIN_EXTRA more.
LENGTH_RATIO, LENGTH_MIN_EXTRA = 4, 8


def _is_quantity(tokens: tuple[str, ...]) -> bool:
    return len(tokens) <= QUANTITY_MAX_WORDS and any(t.isdigit() or t in _NUMBER_WORDS for t in tokens)


def mixed_options(reading: Reading, context: Context) -> Iterator[Diagnostic]:
    """Options of different kinds (quantities and words) or wildly different lengths."""
    question = reading.question
    # Matching options are categories that must fit many premises; only choice options are compared.
    if question.type not in (SINGLE, MULTIPLE):
        return
    quantities = [option for option in question.options if _is_quantity(reading.option_words[option.id])]
    if quantities and len(quantities) < len(question.options):
        yield Diagnostic(quantities[0].position, "QL112",
                         f"question '{question.id}' mixes quantities (options {ids(quantities)}) with worded options. "
                         "An option of a different kind stands out and is ruled in or out on form alone; make every "
                         "option the same kind of answer.")
        return
    counts = {option_id: len(found) for option_id, found in reading.option_words.items()}
    shortest, longest = min(counts.values()), max(counts.values())
    if longest >= LENGTH_RATIO * max(shortest, 1) and longest - shortest >= LENGTH_MIN_EXTRA:
        long_option = next(o for o in question.options if counts[o.id] == longest)
        yield Diagnostic(long_option.position, "QL112",
                         f"the options of question '{question.id}' run from {shortest} to {longest} words. Options of "
                         "wildly different lengths are not parallel, and the odd one out draws the eye; give them the "
                         "same form and level of detail.")
