"""``quizkit take`` (and bare ``quizkit``): open the quiz app."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizkit.cli.common import EXIT_INVALID, EXIT_OK, UsageError, source_text_arg
from quizkit.history import paths

if TYPE_CHECKING:
    from quizkit.bank.model import Bank, Sources
    from quizkit.config import Config, LrsSettings
    from quizkit.engine.quiz import QuizSpec
    from quizkit.history.store import Store
    from quizkit.tui.app import QuizkitApp
    from quizkit.xapi.sync import BackgroundSync


def add_app_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``quizkit`` and ``quizkit take``.

    Defaults are SUPPRESS (and applied in :func:`open_app`) so that ``quizkit --theme light take``
    keeps the value given before the subcommand.
    """
    paths.add_arguments(parser)
    parser.add_argument("--theme", choices=("dark", "light"), default=argparse.SUPPRESS,
                        help="colour theme (default: the configuration's, else dark; ctrl+t switches)")
    parser.add_argument("--source-text", type=source_text_arg, action="append", default=argparse.SUPPRESS,
                        metavar="ID=PATH", help="a source's text for this run (`quizkit sources add` keeps one)")
    parser.add_argument("--banks", type=Path, action="append", default=argparse.SUPPRESS, metavar="DIR",
                        help="a folder of banks to add for this run (the configuration's [banks] folders stay)")
    parser.add_argument("--no-bundled", action="store_true", default=argparse.SUPPRESS,
                        help="leave the bundled banks out")
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
                                 description="Open straight into a quiz. With no paths, the app's banks (the bundled ones and the configured folders).")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="bank files or folders (default: the app's banks: the bundled ones and the configured folders)")
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
OPTIONS = {"count": "--count", "time_limit": "--time-limit", "seed": "--seed", "tags": "--tag"}


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


@dataclass(frozen=True, slots=True)
class AppSetup:
    """Everything the app is built from, read and checked before the terminal is taken over."""

    banks: list[Bank]
    sources: Sources
    config: Config
    profile: str
    database: Path
    spec: QuizSpec | None
    #: Spaced review's daily limit (``--daily-reviews``); None: every question due.
    daily_reviews: int | None = None

    def app(self, store: Store | None, **options: Any) -> QuizkitApp:
        """The app over ``store`` (None when served: ``open_profile`` in ``options`` opens one);
        tests pass a clock in ``options``, the command its statement sender."""
        from quizkit.tui.app import QuizkitApp

        return QuizkitApp(self.banks, self.sources, store, spec=self.spec, config=self.config, profile=self.profile,
                          daily_reviews=self.daily_reviews, **options)


def prepare(args: argparse.Namespace, spec: QuizSpec | None) -> AppSetup:
    """Read the configuration, load and validate the banks (errors stop here, with positions),
    check the source texts and the profile: a usage error for anything that would stop the app."""
    from quizkit.bank.cache import BankCache
    from quizkit.bank.pipeline import load_banks
    from quizkit.cli.config import bank_paths, checked_source_texts, config_from_args
    from quizkit.engine.quiz import QuizError, QuizSpecError, build_quiz, tag_counts

    config = config_from_args(args)
    for unknown in config.unknown:
        print(f"quizkit: warning: {unknown}", file=sys.stderr)
    try:
        banks, sources = load_banks(bank_paths(getattr(args, "paths", []), config), cache=BankCache())
    except FileNotFoundError as missing:
        raise UsageError(f"no such file or folder: {missing} (a bank folder; see `quizkit config`)") from None
    if spec is not None:
        try:
            build_quiz(banks, spec)  # fail before the terminal is taken over
        except QuizSpecError as error:  # a tag no bank uses: name the option, and the tags there are
            used = ", ".join(f"{tag} ({count})" for tag, count in tag_counts(banks).items())
            raise UsageError("; ".join(f"{OPTIONS[p.setting]}: {p.message}" for p in error.problems)
                             + (f" (questions per tag: {used})" if used else "")) from None
        except QuizError as error:
            raise UsageError(str(error)) from None
    checked_source_texts(config)  # each one there, or a usage error before the app starts
    try:
        profile = paths.profile_name(config.app.profile.value)
    except paths.ProfileError as error:
        raise UsageError(f"{error} ({config.app.profile.where or 'default'})") from None
    database = paths.database_path(paths.data_dir(getattr(args, "data_dir", None)), profile)
    return AppSetup(banks, sources, config, profile, database, spec, getattr(args, "daily_reviews", None))


def open_app(args: argparse.Namespace, spec: QuizSpec | None) -> int:
    """Prepare the app (every error reported before the terminal is taken over), then run it."""
    setup = prepare(args, spec)
    if getattr(args, "served", False):
        return _serve_session(setup, getattr(args, "data_dir", None))
    # Checked after the banks and settings, so that their errors are reported first.
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Textual would wait for a terminal that is not there, or draw into a file or pipe.
        raise UsageError("the quiz app needs a terminal (standard input and output are not one). "
                         "For scripts, use `quizkit validate`, `quizkit history` or `quizkit export-results`.")

    from quizkit.history.store import Store, StoreError

    try:
        store = Store.open(setup.database)
    except StoreError as error:
        print(f"quizkit: {error}", file=sys.stderr)
        return EXIT_INVALID
    if store.moved_aside is not None:
        print(f"quizkit: {store.moved_aside.message}", file=sys.stderr)
    from quizkit.config import ConfigError

    with store:
        try:
            sync = _sender(store, setup.config.lrs, setup.profile)
        except ConfigError as error:
            # An [lrs] that cannot be used (an unsafe password file, pseudonyms without their key):
            # said before the first answer, as any unusable configuration is.
            raise UsageError(str(error)) from None
        app = setup.app(store, sync=sync)
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


def _sender(store: Store, lrs: LrsSettings, profile: str) -> BackgroundSync | None:
    """The statement sender when an LRS is configured; the xAPI modules (about 20 ms of imports
    on the app's start) are loaded only then."""
    if not lrs.configured:
        return None
    from quizkit.xapi.setup import background_sync

    return background_sync(store, lrs, profile)


def _serve_session(setup: AppSetup, data_dir: Path | None) -> int:
    """One browser session under ``quizkit serve``: the app asks for the profile, then opens its history."""
    from quizkit.history.store import Store, StoreError

    folder = paths.data_dir(data_dir)

    def open_profile(profile: str) -> tuple[Store, BackgroundSync | None]:
        store = Store.open(paths.database_path(folder, profile))
        try:
            return store, _sender(store, setup.config.lrs, profile)
        except Exception:
            store.close()
            raise

    app = setup.app(None, open_profile=open_profile)
    try:
        app.run()
    except StoreError as error:
        print(f"quizkit: {error}", file=sys.stderr)
        return EXIT_INVALID
    return exit_status(app)
