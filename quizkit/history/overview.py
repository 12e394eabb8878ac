"""A trainee's history at a glance: what ``quizkit history`` prints and the history screen shows.

Both faces show the same overview, so it is computed once, here: the attempts, each part's
trend, the questions to retry, those due for spaced review and the leeches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from quizkit.history.queries import AttemptSummary, PartTrend, attempts, missed_question_ids, part_trends
from quizkit.history.spaced import Schedule, due_among, leeches_among, schedules
from quizkit.history.store import Store


@dataclass(frozen=True, slots=True)
class HistoryOverview:
    attempts: tuple[AttemptSummary, ...]
    parts: tuple[PartTrend, ...]
    retry: tuple[str, ...]
    due: tuple[Schedule, ...]
    leeches: tuple[Schedule, ...]

    @property
    def finished(self) -> tuple[AttemptSummary, ...]:
        return tuple(a for a in self.attempts if a.status == "finished")


#: The overview of a history that does not exist yet.
EMPTY = HistoryOverview((), (), (), (), ())


def history_overview(store: Store | None, current: Mapping[str, str] | None = None) -> HistoryOverview:
    """Everything about ``store`` a trainee is shown; ``current`` (question id → content hash of the
    banks loaded) marks answers given to an older wording. ``None``: a profile without a history."""
    if store is None:
        return EMPTY
    review = schedules(store)  # read once: due and leeches are two views of the same cards
    return HistoryOverview(tuple(attempts(store, current)), tuple(part_trends(store)), tuple(missed_question_ids(store)),
                           tuple(due_among(review, store.now())), tuple(leeches_among(review)))
