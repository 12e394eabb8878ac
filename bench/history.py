"""How fast the history store writes and reads: ``python bench/history.py [--answers N] [--dir DIR]``.

Records N answers (default 100,000) the way the app does, one committed transaction per answer
(with a progress commit per move, also as the app does), in quizzes of 20 questions on the
bundled banks; then writes the same rows again into a fresh file in one transaction, the floor
that batching would reach; then reads the profile's history back through every query the app
and ``quizkit history`` use: spaced review from the cached cards against a full replay of every
answer (the baseline), and the time a history written before the cards existed takes to migrate.
Results go in bench/README.md.

The folder should be on the disk a trainee's history would be on: a tmpfs makes fsync free
and the per-answer figure meaningless.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import platform
import random
import sqlite3
import tempfile
import time
from collections.abc import Callable, Sized
from pathlib import Path

from quizkit.bank.bundled import bundled_banks
from quizkit.bank.loader import read_bank
from quizkit.bank.model import Bank, QuestionType
from quizkit.bank.pipeline import bank_files
from quizkit.engine.attempt import Attempt
from quizkit.engine.quiz import QuizSpec, build_quiz
from quizkit.engine.scoring import Response
from quizkit.history.queries import (
    attempts,
    export_rows,
    missed_question_ids,
    part_trends,
)
from quizkit.history.spaced import due, due_among, leeches, leeches_among, replay, schedules
from quizkit.history.store import MIGRATIONS, Store

QUIZ_LENGTH = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, help="folder for the files (default: a new temporary folder)")
    args = parser.parse_args()
    banks = [loaded.bank for loaded in map(read_bank, bank_files([bundled_banks()])) if loaded.bank is not None]
    with contextlib.ExitStack() as stack:
        folder = args.dir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="quizkit-bench-")))
        folder.mkdir(parents=True, exist_ok=True)
        app_file, batched_file = folder / "app.sqlite3", folder / "batched.sqlite3"
        for path in (app_file, batched_file):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        rows: list[tuple[str, str, float, str]] = []
        answer_seconds, total_seconds, commits = record_like_the_app(app_file, banks, args.answers)
        rows.append(("record, one transaction per answer (the app)", f"{args.answers:,} answers",
                     answer_seconds, per(answer_seconds, args.answers)))
        rows.append(("  the whole loop, progress commits included", f"{commits:,} commits",
                     total_seconds, per(total_seconds, commits)))
        batched = record_batched(app_file, batched_file)
        rows.append(("record, one transaction for all (baseline)", f"{args.answers:,} answers",
                     batched, per(batched, args.answers)))
        read_back(app_file, rows)
        migrate_old_copy(app_file, rows)
        print(f"quizkit history bench: {args.answers:,} answers in quizzes of {QUIZ_LENGTH}; SQLite "
              f"{sqlite3.sqlite_version}, Python {platform.python_version()}, {platform.system()} {platform.machine()}; "
              f"file {app_file.stat().st_size / 1e6:.1f} MB\n")
        print(table(rows))


def record_like_the_app(path: Path, banks: list[Bank], count: int) -> tuple[float, float, int]:
    """Take quizzes through the store; returns (seconds in record_answer, seconds in all, commits)."""
    rng = random.Random(0)
    answering = 0.0
    commits = 0
    started = time.perf_counter()
    with Store.open(path, now=SteppingClock()) as store:
        given = 0
        while given < count:
            attempt = Attempt(build_quiz(banks, QuizSpec(count=min(QUIZ_LENGTH, count - given), seed=rng.randrange(10**6))))
            attempt_id = store.start(attempt, banks)
            commits += 1
            for index in range(len(attempt.quiz)):
                if index:
                    attempt.go(index)
                    store.record_progress(attempt_id, attempt)
                    commits += 1
                attempt.answer(random_response(attempt, rng))
                before = time.perf_counter()
                store.record_answer(attempt_id, attempt)
                answering += time.perf_counter() - before
                commits += 1
                given += 1
            attempt.finish()
            store.finish(attempt_id, attempt)
            commits += 1
    return answering, time.perf_counter() - started, commits


def record_batched(source: Path, target: Path) -> float:
    """Write the same attempts, items and answers into a fresh history in one transaction."""
    with contextlib.closing(sqlite3.connect(source)) as db:
        tables = {name: db.execute(f"SELECT * FROM {name}").fetchall() for name in ("attempt", "item", "answer")}
    with Store.open(target) as store:
        started = time.perf_counter()
        store.connection.execute("BEGIN IMMEDIATE")
        for name, found in tables.items():
            marks = ", ".join("?" * len(found[0]))
            store.connection.executemany(f"INSERT INTO {name} VALUES ({marks})", found)
        store.connection.execute("COMMIT")
        return time.perf_counter() - started


def read_back(path: Path, rows: list[tuple[str, str, float, str]]) -> None:
    started = time.perf_counter()
    store = Store.open(path)
    rows.append(("open (integrity quick_check, migrations)", "", time.perf_counter() - started, ""))
    queries: tuple[tuple[str, Callable[[], Sized], str], ...] = (
        ("attempts(): the history table", lambda: attempts(store), "attempts"),
        ("part_trends()", lambda: part_trends(store), "parts"),
        ("missed_question_ids(): retry", lambda: missed_question_ids(store), "questions"),
        ("replay(): FSRS over every answer (baseline)", lambda: replay(store), "questions"),
        ("schedules(): the cached cards", lambda: schedules(store), "questions"),
        ("due(): review due now", lambda: due(store), "questions"),
        ("leeches()", lambda: leeches(store), "questions"),
        ("review overview: cards read once, due + leeches", lambda: overview(store), "questions"),
        ("export_rows(): the export", lambda: export_rows(store, "bench"), "rows"),
    )
    with store:
        for label, query, unit in queries:
            started = time.perf_counter()
            found = query()
            rows.append((label, f"{len(found):,} {unit}", time.perf_counter() - started, ""))


def overview(store: Store) -> list[object]:
    """What the history screen and ``quizkit history`` show of spaced review: one read of the cards."""
    found = schedules(store)
    return [*due_among(found, store.now()), *leeches_among(found)]


def migrate_old_copy(path: Path, rows: list[tuple[str, str, float, str]]) -> None:
    """Open a copy of the history as the quizkit before the cards would have left it: times the
    migration that builds every card from the answers."""
    version = next(n for n, steps in enumerate(MIGRATIONS, start=1) if any("review_card" in str(s) for s in steps))
    old = path.with_name("before-cards.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{old}{suffix}").unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(path)) as source, contextlib.closing(sqlite3.connect(old)) as target:
        source.backup(target)
        target.executescript(f"DROP TABLE review_card; DROP TABLE review_rules; PRAGMA user_version = {version - 1};")
    started = time.perf_counter()
    Store.open(old).close()
    rows.append((f"open a v{version - 1} history: migration builds the cards", "", time.perf_counter() - started, ""))


def random_response(attempt: Attempt, rng: random.Random) -> Response:
    """Right seven times in ten, as a trainee who is learning; otherwise a random pick."""
    question = attempt.item.question
    if rng.random() < 0.7:
        return Response(question.key, question.matches)
    options = [option.id for option in question.options]
    if question.type is QuestionType.MATCHING:
        return Response(pairs=tuple((premise.id, rng.choice(options)) for premise in question.premises))
    return Response(frozenset(rng.sample(options, 1 if question.type is not QuestionType.MULTIPLE else 2)))


class SteppingClock:
    """A wall clock that advances a minute a call, so that the history spans months as a real one would."""

    def __init__(self) -> None:
        self.moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.moment += dt.timedelta(minutes=1)
        return self.moment


def per(seconds: float, count: int) -> str:
    each = seconds / count
    return f"{each * 1e3:.3f} ms" if each >= 1e-3 else f"{each * 1e6:.1f} µs"


def table(rows: list[tuple[str, str, float, str]]) -> str:
    header = ("operation", "size", "seconds", "each")
    cells = [header, *((label, size, f"{seconds:.3f}", each) for label, size, seconds, each in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(4)]
    return "\n".join("  ".join(cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i]) for i, cell in enumerate(row))
                     for row in cells)


if __name__ == "__main__":
    main()
