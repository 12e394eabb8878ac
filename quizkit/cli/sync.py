"""``quizkit sync``: send the queued xAPI statements to the LRS now, or show what is queued."""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import sys

from quizkit import config as settings
from quizkit.cli.common import EXIT_INVALID, EXIT_OK, UsageError
from quizkit.history import paths
from quizkit.history.store import Store, StoreError, timestamp, utc_now
from quizkit.xapi import queue


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "sync", help="send the queued xAPI statements to the LRS now",
        description="Send the statements queued in a profile's history to the Learning Record Store configured in "
                    "[lrs] (quizkit config), in batches, and report what was sent, what waits and what the LRS refused "
                    "(set aside, never retried). The app sends in the background; this sends now. Details: quizkit docs xapi.")
    paths.add_arguments(parser)
    parser.add_argument("--status", action="store_true", help="only show what is queued, sent and set aside")
    parser.add_argument("--lrs-url", metavar="URL", help="the LRS's xAPI endpoint, instead of [lrs] url")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from quizkit.xapi import setup
    from quizkit.xapi.sync import send_pending

    try:
        profile, database = paths.database_from_args(args)
    except paths.ProfileError as error:
        raise UsageError(str(error)) from None
    try:
        config = settings.load_config(flags={"lrs.url": (args.lrs_url, "--lrs-url")})
        client = None if args.status else setup.client(config.lrs)
    except settings.ConfigError as error:
        print(f"quizkit sync: {error}", file=sys.stderr)
        return EXIT_INVALID
    if not database.is_file():
        print(f"profile '{profile}' has no history under {database.parent.parent.parent}: nothing to send.")
        return EXIT_OK
    try:
        Store.open(database).close()  # migrates an older history, so that the queue table exists
    except StoreError as error:
        print(f"quizkit sync: {error}", file=sys.stderr)
        return EXIT_INVALID
    failed = False
    with contextlib.closing(sqlite3.connect(database, timeout=10, isolation_level=None)) as db:
        if client is not None:
            report = send_pending(db, client, config.lrs.batch_size.value, lambda: timestamp(utc_now()))
            print(f"sent {report.sent} statement{'s' if report.sent != 1 else ''} to {client.endpoint}"
                  f" in {report.requests} request{'s' if report.requests != 1 else ''}")
            for statement_id, reason in report.rejected:
                print(f"set aside {statement_id}: the LRS refused it ({reason})")
            if report.problem:
                print(f"quizkit sync: stopped: {report.problem}", file=sys.stderr)
            failed = bool(report.problem or report.rejected)
        _print_status(queue.status(db), queue.rejected(db))
    return EXIT_INVALID if failed else EXIT_OK


def _print_status(status: queue.QueueStatus, rejected: list[queue.Rejected]) -> None:
    print(f"queued: {status.queued}" + (f" (oldest {status.oldest_queued})" if status.oldest_queued else ""))
    print(f"sent: {status.sent}" + (f" (last {status.last_sent})" if status.last_sent else ""))
    print(f"set aside: {status.rejected}")
    for item in rejected:
        print(f"  {item.statement_id} (queued {item.queued_at}): {item.problem}")
