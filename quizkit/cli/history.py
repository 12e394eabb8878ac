"""``quizkit history``: a trainee's past attempts, the trend per part, and what to go over again."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from quizkit.bank.model import Bank
from quizkit.bank.pipeline import readable_banks
from quizkit.cli.common import EXIT_INVALID, EXIT_OK, UsageError
from quizkit.history import paths
from quizkit.history.overview import history_overview
from quizkit.history.queries import AttemptSummary, PartTrend, current_hashes, edited_since
from quizkit.history.spaced import LEECH_MISSES, LEECH_WINDOW, Schedule
from quizkit.history.store import Store, StoreError, timestamp
from quizkit.wording import plural

#: Attempts per part shown in the text trend; the JSON has them all.
RECENT = 5


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("history", help="show past attempts and the trend per part",
                                 description="Show a trainee's past attempts (date, banks, mode, score), the score per "
                                             "part across finished attempts, and the questions to retry or review.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="banks to compare answers with, to mark questions edited since (default: the bundled banks "
                             "and the configuration's bank folders)")
    paths.add_arguments(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return with_history(args, lambda profile, store, banks: _report(args.format, profile, store, banks))


def with_history(args: argparse.Namespace, show: Callable[[str, Store | None, list[Bank]], None]) -> int:
    """Resolve the profile's database, open it if it exists, and call ``show``; shared with export-results.

    A profile without a history is shown as empty rather than created: reading must not leave
    files behind.
    """
    from quizkit.cli.config import bank_paths, config_from_args

    # The configuration's default profile and bank folders apply here as in the app.
    config = config_from_args(args)
    try:
        profile = paths.profile_name(config.app.profile.value)
    except paths.ProfileError as error:
        raise UsageError(str(error)) from None
    database = paths.database_path(paths.data_dir(getattr(args, "data_dir", None)), profile)
    banks = load_banks_leniently(bank_paths(args.paths, config))
    if not database.exists():
        show(profile, None, banks)
        return EXIT_OK
    try:
        with Store.open(database) as store:
            if store.moved_aside is not None:
                print(f"quizkit: {store.moved_aside.message}", file=sys.stderr)
            show(profile, store, banks)
    except StoreError as error:
        print(f"quizkit {args.command}: {error}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def load_banks_leniently(bank_paths: Sequence[Path]) -> list[Bank]:
    """The banks that load, for comparing content hashes; a broken bank only loses its "edited" marks."""
    try:
        return readable_banks(bank_paths)
    except FileNotFoundError as missing:
        raise UsageError(f"no such file or folder: {missing}") from None


def _report(form: str, profile: str, store: Store | None, banks: list[Bank]) -> None:
    current = current_hashes(banks)
    overview = history_overview(store, current)
    summaries, trends, retry, due_now, stuck = overview.attempts, overview.parts, list(overview.retry), overview.due, overview.leeches
    database = str(store.path) if store else None
    if form == "json":
        print(json.dumps({
            "profile": profile, "database": database,
            "attempts": [_attempt_json(s) for s in summaries],
            "parts": [_trend_json(t) for t in trends],
            "retry": retry,
            "due": [_schedule_json(s, current) for s in due_now],
            "leeches": [_schedule_json(s, current) for s in stuck],
        }, indent=2))
        return
    if not summaries:
        print(f"No attempts yet for profile '{profile}'.")
        return
    print(f"History of profile '{profile}' ({database})\n")
    # The "edited" column appears only when some answer was given to a wording that has changed since.
    edits = any(s.edited for s in summaries)
    print(_table(["date", "banks", "mode", "score", "status", *(["edited"] if edits else [])],
                 [_attempt_row(s)[:None if edits else -1] for s in summaries]))
    if edits:
        print("\nedited: answers given to a question whose wording has changed since.")
    if trends:
        print(f"\nScore per part, finished attempts, oldest first (last {RECENT} shown):\n")
        print(_table(["part", "attempts", "first", "last", "change", "recent"], [_trend_row(t) for t in trends]))
    print(f"\nTo retry: {plural(len(retry), 'question')} missed and not answered correctly since.")
    print(f"Due for review now: {len(due_now)}.")
    if stuck:
        print(f"Leeches, missed in {LEECH_MISSES} or more of their last {LEECH_WINDOW} answers (reread the part they cite): "
              + ", ".join(f"{s.question_id} ({s.section}, {s.recent_misses}/{min(s.reviews, LEECH_WINDOW)})" for s in stuck))


def _attempt_row(summary: AttemptSummary) -> list[str]:
    banks = summary.bank_ids[0] + (f" +{len(summary.bank_ids) - 1}" if len(summary.bank_ids) > 1 else "") \
        if summary.bank_ids else ""
    status = summary.status if summary.status != "open" else f"unfinished ({summary.answered}/{summary.questions} answered)"
    return [summary.started_at.astimezone().strftime("%Y-%m-%d %H:%M"), banks, summary.mode.value,
            f"{summary.points:g}/{summary.questions} ({summary.percent:.0f}%)", status,
            str(summary.edited) if summary.edited else ""]


def _trend_row(trend: PartTrend) -> list[str]:
    recent = " → ".join(f"{s.percent:.0f}%" for s in trend.scores[-RECENT:])
    return [trend.section, str(len(trend.scores)), f"{trend.first:.0f}%", f"{trend.last:.0f}%",
            f"{trend.change:+.0f}", recent]


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
                     for line in (header, *rows))


def _attempt_json(summary: AttemptSummary) -> dict[str, object]:
    return {"attempt_id": summary.attempt_id, "attempt_uid": summary.uid, "status": summary.status,
            "mode": summary.mode.value, "banks": list(summary.bank_ids),
            "started_at": timestamp(summary.started_at), "finished_at": timestamp(summary.finished_at) if summary.finished_at else None,
            "questions": summary.questions, "answered": summary.answered, "points": summary.points,
            "percent": round(summary.percent, 1), "edited_answers": summary.edited}


def _trend_json(trend: PartTrend) -> dict[str, object]:
    return {"part": trend.section, "first_percent": round(trend.first, 1), "last_percent": round(trend.last, 1),
            "change": round(trend.change, 1),
            "scores": [{"attempt_id": s.attempt_id, "started_at": timestamp(s.started_at), "points": s.points,
                        "questions": s.questions, "percent": round(s.percent, 1)} for s in trend.scores]}


def _schedule_json(schedule: Schedule, current: dict[str, str]) -> dict[str, object]:
    return {"question_id": schedule.question_id, "bank_id": schedule.bank_id, "part": schedule.section,
            "due": timestamp(schedule.due), "reviews": schedule.reviews, "misses": schedule.misses,
            "recent_misses": schedule.recent_misses,
            "edited_since": edited_since(schedule.question_id, schedule.content_hash, current)}
