"""Just enough English for the lint rules: words, content words, sentences and sounds.

The rules compare the wording of a stem, its options and its explanation. They need the same
notion of "a word" everywhere, or a cue found by one rule and missed by another would make the
linter look arbitrary. Deliberately small and predictable: no dictionary, no part-of-speech
tagging, only case folding, a stopword list and the folding of a few word endings, each of which
an item writer can reason about when a rule fires.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from functools import lru_cache

# "non-adherent" is one word: it means the opposite of "adherent", not an echo of it.
_WORD = re.compile(r"(?:non-)?[^\W_]+(?:['’][^\W_]+)*", re.IGNORECASE)
# The same on case-folded text, where ignoring case changes nothing ("n" and "o" have no other
# case forms), and on case-folded ASCII, where a letter or digit is [a-z0-9] and ’ cannot occur:
# the same words, found a third faster.
_FOLDED_WORD = re.compile(r"(?:non-)?[^\W_]+(?:['’][^\W_]+)*")
_ASCII_WORD = re.compile(r"(?:non-)?[a-z0-9]+(?:'[a-z0-9]+)*")
# On text without "non-", where the optional prefix never matches: the same words again, without
# trying the prefix at every letter (a quarter faster, and most texts have no "non-").
_ASCII_PLAIN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
# A sentence ends at . ? or !, perhaps inside a closing quote or bracket: 'she says, "Not mine." Which...'
_SENTENCE_END = re.compile(r"(?:(?<=[.?!])|(?<=[.?!][\"'”’)\]]))\s+(?=\S)")

#: Words that carry grammar rather than content, so sharing them says nothing about the answer.
#: Also the words every question in a clinical bank uses (patient, following, most...) and common
#: verbs and nouns of general English (show, become, people...), which would otherwise count as a
#: shared "content" word between any stem and any option.
STOPWORDS = frozenset(["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "cannot", "could", "did", "do", "does", "doing", "down", "during", "each", "either", "else", "ever", "every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "if", "in", "into", "is", "isn't", "it", "it's", "its", "itself", "just", "least", "less", "may", "might", "me", "more", "most", "much", "must", "my", "myself", "neither", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "onto", "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "per", "rather", "same", "shall", "she", "should", "since", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "though", "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "very", "via", "was", "wasn't", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your", "yours", "yourself", "following", "best", "likely", "appropriate", "true", "false", "statement", "statements", "option", "options", "answer", "patient", "patients", "woman", "man", "women", "men", "year", "years", "old", "show", "shows", "suggest", "suggests", "become", "becomes", "known", "make", "makes", "take", "takes", "give", "gives", "keep", "keeps", "need", "needs", "seem", "seems", "help", "helps", "people", "person", "individual", "area", "thing", "way"])


# Every rule reads the same few texts of a question (its stem, options, explanation), so the
# functions below remember their answers for the texts seen most recently: each text is split
# into words once, not once per rule, and each word folded once per bank. They are pure
# functions of a string and return immutable values, so a remembered answer is always the answer;
# the bounds keep the memory small whatever the size of the banks.
#: Texts remembered: far more than one question's texts (the rules run question by question).
TEXTS_REMEMBERED = 4096
#: Words remembered: a bank's whole vocabulary, in practice.
WORDS_REMEMBERED = 1 << 16


@lru_cache(maxsize=TEXTS_REMEMBERED)
def words(text: str) -> tuple[str, ...]:
    """The words of ``text``, case-folded, in order; hyphens and slashes separate words, except after "non".

    Words never span whitespace, so the words of texts joined with a space are the words of each
    text in turn: callers may split parts separately and concatenate.
    """
    return split(text)


def split(text: str) -> tuple[str, ...]:
    """:func:`words`, worked out again on every call: for a text read once, which remembering
    would only slow down (and push out texts that are read again)."""
    if text.isascii():
        lowered = text.lower()
        return tuple((_ASCII_WORD if "non-" in lowered else _ASCII_PLAIN_WORD).findall(lowered))
    found = _FOLDED_WORD.findall(text.casefold())
    return tuple(word.replace("’", "'") for word in found) if "’" in text else tuple(found)


#: Endings folded away so that "reviewed", "reviewing" and "review" are one word to every rule.
_SUFFIXES = ("ingly", "edly", "ment", "ing", "ed", "ly")
#: Greek plurals that spelling rules would fold wrongly ("diseases" is not "diseasis").
_IRREGULAR = {"metastases": "metastasis", "diagnoses": "diagnosis", "prognoses": "prognosis", "analyses": "analysis"}


@lru_cache(maxsize=WORDS_REMEMBERED)
def fold(word: str) -> str:
    """Fold an inflected word onto its stem: plurals, -ed, -ing, -ly and -ment.

    ``nodules`` → ``nodule``, ``biopsies``/``biopsied`` → ``biopsy``, ``reviewed`` → ``review``, ``promptly`` →
    ``prompt``, ``assessment``/``assessed`` → ``assess``, ``enlarge``/``enlarged`` → ``enlarg``.
    No further: stemming derivations (``nodular`` → ``nodule``) joins words an item writer would
    call different, and a rule that fires on words the reader does not see as the same is noise.
    A stem keeps at least four letters, so short words (``red``, ``need``, ``only``) stay whole.
    """
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 4 and word.endswith(("ies", "ied")):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")):
        word = word[:-1]
    word = word.removesuffix("'s")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[:-len(suffix)]
            # "stopped" → "stopp" → "stop"
            if word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    # "enlarge" and "enlarged" meet at "enlarg"
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


@lru_cache(maxsize=TEXTS_REMEMBERED)
def content_words(text: str) -> frozenset[str]:
    """The distinctive words of ``text``: no stopwords, no numbers, no one- or two-letter words, plurals folded.

    Of texts joined with a space, the union of each text's content words (see :func:`words`).
    """
    return content_of(words(text))


def content_of(found: Iterable[str]) -> frozenset[str]:
    """The content words among words ``found`` in a text (see :func:`content_words`)."""
    return frozenset(filter(None, map(_CONTENT_FORMS.__getitem__, found)))


class Forms(dict[str, str]):
    """Each word's form, worked out once by ``form`` on first asking: a dict looked up from C
    (``map(forms.__getitem__, words)``), a third the cost of an ``lru_cache`` call a word.
    Emptied when it holds :data:`WORDS_REMEMBERED` words, to stay small whatever the banks."""

    def __init__(self, form: Callable[[str], str]) -> None:
        super().__init__()
        self.form = form

    def __missing__(self, word: str) -> str:
        if len(self) >= WORDS_REMEMBERED:
            self.clear()
        found = self[word] = self.form(word)
        return found


def _content_form(word: str) -> str:
    # A word's folded form, or "" when it is no content word ("" is never a folded form: fold
    # leaves at least the word's first letter).
    return "" if word in STOPWORDS or len(word) <= 2 or word.isdigit() else fold(word)


#: Each word's content form, decided once per word.
_CONTENT_FORMS = Forms(_content_form)


def content_words_of(texts: Iterable[str]) -> frozenset[str]:
    """``content_words(" ".join(texts))``, from each text's remembered words."""
    return frozenset().union(*map(content_words, texts))


def spelled(text: str, folded: AbstractSet[str]) -> list[str]:
    """The words of ``text`` whose folded form is in ``folded``, as written there: for messages."""
    found = dict.fromkeys(word for word in words(text) if fold(word) in folded)
    return list(found)


_ARTICLES = ("a ", "an ", "the ")


def comparable(text: str) -> str:
    """``text`` as a reader compares it: case, punctuation, spacing and a leading article ignored."""
    return comparable_of(words(text))


def comparable_of(found: Iterable[str]) -> str:
    """:func:`comparable` of the text whose words are ``found`` (a reading holds an option's words)."""
    folded = " ".join(found)
    for article in _ARTICLES:
        if folded.startswith(article):
            return folded[len(article):]
    return folded


def sentences(text: str) -> list[str]:
    """``text`` split after ``.``, ``?`` or ``!`` (and any closing quote); good enough to find a stem's lead-in."""
    return [part.strip() for part in _SENTENCE_END.split(" ".join(text.split())) if part.strip()]


def lead_in(stem: str) -> str:
    """The sentence that asks: the last one with a question mark, else the last sentence.

    A vignette says "has not improved with antibiotics"; only the lead-in's wording is what the
    trainee is asked, so stem rules about how the question is put look only here.
    """
    parts = sentences(stem)
    asking = [part for part in parts if part.endswith("?")]
    return (asking or parts or [""])[-1]


# Letters whose spoken name starts with a vowel sound: "an MRI", "an HER2 test", "an X-ray".
_VOWEL_SOUND_LETTERS = frozenset("aefhilmnorsx")
# Written with a vowel but said with a consonant ("a unilateral", "a European", "a one-off") ...
_CONSONANT_SOUND_PREFIXES = ("uni", "use", "usu", "uti", "ure", "euro", "eu", "one", "once", "ewe")
# ... or written with a consonant but said with a vowel ("an hour", "an honest").
_VOWEL_SOUND_PREFIXES = ("hour", "honest", "honor", "honour", "heir")


def starts_with_vowel_sound(text: str) -> bool | None:
    """Whether ``text`` is read starting with a vowel sound, so takes "an"; None without a word.

    Spelling is a guide, not a rule, in English; the exceptions listed cover the words clinical
    options start with. An initialism (``MRI``, ``HER2``) is read letter by letter.
    """
    match = _WORD.search(text)
    if match is None:
        return None
    word = match.group()
    # "A" and "I" alone are words; any other capital alone, or a run of capitals, is spelled out.
    if word not in ("A", "I") and all(char.isupper() or char.isdigit() for char in word) and word[0].isalpha():
        return word[0].casefold() in _VOWEL_SOUND_LETTERS
    if word[0].isdigit():
        # Numbers said "eight...", "eleven..." or "eighteen..." (an 8-week course, an 11 mm nodule).
        return word[0] == "8" or (word[:2] in ("11", "18") and len(word) % 3 == 2)
    word = word.casefold()
    if word.startswith(_VOWEL_SOUND_PREFIXES):
        return True
    if word.startswith(_CONSONANT_SOUND_PREFIXES):
        return False
    return word[0] in "aeiou"


def find_terms(text: str, terms: tuple[str, ...]) -> list[str]:
    """The ``terms`` (single words or phrases) that occur in ``text`` as whole words, in order given."""
    # A word is a piece of the case-folded text (with ’ read as '), so when no term's first word is
    # in it, no term is found: most texts hold none, and one search tells so without splitting them.
    if _first_words(terms).search(text.casefold()) is None:
        return []
    folded = f" {' '.join(words(text))} "
    return [term for term in terms if f" {term} " in folded]


def may_hold_terms(texts: Iterable[str], terms: tuple[str, ...]) -> bool:
    """Whether any of ``texts`` may hold one of ``terms``: False only when :func:`find_terms`
    finds none in any of them, nor in any of them with parts replaced by spaces.

    One search over all the texts (joined with spaces, which no term's first word holds), for the
    rules that look for terms in every option of a question: most questions hold none.
    """
    return _first_words(terms).search(" ".join(texts).casefold()) is not None


@lru_cache(maxsize=64)
def _first_words(terms: tuple[str, ...]) -> re.Pattern[str]:
    # Any term's first word, as a substring; a term with ' may be written with ’, so it matches
    # everything (the empty alternative).
    return re.compile("|".join("" if "'" in term else re.escape(term.split(" ", 1)[0]) for term in terms))
