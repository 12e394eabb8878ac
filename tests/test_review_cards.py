"""The cached FSRS cards (table review_card) always equal a full replay of the answers."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import sqlite3
from pathlib import Path

import pytest
from fsrs import Scheduler
from store_support import RESPONSES, FakeClock, FakeNow

from quizkit.engine.attempt import Attempt, Confidence
from quizkit.engine.quiz import Mode, QuizSpec, build_quiz
from quizkit.history import spaced
from quizkit.history.spaced import replay, schedules
from quizkit.history.store import MIGRATIONS, Store

#: The number of the migration that adds the cards, wherever it lands in the sequence.
REVIEW_CARDS = next(n for n, steps in enumerate(MIGRATIONS, start=1) if any("review_card" in str(s) for s in steps))


def random_history(store: Store, bank, now: FakeNow, rng: random.Random, attempts: int) -> None:
    """Quizzes as a trainee takes them, with everything that rewrites a question's review: exam
    answers changed and withdrawn, confidence stated and changed later, clocks that go backwards."""
    for _ in range(attempts):
        mode = rng.choice((Mode.PRACTICE, Mode.EXAM))
        attempt = Attempt(build_quiz([bank], QuizSpec(mode=mode, seed=rng.randrange(1000))), clock=FakeClock())
        attempt_id = store.start(attempt, [bank])
        for index in range(len(attempt.quiz)):
            if index:
                attempt.go(index)
            for _ in range(rng.choice((1, 1, 2, 3)) if mode is Mode.EXAM else 1):
                now.advance(minutes=rng.choice((1, 5, -3)))  # -3: a clock set back between answers
                if mode is Mode.EXAM and attempt.answers.get(index) and rng.random() < 0.2:
                    attempt.clear()
                else:
                    # Practice: the confidence comes with the answer (before its feedback).
                    given = rng.choice((*Confidence, None)) if mode is Mode.PRACTICE else None
                    attempt.answer(RESPONSES[attempt.item.question.id][rng.choice(("right", "wrong", "wrong"))], given)
                store.record_answer(attempt_id, attempt)
                if mode is Mode.EXAM and attempt.answers.get(index) and rng.random() < 0.4:
                    attempt.set_confidence(rng.choice((*Confidence, None)))  # stated, or changed, before the end
                    store.record_confidence(attempt_id, attempt)
        if rng.random() < 0.3 and mode is Mode.EXAM:  # go back and change an earlier answer
            attempt.go(0)
            attempt.answer(RESPONSES[attempt.item.question.id]["right"])
            store.record_answer(attempt_id, attempt)
        attempt.finish()
        store.finish(attempt_id, attempt)
        now.advance(days=rng.choice((0.5, 1, 3)))


@pytest.mark.parametrize("seed", range(6))
def test_cached_cards_equal_a_full_replay(tmp_path: Path, mini_bank, seed: int) -> None:
    now = FakeNow()
    with Store.open(tmp_path / "history.sqlite3", now=now) as store:
        random_history(store, mini_bank, now, random.Random(seed), attempts=12)
        cached = schedules(store)
        assert cached == replay(store)
        assert len(cached) == 4 and all(s.reviews for s in cached.values())


def test_the_migration_builds_the_cards_of_an_existing_history(tmp_path: Path, mini_bank) -> None:
    database, now = tmp_path / "history.sqlite3", FakeNow()
    with Store.open(database, now=now) as store:
        random_history(store, mini_bank, now, random.Random(1), attempts=8)
        expected = replay(store)
    # Back to the schema before the cache: as a history written by the previous quizkit.
    with contextlib.closing(sqlite3.connect(database, isolation_level=None)) as db:
        db.execute("DROP TABLE review_card")
        db.execute("DROP TABLE review_rules")
        for later in MIGRATIONS[REVIEW_CARDS:]:  # and the tables of any migration after the cards'
            for step in later:
                if isinstance(step, str) and step.lstrip().startswith("CREATE TABLE"):
                    db.execute(f"DROP TABLE IF EXISTS {step.split()[2]}")  # a table copied under a new name is gone
        db.execute(f"PRAGMA user_version = {REVIEW_CARDS - 1}")
    with Store.open(database, now=now) as store:
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert store.connection.execute("SELECT count(*) FROM review_card").fetchone()[0] == 4
        assert schedules(store) == expected


def test_cards_computed_under_other_rules_are_rebuilt_on_read(tmp_path: Path, mini_bank) -> None:
    now = FakeNow()
    with Store.open(tmp_path / "history.sqlite3", now=now) as store:
        random_history(store, mini_bank, now, random.Random(2), attempts=4)
        expected = replay(store)
        # As after an upgrade that changed the rating rules: the stored cards are stale, and an
        # answer recorded meanwhile must not be applied on top of them.
        store.connection.execute("UPDATE review_rules SET fingerprint = 'older rules'")
        store.connection.execute("UPDATE review_card SET reviews = 99")
        random_history(store, mini_bank, now, random.Random(3), attempts=1)
        expected = replay(store)
        assert schedules(store) == expected
        assert store.connection.execute("SELECT fingerprint FROM review_rules").fetchone()[0] == spaced.rules_fingerprint()


def test_other_scheduler_settings_are_replayed_not_read_from_the_cache(tmp_path: Path, mini_bank) -> None:
    now = FakeNow()
    with Store.open(tmp_path / "history.sqlite3", now=now) as store:
        random_history(store, mini_bank, now, random.Random(4), attempts=3)
        laxer = Scheduler(desired_retention=0.7, learning_steps=(), relearning_steps=(), enable_fuzzing=False)
        found = schedules(store, laxer)
        assert found == replay(store, laxer)
        assert found != schedules(store)


def test_a_withdrawn_only_answer_removes_the_card(tmp_path: Path, mini_bank) -> None:
    now = FakeNow()
    with Store.open(tmp_path / "history.sqlite3", now=now) as store:
        attempt = Attempt(build_quiz([mini_bank], QuizSpec(mode=Mode.EXAM, shuffle=False, count=1)), clock=FakeClock())
        attempt_id = store.start(attempt, [mini_bank])
        attempt.answer(RESPONSES["mini-single"]["right"])
        store.record_answer(attempt_id, attempt)
        assert schedules(store)["mini-single"].reviews == 1
        now.advance(seconds=dt.timedelta(minutes=1).total_seconds())
        attempt.clear()
        store.record_answer(attempt_id, attempt)  # a withdrawal: the question stands unanswered again
        assert schedules(store) == replay(store)
        assert "mini-single" not in schedules(store)


def test_a_damaged_card_never_costs_an_answer(tmp_path: Path, mini_bank) -> None:
    now = FakeNow()
    with Store.open(tmp_path / "history.sqlite3", now=now) as store:
        random_history(store, mini_bank, now, random.Random(5), attempts=2)
        answers = store.connection.execute("SELECT count(*) FROM answer").fetchone()[0]
        store.connection.execute("UPDATE review_card SET card = 'not json'")
        random_history(store, mini_bank, now, random.Random(6), attempts=1)
        assert store.connection.execute("SELECT count(*) FROM answer").fetchone()[0] > answers
        assert store.connection.execute("SELECT count(*) FROM review_rules").fetchone()[0] == 0  # marked stale
        assert schedules(store) == replay(store)
