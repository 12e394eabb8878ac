"""Where a trainee stands with each question, for the builder's filters: unseen, missed last time, flagged.

The engine decides which questions a filter keeps; the history works out the standing
(quizkit.history.standing) and hands it over as plain sets of question ids, so that building a
quiz stays a pure function of the banks, the spec and these sets.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Status(enum.Enum):
    """A filter on the trainee's own record of a question. Several ticked keep a question that
    has any of them (unseen *or* missed, as a question bank's "unused" and "incorrect" do); the
    tag, difficulty and level filters then narrow that."""

    UNSEEN = "unseen"
    MISSED = "missed"
    FLAGGED = "flagged"

    @property
    def label(self) -> str:
        """The filter's name in the builder and in messages."""
        return {"unseen": "unseen", "missed": "missed last time", "flagged": "flagged"}[self.value]


@dataclass(frozen=True, slots=True)
class Standing:
    """One profile's record, by question id. A profile with no history stands as :data:`NO_HISTORY`."""

    #: Questions the trainee has answered at least once (an explicit skip is an answer).
    answered: frozenset[str] = frozenset()
    #: Questions whose latest answer is not correct, or that were left unanswered in a finished quiz.
    missed: frozenset[str] = frozenset()
    #: Questions flagged the last time a quiz asked them.
    flagged: frozenset[str] = frozenset()

    def has(self, question_id: str, status: Status) -> bool:
        """Whether ``question_id`` has ``status``."""
        if status is Status.UNSEEN:
            return question_id not in self.answered
        return question_id in (self.missed if status is Status.MISSED else self.flagged)


NO_HISTORY = Standing()
