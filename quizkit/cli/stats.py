"""``quizkit stats``: item analysis of a cohort's answers, from histories or collected results files."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from quizkit.bank.model import Bank
from quizkit.bank.pipeline import keyed_banks
from quizkit.cli.common import EXIT_INVALID, EXIT_OK, UsageError
from quizkit.educator import formatting as statsformat
from quizkit.educator.analysis import PASS_MARK, build_report
from quizkit.educator.cohort import collect
from quizkit.educator.engine import EngineError
from quizkit.educator.resultfiles import Columns, ResultsError
from quizkit.gcpause import collector_paused
from quizkit.history import paths
from quizkit.history.queries import current_hashes

RESULT_SUFFIXES = (".csv", ".json")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "stats", help="item analysis: difficulty, discrimination, distractors, reliability",
        description="Item analysis (classical test theory) of a cohort's answers: each question's difficulty and "
                    "discrimination, how its options drew the upper and lower groups, each bank's reliability, the "
                    "questions to review, and each trainee's score by part. Reads results files collected from "
                    "trainees (quizkit export-results) and/or histories on this machine. Formulas: quizkit docs stats.")
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE",
                        help="results files from `quizkit export-results` (CSV or JSON), or folders of them")
    parser.add_argument("--profile", action="append", metavar="NAME", default=argparse.SUPPRESS,
                        help="a profile's history to include (repeatable)")
    parser.add_argument("--all-profiles", action="store_true", help="include every profile under the data folder")
    parser.add_argument("--data-dir", type=Path, metavar="DIR", default=argparse.SUPPRESS,
                        help=f"folder holding the histories (default: ${paths.DATA_DIR_VARIABLE}, else the user data folder)")
    parser.add_argument("--bank", action="append", type=Path, default=[], metavar="PATH",
                        help="banks the questions come from, for their options and keys (default: the app's banks: the bundled ones and the configured folders)")
    parser.add_argument("--lrs", action="store_true",
                        help="also read the answers in the Learning Record Store configured in [lrs] (quizkit config)")
    parser.add_argument("--lrs-url", metavar="URL", help="with --lrs: this xAPI endpoint instead of [lrs] url")
    parser.add_argument("--activity-prefix", metavar="IRI",
                        help="with --lrs: only questions whose activity IRI starts so (default: every bank, "
                             "[lrs] activity_base + /banks/)")
    parser.add_argument("--since", type=_moment, metavar="TIME",
                        help="with --lrs: only statements after this ISO 8601 time (e.g. 2026-09-01)")
    parser.add_argument("--until", type=_moment, metavar="TIME", help="with --lrs: only statements up to this time")
    parser.add_argument("--by", choices=("bank", "all"), default="bank",
                        help="test-level statistics per bank, or for all questions together (default: bank)")
    parser.add_argument("--mode", choices=("practice", "exam"), help="only attempts of this mode (default: both)")
    parser.add_argument("--pass-mark", type=float, default=PASS_MARK, metavar="PERCENT",
                        help=f"a trainee's parts scoring under this are listed (default: {PASS_MARK:g})")
    parser.add_argument("--format", choices=("text", "csv", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--table", choices=statsformat.TABLES,
                        help="only this table (csv shows one table: questions unless this says otherwise)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.pass_mark <= 100:
        raise UsageError("--pass-mark takes a percentage from 0 to 100")
    files = _result_files(args.files)
    histories = _histories(args)
    if not files and not histories and not args.lrs:
        raise UsageError("nothing to analyse: give results files (quizkit stats results/*.csv), "
                         "--profile NAME, --all-profiles or --lrs")
    if not args.lrs and (args.lrs_url or args.activity_prefix or args.since or args.until):
        raise UsageError("--lrs-url, --activity-prefix, --since and --until go with --lrs")
    banks = _banks(args)
    with collector_paused():
        try:
            extra = _lrs_columns(args) if args.lrs else []
            cohort = collect(current_hashes(banks), files, histories, frozenset({args.mode}) if args.mode else None, extra)
        except ResultsError as error:
            print(f"quizkit stats: {error}", file=sys.stderr)
            return EXIT_INVALID
        try:
            report = build_report(cohort, banks, by=args.by, pass_mark=args.pass_mark)
        except EngineError as error:
            raise UsageError(str(error)) from None
        tables = [args.table] if args.table else list(statsformat.TABLES)
        if args.format == "csv":
            sys.stdout.write(statsformat.as_csv(report, args.table or "questions"))
        elif args.format == "json":
            sys.stdout.write(statsformat.as_json(report, tables))
        else:
            sys.stdout.write(statsformat.as_text(report, tables))
    return EXIT_OK


def _lrs_columns(args: argparse.Namespace) -> list[tuple[str, Columns]]:
    """The answers in the LRS as columns to analyse; every failure is a :class:`ResultsError` naming the LRS."""
    from quizkit import config as settings
    from quizkit.xapi import setup
    from quizkit.xapi.client import LrsError
    from quizkit.xapi.readback import Query, read_lrs

    try:
        config = settings.load_config(flags={"lrs.url": (args.lrs_url, "--lrs-url")})
        client = setup.client(config.lrs)
    except settings.ConfigError as error:
        raise ResultsError(str(error)) from None
    prefix = args.activity_prefix or setup.bank_prefix(config.lrs)
    try:
        readback = read_lrs(client, Query(prefix, args.since, args.until))
    except LrsError as error:
        raise ResultsError(f"cannot read the statements from the LRS: {error}") from None
    return [(client.endpoint, readback.columns)]


def _moment(text: str) -> dt.datetime:
    """An ISO 8601 date or time; a time without a zone is taken as UTC."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an ISO 8601 date or time (2026-09-01, 2026-09-01T08:00Z), "
                                         f"got {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)



def _result_files(given: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in given:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in RESULT_SUFFIXES and p.is_file())
            if not found:
                raise UsageError(f"no .csv or .json files in {path}")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(f"no such file or folder: {path}")
    return list(dict.fromkeys(files))


def _histories(args: argparse.Namespace) -> list[tuple[str, Path]]:
    """The (profile, database) pairs asked for; a profile named but without a history is an error."""
    named = getattr(args, "profile", None) or []
    if isinstance(named, str):  # given before the command (`quizkit --profile ana stats`)
        named = [named]
    folder = paths.data_dir(getattr(args, "data_dir", None))
    try:
        profiles = [paths.profile_name(name) for name in named]
    except paths.ProfileError as error:
        raise UsageError(str(error)) from None
    if args.all_profiles:
        found = paths.profiles(folder)
        if not found:
            raise UsageError(f"--all-profiles: no profile has a history under {folder} (choose the folder with --data-dir)")
        profiles += found
    histories = []
    for profile in dict.fromkeys(profiles):
        database = paths.database_path(folder, profile)
        if not database.is_file():
            known = ", ".join(paths.profiles(folder)) or "none"
            raise UsageError(f"profile '{profile}' has no history under {folder} (profiles there: {known})")
        histories.append((profile, database))
    return histories


def _banks(args: argparse.Namespace) -> list[Bank]:
    """The banks for options and keys (those given, else the app's); one that does not load stops
    the run, as its keys would be missing."""
    from quizkit.cli.config import bank_paths, config_from_args

    try:
        return keyed_banks(bank_paths(args.bank, config_from_args(args, profile_flag=False)))
    except FileNotFoundError as missing:
        raise UsageError(f"no such file or folder: {missing}") from None
