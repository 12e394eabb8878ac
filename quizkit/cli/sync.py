"""``quizkit sync``: queue what was recorded before an LRS was configured, send the queued xAPI
statements to the LRS now, or show what is queued."""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import sys
from pathlib import Path

from quizkit import config as settings
from quizkit.bank.model import Bank
from quizkit.cli.common import EXIT_INVALID, EXIT_OK, UsageError
from quizkit.history import paths
from quizkit.history.store import Store, StoreError, timestamp, utc_now
from quizkit.untrusted import printable
from quizkit.xapi import queue
from quizkit.xapi.backfill import BackfillReport, Backlog, backfill, backlog


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "sync", help="send the queued xAPI statements to the LRS now",
        description="Send the statements queued in a profile's history to the Learning Record Store configured in "
                    "[lrs] (quizkit config), in batches, and report what was sent, what waits and what the LRS refused "
                    "(set aside, never retried). Answers recorded before the LRS was configured are queued first "
                    "(backfilled). The app sends in the background; this sends now. Details: quizkit docs xapi.")
    paths.add_arguments(parser)
    parser.add_argument("--status", action="store_true", help="only show what is queued, sent and set aside")
    parser.add_argument("--lrs-url", metavar="URL", help="the LRS's xAPI endpoint, instead of [lrs] url")
    parser.add_argument("--bank", dest="banks", metavar="PATH", type=Path, action="append", default=[],
                        help="a bank file or folder holding the questions of earlier answers, besides the app's banks "
                             "(repeatable)")
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
        identity = None if args.status else setup.identity(config.lrs)
    except settings.ConfigError as error:
        raise UsageError(str(error)) from None  # a configuration that cannot be used: exit 2, before anything is sent
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
        if client is not None and identity is not None:
            waiting = backlog(db)
            if waiting.answers or waiting.attempts:
                failed = _print_backfill(backfill(db, _banks(config, args.banks), timestamp(utc_now())))
            report = send_pending(db, client, config.lrs.batch_size.value, lambda: timestamp(utc_now()),
                                  queue.Outbox(identity, profile, lambda: timestamp(utc_now())))
            print(f"sent {report.sent} statement{'s' if report.sent != 1 else ''} to {client.endpoint}"
                  f" in {report.requests} request{'s' if report.requests != 1 else ''}")
            for statement_id, reason in report.rejected:
                print(f"set aside {statement_id}: the LRS refused it ({reason})")
            if report.problem:
                print(f"quizkit sync: stopped: {report.problem}", file=sys.stderr)
            failed = failed or bool(report.problem or report.rejected)
        _print_status(queue.status(db), queue.rejected(db), backlog(db))
    return EXIT_INVALID if failed else EXIT_OK


def _banks(config: settings.Config, extra: list[Path]) -> list[Bank]:
    """The app's banks and those given with --bank: where the wording of earlier answers is found."""
    from quizkit.bank.pipeline import app_bank_paths
    from quizkit.cli.history import load_banks_leniently

    return load_banks_leniently(app_bank_paths(config.banks.folders.value, bundled=config.banks.bundled.value)
                                + extra)


def _print_backfill(report: BackfillReport) -> bool:
    """Say what was backfilled; whether some answers could not be (their wording was not found)."""
    print(f"backfilled {report.queued} statement{'s' if report.queued != 1 else ''} of answers recorded before the "
          "LRS was configured")
    for name, count in sorted(report.missing_wording.items()):
        print(f"not backfilled: {count} answer{'s' if count != 1 else ''} to {printable(name)}: the wording answered is in none "
              "of the banks (give its bank with --bank)")
    return bool(report.missing_wording)


def _print_status(status: queue.QueueStatus, rejected: list[queue.Rejected], waiting: Backlog) -> None:
    print(f"queued: {status.queued}" + (f" (oldest {status.oldest_queued})" if status.oldest_queued else ""))
    print(f"sent: {status.sent}" + (f" (last {status.last_sent})" if status.last_sent else ""))
    print(f"set aside: {status.rejected}")
    for item in rejected:
        print(f"  {item.statement_id} (queued {item.queued_at}): {item.problem}")
    print(f"backfilled: {status.backfilled} (statements of answers recorded before the LRS was configured)")
    answers, attempts = waiting.answers, waiting.attempts
    if answers or attempts:
        print(f"not yet queued: {answers} answer{'s' if answers != 1 else ''} and {attempts} finished "
              f"attempt{'s' if attempts != 1 else ''} recorded before the LRS was configured (`quizkit sync` queues them)")
