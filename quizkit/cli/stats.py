"""``quizkit stats``: item analysis of a cohort's answers, from histories or collected results files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizkit.bank.model import Bank
from quizkit.bank.pipeline import keyed_banks
from quizkit.cli.common import EXIT_INVALID, EXIT_OK, UsageError
from quizkit.educator import formatting as statsformat
from quizkit.educator.analysis import PASS_MARK, build_report
from quizkit.educator.cohort import collect
from quizkit.educator.resultfiles import ResultsError
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
                        help="banks the questions come from, for their options and keys (default: the bundled banks)")
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
    if not files and not histories:
        raise UsageError("nothing to analyse: give results files (quizkit stats results/*.csv), "
                         "--profile NAME or --all-profiles")
    banks = _banks(args.bank)
    with collector_paused():
        try:
            cohort = collect(current_hashes(banks), files, histories, frozenset({args.mode}) if args.mode else None)
        except ResultsError as error:
            print(f"quizkit stats: {error}", file=sys.stderr)
            return EXIT_INVALID
        report = build_report(cohort, banks, by=args.by, pass_mark=args.pass_mark)
        tables = [args.table] if args.table else list(statsformat.TABLES)
        if args.format == "csv":
            sys.stdout.write(statsformat.as_csv(report, args.table or "questions"))
        elif args.format == "json":
            sys.stdout.write(statsformat.as_json(report, tables))
        else:
            sys.stdout.write(statsformat.as_text(report, tables))
    return EXIT_OK



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


def _banks(given: list[Path]) -> list[Bank]:
    """The banks for options and keys; one that does not load stops the run, as its keys would be missing."""
    try:
        return keyed_banks(given)
    except FileNotFoundError as missing:
        raise UsageError(f"no such file or folder: {missing}") from None
