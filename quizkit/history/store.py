"""A trainee's attempt history: one SQLite file, written as the quiz is taken.

Why it is built the way it is:

* Every action the app reports (an answer, a flag, a move, a stated confidence) is its own
  transaction, committed in WAL mode with ``synchronous=FULL``: a commit returns only once it is
  on disk, so killing the process, closing the terminal or cutting the power loses at most the
  answer being typed.
* Answers are appended, never rewritten: an exam answer that is changed adds a row, and the
  newest row per question is the answer (the ``final_answer`` view). An interrupted write can
  lose only the newest row, never damage an older one. The one update is the confidence, which
  the trainee states after answering.
* The quiz's spec, seed and layout (question ids, option and premise orders) are written when
  the attempt starts, so a resumed quiz is the quiz that was interrupted, whatever a later
  quizkit's shuffle would make of the seed.
* Each question's stable id, bank version and content hash are kept with its answers, so
  history survives edits to a bank and can say which answers were given to an older wording.
* The schema's version is ``PRAGMA user_version`` and its owner ``PRAGMA application_id``;
  migrations run on open, each in one transaction with the version it sets. A damaged file or
  another program's database is moved aside, never overwritten; a file from a newer quizkit is
  refused and left as it is.

The store is used from one thread at a time (the app's, or one worker's).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from quizkit import __version__
from quizkit.bank.model import Bank, CognitiveLevel, Difficulty
from quizkit.engine.attempt import Attempt
from quizkit.engine.quiz import Mode, QuizSpec
from quizkit.engine.scoring import Outcome

#: "QKHI": marks a SQLite file as a quizkit history, so another program's database is recognised.
APPLICATION_ID = 0x514B4849
_SQLITE_HEADER = b"SQLite format 3\x00"

# Migration n is MIGRATIONS[n - 1]: statements run in one transaction that also sets
# user_version to n. Append new migrations; never edit one that has shipped.
_V1 = (
    f"PRAGMA application_id = {APPLICATION_ID}",
    """CREATE TABLE attempt (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('open', 'finished', 'abandoned')),
        mode TEXT NOT NULL,
        seed INTEGER NOT NULL,
        spec TEXT NOT NULL,
        banks TEXT NOT NULL,
        question_count INTEGER NOT NULL,
        current_position INTEGER NOT NULL,
        elapsed_seconds REAL NOT NULL,
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        finished_at TEXT,
        quizkit_version TEXT NOT NULL)""",
    """CREATE TABLE item (
        attempt_id INTEGER NOT NULL REFERENCES attempt (id),
        position INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        bank_id TEXT NOT NULL,
        bank_version TEXT NOT NULL,
        section TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        option_order TEXT NOT NULL,
        premise_order TEXT NOT NULL,
        flagged INTEGER NOT NULL DEFAULT 0,
        seconds REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (attempt_id, position)) WITHOUT ROWID""",
    """CREATE TABLE answer (
        id INTEGER PRIMARY KEY,
        attempt_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        chosen TEXT NOT NULL,
        pairs TEXT NOT NULL,
        points REAL NOT NULL,
        outcome TEXT NOT NULL,
        seconds REAL NOT NULL,
        confidence TEXT,
        answered_at TEXT NOT NULL,
        FOREIGN KEY (attempt_id, position) REFERENCES item (attempt_id, position))""",
    "CREATE INDEX answer_by_item ON answer (attempt_id, position, id)",
    # Correlated, so that a query joining it looks up each question's newest answer in the index
    # (an IN over a GROUP BY was re-run per row: minutes at 20,000 answers).
    """CREATE VIEW final_answer AS
        SELECT a.* FROM answer a WHERE a.id = (SELECT max(b.id) FROM answer b
                                               WHERE b.attempt_id = a.attempt_id AND b.position = a.position)""",
)
# Looking up one question's past answers (the feedback screen's "last time", retry, review)
# would otherwise scan every item of every attempt.
_V2 = ("CREATE INDEX item_by_question ON item (question_id, attempt_id)",)
# The xAPI statement queue (quizkit/xapi/queue.py): statements waiting for the LRS, written in
# the same transaction as the answer they report. Self-contained (one new table and its indexes,
# no other table touched), so it can take whichever number comes next when branches merge.
_XAPI_OUTBOX = (
    """CREATE TABLE xapi_outbox (
        id INTEGER PRIMARY KEY,
        statement_id TEXT NOT NULL UNIQUE,
        attempt_id INTEGER NOT NULL REFERENCES attempt (id),
        position INTEGER,
        sequence INTEGER NOT NULL,
        body TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'rejected')),
        queued_at TEXT NOT NULL,
        sent_at TEXT,
        problem TEXT)""",
    "CREATE INDEX xapi_outbox_by_state ON xapi_outbox (state, id)",
    "CREATE INDEX xapi_outbox_by_item ON xapi_outbox (attempt_id, position, sequence)",
)
MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2, _XAPI_OUTBOX)
SCHEMA_VERSION = len(MIGRATIONS)


class Outbox(Protocol):
    """Queues xAPI statements inside the store's transactions (quizkit/xapi/queue.py implements it)."""

    def answered(self, db: sqlite3.Connection, attempt_id: int, attempt: Attempt, position: int) -> None: ...

    def restated(self, db: sqlite3.Connection, attempt_id: int, attempt: Attempt, position: int) -> None: ...

    def completed(self, db: sqlite3.Connection, attempt_id: int) -> None: ...


class StoreError(Exception):
    """The history cannot be used; the message says why and what to do."""


class NewerSchemaError(StoreError):
    """The file was written by a newer quizkit; it is left untouched."""


@dataclass(frozen=True, slots=True)
class MovedAside:
    """A damaged or foreign history file that was moved out of the way on open."""

    original: Path
    moved_to: Path
    reason: str

    @property
    def message(self) -> str:
        return (f"the history file {self.original} could not be used ({self.reason}). It was moved to "
                f"{self.moved_to} and a new, empty history was started; nothing was deleted.")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def timestamp(moment: dt.datetime) -> str:
    """The stored form of a moment: ISO 8601 in UTC to the millisecond, sortable as text."""
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_timestamp(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


class Store:
    """An open history database. Create with :meth:`open`; close with :meth:`close` or ``with``."""

    def __init__(self, path: Path, connection: sqlite3.Connection, now: Callable[[], dt.datetime],
                 moved_aside: MovedAside | None) -> None:
        self.path = path
        self.connection = connection  # for the read modules (history, review, resume); write here only
        self.now = now
        #: Set when the file found on open was moved aside: tell the trainee ``moved_aside.message``.
        self.moved_aside = moved_aside
        #: When an LRS is configured: queues a statement with every answer, in the answer's transaction.
        self.outbox: Outbox | None = None

    @classmethod
    def open(cls, path: Path, *, now: Callable[[], dt.datetime] = utc_now) -> Store:
        """Open (creating or migrating) the history at ``path``.

        A damaged or foreign file is moved aside first (see :attr:`moved_aside`); a file from a
        newer quizkit raises :class:`NewerSchemaError` and is not written to.
        """
        problem = _inspect(path)
        moved = None
        if problem is not None:
            kind, reason = problem
            moved = MovedAside(path, _move_aside(path, kind, now()), reason)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the history file {path}: {error}. Check that the folder is writable, "
                             "or choose another with --data-dir.") from None
        try:
            # WAL first, outside any transaction: it is a property of the file, kept from then on.
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
            _migrate(connection)
        except sqlite3.Error as error:
            connection.close()
            raise StoreError(f"cannot prepare the history file {path}: {error}.") from None
        return cls(path, connection, now, moved)

    def close(self) -> None:
        self.connection.close()

    @property
    def changes(self) -> int:
        """How many rows this store has written since it was opened: a screen showing the
        history can tell whether it has moved since it last looked."""
        return self.connection.total_changes

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction; committed (and on disk) when the block ends without error."""
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            self.connection.rollback()
            raise
        self.connection.execute("COMMIT")

    # -- what the app calls, right after the engine call it names ---------------------------
    def start(self, attempt: Attempt, banks: Iterable[Bank]) -> int:
        """Record a new attempt with its spec, seed and layout; returns its id for the calls below."""
        versions = {bank.id: bank.version for bank in banks}
        quiz = attempt.quiz
        missing = sorted({item.question.bank_id for item in quiz.items} - versions.keys())
        if missing:
            raise ValueError(f"the banks given do not include {', '.join(missing)}")
        now = timestamp(self.now())
        with self._write() as db:
            attempt_id = db.execute(
                "INSERT INTO attempt (uid, status, mode, seed, spec, banks, question_count, current_position,"
                " elapsed_seconds, started_at, updated_at, quizkit_version) VALUES (?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (uuid.uuid4().hex, quiz.spec.mode.value, quiz.seed, encode_spec(quiz.spec), json.dumps(list(quiz.bank_ids)),
                 len(quiz), attempt.current, attempt.elapsed, now, now, __version__)).lastrowid
            db.executemany(
                "INSERT INTO item (attempt_id, position, question_id, bank_id, bank_version, section, content_hash,"
                " option_order, premise_order, flagged, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(attempt_id, position, item.question.id, item.question.bank_id, versions[item.question.bank_id],
                  item.question.cite.section, item.question.content_hash, json.dumps(item.option_order),
                  json.dumps(item.premise_order), position in attempt.flags, attempt.seconds_on(position))
                 for position, item in enumerate(quiz.items)])
        assert attempt_id is not None
        return attempt_id

    def record_answer(self, attempt_id: int, attempt: Attempt, index: int | None = None) -> int:
        """Commit the answer just given to question ``index`` (default: the current one); returns its row id.

        An answer withdrawn in exam mode (``Attempt.clear``) is recorded as a skipped answer with
        nothing chosen, so that the newest row always says where the question stands.
        """
        index = attempt.current if index is None else index
        answer = attempt.answers.get(index)
        if answer is None:
            values = ("[]", "[]", 0.0, Outcome.SKIPPED.value, attempt.seconds_on(index), None)
        else:
            values = (json.dumps(sorted(answer.response.chosen)), json.dumps(answer.response.pairs),
                      answer.score.points, answer.score.outcome.value, answer.seconds,
                      answer.confidence.value if answer.confidence else None)
        with self._write() as db:
            row = db.execute(
                "INSERT INTO answer (attempt_id, position, chosen, pairs, points, outcome, seconds, confidence, answered_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (attempt_id, index, *values, timestamp(self.now()))).lastrowid
            self._save_progress(db, attempt_id, attempt)
            if self.outbox is not None:
                self.outbox.answered(db, attempt_id, attempt, index)
        assert row is not None
        return row

    def record_confidence(self, attempt_id: int, attempt: Attempt, index: int | None = None) -> None:
        """Commit the confidence just stated (or cleared) for the answer to question ``index``."""
        index = attempt.current if index is None else index
        confidence = attempt.answers[index].confidence
        with self._write() as db:
            db.execute("UPDATE answer SET confidence = ? WHERE id = (SELECT max(id) FROM answer"
                       " WHERE attempt_id = ? AND position = ?)",
                       (confidence.value if confidence else None, attempt_id, index))
            self._save_progress(db, attempt_id, attempt)
            if self.outbox is not None:
                self.outbox.restated(db, attempt_id, attempt, index)

    def record_flag(self, attempt_id: int, attempt: Attempt, index: int | None = None) -> None:
        """Commit whether question ``index`` is now flagged."""
        index = attempt.current if index is None else index
        with self._write() as db:
            db.execute("UPDATE item SET flagged = ? WHERE attempt_id = ? AND position = ?",
                       (index in attempt.flags, attempt_id, index))
            self._save_progress(db, attempt_id, attempt)

    def record_progress(self, attempt_id: int, attempt: Attempt) -> None:
        """Commit the current question and the timers: after every move, and every few seconds.

        The time between two calls is what a kill can lose from the timer, so the app calls
        this from its clock tick (every 5 s is plenty) as well as after ``Attempt.go``.
        """
        with self._write() as db:
            self._save_progress(db, attempt_id, attempt)

    def finish(self, attempt_id: int, attempt: Attempt) -> None:
        """Commit the end of the attempt (after ``Attempt.finish``)."""
        with self._write() as db:
            self._save_progress(db, attempt_id, attempt)
            db.execute("UPDATE attempt SET status = 'finished', finished_at = ? WHERE id = ?",
                       (timestamp(self.now()), attempt_id))
            if self.outbox is not None:
                self.outbox.completed(db, attempt_id)

    def abandon(self, attempt_id: int) -> None:
        """Close an unfinished attempt the trainee chose not to resume; its answers stay in the history."""
        with self._write() as db:
            db.execute("UPDATE attempt SET status = 'abandoned', updated_at = ? WHERE id = ? AND status = 'open'",
                       (timestamp(self.now()), attempt_id))

    def _save_progress(self, db: sqlite3.Connection, attempt_id: int, attempt: Attempt) -> None:
        row = db.execute("SELECT current_position FROM attempt WHERE id = ?", (attempt_id,)).fetchone()
        if row is None:
            raise StoreError(f"there is no attempt {attempt_id} in {self.path}")
        # The question just left keeps the time the engine stopped for it; the current one has run on.
        for position in {row[0], attempt.current}:
            db.execute("UPDATE item SET seconds = ? WHERE attempt_id = ? AND position = ?",
                       (attempt.seconds_on(position), attempt_id, position))
        db.execute("UPDATE attempt SET current_position = ?, elapsed_seconds = ?, updated_at = ? WHERE id = ?",
                   (attempt.current, attempt.elapsed, timestamp(self.now()), attempt_id))


def encode_spec(spec: QuizSpec) -> str:
    """The stored form of a quiz spec (JSON; sets as sorted lists)."""
    return json.dumps({
        "mode": spec.mode.value, "count": spec.count, "tags": sorted(spec.tags),
        "difficulties": sorted(d.value for d in spec.difficulties), "levels": sorted(c.value for c in spec.levels),
        "question_ids": sorted(spec.question_ids), "shuffle": spec.shuffle, "seed": spec.seed,
        "time_limit_seconds": spec.time_limit_seconds,
    }, sort_keys=True)


def decode_spec(text: str) -> QuizSpec:
    raw = json.loads(text)
    return QuizSpec(mode=Mode(raw["mode"]), count=raw["count"], tags=frozenset(raw["tags"]),
                    difficulties=frozenset(Difficulty(d) for d in raw["difficulties"]),
                    levels=frozenset(CognitiveLevel(c) for c in raw["levels"]),
                    question_ids=frozenset(raw["question_ids"]), shuffle=raw["shuffle"], seed=raw["seed"],
                    time_limit_seconds=raw["time_limit_seconds"])


def _migrate(connection: sqlite3.Connection) -> None:
    """Bring the schema up to :data:`SCHEMA_VERSION`, one migration per transaction.

    The version is read again inside each transaction, so two processes opening an old file at
    once do not both run the same migration.
    """
    for number, statements in enumerate(MIGRATIONS, start=1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            if connection.execute("PRAGMA user_version").fetchone()[0] < number:
                for statement in statements:
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            connection.rollback()
            raise
        connection.execute("COMMIT")


def _inspect(path: Path) -> tuple[str, str] | None:
    """Why the file at ``path`` must be moved aside, as (kind, reason), or None if it can be used.

    Reads through a read-only connection, so that a file that is refused (newer, or locked by
    a problem we do not recognise) is not changed in any way, not even by a checkpoint.
    """
    try:
        with path.open("rb") as file:
            header = file.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(f"cannot read the history file {path}: {error}.") from None
    if not header:
        return None  # an empty file is how SQLite starts a database
    if header != _SQLITE_HEADER:
        return "corrupt", "it is not a SQLite database"
    try:
        with contextlib.closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as probe:
            application_id = probe.execute("PRAGMA application_id").fetchone()[0]
            objects = probe.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if application_id != APPLICATION_ID and (application_id != 0 or objects):
                return "foreign", "it is a SQLite database of another program, not a quizkit history"
            version = probe.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise NewerSchemaError(
                    f"the history file {path} was written by a newer quizkit (schema version {version}; this "
                    f"quizkit {__version__} reads up to version {SCHEMA_VERSION}). Upgrade quizkit to use it; "
                    "the file was left as it is.")
            problems = [row[0] for row in probe.execute("PRAGMA quick_check").fetchall()]
            if problems != ["ok"]:
                return "corrupt", f"it is damaged: {'; '.join(problems[:3])}"
    except sqlite3.DatabaseError as error:
        if error.sqlite_errorcode in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            return "corrupt", f"it is damaged: {error}"
        raise StoreError(f"cannot read the history file {path}: {error}.") from None
    return None


def _move_aside(path: Path, kind: str, moment: dt.datetime) -> Path:
    """Rename ``path`` (and its -wal and -shm files) to ``<name>.<kind>-<UTC time>``; returns the new path."""
    stamp = moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
    companions = ("-wal", "-shm")
    target = path.with_name(f"{path.name}.{kind}-{stamp}")
    n = 1
    while any(Path(f"{target}{suffix}").exists() for suffix in ("", *companions)):
        n += 1
        target = path.with_name(f"{path.name}.{kind}-{stamp}-{n}")
    # The -wal goes first: a new database must never find the old one's log under its name.
    try:
        for suffix in (*companions, ""):
            source = Path(f"{path}{suffix}")
            if source.exists():
                source.rename(Path(f"{target}{suffix}"))
    except OSError as error:
        raise StoreError(f"the history file {path} cannot be used and could not be moved aside: {error}. "
                         f"Move it away by hand, or choose another folder with --data-dir.") from None
    return target
