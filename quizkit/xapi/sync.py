"""Sending the queued statements: now (``quizkit sync``) or from a background thread (the app).

What happens to a batch, by the LRS's answer:

* 2xx: every statement in it is marked sent.
* 4xx for a batch of several: one or more statements in it are at fault, and an xAPI LRS
  refuses the whole batch; it is split in two and each half sent again, down to the single
  statement, which is **set aside** (state ``rejected``, with the LRS's reason) and reported. The
  rest arrive. A malformed statement costs about 2·log2(batch) extra requests, once.
* 401, 403, 404, 405 or a redirect: the address or credentials are wrong, not the statements.
  Nothing is set aside; the run stops and says what to check.
* no answer, 429 or 5xx: the LRS cannot take them now. The run stops; the background sender
  waits (2 s, 4 s, 8 s … up to 5 minutes, with jitter) before trying again.

A statement that reached the LRS but whose reply was lost is sent again; its id is derived from
the answer (see ``statements``), so the LRS keeps it once. Each statement is built here, from
the history, just before its batch is sent (``build``); one that cannot be built is set aside
with the reason, like one the LRS refused.
"""

from __future__ import annotations

import random
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from quizkit.xapi.build import UnbuildableError, body
from quizkit.xapi.client import CONFIGURATION, LrsClient, RefusedError, UnreachableError
from quizkit.xapi.queue import Outbox, mark_rejected, mark_sent, pending

#: A statement ready to go: (queue row, statement id, JSON body).
_Ready = tuple[int, str, str]


@dataclass(slots=True)
class SyncReport:
    sent: int = 0
    #: Statements set aside in this run: (statement id, the LRS's reason).
    rejected: list[tuple[str, str]] = field(default_factory=list)
    #: Why the run stopped before the queue was empty, if it did.
    problem: str | None = None
    #: True when the problem is that the LRS could not be reached (try later), not the configuration.
    unreachable: bool = False
    requests: int = 0


class _ConfigurationError(Exception):
    """The LRS refused the credentials or the address (401/403/404/405): nothing is set aside,
    since no statement is at fault."""


def send_pending(db: sqlite3.Connection, client: LrsClient, batch_size: int, now: Callable[[], str],
                 outbox: Outbox) -> SyncReport:
    """Send every queued statement in batches of ``batch_size``, oldest first, and say what happened.

    ``outbox`` says whose statements they are (the identity and profile they are built with).
    ``db`` is a connection to the history in autocommit mode (``isolation_level=None``); each
    batch's outcome is committed before the next is sent, so an interrupted run loses nothing.
    """
    report = SyncReport()
    after = 0
    while True:
        rows = pending(db, batch_size, after)
        if not rows:
            return report
        ready = []
        for item in rows:
            try:
                ready.append((item.row, item.statement_id, body(db, outbox.identity, outbox.profile, item)))
            except UnbuildableError as error:
                mark_rejected(db, item.row, f"could not be built: {error}")
                report.rejected.append((item.statement_id, f"could not be built: {error}"))
        try:
            if ready:
                _send(db, client, ready, now, report)
        except UnreachableError as error:
            report.problem, report.unreachable = f"the LRS could not be reached: {error}", True
            return report
        except _ConfigurationError as error:
            report.problem = str(error)
            return report
        after = rows[-1].row


def _send(db: sqlite3.Connection, client: LrsClient, rows: list[_Ready], now: Callable[[], str],
          report: SyncReport) -> None:
    report.requests += 1
    try:
        client.post_statements(("[" + ",".join(text for _, _, text in rows) + "]").encode())
    except RefusedError as error:
        if error.status in CONFIGURATION or error.status < 400:
            raise _ConfigurationError(
                f"the LRS at {client.endpoint} refused the request ({error}): check [lrs] url, username and the "
                "password (`quizkit config`). Nothing was set aside; the statements wait.") from None
        if len(rows) == 1:
            mark_rejected(db, rows[0][0], str(error))
            report.rejected.append((rows[0][1], str(error)))
            return
        middle = len(rows) // 2
        _send(db, client, rows[:middle], now, report)
        _send(db, client, rows[middle:], now, report)
        return
    mark_sent(db, [row for row, _, _ in rows], now())
    report.sent += len(rows)


class BackgroundSync:
    """Sends the queue from a daemon thread, so the app never waits on the network.

    The app calls :meth:`nudge` after each answer (setting an event: nothing else), and the
    thread sends what is queued at once, or, while the LRS is unreachable, at the next backoff
    time. ``on_report`` is called from the thread when statements were set aside or the state
    changed between reachable and not (the app shows a notification).
    """

    def __init__(self, database: Path, client: LrsClient, batch_size: int, now: Callable[[], str], outbox: Outbox, *,
                 on_report: Callable[[SyncReport], None] | None = None, first_delay: float = 2.0,
                 max_delay: float = 300.0, idle: float = 60.0) -> None:
        self._database = database
        self._client = client
        self._batch_size = batch_size
        self._now = now
        self._outbox = outbox
        self._on_report = on_report
        self._first_delay, self._max_delay, self._idle = first_delay, max_delay, idle
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="quizkit-xapi-sync", daemon=True)
        self._random = random.Random()
        #: Seconds until the next try after a failure (0: none pending).
        self.delay = 0.0

    def start(self, on_report: Callable[[SyncReport], None] | None = None) -> None:
        """Start sending; ``on_report`` (if given) replaces the one given to the constructor."""
        if on_report is not None:
            self._on_report = on_report
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def nudge(self) -> None:
        """Something was queued: send it soon. Returns at once."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop after the request in flight (if any); statements not sent stay queued for next time."""
        self._stopping.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        db = sqlite3.connect(self._database, timeout=10, isolation_level=None, check_same_thread=False)
        was_unreachable = False
        try:
            while not self._stopping.is_set():
                report = send_pending(db, self._client, self._batch_size, self._now, self._outbox)
                if report.problem:
                    self.delay = min(self._max_delay, max(self._first_delay, self.delay * 2))
                else:
                    self.delay = 0.0
                if self._on_report and (report.rejected or report.unreachable != was_unreachable
                                        or (report.problem and not report.unreachable)):
                    self._on_report(report)
                was_unreachable = report.unreachable
                self._pause()
        except sqlite3.Error as error:
            if self._on_report:
                self._on_report(SyncReport(problem=f"the statement queue could not be read: {error}"))
        finally:
            db.close()

    def _pause(self) -> None:
        """Wait for a nudge; after a failure, wait out the backoff whatever the nudges."""
        if self.delay:
            self._stopping.wait(self.delay * self._random.uniform(0.8, 1.2))
            self._wake.clear()
            return
        self._wake.wait(self._idle)
        self._wake.clear()
