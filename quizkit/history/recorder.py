"""Writing one quiz to the history so that storage faults lose nothing.

The store commits each action as it happens; this is what stands between it and the app when a
commit fails. A full disk, a write lock held by another program, a read-only folder or a history
file deleted under the app must not cost the trainee the quiz or an answer, and must not freeze
the screen. So every write goes through a :class:`Recorder`, which:

* keeps each write it could not commit in a queue, in memory, in the order the actions happened
  (an answer before the confidence stated for it, the finish last);
* coalesces the queue: each entry is replayed from the live ``Attempt``, so a second entry for
  the same question and kind would write the same thing again;
* retries the whole queue, in order, before each new write and whenever the app's timer calls
  :meth:`Recorder.flush`, and stops at the first failure so that nothing is written out of order;
* writes the whole attempt afresh (start, then every answer) into a new file when the history
  file was deleted or replaced while open, so that the answers committed to the lost file are on
  disk again;
* holds the attempt's lease (quizkit/history/lease.py) while it writes to it.

An answer the trainee was told is saved (:attr:`Recorder.saved` true after the write) is on disk.
A delayed answer is stamped with the time it reached the disk, and its seconds are those spent on
the question as the trainee answered it.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from quizkit.bank.model import Bank
from quizkit.engine.attempt import Attempt
from quizkit.history.lease import Lease, LeaseHeldError
from quizkit.history.store import AttemptClosedError, HistoryFileGoneError, Store, StoreError


class Write(enum.Enum):
    """What the app asks to have saved, each mirroring an engine call (docs/history.md)."""

    ANSWER = "answer"
    CONFIDENCE = "confidence"
    FLAG = "flag"
    PROGRESS = "progress"
    FINISH = "finish"


_Key = tuple[Write, int | None]


class Recorder:
    """One attempt's writes to ``store``: committed, or kept and retried until they are."""

    def __init__(self, store: Store, attempt: Attempt, banks: Sequence[Bank], attempt_id: int | None = None,
                 lease: Lease | None = None) -> None:
        self.store = store
        self.attempt = attempt
        self.banks = tuple(banks)
        self.attempt_id = attempt_id
        self.lease = lease
        self._pending: dict[_Key, None] = {}  # a dict as an ordered set
        #: Why the last write failed; None while everything asked for is on disk.
        self.problem: str | None = None
        #: Set when the attempt was closed elsewhere: its remaining writes can never be made.
        self.closed: str | None = None

    @classmethod
    def start(cls, store: Store, attempt: Attempt, banks: Sequence[Bank]) -> Recorder:
        """Record a new attempt; if that fails, the recorder keeps it and starts it on a retry."""
        recorder = cls(store, attempt, banks)
        recorder.flush()
        return recorder

    @classmethod
    def resume(cls, store: Store, attempt: Attempt, attempt_id: int, banks: Sequence[Bank]) -> Recorder:
        """Go on writing the open attempt ``attempt_id``; :class:`LeaseHeldError` if another window has it."""
        return cls(store, attempt, banks, attempt_id, Lease.take(store.path, attempt_id))

    # -- what the app calls ----------------------------------------------------------------------
    def record(self, write: Write, index: int | None = None) -> bool:
        """Save ``write`` (for question ``index``; default: the current one) after anything still
        waiting; whether everything is now on disk."""
        if write in (Write.ANSWER, Write.CONFIDENCE, Write.FLAG):
            index = self.attempt.current if index is None else index
        else:
            index = None
        self._pending[(write, index)] = None
        return self.flush()

    def flush(self) -> bool:
        """Write everything waiting, in order; whether everything is now on disk."""
        if self.closed is not None:
            return False
        try:
            if self.attempt_id is None:
                self._start()
            while self._pending:
                key = next(iter(self._pending))
                self._perform(key)
                del self._pending[key]
        except HistoryFileGoneError as gone:
            self.problem = str(gone)
            return self._start_again_in_a_new_file()
        except AttemptClosedError as error:
            self.closed = self.problem = str(error)
            return False
        except StoreError as error:
            self.problem = str(error)
            return False
        self.problem = None
        return True

    @property
    def saved(self) -> bool:
        """Whether everything asked for is on disk."""
        return self.attempt_id is not None and not self._pending

    @property
    def unsaved_answers(self) -> int:
        """How many of the trainee's answers are not (all) on disk yet."""
        if self.attempt_id is None:
            return len(self.attempt.answers)
        return len({index for write, index in self._pending if write in (Write.ANSWER, Write.CONFIDENCE)})

    def release(self) -> None:
        """Stop writing this attempt: another window may now resume it."""
        if self.lease is not None:
            self.lease.release()

    # -- inside -----------------------------------------------------------------------------------
    def _start(self) -> None:
        attempt_id = self.store.start(self.attempt, self.banks)
        self.attempt_id = attempt_id
        if self.lease is not None:
            self.lease.release()
        # A new row no other window knows yet. Only a lease left from a deleted file's attempt of
        # the same number can be held; it guards that old file, not this row.
        try:
            self.lease = Lease.take(self.store.path, attempt_id)
        except LeaseHeldError:
            self.lease = None
        # The row holds the layout, flags and timers; the answers given so far follow it, each
        # with its confidence, and the finish, if asked, after them.
        finish = (Write.FINISH, None) in self._pending
        self._pending = {(Write.ANSWER, index): None for index in sorted(self.attempt.answers)}
        if finish:
            self._pending[(Write.FINISH, None)] = None

    def _start_again_in_a_new_file(self) -> bool:
        """The history file went away: write this attempt, whole, into a new one."""
        try:
            self.store.reopen()
        except StoreError as error:
            self.problem = f"{self.problem}; {error}"
            self.attempt_id = None
            return False
        if self.attempt.finished:
            self._pending[(Write.FINISH, None)] = None
        self.attempt_id = None
        return self.flush()

    def _perform(self, key: _Key) -> None:
        write, index = key
        attempt_id, store, attempt = self.attempt_id, self.store, self.attempt
        assert attempt_id is not None
        if write is Write.ANSWER:
            store.record_answer(attempt_id, attempt, index)
        elif write is Write.CONFIDENCE:
            if index in attempt.answers:  # a cleared exam answer: its withdrawal is the answer write
                store.record_confidence(attempt_id, attempt, index)
        elif write is Write.FLAG:
            store.record_flag(attempt_id, attempt, index)
        elif write is Write.PROGRESS:
            store.record_progress(attempt_id, attempt)
        else:
            store.finish(attempt_id, attempt)
