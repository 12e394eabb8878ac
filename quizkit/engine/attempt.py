"""Taking a quiz: answers, flags, confidence and time, in either mode.

An :class:`Attempt` is the whole state of a quiz being taken, in plain Python, so that every
rule (when feedback may be shown, when an answer may still change, when time is up) is decided
here and tested without a terminal. The app only displays it and forwards key presses.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from quizkit.engine.quiz import Mode, Quiz, QuizItem
from quizkit.engine.scoring import Response, Score, score


class Confidence(enum.Enum):
    """How sure the trainee is of an answer, stated before its feedback is shown."""

    SURE = "sure"
    UNSURE = "unsure"
    GUESSED = "guessed"


class AttemptError(RuntimeError):
    """An action the current state does not allow (changing a practice answer, say)."""


@dataclass(slots=True)
class Answer:
    response: Response
    score: Score
    seconds: float
    confidence: Confidence | None = None


@dataclass(slots=True)
class Attempt:
    quiz: Quiz
    clock: Callable[[], float] = time.monotonic
    current: int = 0
    answers: dict[int, Answer] = field(default_factory=dict)
    flags: set[int] = field(default_factory=set)
    finished: bool = False
    started: float = field(init=False)
    ended: float | None = field(default=None, init=False)
    _time_on: dict[int, float] = field(default_factory=dict, init=False)
    _viewing_since: float = field(init=False)

    def __post_init__(self) -> None:
        self.started = self._viewing_since = self.clock()

    # -- where we are -------------------------------------------------------------------------
    @property
    def mode(self) -> Mode:
        return self.quiz.spec.mode

    @property
    def item(self) -> QuizItem:
        return self.quiz.items[self.current]

    @property
    def is_last(self) -> bool:
        return self.current == len(self.quiz) - 1

    def go(self, index: int) -> None:
        """Show question ``index``. Practice mode only moves forward, as a question bank's tutor mode does."""
        if not 0 <= index < len(self.quiz):
            raise AttemptError(f"there is no question {index + 1}")
        if self.mode is Mode.PRACTICE and index < self.current:
            raise AttemptError("practice mode moves forward only; review earlier questions on the results screen")
        self._stop_clock()
        self.current = index

    def _stop_clock(self) -> None:
        now = self.clock()
        self._time_on[self.current] = self._time_on.get(self.current, 0.0) + now - self._viewing_since
        self._viewing_since = now

    def seconds_on(self, index: int) -> float:
        """Time spent on question ``index`` so far, the current view included (what the store saves)."""
        running = self.clock() - self._viewing_since if index == self.current and not self.finished else 0.0
        return self._time_on.get(index, 0.0) + running

    def restore_clock(self, elapsed: float, seconds_on: Mapping[int, float]) -> None:
        """Carry on the timers of an interrupted attempt from where they stopped (see quizkit.history.resume)."""
        now = self.clock()
        self.started, self._viewing_since = now - elapsed, now
        self._time_on = dict(seconds_on)

    # -- answering ------------------------------------------------------------------------------
    def answer(self, response: Response, confidence: Confidence | None = None) -> Score:
        """Record ``response`` to the current question, with how sure the trainee is, and return its score.

        In practice mode the first answer is final (its feedback has been seen), and so is the
        confidence given with it; in exam mode an answer may change until the attempt is finished,
        keeping the confidence already stated unless a new one is given.
        """
        if self.finished:
            raise AttemptError("the quiz is finished")
        if self.time_is_up():
            raise AttemptError("time is up")
        if self.mode is Mode.PRACTICE and self.current in self.answers:
            raise AttemptError("this question is already answered")
        self._stop_clock()
        result = score(self.item.question, response)
        previous = self.answers.get(self.current)
        if confidence is None and previous is not None:
            confidence = previous.confidence
        self.answers[self.current] = Answer(response, result, self._time_on[self.current], confidence)
        return result

    def clear(self) -> None:
        """Withdraw the answer to the current question (exam mode: the trainee deselected it)."""
        if self.mode is Mode.PRACTICE:
            raise AttemptError("practice answers are final once submitted")
        self.answers.pop(self.current, None)

    def set_confidence(self, confidence: Confidence | None, index: int | None = None) -> None:
        """Say how sure the trainee is of an answer not yet revealed (exam mode; ``None`` clears it).

        Once its feedback may be shown the confidence is final: "sure" stated after seeing a ✓
        would flatter the calibration table, the certainty-based score and the spaced-review
        ratings that rest on it. In practice mode the confidence comes with the answer
        (:meth:`answer`), since submitting it shows the feedback.
        """
        index = self.current if index is None else index
        if index not in self.answers:
            raise AttemptError("answer the question before saying how sure you are")
        if self.may_show_feedback(index):
            raise AttemptError("how sure you were is given before the answer is shown; it cannot change now")
        self.answers[index].confidence = confidence

    def toggle_flag(self, index: int | None = None) -> bool:
        """Flag or unflag a question for review; returns whether it is now flagged."""
        index = self.current if index is None else index
        self.flags ^= {index}
        return index in self.flags

    # -- time -----------------------------------------------------------------------------------
    @property
    def elapsed(self) -> float:
        return (self.ended if self.ended is not None else self.clock()) - self.started

    def remaining(self) -> float | None:
        """Seconds left under the time limit, or None without one."""
        limit = self.quiz.spec.time_limit_seconds
        return None if limit is None else max(0.0, limit - self.elapsed)

    def time_is_up(self) -> bool:
        remaining = self.remaining()
        return remaining is not None and remaining <= 0

    # -- review and finish -----------------------------------------------------------------------
    def unanswered(self) -> list[int]:
        return [i for i in range(len(self.quiz)) if i not in self.answers]

    def flagged(self) -> list[int]:
        return sorted(self.flags)

    def finish(self) -> None:
        self._stop_clock()
        self.finished = True
        self.ended = self.clock()

    def may_show_feedback(self, index: int | None = None) -> bool:
        """Feedback follows each answer in practice mode and waits for the end in exam mode."""
        index = self.current if index is None else index
        return index in self.answers and (self.mode is Mode.PRACTICE or self.finished)
