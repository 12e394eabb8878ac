"""A profile's standing with each question, read from its history for the builder's filters.

What each filter means is the engine's (quizkit.engine.standing); this module only reads the
sets it needs, with the same "latest word" rule as mastery: a question's latest answer decides
whether it was missed last time, and one left unanswered in a finished quiz was missed.
"""

from __future__ import annotations

from quizkit.engine.standing import Standing
from quizkit.history.mastery import latest_outcomes
from quizkit.history.store import Store


def standing(store: Store) -> Standing:
    """Which questions this profile has answered, missed last time, and has flagged now.

    A flag belongs to the quiz it was set in; a question's flag is the one of the latest quiz
    that asked it, so unflagging it there, or asking it again unflagged, clears it.
    """
    db = store.connection
    answered = frozenset(row[0] for row in db.execute(
        "SELECT DISTINCT i.question_id FROM final_answer f JOIN item i USING (attempt_id, position)"))
    missed = frozenset(question_id for question_id, correct in latest_outcomes(store).items() if not correct)
    flags: dict[str, bool] = {}
    for question_id, flagged in db.execute(
            "SELECT i.question_id, i.flagged FROM item i JOIN attempt a ON a.id = i.attempt_id"
            " ORDER BY a.started_at, a.id"):
        flags[question_id] = bool(flagged)
    return Standing(answered, missed, frozenset(q for q, flagged in flags.items() if flagged))
