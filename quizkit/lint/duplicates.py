"""QL116: two questions that ask the same thing, across every bank linted together.

A paper drawn from several banks should not ask one point twice with the same framing. Each
question becomes a sparse TF-IDF vector of the content words of its stem and key (for matching,
its keyed pairs; for true/false, the statement); pairs whose cosine similarity reaches
:data:`THRESHOLD` are reported. The inverse document frequency is counted over all the
questions given, so a word every bank uses ("skin", "metastasis") weighs little and a word two
questions share alone weighs much. Pairs are found through an inverted index of words, so only
questions sharing a word are compared; a word in more than :data:`COMMON_SHARE` of questions
adds little weight and is left out of the index (it still counts in each vector's length).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from itertools import chain

from quizkit.bank.diagnostics import Diagnostic
from quizkit.bank.model import Question
from quizkit.lint.question import MATCHING, MULTIPLE, SINGLE, TRUE_FALSE, Reading, keyed, read
from quizkit.lint.text import content_words_of

#: Cosine similarity at or above which two questions are reported (docs/lint.md, QL116, says why).
THRESHOLD = 0.35
#: Words in more than this share of the questions are not used to find candidate pairs.
COMMON_SHARE = 0.2


def question_texts(question: Question) -> list[str]:
    """What two questions must share to ask the same thing: the stem and what the key says."""
    if question.type is TRUE_FALSE:
        return [question.stem]
    if question.type is MATCHING:
        return [question.stem, *(text for p, o in question.matches
                                 for text in (question.premise(p).text, question.option(o).text))]
    return [question.stem, *(option.text for option in keyed(question))]


def question_words(reading: Reading) -> frozenset[str]:
    """The content words of :func:`question_texts`, from the question's reading where it has them."""
    question = reading.question
    if question.type in (SINGLE, MULTIPLE):
        return reading.stem_content.union(*(reading.option_content[option.id] for option in reading.keyed))
    return content_words_of(question_texts(question))


def similar_pairs(questions: list[Question], threshold: float = THRESHOLD,
                  bags: Sequence[frozenset[str]] | None = None) -> list[tuple[Question, Question, float]]:
    """Pairs of ``questions`` (in the order given) whose stem-and-key vectors have a cosine of at
    least ``threshold``; ``bags``, when given, are the questions' :func:`question_words`, in order."""
    # A question's words are a set: each counts once, so a word's weight is its idf alone.
    if bags is None:
        bags = [question_words(read(question)) for question in questions]
    frequency = Counter(chain.from_iterable(bags))
    total = len(questions)
    # Smoothed (1 + ln((1 + N) / (1 + df))), so that a word in every question still counts a little
    # and two questions alone can be compared; worked out once per word, not once per question.
    idf = {word: 1 + math.log((1 + total) / (1 + count)) for word, count in frequency.items()}
    vectors: list[dict[str, float]] = []
    for bag in bags:
        weights = {word: idf[word] for word in bag}
        length = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
        vectors.append({word: weight / length for word, weight in weights.items()})
    index: defaultdict[str, list[int]] = defaultdict(list)
    for number, vector in enumerate(vectors):
        for word in vector:
            if frequency[word] <= max(2, COMMON_SHARE * total):
                index[word].append(number)
    dots: defaultdict[tuple[int, int], float] = defaultdict(float)
    for word, postings in index.items():
        for i, first in enumerate(postings):
            for second in postings[i + 1:]:
                dots[(first, second)] += vectors[first][word] * vectors[second][word]
    found = []
    for (first, second), _ in sorted(dots.items()):
        # The index skipped common words; the full dot product decides.
        score = sum(weight * vectors[second].get(word, 0.0) for word, weight in vectors[first].items())
        if score >= threshold:
            found.append((questions[first], questions[second], score))
    return found


def near_duplicates(questions: list[Question], bags: Sequence[frozenset[str]]) -> Iterator[tuple[Question, Diagnostic]]:
    """QL116 for every similar pair of ``questions`` (their :func:`question_words` are ``bags``),
    reported at the later question (so its waiver silences it)."""
    for first, second, score in similar_pairs(questions, bags=bags):
        yield second, Diagnostic(second.position, "QL116",
                                 f"question '{second.id}' asks much what '{first.id}' ({first.position}) asks: their "
                                 f"stems and keys have a similarity of {score:.2f}. If they test one point the same "
                                 "way, keep the better one; if they differ in substance, waive with what differs.")
