"""A trainee's attempt history: one SQLite file, written as the quiz is taken.

Why it is built the way it is:

* Every action the app reports (an answer, a flag, a move, a stated confidence) is its own
  transaction, committed in WAL mode with ``synchronous=FULL``: a commit returns only once it is
  on disk, so killing the process, closing the terminal or cutting the power loses at most the
  answer being typed.
* Answers are appended, never rewritten: an exam answer that is changed adds a row, and the
  newest row per question is the answer (the ``final_answer`` view), unless that row withdraws
  the answer (an exam answer cleared): the question is then unanswered. An interrupted write can
  lose only the newest row, never damage an older one. The one update is the confidence, which
  an exam answer may gain before the exam is submitted (a practice answer comes with its own).
* The quiz's spec, seed and layout (question ids, option and premise orders) are written when
  the attempt starts, so a resumed quiz is the quiz that was interrupted, whatever a later
  quizkit's shuffle would make of the seed.
* Each question's stable id, bank version and content hash are kept with its answers, so
  history survives edits to a bank and can say which answers were given to an older wording.
* The schema's version is ``PRAGMA user_version`` and its owner ``PRAGMA application_id``;
  migrations run on open, each in one transaction with the version it sets. A damaged file or
  another program's database is moved aside, never overwritten; a file from a newer quizkit is
  refused and left as it is.
* A write never waits long: another process holding the write lock makes it fail within
  :data:`BUSY_TIMEOUT_SECONDS` (the app keeps the answer and retries, quizkit/history/recorder.py)
  rather than freezing the screen. A write to a file deleted or replaced since it was opened
  fails too, instead of "succeeding" into a file no one will read again; a write to an attempt
  that is no longer open (finished or abandoned, in this window or another) is refused.
* A history that cannot be written (a read-only folder or disk) is opened read-only: it can be
  read, and every write raises :class:`ReadOnlyHistoryError`.

The store is used from one thread at a time (the app's, or one worker's).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Protocol

from quizkit import __version__
from quizkit.bank.model import Bank, CognitiveLevel, Difficulty
from quizkit.engine.attempt import Attempt
from quizkit.engine.quiz import Mode, QuizKind, QuizSpec
from quizkit.engine.scoring import Outcome
from quizkit.engine.standing import Status

#: "QKHI": marks a SQLite file as a quizkit history, so another program's database is recognised.
APPLICATION_ID = 0x514B4849
_SQLITE_HEADER = b"SQLite format 3\x00"

# Migration n is MIGRATIONS[n - 1]: steps run in one transaction that also sets user_version to
# n. A step is an SQL statement, or a function given the connection for work SQL cannot do.
# Append new migrations; never edit one that has shipped.
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
# An exam answer chosen and then cleared is a withdrawal: the question stands unanswered again,
# as if never answered, and must not count as a miss (retry list, FSRS "Again", leeches). Up to
# version 2 it was written as a skipped answer with nothing chosen; the app wrote nothing else
# that way (a practice answer cannot be empty, and clearing is for exams only), so those rows are
# marked here. The answer rows themselves are kept exactly as they are: a withdrawal is a row of
# its own table, and final_answer leaves a question whose newest row is withdrawn unanswered.
_V3 = (
    "CREATE TABLE withdrawal (answer_id INTEGER PRIMARY KEY REFERENCES answer (id))",
    """INSERT INTO withdrawal (answer_id)
        SELECT a.id FROM answer a JOIN attempt t ON t.id = a.attempt_id
        WHERE t.mode = 'exam' AND a.outcome = 'skipped' AND a.chosen = '[]' AND a.pairs = '[]'""",
    "DROP VIEW final_answer",
    """CREATE VIEW final_answer AS
        SELECT a.* FROM answer a WHERE a.id = (SELECT max(b.id) FROM answer b
                                               WHERE b.attempt_id = a.attempt_id AND b.position = a.position)
                                   AND a.id NOT IN (SELECT answer_id FROM withdrawal)""",
)
# Up to version 3 the app asked how sure the trainee was only in practice mode's feedback, after
# the ✓ or ✗ was on screen, so those confidences say how sure a trainee felt *knowing the result*.
# They are kept as they are, marked here, and left out of calibration, certainty-based marks and
# spaced-review ratings (PRE_REVEAL_CONFIDENCE). Exam confidences are not marked: an exam showed
# no feedback until it was submitted, and none could be stated after that, so they were given
# before the reveal. From this version on no confidence can be stated after its feedback.
_V4 = (
    "CREATE TABLE after_reveal (answer_id INTEGER PRIMARY KEY REFERENCES answer (id))",
    """INSERT INTO after_reveal (answer_id)
        SELECT a.id FROM answer a JOIN attempt t ON t.id = a.attempt_id
        WHERE t.mode = 'practice' AND a.confidence IS NOT NULL""",
)


def _build_review_cards(connection: sqlite3.Connection) -> None:
    _spaced().rebuild_cards(connection)


# Each question's FSRS card and leech window, kept up to date as answers are recorded (in the
# answer's transaction) so that spaced review reads one row per question instead of replaying
# every answer; built here from the answers already recorded. ``review_rules`` holds the rules the
# cards were computed with (quizkit/history/spaced.py rebuilds them when those change). It comes
# after version 4 so that the cards are built from the confidences given before the reveal only.
_REVIEW_CARDS = (
    """CREATE TABLE review_card (
        question_id TEXT PRIMARY KEY,
        bank_id TEXT NOT NULL,
        section TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        card TEXT NOT NULL,
        reviews INTEGER NOT NULL,
        misses INTEGER NOT NULL,
        recent TEXT NOT NULL,
        last_outcome TEXT NOT NULL,
        last_answered_at TEXT NOT NULL,
        last_answer_id INTEGER NOT NULL) WITHOUT ROWID""",
    "CREATE TABLE review_rules (fingerprint TEXT NOT NULL)",
    _build_review_cards,
)
Step = str | Callable[[sqlite3.Connection], None]

# The xAPI statement queue (quizkit/xapi/queue.py): statements waiting for the LRS, written in
# the same transaction as the answer they report. Self-contained (one new table and its indexes,
# no other table touched).
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
# From version 7 the queue holds a reference, not the statement: the answer row (``answer_id``),
# and the statement is built when it is sent, from that row and the question's definition kept
# once per wording in ``xapi_activity`` (quizkit/xapi/build.py). Building and serialising 3 kB of
# JSON inside the answer's transaction had cost each answer 0.3–1.6 ms. ``body`` stays for the
# rows queued by version 6, which are sent as they are, and for nothing else. ``backfilled``
# marks the statements of answers recorded before an LRS was configured (quizkit/xapi/backfill.py).
# SQLite cannot relax a NOT NULL in place, so the table is copied, every row and state kept.
_XAPI_REFERENCES = (
    """CREATE TABLE xapi_outbox_v7 (
        id INTEGER PRIMARY KEY,
        statement_id TEXT NOT NULL UNIQUE,
        attempt_id INTEGER NOT NULL REFERENCES attempt (id),
        position INTEGER,
        sequence INTEGER NOT NULL,
        answer_id INTEGER REFERENCES answer (id),
        body TEXT,
        backfilled INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'rejected')),
        queued_at TEXT NOT NULL,
        sent_at TEXT,
        problem TEXT,
        CHECK (body IS NOT NULL OR position IS NULL OR answer_id IS NOT NULL))""",
    """INSERT INTO xapi_outbox_v7 (id, statement_id, attempt_id, position, sequence, body, state, queued_at, sent_at,
                                   problem)
        SELECT id, statement_id, attempt_id, position, sequence, body, state, queued_at, sent_at, problem
        FROM xapi_outbox""",
    "DROP TABLE xapi_outbox",
    "ALTER TABLE xapi_outbox_v7 RENAME TO xapi_outbox",
    "CREATE INDEX xapi_outbox_by_state ON xapi_outbox (state, id)",
    "CREATE INDEX xapi_outbox_by_item ON xapi_outbox (attempt_id, position, sequence)",
    """CREATE TABLE xapi_activity (
        bank_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        kind TEXT NOT NULL,
        definition TEXT NOT NULL,
        PRIMARY KEY (bank_id, question_id, content_hash)) WITHOUT ROWID""",
)
MIGRATIONS: tuple[tuple[Step, ...], ...] = (_V1, _V2, _V3, _V4, _REVIEW_CARDS, _XAPI_OUTBOX, _XAPI_REFERENCES)
SCHEMA_VERSION = len(MIGRATIONS)


#: The confidence of the answer row aliased ``f`` as stated before its feedback was shown, NULL
#: when it was stated after (histories from before version 4): what calibration, certainty-based
#: marks and spaced review read.
def pre_reveal_confidence(alias: str) -> str:
    """The SQL for the confidence of answer row ``alias``, or NULL when it was stated after the reveal."""
    return f"(CASE WHEN {alias}.id IN (SELECT answer_id FROM after_reveal) THEN NULL ELSE {alias}.confidence END)"


PRE_REVEAL_CONFIDENCE = pre_reveal_confidence("f")

#: How long a write waits for another process's write lock before failing. Transactions here
#: take milliseconds; a lock held longer is a stuck or hostile process, and the interface must
#: not freeze behind it (the app keeps what it could not write and retries).
BUSY_TIMEOUT_SECONDS = 0.25
#: Opening may wait longer for a migration that another process is running on the same file.
OPEN_TIMEOUT_SECONDS = 10.0


class Outbox(Protocol):
    """Queues xAPI statements inside the store's transactions (quizkit/xapi/queue.py implements it)."""

    def answered(self, db: sqlite3.Connection, attempt_id: int, attempt: Attempt, position: int,
                 answer_id: int) -> None: ...

    def restated(self, db: sqlite3.Connection, attempt_id: int, attempt: Attempt, position: int) -> None: ...

    def completed(self, db: sqlite3.Connection, attempt_id: int) -> None: ...


class StoreError(Exception):
    """The history cannot be used; the message says why and what to do."""


class ReadOnlyHistoryError(StoreError):
    """The history was opened read-only (its folder or disk cannot be written): nothing is saved."""


class HistoryFileGoneError(StoreError):
    """The history file was deleted or replaced while open; :meth:`Store.reopen` starts a new one."""


class AttemptClosedError(StoreError):
    """The attempt is finished or abandoned (perhaps in another window): it takes no more writes."""


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
    return dt.datetime.now(dt.UTC)


def timestamp(moment: dt.datetime) -> str:
    """The stored form of a moment: ISO 8601 in UTC to the millisecond, sortable as text."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_timestamp(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


class Store:
    """An open history database. Create with :meth:`open`; close with :meth:`close` or ``with``."""

    def __init__(self, path: Path, connection: sqlite3.Connection, now: Callable[[], dt.datetime],
                 moved_aside: MovedAside | None, read_only: str | None = None) -> None:
        self.path = path
        self.connection = connection  # for the read modules (history, review, resume); write here only
        self.now = now
        #: Set when the file found on open was moved aside: tell the trainee ``moved_aside.message``.
        self.moved_aside = moved_aside
        #: Why the history could not be opened for writing, when it was opened read-only.
        self.read_only = read_only
        self._identity = _identity(path)
        #: When an LRS is configured: queues a statement with every answer, in the answer's transaction.
        self.outbox: Outbox | None = None

    @classmethod
    def open(cls, path: Path, *, now: Callable[[], dt.datetime] = utc_now) -> Store:
        """Open (creating or migrating) the history at ``path``.

        A damaged or foreign file is moved aside first (see :attr:`moved_aside`); a file from a
        newer quizkit raises :class:`NewerSchemaError` and is not written to.
        """
        try:
            problem = _inspect(path)
            moved = None
            if problem is not None:
                kind, reason = problem
                moved = MovedAside(path, _move_aside(path, kind, now()), reason)
            return cls(path, _connect(path), now, moved)
        except NewerSchemaError:
            raise
        except StoreError as error:
            # A folder or disk that cannot be written: the history can still be read.
            connection = _connect_read_only(path)
            if connection is None:
                raise
            return cls(path, connection, now, None, read_only=str(error))

    def reopen(self) -> None:
        """Open the history file afresh, after :class:`HistoryFileGoneError`: a new, empty history
        if the file was deleted. Raises :class:`StoreError` if that cannot be done either."""
        connection = _connect(self.path)
        self.connection.close()
        self.connection, self.read_only, self._identity = connection, None, _identity(self.path)

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
        """One transaction; committed (and on disk) when the block ends without error.

        Every failure is a :class:`StoreError`: the caller keeps what it meant to write.
        """
        if self.read_only is not None:
            raise ReadOnlyHistoryError(f"the history {self.path} is read-only ({self.read_only})")
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise StoreError(_write_failure(self.path, error)) from None
        try:
            yield self.connection
            # Checked inside the transaction: a file unlinked or replaced now would take this
            # commit with it (SQLite writes on to the old file, which nobody will read again).
            if _identity(self.path) != self._identity:
                raise HistoryFileGoneError(f"the history file {self.path} was deleted or replaced while quizkit was running")
            self.connection.execute("COMMIT")
        except BaseException as error:
            with contextlib.suppress(sqlite3.Error):
                self.connection.rollback()
            if isinstance(error, sqlite3.Error):
                raise StoreError(_write_failure(self.path, error)) from None
            raise

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

        An answer withdrawn in exam mode (``Attempt.clear``) is recorded as a withdrawal: a row with
        nothing chosen, marked in ``withdrawal``, so that the newest row always says where the
        question stands (unanswered) and the withdrawal never counts as a miss.
        """
        index = attempt.current if index is None else index
        answer = attempt.answers.get(index)
        values: tuple[str, str, float, str, float, str | None]
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
            assert row is not None
            if answer is None:
                db.execute("INSERT INTO withdrawal (answer_id) VALUES (?)", (row,))
            _spaced().card_after_answer(db, row)  # after the withdrawal is marked: it leaves the card as it was
            self._save_progress(db, attempt_id, attempt)
            if self.outbox is not None:
                self.outbox.answered(db, attempt_id, attempt, index, row)
        return row

    def record_confidence(self, attempt_id: int, attempt: Attempt, index: int | None = None) -> None:
        """Commit the confidence just stated (or cleared) for the answer to question ``index``."""
        index = attempt.current if index is None else index
        confidence = attempt.answers[index].confidence
        with self._write() as db:
            db.execute("UPDATE answer SET confidence = ? WHERE id = (SELECT max(id) FROM answer"
                       " WHERE attempt_id = ? AND position = ?)",
                       (confidence.value if confidence else None, attempt_id, index))
            question_id = db.execute("SELECT question_id FROM item WHERE attempt_id = ? AND position = ?",
                                     (attempt_id, index)).fetchone()[0]
            _spaced().refresh_card(db, question_id)  # the rating of that answer changed
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
        """Commit the end of the attempt (after ``Attempt.finish``). An attempt ends once: finishing
        it again, here or from another store, raises :class:`AttemptClosedError` and changes nothing."""
        with self._write() as db:
            self._save_progress(db, attempt_id, attempt)
            db.execute("UPDATE attempt SET status = 'finished', finished_at = ? WHERE id = ?",
                       (timestamp(self.now()), attempt_id))
            if self.outbox is not None:
                self.outbox.completed(db, attempt_id)

    def abandon(self, attempt_id: int) -> None:
        """Close an unfinished attempt the trainee chose not to resume; its answers stay in the history.
        An attempt already closed stays as it was."""
        with self._write() as db:
            db.execute("UPDATE attempt SET status = 'abandoned', updated_at = ? WHERE id = ? AND status = 'open'",
                       (timestamp(self.now()), attempt_id))

    def _save_progress(self, db: sqlite3.Connection, attempt_id: int, attempt: Attempt) -> None:
        row = db.execute("SELECT current_position, status FROM attempt WHERE id = ?", (attempt_id,)).fetchone()
        if row is None:
            raise StoreError(f"there is no attempt {attempt_id} in {self.path}")
        if row[1] != "open":
            # Every write to an attempt passes here, in its transaction: nothing is added to an
            # attempt that has its score, whichever window or process tries.
            raise AttemptClosedError(f"attempt {attempt_id} is {row[1]}: it can no longer be changed")
        # The question just left keeps the time the engine stopped for it; the current one has run on.
        for position in {row[0], attempt.current}:
            db.execute("UPDATE item SET seconds = ? WHERE attempt_id = ? AND position = ?",
                       (attempt.seconds_on(position), attempt_id, position))
        db.execute("UPDATE attempt SET current_position = ?, elapsed_seconds = ?, updated_at = ? WHERE id = ?",
                   (attempt.current, attempt.elapsed, timestamp(self.now()), attempt_id))


def _spaced() -> ModuleType:
    """quizkit.history.spaced, which imports this module and fsrs: imported on first use."""
    from quizkit.history import spaced as module

    return module


def encode_spec(spec: QuizSpec) -> str:
    """The stored form of a quiz spec (JSON; sets as sorted lists)."""
    return json.dumps({
        "mode": spec.mode.value, "count": spec.count, "tags": sorted(spec.tags),
        "difficulties": sorted(d.value for d in spec.difficulties), "levels": sorted(c.value for c in spec.levels),
        "question_ids": sorted(spec.question_ids), "shuffle": spec.shuffle, "seed": spec.seed,
        "time_limit_seconds": spec.time_limit_seconds, "origin": spec.origin.value if spec.origin else None,
        "statuses": sorted(status.value for status in spec.statuses),
    }, sort_keys=True)


def decode_spec(text: str) -> QuizSpec:
    raw = json.loads(text)
    return QuizSpec(mode=Mode(raw["mode"]), count=raw["count"], tags=frozenset(raw["tags"]),
                    difficulties=frozenset(Difficulty(d) for d in raw["difficulties"]),
                    levels=frozenset(CognitiveLevel(c) for c in raw["levels"]),
                    question_ids=frozenset(raw["question_ids"]), shuffle=raw["shuffle"], seed=raw["seed"],
                    time_limit_seconds=raw["time_limit_seconds"],
                    # Absent before quiz kinds were kept: a retry or review then shows as custom (its question ids).
                    origin=QuizKind(raw["origin"]) if raw.get("origin") else None,
                    # Absent before the builder's status filters.
                    statuses=frozenset(Status(status) for status in raw.get("statuses", ())))


def _connect(path: Path) -> sqlite3.Connection:
    """A writing connection to ``path``, created and migrated as needed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=OPEN_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False)
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"cannot open the history file {path}: {error}. Check that the folder is writable, "
                         "or choose another with --data-dir.") from None
    try:
        # WAL first, outside any transaction: it is a property of the file, kept from then on.
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        _migrate(connection)
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    except sqlite3.Error as error:
        connection.close()
        raise StoreError(f"cannot prepare the history file {path}: {error}.") from None
    return connection


def _connect_read_only(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to the history at ``path``, or None if it cannot be read as one.

    A missing file gives an empty history in memory (nothing can be created). On a read-only
    file system SQLite cannot make the WAL index, so ``immutable`` is the last resort: no one can
    be writing there either.
    """
    if not path.exists():
        connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _migrate(connection)
        connection.execute("PRAGMA query_only = ON")
        return connection
    uri = path.resolve().as_uri()
    for options in ("?mode=ro", "?mode=ro&immutable=1"):
        try:
            connection = sqlite3.connect(uri + options, uri=True, isolation_level=None, check_same_thread=False)
            version = connection.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error:
            continue
        if version == SCHEMA_VERSION:  # an older file would need a migration, which cannot be written
            return connection
        connection.close()
        return None
    return None


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` names (device, inode), or None if there is none."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _write_failure(path: Path, error: sqlite3.Error) -> str:
    """What a failed write means, in words: the causes a trainee can do something about first."""
    code = getattr(error, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL:
        return f"the disk holding {path} is full"
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return f"another program is writing to {path} (the history is locked)"
    if code == sqlite3.SQLITE_READONLY:
        return f"{path} cannot be written (read-only)"
    return f"cannot write to {path}: {error}"


def _migrate(connection: sqlite3.Connection) -> None:
    """Bring the schema up to :data:`SCHEMA_VERSION`, one migration per transaction.

    The version is read again inside each transaction, so two processes opening an old file at
    once do not both run the same migration. A file already up to date is not locked at all, so
    opening it does not wait for another process that is writing.
    """
    if connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    for number, statements in enumerate(MIGRATIONS, start=1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            if connection.execute("PRAGMA user_version").fetchone()[0] < number:
                for step in statements:
                    connection.execute(step) if isinstance(step, str) else step(connection)
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
    stamp = moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S")
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
