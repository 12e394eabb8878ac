"""Certainty-based marking (CBM): a score that counts how sure the trainee was, beside the plain one.

Gardner-Medwin's scheme, as used in the London Agreed Protocol for Teaching (LAPT) and in
Moodle's certainty-based marking (docs/cbm.md explains it, with its sources):

=============  ==========  ============
certainty      if right    if wrong
=============  ==========  ============
C=1 (low)          1             0
C=2 (mid)          2            −2
C=3 (high)         3            −6
=============  ==========  ============

quizkit's confidences map onto it as guessed → C=1, unsure → C=2, sure → C=3; an answer whose
certainty was not stated counts as C=1, as Moodle assumes, so leaving it out never costs marks.
The marks make it pay to be honest: C=3 is worth choosing only when the chance of being right is
above 80%, C=2 between 67% and 80%. A wrong answer given as sure costs six marks, which is the
point: in clinical practice that is the error acted on.

Two choices the scheme leaves open, made here:

* a *partly* correct answer (multiple response, matching) earns its fraction of the right mark
  (half right at C=3 earns 1.5), never the wrong mark, so partial credit keeps its meaning;
* an unanswered question earns 0 at every certainty, as a reply of "no answer" does in LAPT.

Only confidence stated *before* the feedback counts: an answer whose confidence was given after
the reveal (histories from before quizkit asked first) is marked at C=1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quizkit.engine.attempt import Confidence
from quizkit.engine.scoring import Outcome, Score

#: Certainty level → (mark if right, mark if wrong).
MARKS: dict[int, tuple[int, int]] = {1: (1, 0), 2: (2, -2), 3: (3, -6)}
CERTAINTY: dict[Confidence | None, int] = {Confidence.GUESSED: 1, Confidence.UNSURE: 2, Confidence.SURE: 3, None: 1}
#: The most one question can earn: right at C=3.
BEST = MARKS[3][0]


def certainty(confidence: Confidence | None) -> int:
    """The CBM certainty level (1–3) of a stated confidence; not stated counts as 1."""
    return CERTAINTY[confidence]


def cbm_mark(result: Score, confidence: Confidence | None) -> float:
    """The certainty-based mark of one scored answer (see the module's table and choices)."""
    right, wrong = MARKS[certainty(confidence)]
    if result.outcome is Outcome.SKIPPED:
        return 0.0
    if result.points > 0:
        return right * result.points
    return float(wrong)


@dataclass(frozen=True, slots=True)
class CbmScore:
    """A quiz's certainty-based total beside what it could have been."""

    marks: float
    questions: int

    @property
    def best(self) -> int:
        """Every question right at C=3."""
        return BEST * self.questions

    @property
    def average(self) -> float:
        """Marks per question asked (−6 to 3): LAPT's "average CBM mark"."""
        return self.marks / self.questions if self.questions else 0.0


def cbm_score(answers: Iterable[tuple[Score, Confidence | None]]) -> CbmScore:
    """The CBM total of scored answers with their pre-reveal confidence."""
    marks, questions = 0.0, 0
    for result, confidence in answers:
        marks += cbm_mark(result, confidence)
        questions += 1
    return CbmScore(marks, questions)
