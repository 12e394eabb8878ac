"""The item-writing checks: one function per lint rule, each reading one question.

Each rule looks for a flaw that shows in the text alone and that item-writing guidance (the
NBME's guide among others) warns about, because it lets a test-wise trainee score without the
knowledge the question is meant to test, or makes a knowledgeable trainee miss. Thresholds are
named constants so that docs/lint.md and the code say the same thing. A rule yields nothing for
a question type it does not apply to.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from statistics import mean

from quizkit.diagnostics import Diagnostic
from quizkit.lint.text import (
    content_words, find_terms, lead_in, normalise, sentences, starts_with_vowel_sound, words,
)
from quizkit.model import Option, Question, QuestionType

Check = Callable[[Question], Iterator[Diagnostic]]

SINGLE, MULTIPLE, TRUE_FALSE, MATCHING = (QuestionType.SINGLE, QuestionType.MULTIPLE,
                                          QuestionType.TRUE_FALSE, QuestionType.MATCHING)


def keyed(question: Question) -> list[Option]:
    """The options keyed correct; for matching, those paired with some premise."""
    keys = set(question.match_map.values()) if question.type is MATCHING else question.key
    return [option for option in question.options if option.id in keys]


def distractors(question: Question) -> list[Option]:
    """The options keyed wrong; for matching, those paired with no premise."""
    keys = {option.id for option in keyed(question)}
    return [option for option in question.options if option.id not in keys]


def _ids(options: list[Option]) -> str:
    return ", ".join(f"'{option.id}'" for option in options)


# QL101 -------------------------------------------------------------------------------------

#: Imperative verbs that open a lead-in which asks without a question mark.
LEAD_IN_VERBS = frozenset({"select", "choose", "identify", "indicate", "match", "pair", "name", "pick",
                           "mark", "arrange", "rank", "order", "classify", "link", "assign", "sort"})


def stem_asks_nothing(question: Question) -> Iterator[Diagnostic]:
    # A true/false stem is the statement being judged; it is not meant to ask.
    if question.type is TRUE_FALSE or "?" in question.stem:
        return
    if any(words(sentence)[:1] and words(sentence)[0] in LEAD_IN_VERBS for sentence in sentences(question.stem)):
        return
    yield Diagnostic(question.position, "QL101",
                     f"the stem of question '{question.id}' asks nothing: no question mark and no lead-in such as "
                     "'Select all that apply' or 'Match each...'. A trainee should know the task before reading the "
                     "options; end the stem with the question (e.g. 'Which is the most likely diagnosis?').")


# QL102 -------------------------------------------------------------------------------------

_NEGATIVE = re.compile(r"\b(?:not|except|least|cannot|\w+n['’]t)\b", re.IGNORECASE)


def negative_stem_not_emphasised(question: Question) -> Iterator[Diagnostic]:
    if question.type not in (SINGLE, MULTIPLE):
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


# QL103 -------------------------------------------------------------------------------------

_OF_THE_ABOVE = re.compile(
    r"\b(?:all|none|both|neither|any)\s+(?:of\s+)?(?:the\s+)?"
    r"(?:above|preceding|foregoing|(?:options|answers|choices|others|these|those|them|listed)\s*[.!]?\s*$)",
    re.IGNORECASE)
_JOINERS = frozenset({"both", "and", "or", "neither", "nor", "only"})


def all_or_none_of_the_above(question: Question) -> Iterator[Diagnostic]:
    ids = {option.id.casefold() for option in question.options}
    for option in question.options if question.type is not TRUE_FALSE else ():
        tokens = words(option.text)
        refers = set(tokens) - _JOINERS
        if _OF_THE_ABOVE.search(option.text) or (len(refers) > 1 and refers <= ids and len(tokens) > len(refers)):
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


def key_longest(question: Question) -> Iterator[Diagnostic]:
    if question.type not in (SINGLE, MULTIPLE):
        return
    keys, others = keyed(question), distractors(question)
    if not keys or not others:
        return
    shortest_key, longest_other = min(map(_length, keys)), max(map(_length, others))
    key_mean, other_mean = mean(map(_length, keys)), mean(map(_length, others))
    if (key_mean >= LONG_KEY_RATIO * other_mean
            and shortest_key - longest_other >= max(LONG_KEY_MIN_CHARS, LONG_KEY_MARGIN * longest_other)):
        what = "the key is" if len(keys) == 1 else "every keyed option is"
        yield Diagnostic(keys[0].position, "QL104",
                         f"in question '{question.id}' {what} noticeably longer than the distractors "
                         f"({key_mean:.0f} characters against a mean of {other_mean:.0f}, longest {longest_other}). "
                         "Test-wise trainees pick the longest, most qualified option; trim the key or give the "
                         "distractors the same level of detail.")


# QL105 -------------------------------------------------------------------------------------


def article_cue(question: Question) -> Iterator[Diagnostic]:
    if question.type not in (SINGLE, MULTIPLE):
        return
    tail = words(question.stem)[-1:]
    if tail not in (["a"], ["an"]):
        return
    article = tail[0]
    misfits = [option for option in question.options
               if (vowel := starts_with_vowel_sound(option.text)) is not None and vowel != (article == "an")]
    if not misfits:
        return
    keys = {option.id for option in keyed(question)}
    cue = " (the key does fit, so they can be ruled out on grammar alone)" if not keys & {o.id for o in misfits} else ""
    yield Diagnostic(question.position, "QL105",
                     f"the stem of question '{question.id}' ends with '{article}', which does not fit option(s) "
                     f"{_ids(misfits)}{cue}. End the stem before the article and start each option with its own "
                     "'a' or 'an', or rephrase the stem as a question.")


# QL106 -------------------------------------------------------------------------------------

_ASKS_NUMBER = re.compile(r"^(?:which|what)\b(?:\s+[\w-]+){0,4}?\s+(is|was|are|were)\b", re.IGNORECASE)
_SINGULAR_OPENERS = frozenset({"a", "an", "one", "this", "that", "each", "every", "another", "single"})
_PLURAL_OPENERS = frozenset({"two", "three", "four", "five", "six", "several", "many", "multiple", "various",
                             "numerous", "these", "those"})


def _number(option: Option) -> str | None:
    first = words(option.text)[:1]
    if first and first[0] in _SINGULAR_OPENERS:
        return "singular"
    if first and first[0] in _PLURAL_OPENERS:
        return "plural"
    return None


def number_cue(question: Question) -> Iterator[Diagnostic]:
    # Only single best answer: a select-all stem is plural by nature, whatever each option is.
    if question.type is not SINGLE:
        return
    asked = _ASKS_NUMBER.search(lead_in(question.stem))
    if asked is None:
        return
    verb = asked.group(1).casefold()
    wanted = "plural" if verb in ("are", "were") else "singular"
    misfits = [option for option in question.options if _number(option) not in (None, wanted)]
    if not misfits:
        return
    keys = {option.id for option in keyed(question)}
    cue = " (the key fits, so they can be ruled out on grammar alone)" if not keys & {o.id for o in misfits} else ""
    yield Diagnostic(question.position, "QL106",
                     f"the lead-in of question '{question.id}' asks '... {verb}' ({wanted}), but option(s) "
                     f"{_ids(misfits)} read as {'singular' if wanted == 'plural' else 'plural'}{cue}. "
                     "Make every option agree with the stem, or word the stem so that both fit.")


# QL107 -------------------------------------------------------------------------------------


def clang(question: Question) -> Iterator[Diagnostic]:
    if question.type is MATCHING:
        yield from _matching_clang(question)
        return
    if question.type not in (SINGLE, MULTIPLE):
        return
    stem = content_words(question.stem)
    elsewhere = set().union(*(content_words(option.text) for option in distractors(question)))
    for option in keyed(question):
        shared = (content_words(option.text) & stem) - elsewhere
        if shared:
            yield Diagnostic(option.position, "QL107",
                             f"keyed option '{option.id}' of question '{question.id}' repeats "
                             f"{', '.join(repr(w) for w in sorted(shared))} from the stem, and no distractor does. "
                             "Trainees match the echo instead of knowing the answer; reword the key, or use the word "
                             "in distractors too.")


def _matching_clang(question: Question) -> Iterator[Diagnostic]:
    options = {option.id: option for option in question.options}
    for premise_id, option_id in question.matches:
        premise, option = question.premise(premise_id), options[option_id]
        elsewhere = set().union(*(content_words(o.text) for o in question.options if o.id != option_id))
        shared = (content_words(premise.text) & content_words(option.text)) - elsewhere
        if shared:
            yield Diagnostic(premise.position, "QL107",
                             f"premise '{premise_id}' of question '{question.id}' and its match '{option_id}' share "
                             f"{', '.join(repr(w) for w in sorted(shared))}, which no other option has: the pair can be "
                             "made by word-matching. Reword the premise or the option.")


# QL108 -------------------------------------------------------------------------------------

#: Convergence needs enough options for the overlap to mean something, and a key that shares at
#: least this many words with the others in total.
CONVERGENCE_MIN_OPTIONS, CONVERGENCE_MIN_SHARED = 4, 3


def convergence(question: Question) -> Iterator[Diagnostic]:
    if question.type is not SINGLE or len(question.options) < CONVERGENCE_MIN_OPTIONS:
        return
    bags = {option.id: content_words(option.text) for option in question.options}
    score = {oid: sum(len(bag & other) for other_id, other in bags.items() if other_id != oid)
             for oid, bag in bags.items()}
    (key,) = keyed(question)
    best_other = max(value for oid, value in score.items() if oid != key.id)
    if score[key.id] >= CONVERGENCE_MIN_SHARED and score[key.id] > best_other:
        yield Diagnostic(key.position, "QL108",
                         f"the key '{key.id}' of question '{question.id}' shares more words with the other options "
                         f"({score[key.id]}) than any distractor does (at most {best_other}). Distractors made by "
                         "changing one part of the key let a test-wise trainee pick the option the others converge on; "
                         "vary the distractors independently.")


# QL109 -------------------------------------------------------------------------------------

ABSOLUTE_TERMS = ("always", "never", "only", "all", "none", "every")
#: Phrases that contain an absolute word without making the option absolute.
_NOT_ABSOLUTE = re.compile(r"\bnot only\b|\b(?:all|none) of the above\b", re.IGNORECASE)


def _absolutes(text: str) -> list[str]:
    return find_terms(_NOT_ABSOLUTE.sub(" ", text), ABSOLUTE_TERMS)


def absolute_terms(question: Question) -> Iterator[Diagnostic]:
    if question.type is TRUE_FALSE:
        found = _absolutes(question.stem)
        if found and question.key == {"false"}:
            yield Diagnostic(question.position, "QL109",
                             f"the statement of question '{question.id}' is false and says "
                             f"{', '.join(repr(t) for t in found)}. Trainees learn that sweeping statements are "
                             "usually false; make the statement false for a clinical reason, not for its absolute.")
        return
    if question.type not in (SINGLE, MULTIPLE):
        return
    # A key with an absolute of its own defeats the "absolutes are wrong" heuristic: no cue.
    if any(_absolutes(option.text) for option in keyed(question)):
        return
    for option in distractors(question):
        if found := _absolutes(option.text):
            yield Diagnostic(option.position, "QL109",
                             f"distractor '{option.id}' of question '{question.id}' says "
                             f"{', '.join(repr(t) for t in found)} and no key does. Test-wise trainees rule out "
                             "absolute options unseen; make the distractor wrong for a clinical reason instead.")


# QL110 -------------------------------------------------------------------------------------

VAGUE_FREQUENCY_TERMS = ("often", "usually", "frequently", "sometimes", "rarely", "commonly",
                         "seldom", "occasionally", "generally")


def vague_frequency(question: Question) -> Iterator[Diagnostic]:
    advice = ("Readers disagree widely on how often 'often' is, so the knowledgeable can argue either way; "
              "state what is true (e.g. 'the commonest form', 'in about 1 in 10') or remove the qualifier.")
    if question.type is TRUE_FALSE:
        if found := find_terms(question.stem, VAGUE_FREQUENCY_TERMS):
            yield Diagnostic(question.position, "QL110",
                             f"the statement of question '{question.id}' hinges on {', '.join(repr(t) for t in found)}. "
                             + advice)
        return
    for option in question.options:
        if found := find_terms(option.text, VAGUE_FREQUENCY_TERMS):
            yield Diagnostic(option.position, "QL110",
                             f"option '{option.id}' of question '{question.id}' says {', '.join(repr(t) for t in found)}. "
                             + advice)


# QL111 -------------------------------------------------------------------------------------

#: difflib ratio (0..1) of normalised texts from which two options count as the same option.
NEAR_DUPLICATE_RATIO = 0.9


def near_duplicates(question: Question) -> Iterator[Diagnostic]:
    if question.type is TRUE_FALSE:
        return
    seen: list[tuple[Option, str]] = []
    for option in question.options:
        text = normalise(option.text)
        for earlier, earlier_text in seen:
            ratio = difflib.SequenceMatcher(None, earlier_text, text).ratio()
            if ratio >= NEAR_DUPLICATE_RATIO:
                yield Diagnostic(option.position, "QL111",
                                 f"option '{option.id}' of question '{question.id}' is nearly the same as option "
                                 f"'{earlier.id}' ({ratio:.0%} alike). Two options that mean the same are both right or "
                                 "both wrong, so either one can be ruled out; make them differ in substance or drop one.")
                break
        seen.append((option, text))


# QL112 -------------------------------------------------------------------------------------

_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten twelve hundred".split())
#: An option is a quantity (a number, date, dose or duration) when it holds a number in at most this many words.
QUANTITY_MAX_WORDS = 4
#: Lengths are wildly mixed when the longest option has this many times the words of the shortest,
#: and at least LENGTH_MIN_EXTRA more.
LENGTH_RATIO, LENGTH_MIN_EXTRA = 4, 8


def _is_quantity(option: Option) -> bool:
    tokens = words(option.text)
    return len(tokens) <= QUANTITY_MAX_WORDS and any(t.isdigit() or t in _NUMBER_WORDS for t in tokens)


def mixed_options(question: Question) -> Iterator[Diagnostic]:
    # Matching options are categories that must fit many premises; only choice options are compared.
    if question.type not in (SINGLE, MULTIPLE):
        return
    quantities = [option for option in question.options if _is_quantity(option)]
    if quantities and len(quantities) < len(question.options):
        yield Diagnostic(quantities[0].position, "QL112",
                         f"question '{question.id}' mixes quantities (options {_ids(quantities)}) with worded options. "
                         "An option of a different kind stands out and is ruled in or out on form alone; make every "
                         "option the same kind of answer.")
        return
    counts = {option.id: len(words(option.text)) for option in question.options}
    shortest, longest = min(counts.values()), max(counts.values())
    if longest >= LENGTH_RATIO * max(shortest, 1) and longest - shortest >= LENGTH_MIN_EXTRA:
        long_option = next(o for o in question.options if counts[o.id] == longest)
        yield Diagnostic(long_option.position, "QL112",
                         f"the options of question '{question.id}' run from {shortest} to {longest} words. Options of "
                         "wildly different lengths are not parallel, and the odd one out draws the eye; give them the "
                         "same form and level of detail.")


# QL113 -------------------------------------------------------------------------------------

#: A rationale needs at least this many words besides its verdict ("Correct:", "Wrong;") to explain anything.
RATIONALE_MIN_WORDS = 3
_VERDICT = re.compile(r"^\W*(?:correct|incorrect|wrong|right|true|false|yes|no)\b\W*", re.IGNORECASE)
_PLACEHOLDERS = frozenset({"todo", "tbd", "tba", "fixme", "xxx", "lorem"})


def rationale_missing(question: Question) -> Iterator[Diagnostic]:
    seen: dict[str, str] = {}
    for option in question.options:
        reason = words(_VERDICT.sub("", option.rationale))
        label = "rationale" if question.type is not TRUE_FALSE else f"rationale_{option.id}"
        if len(reason) < RATIONALE_MIN_WORDS or _PLACEHOLDERS & set(reason):
            yield Diagnostic(option.position, "QL113",
                             f"the {label} of option '{option.id}' in question '{question.id}' "
                             f"('{option.rationale.strip()}') explains nothing. Trainees read it right after "
                             "answering; say why the option is right, or why it is wrong and what it would fit instead.")
        elif (text := " ".join(reason)) in seen:
            yield Diagnostic(option.position, "QL113",
                             f"the {label} of option '{option.id}' in question '{question.id}' repeats that of option "
                             f"'{seen[text]}'. Each option is chosen for its own reason; explain this one.")
        seen.setdefault(" ".join(reason), option.id)


# QL114 -------------------------------------------------------------------------------------


def explanation_misses_key(question: Question) -> Iterator[Diagnostic]:
    explained = content_words(question.explanation)
    if question.type is TRUE_FALSE:
        # The key is a bare True or False; the explanation should at least speak of the statement.
        if content_words(question.stem) and not content_words(question.stem) & explained:
            yield Diagnostic(question.position, "QL114",
                             f"the explanation of question '{question.id}' shares no word with the statement it "
                             "explains. Say why the statement is true or false in its own terms.")
        return
    missed = [option for option in keyed(question)
              if content_words(option.text) and not content_words(option.text) & explained]
    if missed:
        yield Diagnostic(question.position, "QL114",
                         f"the explanation of question '{question.id}' does not mention keyed option(s) {_ids(missed)}: "
                         "none of their words appear in it. Trainees read the explanation to learn the answer; "
                         "name it there.")


#: Every check, by the code it reports.
CHECKS: dict[str, Check] = {
    "QL101": stem_asks_nothing,
    "QL102": negative_stem_not_emphasised,
    "QL103": all_or_none_of_the_above,
    "QL104": key_longest,
    "QL105": article_cue,
    "QL106": number_cue,
    "QL107": clang,
    "QL108": convergence,
    "QL109": absolute_terms,
    "QL110": vague_frequency,
    "QL111": near_duplicates,
    "QL112": mixed_options,
    "QL113": rationale_missing,
    "QL114": explanation_misses_key,
}
