"""``quizkit take`` (and bare ``quizkit``): open the quiz app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from quizkit.cli.common import EXIT_INVALID, EXIT_OK, UsageError, source_text_arg
from quizkit.history import paths

if TYPE_CHECKING:
    from quizkit.bank.model import Bank, Sources
    from quizkit.config import LrsSettings
    from quizkit.engine.quiz import QuizSpec
    from quizkit.tui.app import QuizkitApp


def add_app_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``quizkit`` and ``quizkit take``.

    Defaults are SUPPRESS (and applied in :func:`open_app`) so that ``quizkit --theme light take``
    keeps the value given before the subcommand.
    """
    paths.add_arguments(parser)
    parser.add_argument("--theme", choices=("dark", "light"), default=argparse.SUPPRESS,
                        help="colour theme (default: dark; ctrl+t switches)")
    parser.add_argument("--source-text", type=source_text_arg, action="append", default=argparse.SUPPRESS,
                        metavar="ID=PATH", help="a source's text, to show cited sections in full")
    parser.add_argument("--daily-reviews", type=_positive, metavar="N", default=argparse.SUPPRESS,
                        help="spaced review: at most N questions a day (default: every question due)")
    # Set by `quizkit serve` for each browser session: no terminal, and the profile is asked for.
    parser.add_argument("--served", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def _positive(text: str) -> int:
    """A whole number of at least 1, for argparse."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return value


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # Here, not at the top: every `quizkit` command reads the options above, only `take` these.
    from quizkit.bank.model import CognitiveLevel, Difficulty
    from quizkit.engine.quiz import Mode

    parser = commands.add_parser("take", help="take a quiz on the given banks",
                                 description="Open straight into a quiz. With no paths, the bundled banks.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="bank files or folders (default: the bundled banks)")
    parser.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.PRACTICE.value,
                        help="practice: feedback after each answer; exam: at the end")
    parser.add_argument("--count", type=int, metavar="N", help="number of questions (default: all that match)")
    parser.add_argument("--tag", action="append", default=[], metavar="TAG", help="only questions with this tag (repeatable)")
    parser.add_argument("--difficulty", action="append", default=[], choices=[d.value for d in Difficulty])
    parser.add_argument("--level", action="append", default=[], choices=[c.value for c in CognitiveLevel])
    parser.add_argument("--seed", type=int, help="seed for the shuffle, to repeat a quiz (shown on screen)")
    parser.add_argument("--no-shuffle", action="store_true", help="keep the banks' order")
    parser.add_argument("--time-limit", type=int, metavar="MINUTES", help="exam mode: time limit in minutes")
    add_app_options(parser)
    parser.set_defaults(run=run)


#: The option that sets each setting a spec may find fault with (QuizSpec.problems).
OPTIONS = {"count": "--count", "time_limit": "--time-limit", "seed": "--seed"}


def spec_from(args: argparse.Namespace) -> QuizSpec:
    """The quiz the options ask for; a setting it cannot use is a usage error naming its option."""
    from quizkit.bank.model import CognitiveLevel, Difficulty
    from quizkit.engine.quiz import Mode, QuizSpec

    spec = QuizSpec(
        mode=Mode(args.mode), count=args.count, tags=frozenset(args.tag),
        difficulties=frozenset(Difficulty(d) for d in args.difficulty),
        levels=frozenset(CognitiveLevel(c) for c in args.level),
        shuffle=not args.no_shuffle, seed=args.seed,
        time_limit_seconds=args.time_limit * 60 if args.time_limit is not None else None,
    )
    problems = spec.problems()
    if problems:
        raise UsageError("; ".join(f"{OPTIONS[p.setting]}: {p.message}" for p in problems))
    return spec


def run(args: argparse.Namespace) -> int:
    return open_app(args, spec_from(args))


def open_app(args: argparse.Namespace, spec: QuizSpec | None) -> int:
    """Load and validate the banks (errors stop here, with positions), then run the app."""
    from quizkit.bank.cache import BankCache
    from quizkit.bank.pipeline import load_banks
    from quizkit.engine.quiz import QuizError, build_quiz

    try:
        banks, sources = load_banks(getattr(args, "paths", []) or [], cache=BankCache())
    except FileNotFoundError as missing:
        raise UsageError(f"no such file or folder: {missing}") from None
    if spec is not None:
        try:
            build_quiz(banks, spec)  # fail before the terminal is taken over
        except QuizError as error:
            raise UsageError(str(error)) from None
    texts = dict(getattr(args, "source_text", []))
    for path in texts.values():
        if not path.is_file():
            raise UsageError(f"no such file: {path}")
    try:
        profile, database = paths.database_from_args(args)
    except paths.ProfileError as error:
        raise UsageError(str(error)) from None
    from quizkit.config import ConfigError, load_config

    try:
        lrs = load_config().lrs
    except ConfigError as error:
        print(f"quizkit: {error}", file=sys.stderr)
        return EXIT_INVALID
    if getattr(args, "served", False):
        return _serve_session(banks, sources, spec, texts, lrs, getattr(args, "data_dir", None), args)
    # Checked after the banks and settings, so that their errors are reported first.
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Textual would wait for a terminal that is not there, or draw into a file or pipe.
        raise UsageError("the quiz app needs a terminal (standard input and output are not one). "
                         "For scripts, use `quizkit validate`, `quizkit history` or `quizkit export-results`.")

    from quizkit.history.store import Store, StoreError

    try:
        store = Store.open(database)
    except StoreError as error:
        print(f"quizkit: {error}", file=sys.stderr)
        return EXIT_INVALID
    if store.moved_aside is not None:
        print(f"quizkit: {store.moved_aside.message}", file=sys.stderr)
    from quizkit.xapi.setup import background_sync

    with store:
        try:
            sync = background_sync(store, lrs, profile)
        except ConfigError as error:
            print(f"quizkit: {error}", file=sys.stderr)
            return EXIT_INVALID
        from quizkit.tui.app import QuizkitApp

        app = QuizkitApp(banks, sources, store, spec=spec, source_texts=texts, sync=sync,
                         daily_reviews=getattr(args, "daily_reviews", None),
                         theme="textual-light" if getattr(args, "theme", "dark") == "light" else "textual-dark")
        app.run()
        return exit_status(app)


def exit_status(app: QuizkitApp) -> int:
    """After the app has closed: say plainly what went wrong, if anything, and how it ended.

    Answers that could still not be saved are tried once more and then named (exit 1); an
    unexpected error gets its one line and a crash report (exit 70, quizkit/crash.py).
    """
    from quizkit.crash import EXIT_CRASH, report

    unsaved = app.unsaved_message()
    if unsaved is not None:
        print(f"quizkit: {unsaved}", file=sys.stderr)
    if app.crash is not None:
        print(report(app.crash, sys.argv[1:]), file=sys.stderr)
        return EXIT_CRASH
    if unsaved is not None or app.return_code:
        return EXIT_INVALID
    return EXIT_OK


def _serve_session(banks: list[Bank], sources: Sources, spec: QuizSpec | None, texts: dict[str, Path], lrs: LrsSettings,
                   data_dir: Path | None, args: argparse.Namespace) -> int:
    """One browser session under ``quizkit serve``: the app asks for the profile, then opens its history."""
    from quizkit.history.store import Store, StoreError
    from quizkit.tui.app import QuizkitApp
    from quizkit.xapi.setup import background_sync
    from quizkit.xapi.sync import BackgroundSync

    folder = paths.data_dir(data_dir)

    def open_profile(profile: str) -> tuple[Store, BackgroundSync | None]:
        store = Store.open(paths.database_path(folder, profile))
        try:
            return store, background_sync(store, lrs, profile)
        except Exception:
            store.close()
            raise

    app = QuizkitApp(banks, sources, None, spec=spec, source_texts=texts, open_profile=open_profile,
                     daily_reviews=getattr(args, "daily_reviews", None),
                     theme="textual-light" if getattr(args, "theme", "dark") == "light" else "textual-dark")
    try:
        app.run()
    except StoreError as error:
        print(f"quizkit: {error}", file=sys.stderr)
        return EXIT_INVALID
    return exit_status(app)
