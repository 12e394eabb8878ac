"""``quizkit sources``: record where a source's text is, so that the app shows cited sections in full.

The text is checked when it is added: a section whose text no longer matches the fingerprint in
the sources file means the source was revised, and the questions citing it need a clinical
re-read; that is said plainly, and the text is recorded all the same (it is the educator's copy).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizkit.cli.common import EXIT_INVALID, EXIT_OK, UsageError, source_with_text
from quizkit.config import SOURCES_TABLE, Config, ConfigError, load_config


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("sources", help="add, list or remove the source texts the app shows",
                                 description="Record where each source's text is kept, in the configuration file. "
                                             "The app then opens a cited section at its quote.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record a source's text (checked against the section fingerprints)")
    add.add_argument("source_id", metavar="ID", help="the source's id in the sources file (e.g. skin-metastases-guide)")
    add.add_argument("path", type=Path, metavar="PATH", help="the text file")
    add.set_defaults(run=run_add)
    listing = actions.add_parser("list", help="the recorded source texts, and whether each still matches")
    listing.set_defaults(run=run_list)
    remove = actions.add_parser("remove", help="forget a source's text")
    remove.add_argument("source_id", metavar="ID")
    remove.set_defaults(run=run_remove)


def run_add(args: argparse.Namespace) -> int:
    from quizkit.configwrite import update_table

    path = args.path.expanduser().resolve()
    problems = _check(args.source_id, path)
    try:
        update_table(load_config().path, SOURCES_TABLE, {args.source_id: str(path)})
    except ConfigError as error:
        raise UsageError(str(error)) from None
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    changed = sum(" QK402 " in problem for problem in problems)
    if changed:
        print(f"warning: {changed} section(s) of '{args.source_id}' changed since their fingerprints were recorded: "
              "the questions citing them (listed above) need a clinical re-read before they are trusted.", file=sys.stderr)
    sys.stderr.flush()
    print(f"Recorded the text of '{args.source_id}': {path}" + (f" ({len(problems)} warnings above)" if problems else ""))
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    config = _config()
    if not config.sources:
        print(f"No source text recorded in {config.path}. Add one with `quizkit sources add ID PATH`.")
        return EXIT_OK
    worst = EXIT_OK
    for source_id, setting in config.sources.items():
        try:
            problems = _check(source_id, setting.value)
        except UsageError as error:
            problems, worst = [str(error)], EXIT_INVALID
        state = "ok" if not problems else f"{len(problems)} problems"
        print(f"{source_id}\t{setting.value}\t{state}")
        for problem in problems:
            print(f"  {problem}")
    return worst


def run_remove(args: argparse.Namespace) -> int:
    from quizkit.configwrite import update_table

    config = _config()
    if args.source_id not in config.sources:
        known = ", ".join(config.sources) or "none"
        raise UsageError(f"no text is recorded for '{args.source_id}' in {config.path} (recorded: {known})")
    try:
        update_table(config.path, SOURCES_TABLE, {args.source_id: None})
    except ConfigError as error:
        raise UsageError(str(error)) from None
    print(f"Forgot the text of '{args.source_id}'.")
    return EXIT_OK


def _config() -> Config:
    """The configuration file as it stands; one that cannot be used is a usage error."""
    try:
        return load_config()
    except ConfigError as error:
        raise UsageError(str(error)) from None


def _check(source_id: str, path: Path) -> list[str]:
    """What is wrong with ``path`` as the text of ``source_id``: missing sections, retitled ones,
    and sections changed since their fingerprints (with the questions citing them). A file
    that cannot be read, or a source id that is not known, is a usage error."""
    from quizkit.bank.model import BankOutline
    from quizkit.bank.pipeline import app_bank_paths, load_sources, readable_banks
    from quizkit.bank.quotes import check_source_text

    source, text = source_with_text(load_sources(), source_id, path)
    config = _config()
    banks = readable_banks(app_bank_paths(config.banks.folders.value, bundled=config.banks.bundled.value))
    return [f"{d.position}: {d.code} {d.message}" for d in check_source_text(source, text, path, map(BankOutline.of, banks))]
