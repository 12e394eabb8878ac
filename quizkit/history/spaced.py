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

The answers are the record; each question's card is a cache of replaying them, kept in the
``review_card`` table so that reading the schedule costs one row per question however long the
history grows (replaying 100,000 answers took 2.6 s). The store updates a question's card in the
same transaction as the answer that changes it (:func:`card_after_answer`, :func:`refresh_card`),
and the table records the rules it was computed with (:func:`rules_fingerprint`): a change to
this mapping, to the leech window or to the scheduler's settings makes the next read rebuild
every card from the answers, so the cache never falls out of step with the rules either.

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
import json
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from fsrs import Card, Rating, Scheduler

from quizkit.engine.attempt import Confidence
from quizkit.engine.scoring import Outcome
from quizkit.history.store import PRE_REVEAL_CONFIDENCE, Store, parse_timestamp, pre_reveal_confidence

LEECH_MISSES = 4
LEECH_WINDOW = 8
#: Bump when :func:`rating` changes: the cached cards are then rebuilt from the answers on next read.
RATING_RULES = 1


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
    """One question's running state while its answers are replayed."""

    card: Card
    reviews: int = 0
    misses: int = 0
    recent: deque[bool] = field(default_factory=lambda: deque(maxlen=LEECH_WINDOW))
    last: tuple[str, str, str, Outcome, dt.datetime, int] | None = None  # bank, section, hash, outcome, time, answer id

    def review(self, fsrs: Scheduler, row: Sequence[Any]) -> None:
        """Apply one final answer, a row of :data:`_FINAL_ANSWERS` less the question id."""
        bank_id, section, content_hash, outcome_value, confidence, answered_at, answer_id = row
        moment = parse_timestamp(answered_at)
        outcome = Outcome(outcome_value)
        given = rating(outcome, Confidence(confidence) if confidence else None)
        self.card, _ = fsrs.review_card(self.card, given, moment)
        self.reviews += 1
        self.misses += given is Rating.Again
        self.recent.append(given is Rating.Again)
        self.last = (bank_id, section, content_hash, outcome, moment, answer_id)

    def schedule(self, question_id: str) -> Schedule:
        assert self.last is not None, "a track exists only once it has an answer"
        bank_id, section, content_hash, outcome, moment, _ = self.last
        return Schedule(question_id, bank_id, section, self.card, self.reviews, self.misses, sum(self.recent),
                        outcome, moment, content_hash)


# Every final answer, in the order FSRS sees them; ``{where}`` narrows it to one question.
_FINAL_ANSWERS = ("SELECT i.question_id, i.bank_id, i.section, i.content_hash, f.outcome, " + PRE_REVEAL_CONFIDENCE + ", f.answered_at, f.id"
                  " FROM final_answer f JOIN item i USING (attempt_id, position){where} ORDER BY f.answered_at, f.id")


def _new_card(moment: dt.datetime) -> Card:
    # card_id given: fsrs otherwise sleeps a millisecond per new card to make ids unique. quizkit
    # knows a card by its question id, so the id is the same for all, and the same history gives
    # the same cards whether they are replayed at once or kept up to date answer by answer.
    return Card(card_id=1, due=moment)


def _replay(rows: Iterable[Sequence[Any]], fsrs: Scheduler) -> dict[str, _Track]:
    tracks: dict[str, _Track] = {}
    for question_id, *rest in rows:
        track = tracks.get(question_id)
        if track is None:
            track = tracks[question_id] = _Track(_new_card(parse_timestamp(rest[5])))
        track.review(fsrs, rest)
    return tracks


def replay(store: Store, fsrs: Scheduler | None = None) -> dict[str, Schedule]:
    """Every answered question's schedule, computed afresh from every final answer (linear in answers).

    The reference the cached cards are checked against, and the way to schedule with other
    settings than quizkit's own.
    """
    tracks = _replay(store.connection.execute(_FINAL_ANSWERS.format(where="")), fsrs or scheduler())
    return {question_id: track.schedule(question_id) for question_id, track in tracks.items()}


def schedules(store: Store, fsrs: Scheduler | None = None) -> dict[str, Schedule]:
    """Every question the trainee has answered, by id, with its FSRS card after all its answers.

    Read from the cached cards (one row per question); with a scheduler of other settings than
    :func:`scheduler`'s, replayed from the answers instead.
    """
    if fsrs is not None and fsrs.to_dict() != scheduler().to_dict():
        return replay(store, fsrs)
    db = store.connection
    if _stored_fingerprint(db) != rules_fingerprint():
        db.execute("BEGIN IMMEDIATE")
        try:
            rebuild_cards(db)
        except BaseException:
            db.rollback()
            raise
        db.execute("COMMIT")
    found: dict[str, Schedule] = {}
    for (question_id, bank_id, section, content_hash, card, reviews, misses, recent, outcome, answered_at,
         _) in db.execute("SELECT * FROM review_card"):
        found[question_id] = Schedule(question_id, bank_id, section, Card.from_dict(json.loads(card)), reviews, misses,
                                      recent.count("1"), Outcome(outcome), parse_timestamp(answered_at), content_hash)
    return found


def due(store: Store, now: dt.datetime | None = None, fsrs: Scheduler | None = None) -> list[Schedule]:
    """Questions due for review at ``now`` (default: the store's clock), most overdue first; leeches left out."""
    return due_among(schedules(store, fsrs), now or store.now())


def due_among(found: dict[str, Schedule], now: dt.datetime) -> list[Schedule]:
    """:func:`due` on schedules already read, so that a screen showing both lists reads them once."""
    return sorted((s for s in found.values() if s.due <= now and not s.is_leech), key=lambda s: (s.due, s.question_id))


def leeches(store: Store, fsrs: Scheduler | None = None) -> list[Schedule]:
    """Questions missed :data:`LEECH_MISSES` times in their last :data:`LEECH_WINDOW` answers, most missed first."""
    return leeches_among(schedules(store, fsrs))


def leeches_among(found: dict[str, Schedule]) -> list[Schedule]:
    """:func:`leeches` on schedules already read."""
    return sorted((s for s in found.values() if s.is_leech), key=lambda s: (-s.recent_misses, -s.misses, s.question_id))


# -- the cached cards (table review_card), written by the store in the transaction of the answer --
@cache
def rules_fingerprint() -> str:
    """What the cached cards depend on besides the answers: the rating rules, the leech window
    and the scheduler's settings. Cards stored under another fingerprint are rebuilt. Computed
    once per process: it is checked with every answer recorded."""
    return json.dumps({"rating": RATING_RULES, "leech_window": LEECH_WINDOW, "scheduler": scheduler().to_dict()},
                      sort_keys=True)


def _stored_fingerprint(db: sqlite3.Connection) -> str | None:
    row = db.execute("SELECT fingerprint FROM review_rules").fetchone()
    return row[0] if row else None


def _save(db: sqlite3.Connection, question_id: str, track: _Track) -> None:
    assert track.last is not None
    bank_id, section, content_hash, outcome, moment, answer_id = track.last
    db.execute("INSERT OR REPLACE INTO review_card VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (question_id, bank_id, section, content_hash, json.dumps(track.card.to_dict()), track.reviews,
                track.misses, "".join("1" if miss else "0" for miss in track.recent), outcome.value,
                moment.isoformat(), answer_id))


def _stale_on_failure(update: Callable[[sqlite3.Connection, Any], None]) -> Callable[[sqlite3.Connection, Any], None]:
    """Never let the cache cost an answer: a card that cannot be read or updated (a damaged row,
    say) marks every card stale, to be rebuilt on the next read, and the answer's transaction
    goes on. Database errors still propagate: they would fail the answer's own write too."""
    def guarded(db: sqlite3.Connection, subject: Any) -> None:
        try:
            update(db, subject)
        except (ValueError, KeyError, TypeError, AttributeError):
            db.execute("DELETE FROM review_rules")
    guarded.__doc__ = update.__doc__
    return guarded


def rebuild_cards(db: sqlite3.Connection) -> None:
    """Replace every cached card by a replay of all the answers; inside the caller's transaction."""
    db.execute("DELETE FROM review_card")
    for question_id, track in _replay(db.execute(_FINAL_ANSWERS.format(where="")), scheduler()).items():
        _save(db, question_id, track)
    db.execute("DELETE FROM review_rules")
    db.execute("INSERT INTO review_rules VALUES (?)", (rules_fingerprint(),))


@_stale_on_failure
def refresh_card(db: sqlite3.Connection, question_id: str) -> None:
    """Recompute one question's card from its own final answers (an answer of its was replaced,
    withdrawn or rated anew); inside the caller's transaction. Linear in that question's answers."""
    if _stored_fingerprint(db) != rules_fingerprint():
        return  # every card is rebuilt on the next read
    tracks = _replay(db.execute(_FINAL_ANSWERS.format(where=" WHERE i.question_id = ?"), (question_id,)), scheduler())
    if question_id in tracks:
        _save(db, question_id, tracks[question_id])
    else:
        db.execute("DELETE FROM review_card WHERE question_id = ?", (question_id,))


@_stale_on_failure
def card_after_answer(db: sqlite3.Connection, answer_id: int) -> None:
    """Bring the card of the question just answered (answer row ``answer_id``) up to date; inside
    the transaction that inserted the answer.

    The usual case, a question's first answer in its attempt and the newest of all its answers,
    is one FSRS review applied to the stored card. An answer that replaces an earlier one to the
    same question of the same attempt (an exam answer changed) takes that one's place in the
    sequence, so the question is replayed instead.
    """
    (question_id, *review, replaced, card, reviews, misses, recent, last_at, last_id, rules) = db.execute(
        "SELECT i.question_id, i.bank_id, i.section, i.content_hash, a.outcome, "
        + pre_reveal_confidence("a") + ", a.answered_at, a.id,"
        " EXISTS (SELECT 1 FROM answer b WHERE b.attempt_id = a.attempt_id AND b.position = a.position AND b.id < a.id),"
        " r.card, r.reviews, r.misses, r.recent, r.last_answered_at, r.last_answer_id, (SELECT fingerprint FROM review_rules)"
        " FROM answer a JOIN item i USING (attempt_id, position) LEFT JOIN review_card r ON r.question_id = i.question_id"
        " WHERE a.id = ?", (answer_id,)).fetchone()
    if rules != rules_fingerprint():
        return  # every card is rebuilt on the next read
    answered_at = parse_timestamp(review[5])
    if replaced or (card is not None and (parse_timestamp(last_at), last_id) > (answered_at, answer_id)):
        refresh_card(db, question_id)
        return
    if card is None:
        track = _Track(_new_card(answered_at))
    else:
        track = _Track(Card.from_dict(json.loads(card)), reviews, misses,
                       deque((mark == "1" for mark in recent), maxlen=LEECH_WINDOW))
    track.review(scheduler(), review)
    _save(db, question_id, track)


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
    start = now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    count: int = store.connection.execute(
        "SELECT count(*) FROM final_answer f JOIN attempt a ON a.id = f.attempt_id"
        " WHERE json_extract(a.spec, '$.origin') = 'review' AND f.answered_at >= ?",
        (start.isoformat(timespec="milliseconds").replace("+00:00", "Z"),)).fetchone()[0]
    return count


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
