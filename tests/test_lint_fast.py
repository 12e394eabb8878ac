"""Lint's fast paths report exactly what the exhaustive comparisons report (issue #17).

Lint at 10,000 questions spent most of its time comparing every pair of options with difflib
(QL111) and splitting the same texts into words once per rule. Now each text is split once and
remembered, QL111 skips a pair that a cheap bound proves cannot reach the threshold, and QL108
counts each word's options once. QL116 already compared only the questions that share a word
that is not common; here it is checked against the cosine of every pair. Each is checked against
the way it was done before, comparison by comparison, on the bundled banks, the lint fixtures and
two generated banks with near-duplicates planted in them.
"""

from __future__ import annotations

import difflib
import math
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA, TEST_SOURCES
from hypothesis import given, settings
from hypothesis import strategies as st

from quizkit.bank.bundled import bundled_banks, bundled_sources
from quizkit.bank.diagnostics import Diagnostic
from quizkit.bank.model import Bank, Question
from quizkit.bank.pipeline import validate
from quizkit.lint import evidence, options, stem
from quizkit.lint.blueprint import keyed_texts
from quizkit.lint.duplicates import COMMON_SHARE, THRESHOLD, question_texts, question_words, similar_pairs
from quizkit.lint.question import (
    MATCHING,
    SINGLE,
    TOPIC_MIN_QUESTIONS,
    TOPIC_SHARE,
    TRUE_FALSE,
    Context,
    keyed,
    read,
    topic_words,
)
from quizkit.lint.text import (
    STOPWORDS,
    comparable,
    content_words,
    content_words_of,
    find_terms,
    fold,
    may_hold_terms,
    words,
)

# A generated bank with planted near-duplicates ----------------------------------------------

_VOCABULARY = (
    "nodule", "erythema", "biopsy", "excision", "margin", "lymphoedema", "ulcer", "plaque",
    "recurrence", "chest", "wall", "axilla", "scar", "mastectomy", "radiotherapy", "endocrine",
    "therapy", "receptor", "status", "dermatology", "referral", "cellulitis", "antibiotics",
    "photograph", "measurement", "pain", "bleeding", "odour", "dressing", "palliative", "oncology",
    "review", "carcinoma", "telangiectatic", "zosteriform", "inflammatory", "nodular", "satellite",
    "lesion", "punch", "shave", "histology", "immunohistochemistry", "oestrogen", "progesterone",
    "her2", "tumour", "prognosis", "metastases"
)


def _phrase(rng: random.Random, low: int = 2, high: int = 7) -> str:
    return " ".join(rng.choice(_VOCABULARY) for _ in range(rng.randint(low, high)))


def _near(rng: random.Random, text: str) -> str:
    """``text`` changed a little: a letter, an article, a word dropped or doubled, punctuation, case."""
    change = rng.randrange(6)
    if change == 0:
        at = rng.randrange(len(text))
        return text[:at] + rng.choice("aeiostn") + text[at + 1:]
    if change == 1:
        return rng.choice(("A ", "An ", "The ")) + text
    parts = text.split()
    if change == 2 and len(parts) > 2:
        del parts[rng.randrange(len(parts))]
    elif change == 3:
        at = rng.randrange(len(parts))
        parts.insert(at, parts[at])
    elif change == 4:
        return text.upper() + "."
    return " ".join(parts) + rng.choice(("", ",", " (late)"))


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def planted_bank(path: Path, count: int, seed: int, bank_id: str, first: int = 0) -> None:
    """A valid bank of ``count`` questions: about a third have an option planted near another,
    a tenth repeat an earlier stem nearly (QL116), and some options are long (difflib's autojunk)."""
    rng = random.Random(seed)
    stems: list[str] = []
    lines = ["schema_version: 1", f"id: {bank_id}", "title: Planted bank", "description: Generated for lint tests.",
             'version: "1.0.0"', "source: skin-metastases-guide", "section: part-2", "authors: [tests]",
             'review: {reviewed_by: tests, reviewed_on: "2026-11-25", review_by: "2099-01-01"}', "questions:"]
    for number in range(first, first + count):
        stem = (_near(rng, rng.choice(stems)) if stems and rng.random() < 0.1 else _phrase(rng, 6, 14)).rstrip(".") + "?"
        stems.append(stem)
        texts: list[str] = []
        while len(texts) < rng.randint(3, 5):
            if texts and rng.random() < 0.35:
                candidate = _near(rng, rng.choice(texts))
            elif rng.random() < 0.05:
                candidate = _phrase(rng, 22, 30)
            else:
                candidate = _phrase(rng)
            # Options must differ as a reader compares them (QK305 refuses the same text twice).
            if all(comparable(candidate) != comparable(text) for text in texts):
                texts.append(candidate)
        lines += [f"  - id: planted-q{number:05d}", "    type: single", f"    stem: {_quoted(stem)}", "    options:"]
        lines += [f"      - {{id: {'abcde'[i]}, text: {_quoted(text)}, rationale: {_quoted(_phrase(rng, 3, 8))}}}"
                  for i, text in enumerate(texts)]
        lines += ["    answer: a", f"    explanation: {_quoted(_phrase(rng, 5, 12))}",
                  f"    cite: {{section: part-2, locator: Generated, quote: {_quoted(_phrase(rng, 4, 9))}}}",
                  "    objective: Exercise lint.", "    difficulty: medium", "    cognitive_level: recall"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Bank]:
    """The bundled banks, every lint fixture, and two planted banks (linted together for QL116)."""
    folder = tmp_path_factory.mktemp("planted")
    planted = [folder / "planted-1.yaml", folder / "planted-2.yaml"]
    planted_bank(planted[0], 400, seed=17, bank_id="planted-one")
    planted_bank(planted[1], 300, seed=18, bank_id="planted-two", first=400)
    banks: list[Bank] = []
    for paths, sources in (([bundled_banks()], bundled_sources()), (sorted((DATA / "lint").glob("*.yaml")), TEST_SOURCES),
                           (planted, bundled_sources())):
        report = validate(paths, sources_path=sources)
        assert report.errors == [], report.errors[:3]
        banks += report.banks
    return banks


def _questions(banks: list[Bank]) -> Iterator[tuple[Question, Context]]:
    for bank in banks:
        context = Context(topic_words(bank), bank.blueprint)
        for question in bank.questions:
            yield question, context


# The rules as they were: exhaustive -----------------------------------------------------------


def _words_before(text: str) -> list[str]:
    return [match.group().replace("’", "'") for match in re.finditer(r"(?:non-)?[^\W_]+(?:['’][^\W_]+)*",
                                                                        text.casefold(), re.IGNORECASE)]


def _content_words_before(text: str) -> set[str]:
    return {fold(word) for word in _words_before(text) if word not in STOPWORDS and len(word) > 2 and not word.isdigit()}


def _comparable_before(text: str) -> str:
    return re.sub(r"^(?:a|an|the) ", "", " ".join(_words_before(text)))


def _near_duplicates_before(question: Question) -> list[tuple[str, str, float]]:
    """QL111 as it was: difflib's ratio for every pair of options, the first earlier match reported."""
    if question.type is TRUE_FALSE:
        return []
    found, seen = [], []
    for option in question.options:
        text = _comparable_before(option.text)
        for earlier, earlier_text in seen:
            ratio = difflib.SequenceMatcher(None, earlier_text, text).ratio()
            if ratio >= options.NEAR_DUPLICATE_RATIO:
                found.append((option.id, earlier.id, ratio))
                break
        seen.append((option, text))
    return found


def _convergence_before(question: Question) -> dict[str, set[str]] | None:
    """QL108's recurring words as they were: each word looked for in every other option's bag."""
    if question.type is not SINGLE or len(question.options) < options.CONVERGENCE_MIN_OPTIONS:
        return None
    stem = _content_words_before(question.stem)
    bags = {option.id: _content_words_before(option.text) - stem for option in question.options}
    return {oid: {word for word in bag if any(word in other for other_id, other in bags.items() if other_id != oid)}
            for oid, bag in bags.items()}


def _similar_pairs_exhaustive(questions: list[Question]) -> list[tuple[str, str, float]]:
    """QL116 without the index: the cosine of every pair of questions that share a word the rule
    does not call common (in more than COMMON_SHARE of the questions: duplicates.py says why)."""
    bags = [_content_words_before(" ".join(question_texts(question))) for question in questions]
    frequency: dict[str, int] = {}
    for bag in bags:
        for word in bag:
            frequency[word] = frequency.get(word, 0) + 1
    vectors = []
    for bag in bags:
        weights = {word: 1 + math.log((1 + len(questions)) / (1 + frequency[word])) for word in bag}
        length = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
        vectors.append({word: weight / length for word, weight in weights.items()})
    rare = {word for word, count in frequency.items() if count <= max(2, COMMON_SHARE * len(questions))}
    found = []
    for first in range(len(questions)):
        for second in range(first + 1, len(questions)):
            if not bags[first] & bags[second] & rare:
                continue
            score = sum(weight * vectors[second].get(word, 0.0) for word, weight in vectors[first].items())
            if score >= THRESHOLD:
                found.append((questions[first].id, questions[second].id, score))
    return found


# The comparisons -------------------------------------------------------------------------------


def test_the_planted_bank_plants_what_it_says(corpus: list[Bank]) -> None:
    planted = [q for bank in corpus if bank.id.startswith("planted") for q in bank.questions]
    assert sum(bool(_near_duplicates_before(q)) for q in planted) > 100
    assert any(len(comparable(o.text)) >= 200 for q in planted for o in q.options)  # difflib's autojunk applies


def test_each_text_is_split_as_before(corpus: list[Bank]) -> None:
    for question, _ in _questions(corpus):
        texts = [question.stem, question.explanation, *(o.text for o in question.options),
                 *(o.rationale for o in question.options), question.cite.quote or ""]
        for text in texts:
            assert list(words(text)) == _words_before(text)
            assert content_words(text) == _content_words_before(text)
            assert comparable(text) == _comparable_before(text)
        # Joined texts are read as their parts' words together.
        assert content_words_of(texts) == _content_words_before(" ".join(texts))
        assert frozenset().union(*map(evidence.evidence_words, keyed_texts(question))) == \
            evidence.evidence_words(" ".join(keyed_texts(question)))


@pytest.fixture(params=["rapidfuzz", "letters"])
def ql111_bound(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """QL111 with each of its bounds: rapidfuzz's longest common subsequence, and without
    rapidfuzz the shorter length and the letters in common."""
    if request.param == "letters":
        monkeypatch.setattr(options, "_indel_distance", None)
    elif options._indel_distance is None:
        pytest.skip("rapidfuzz is not installed (a dependency: pip install -e .)")
    return str(request.param)


def test_a_reading_holds_what_the_text_functions_give(corpus: list[Bank]) -> None:
    # The rules read the stem and options from the question's Reading, the bank-wide passes too.
    for bank in corpus:
        readings = [read(question) for question in bank.questions]
        for reading in readings:
            question = reading.question
            assert reading.stem_words == words(question.stem)
            assert reading.stem_content == _content_words_before(question.stem)
            assert reading.option_words == {o.id: words(o.text) for o in question.options}
            assert reading.option_content == {o.id: _content_words_before(o.text) for o in question.options}
            assert reading.keyed == tuple(keyed(question))
            assert reading.distractors == tuple(o for o in question.options if o not in reading.keyed)
            assert question_words(reading) == _content_words_before(" ".join(question_texts(question)))
        counts: dict[str, int] = {}
        for question in bank.questions:
            for word in _content_words_before(" ".join([question.stem, *(o.text for o in question.options)])):
                counts[word] = counts.get(word, 0) + 1
        floor = max(TOPIC_MIN_QUESTIONS, TOPIC_SHARE * len(bank.questions))
        assert topic_words(bank, readings) == topic_words(bank) == {w for w, n in counts.items() if n >= floor}


def test_ql111_reports_what_comparing_every_pair_reports(corpus: list[Bank], ql111_bound: str) -> None:
    compared = 0
    for question, context in _questions(corpus):
        found = list(options.near_duplicates(read(question), context))
        expected = _near_duplicates_before(question)
        assert [d.position for d in found] == [question.option(later).position for later, _, _ in expected]
        assert [d.message for d in found] == [
            d.message for d in _messages(question, expected)]
        compared += len(question.options)
    assert compared > 2500


def _messages(question: Question, expected: list[tuple[str, str, float]]) -> Iterator[Diagnostic]:
    for later, earlier, ratio in expected:
        yield Diagnostic(question.option(later).position, "QL111",
                         f"option '{later}' of question '{question.id}' is nearly the same as option '{earlier}' "
                         f"({ratio:.0%} alike). Two options that mean the same are both right or both wrong, so either "
                         "one can be ruled out; make them differ in substance or drop one.")


def test_ql108_finds_the_same_recurring_words(corpus: list[Bank]) -> None:
    for question, context in _questions(corpus):
        expected = _convergence_before(question)
        found = list(options.convergence(read(question), context))
        if expected is None:
            assert found == []
            continue
        (key,) = keyed(question)
        shared = len(expected[key.id])
        best_other = max(len(words) for oid, words in expected.items() if oid != key.id)
        fires = shared >= options.CONVERGENCE_MIN_WORDS and shared >= options.CONVERGENCE_RATIO * best_other
        assert len(found) == fires
        if fires:
            assert f"{shared} of its words" in found[0].message and f"at most {best_other}" in found[0].message


def test_ql116_finds_the_pairs_that_comparing_every_pair_finds(corpus: list[Bank]) -> None:
    questions = [question for bank in corpus for question in bank.questions]
    indexed = [(first.id, second.id, score) for first, second, score in similar_pairs(questions)]
    exhaustive = _similar_pairs_exhaustive(questions)
    assert len(exhaustive) > 20
    assert [(a, b) for a, b, _ in indexed] == [(a, b) for a, b, _ in exhaustive]
    assert all(math.isclose(x, y, rel_tol=1e-12) for (_, _, x), (_, _, y) in zip(indexed, exhaustive, strict=True))


_LETTERS = st.text(alphabet="abcde ", max_size=40) | st.text(alphabet="abcdefghij ", min_size=190, max_size=260)


@settings(max_examples=400, deadline=None)
@given(_LETTERS, _LETTERS)
def test_the_bound_never_skips_a_pair_that_reaches_the_threshold(first: str, second: str) -> None:
    alphabet = tuple(set(first) | set(second))
    counts = [[text.count(letter) for letter in alphabet] for text in (first, second)]
    ratio = difflib.SequenceMatcher(None, first, second).ratio()
    for threshold in (0.5, 0.8, options.NEAR_DUPLICATE_RATIO, ratio):
        if ratio >= threshold:
            assert options.could_reach(first, second, counts[0], counts[1], threshold)


@settings(max_examples=400, deadline=None)
@given(_LETTERS, _LETTERS)
def test_the_longest_common_subsequence_bounds_difflibs_ratio(first: str, second: str) -> None:
    indel = pytest.importorskip("rapidfuzz.distance").Indel
    # difflib's matching blocks, in order in both texts, are a common subsequence: its ratio is at
    # most 2·LCS/T, so QL111 never skips a pair that reaches the threshold (with autojunk too).
    reach = options._bound([first, second])
    ratio = difflib.SequenceMatcher(None, first, second).ratio()
    total = len(first) + len(second)
    lcs = (total - indel.distance(first, second)) // 2 if total else 0
    assert not total or ratio <= 2.0 * lcs / total
    if ratio >= options.NEAR_DUPLICATE_RATIO:
        assert reach(0, 1)


_SHORT = st.text(alphabet="abcd ", max_size=40) | st.text(alphabet="abcdefghijklmnop ,.", min_size=20, max_size=199)


@settings(max_examples=1500, deadline=None)
@given(_SHORT, _SHORT, st.booleans())
def test_difflib_ratio_is_difflibs(first: str, second: str, related: bool) -> None:
    if related:  # near-duplicates: the second made of pieces of the first, as edits make them
        second = first[:len(second) // 3] + second[:5] + first[len(second) // 2:]
    assert options.difflib_ratio(first, second) == difflib.SequenceMatcher(None, first, second).ratio()
    assert options.difflib_ratio(second, first) == difflib.SequenceMatcher(None, second, first).ratio()


def test_difflib_ratio_is_difflibs_on_the_corpus(corpus: list[Bank]) -> None:
    # Every pair of options of every question (the long ones, from 200 letters, go to difflib itself).
    pairs = 0
    for question, _ in _questions(corpus):
        texts = [comparable(option.text) for option in question.options]
        for earlier in range(len(texts)):
            for later in range(earlier + 1, len(texts)):
                assert options.difflib_ratio(texts[earlier], texts[later]) == \
                    difflib.SequenceMatcher(None, texts[earlier], texts[later]).ratio()
                pairs += 1
    assert pairs > 2500


_MIXED = st.text(alphabet=st.sampled_from("aB3 -'’_.,é ÉßİǅﬁΣς\u00a0non"), max_size=60)


@settings(max_examples=600, deadline=None)
@given(_MIXED | st.text(max_size=40))
def test_words_are_found_as_before_in_any_text(text: str) -> None:
    # ASCII texts take a pattern of their own; both must find what the one pattern found.
    assert list(words(text)) == _words_before(text)


def _find_terms_before(text: str, terms: tuple[str, ...]) -> list[str]:
    folded = f" {' '.join(_words_before(text))} "
    return [term for term in terms if f" {term} " in folded]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["often", "not only", "all", "none", "Every", "ALWAYS", "don’t", "don't", "never",
                                 "x", "-", "only.", "usually,", "all of the"]), max_size=8).map(" ".join))
def test_terms_are_found_as_before(text: str) -> None:
    for terms in (options.ABSOLUTE_TERMS, options.VAGUE_FREQUENCY_TERMS, ("not only", "don't", "of the")):
        assert find_terms(text, terms) == _find_terms_before(text, terms)


def test_terms_are_found_as_before_in_the_corpus(corpus: list[Bank]) -> None:
    for question, _ in _questions(corpus):
        for text in (question.stem, question.explanation, *(o.text for o in question.options)):
            for terms in (options.ABSOLUTE_TERMS, options.VAGUE_FREQUENCY_TERMS):
                assert find_terms(text, terms) == _find_terms_before(text, terms)


def test_matching_questions_keep_their_pairs_in_order() -> None:
    # QL116 and QL117 read a matching question's keyed pairs as premise then option, pair by pair.
    report = validate(sorted((DATA / "lint").glob("*.yaml")), sources_path=TEST_SOURCES)
    matching = [q for bank in report.banks for q in bank.questions if q.type is MATCHING]
    assert matching
    for question in matching:
        pairs = [text for p, o in question.matches for text in (question.premise(p).text, question.option(o).text)]
        assert question_texts(question) == [question.stem, *pairs]
        assert keyed_texts(question) == [question.stem, *pairs, question.explanation]


# The searches that let a rule pass over a question at once ---------------------------------------

_CUED = st.lists(st.sampled_from(["not", "NOT", "cannot", "don't", "don’t", "isn'T", "except", "Least", "leaſt", "knot",
                                  "all", "None", "neither", "ANY", "both", "of the above", "above.", "options", "ſ",
                                  "always", "often", "x", "-", ".", "é"]), max_size=8).map(" ".join)


@settings(max_examples=600, deadline=None)
@given(_CUED | st.text(max_size=40))
def test_negative_stems_are_found_as_before(text: str) -> None:
    assert stem._may_be_negative(text) is (stem._NEGATIVE.search(text) is not None)


@settings(max_examples=600, deadline=None)
@given(st.lists(_CUED | st.text(max_size=20), min_size=1, max_size=5))
def test_one_search_of_all_options_misses_no_option(texts: list[str]) -> None:
    # When the search over the options joined finds nothing, no option holds what the rule looks for.
    joined = " ".join(texts)
    if joined.isascii() and options._OF_THE_ABOVE_WORD.search(joined.lower()) is None:
        assert not any(options._OF_THE_ABOVE.search(text) for text in texts)
    for terms, found in ((options.ABSOLUTE_TERMS, options._absolutes), (options.VAGUE_FREQUENCY_TERMS, options._vague)):
        if not may_hold_terms(texts, terms):
            assert not any(find_terms(text, terms) or found(text) for text in texts)
