"""Spaced review of questions a trainee has seen, scheduled with FSRS, and the leeches apart.

Each final answer to a question is one FSRS review, rated from whether it was right and how
sure the trainee said they were before seeing its feedback (docs/history.md explains the
choices; a confidence stated after the reveal, in histories from before quizkit asked first,
counts as not stated):

=========================  ======
answer                     rating
=========================  ======
wrong, or skipped          Again
partly right               Hard
right, but guessed         Hard
right, unsure              Good
right, confidence unstated Good
right and sure             Easy
=========================  ======

Schedules are derived from the answers on every call rather than stored: the answers are the
record, and a change to this mapping or to the scheduler's settings then applies to the whole
history at once, with nothing to migrate or fall out of step.

A question missed :data:`LEECH_MISSES` times among its last :data:`LEECH_WINDOW` answers is a
*leech*: asking it again on the same schedule is not working, so it is listed apart (for
rereading the cited section) and not among the questions due. Anki's default of 8 lapses suits
decks of thousands of cards; in a bank of a few dozen questions, four misses already mean the
teaching has not landed. Counting within a window rather than for ever lets a question stop
being a leech once it is learnt: quizzes ask a question far more often than Anki would, and a
lifetime count would make every question a leech in the end.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass, field

from fsrs import Card, Rating, Scheduler

from quizkit.engine.attempt import Confidence
from quizkit.engine.scoring import Outcome
from quizkit.history.store import PRE_REVEAL_CONFIDENCE, Store, parse_timestamp

LEECH_MISSES = 4
LEECH_WINDOW = 8


def scheduler() -> Scheduler:
    """FSRS as quizkit uses it.

    No learning steps: FSRS's default steps of 1 and 10 minutes assume a flashcard seen again
    within the session, while a quiz question returns in a later quiz, so each answer goes
    straight to a schedule in days. No fuzzing: it draws from the global random generator, and
    the same history must always give the same schedule.
    """
    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating(outcome: Outcome, confidence: Confidence | None) -> Rating:
    """The FSRS rating of one answer (see the table above)."""
    if outcome in (Outcome.INCORRECT, Outcome.SKIPPED):
        return Rating.Again
    if outcome is Outcome.PARTIAL or confidence is Confidence.GUESSED:
        return Rating.Hard
    return Rating.Easy if confidence is Confidence.SURE else Rating.Good


@dataclass(frozen=True, slots=True)
class Schedule:
    """Where one question stands for a trainee."""

    question_id: str
    bank_id: str
    section: str
    card: Card
    reviews: int
    misses: int
    #: Misses among the last :data:`LEECH_WINDOW` answers.
    recent_misses: int
    last_outcome: Outcome
    last_answered_at: dt.datetime
    #: The question's content hash when last answered: compare with the bank to tell an edit.
    content_hash: str

    @property
    def due(self) -> dt.datetime:
        return self.card.due

    @property
    def is_leech(self) -> bool:
        return self.recent_misses >= LEECH_MISSES


@dataclass(slots=True)
class _Track:
    """One question's running state while the answers are replayed."""

    card: Card
    reviews: int = 0
    misses: int = 0
    recent: deque[bool] = field(default_factory=lambda: deque(maxlen=LEECH_WINDOW))


def schedules(store: Store, fsrs: Scheduler | None = None) -> dict[str, Schedule]:
    """Every question the trainee has answered, by id, with its FSRS card after all its answers."""
    fsrs = fsrs or scheduler()
    tracks: dict[str, _Track] = {}
    last: dict[str, tuple[str, str, str, Outcome, dt.datetime]] = {}
    for question_id, bank_id, section, content_hash, outcome_value, confidence, answered_at in store.connection.execute(
            "SELECT i.question_id, i.bank_id, i.section, i.content_hash, f.outcome, " + PRE_REVEAL_CONFIDENCE + ", f.answered_at"
            " FROM final_answer f JOIN item i USING (attempt_id, position) ORDER BY f.answered_at, f.id"):
        moment = parse_timestamp(answered_at)
        outcome = Outcome(outcome_value)
        # card_id given: fsrs otherwise sleeps a millisecond per new card to make ids unique.
        track = tracks.setdefault(question_id, _Track(Card(card_id=len(tracks) + 1, due=moment)))
        given = rating(outcome, Confidence(confidence) if confidence else None)
        track.card, _ = fsrs.review_card(track.card, given, moment)
        track.reviews += 1
        track.misses += given is Rating.Again
        track.recent.append(given is Rating.Again)
        last[question_id] = (bank_id, section, content_hash, outcome, moment)
    found: dict[str, Schedule] = {}
    for question_id, track in tracks.items():
        bank_id, section, content_hash, outcome, moment = last[question_id]
        found[question_id] = Schedule(question_id, bank_id, section, track.card, track.reviews, track.misses,
                                      sum(track.recent), outcome, moment, content_hash)
    return found


def due(store: Store, now: dt.datetime | None = None, fsrs: Scheduler | None = None) -> list[Schedule]:
    """Questions due for review at ``now`` (default: the store's clock), most overdue first; leeches left out."""
    now = now or store.now()
    return sorted((s for s in schedules(store, fsrs).values() if s.due <= now and not s.is_leech),
                  key=lambda s: (s.due, s.question_id))


def leeches(store: Store, fsrs: Scheduler | None = None) -> list[Schedule]:
    """Questions missed :data:`LEECH_MISSES` times in their last :data:`LEECH_WINDOW` answers, most missed first."""
    return sorted((s for s in schedules(store, fsrs).values() if s.is_leech),
                  key=lambda s: (-s.recent_misses, -s.misses, s.question_id))


@dataclass(frozen=True, slots=True)
class ReviewOutlook:
    """What spaced review has for the trainee now: what the home screen and ``ctrl+e`` show."""

    #: Due now, most overdue first, cut to what the daily limit leaves for today.
    due: tuple[Schedule, ...]
    #: Due now in all, before the daily limit.
    due_in_all: int
    #: When the next question falls due, if none is due now (None: nothing is scheduled).
    next_due: dt.datetime | None
    leeches: int

    def next_due_in_days(self, now: dt.datetime) -> int | None:
        """Whole days until :attr:`next_due`, rounded up ("next due in 1 day" for tomorrow morning)."""
        if self.next_due is None:
            return None
        return max(0, -(-(self.next_due - now) // dt.timedelta(days=1)))


def reviewed_today(store: Store, now: dt.datetime) -> int:
    """Answers given today (UTC) in spaced-review quizzes: what counts against the daily limit."""
    start = now.astimezone(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    return store.connection.execute(
        "SELECT count(*) FROM final_answer f JOIN attempt a ON a.id = f.attempt_id"
        " WHERE json_extract(a.spec, '$.origin') = 'review' AND f.answered_at >= ?",
        (start.isoformat(timespec="milliseconds").replace("+00:00", "Z"),)).fetchone()[0]


def review_outlook(store: Store, now: dt.datetime | None = None, daily_limit: int | None = None,
                   fsrs: Scheduler | None = None) -> ReviewOutlook:
    """The questions due now (at most ``daily_limit`` a day, counting those reviewed today), and
    when the next falls due; leeches are counted apart and never due."""
    now = now or store.now()
    every = schedules(store, fsrs).values()
    waiting = sorted((s for s in every if not s.is_leech), key=lambda s: (s.due, s.question_id))
    due_now = [s for s in waiting if s.due <= now]
    later = [s.due for s in waiting if s.due > now]
    allowed = due_now if daily_limit is None else due_now[:max(0, daily_limit - reviewed_today(store, now))]
    return ReviewOutlook(tuple(allowed), len(due_now), min(later) if later else None,
                         sum(s.is_leech for s in every))
