"""The app with an LRS configured: answers queue statements, and the network is never waited on."""

from __future__ import annotations

import contextlib
import sqlite3

from lrs_support import free_port
from tui_support import mini_app

from quizkit.engine.quiz import Mode
from quizkit.history.store import timestamp
from quizkit.xapi.client import LrsClient
from quizkit.xapi.queue import Outbox, status
from quizkit.xapi.statements import Identity
from quizkit.xapi.sync import BackgroundSync


async def test_answers_queue_while_the_lrs_is_unreachable_and_the_app_says_so(tmp_path) -> None:
    app = mini_app(tmp_path, Mode.PRACTICE)
    store = app.store
    outbox = store.outbox = Outbox(Identity("https://h.example.org", "https://h.example.org/xapi"), "ana",
                                   lambda: timestamp(store.now()))
    # Nothing listens on this port: every send fails at once, as offline.
    app.sync = BackgroundSync(store.path, LrsClient(f"http://127.0.0.1:{free_port()}/xAPI/", timeout=1), 10,
                              lambda: timestamp(store.now()), outbox, first_delay=60)
    told: list[str] = []
    notify = app.notify
    app.notify = lambda message, **options: (told.append(str(message)), notify(message, **options))[1]  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await pilot.press("1", "enter", "s")  # answer, then say how sure
        await pilot.pause(0.5)
        with contextlib.closing(sqlite3.connect(store.path)) as db:
            queued = status(db)
        assert (queued.queued, queued.sent) == (1, 0)
        assert any("cannot be reached" in message for message in told)
    assert not app.sync.running  # stopped with the app; the statement stays queued
