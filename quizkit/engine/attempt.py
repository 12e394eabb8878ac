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
    #: Practice mode: the earlier question being looked back at (read-only), or None on the live one.
    viewing: int | None = None
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

    @property
    def shown(self) -> int:
        """The question on screen: the one looked back at, else the current one."""
        return self.current if self.viewing is None else self.viewing

    @property
    def looking_back(self) -> bool:
        return self.viewing is not None

    def go(self, index: int) -> None:
        """Show question ``index``. Practice mode only moves forward, as a question bank's tutor mode does."""
        if not 0 <= index < len(self.quiz):
            raise AttemptError(f"there is no question {index + 1}")
        if self.mode is Mode.PRACTICE and index < self.current:
            raise AttemptError("practice mode moves forward only; look back at earlier answers with look_back")
        self._on_live_question()
        self._move(index)

    # -- practice: skip, go on, look back ---------------------------------------------------------
    # Practice works through a queue: questions in order, a skipped one moved to its end. Taken
    # round from the current question, the unanswered questions are always that queue, so the
    # next one is found from the answers and the current position alone, and a resumed quiz
    # (which stores just those) carries on in the same order without storing the queue.
    def next_unanswered(self) -> int | None:
        """The question after the current one in the queue: the first unanswered one going round
        from it (skipped ones come back once the others are done); None if there is none."""
        count = len(self.quiz)
        return next((index for index in ((self.current + step) % count for step in range(1, count))
                     if index not in self.answers), None)

    def skip(self) -> int:
        """Practice: put off the current question to the end of the queue and show the next; returns it.

        A question skipped and never answered counts as unanswered when the quiz ends. Skipping
        needs another question to go to: with only this one left, answer it or finish.
        """
        self._practice_only("skip")
        self._on_live_question()
        if self.current in self.answers:
            raise AttemptError("this question is answered; Enter goes on to the next")
        target = self.next_unanswered()
        if target is None:
            raise AttemptError("this is the only question left to answer")
        self._move(target)
        return target

    def advance(self) -> bool:
        """Practice, after the feedback: go on to the next question in the queue; False when none is left."""
        self._practice_only("advance")
        self._on_live_question()
        if self.current not in self.answers:
            raise AttemptError("answer this question (or skip it) before going on")
        target = self.next_unanswered()
        if target is None:
            return False
        self._move(target)
        return True

    def answered_in_order(self) -> list[int]:
        """Practice: the questions answered, first answered first (a practice answer is given once)."""
        return list(self.answers)

    def look_back(self, step: int) -> int:
        """Practice: show the feedback of the answer ``step`` places before (negative) or after the
        one shown, in the order they were answered, the live question last; returns the question shown.

        Looking back is read-only: the answer, its confidence and its score stay final, and the
        live question keeps whatever is being put together for it (the face keeps its draft).
        """
        self._practice_only("look back")
        if self.finished:
            raise AttemptError("the quiz is finished")
        trail = self.answered_in_order()
        if self.current not in self.answers:
            trail.append(self.current)
        position = trail.index(self.shown)
        target = trail[max(0, min(position + step, len(trail) - 1))]
        if target == self.shown and step < 0:
            raise AttemptError("there is no earlier answer to look back at")
        self.viewing = None if target == self.current else target
        return target

    def return_to_live(self) -> None:
        """Stop looking back: the current question again, as it was left."""
        self.viewing = None

    def _practice_only(self, what: str) -> None:
        if self.mode is not Mode.PRACTICE:
            raise AttemptError(f"only practice mode can {what}; an exam moves freely between questions")

    def _on_live_question(self) -> None:
        if self.viewing is not None:
            raise AttemptError("you are looking back at an earlier answer, which is final; "
                               "return to the current question first")

    def _move(self, index: int) -> None:
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
        self._on_live_question()
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
        self._on_live_question()
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
        self.viewing = None
        self._stop_clock()
        self.finished = True
        self.ended = self.clock()

    def may_show_feedback(self, index: int | None = None) -> bool:
        """Feedback follows each answer in practice mode and waits for the end in exam mode."""
        index = self.current if index is None else index
        return index in self.answers and (self.mode is Mode.PRACTICE or self.finished)
