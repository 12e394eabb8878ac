"""``quizkit coverage``: the blueprint table of source sections × question type × cognitive level."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from quizkit.bank import coverage as blueprint
from quizkit.bank.pipeline import load_banks
from quizkit.cli.common import EXIT_OK, UsageError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("coverage", help="questions per source section, by type and cognitive level",
                                 description="The blueprint: every source section with its questions counted by type "
                                             "and cognitive level; sections with none are flagged.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="bank files or folders (default: the bundled banks)")
    parser.add_argument("--sources", type=Path, metavar="FILE", help="sources file (default: the bundled one)")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        banks, sources = load_banks(args.paths, sources_path=args.sources)
    except FileNotFoundError as missing:
        raise UsageError(f"no such file or folder: {missing}") from None
    rows = blueprint.coverage(banks, sources)
    if args.format == "json":
        print(json.dumps([{"source": r.source, "section": r.section, "number": r.number, "title": r.title,
                           "by_type": {t.value: n for t, n in r.by_type.items()},
                           "by_level": {c.value: n for c, n in r.by_level.items()},
                           "by_type_and_level": {f"{t.value}/{c.value}": n for (t, c), n in r.cross.items()},
                           "total": r.total} for r in rows], indent=2))
    else:
        print(blueprint.markdown(rows) if args.format == "markdown" else blueprint.text(rows))
    return EXIT_OK
