"""``quizkit coverage``: the blueprint table of source sections × question type × cognitive level,
or (``--points``) each bank's teaching points with the questions whose key tests them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from quizkit.bank import coverage as blueprint
from quizkit.bank.pipeline import load_banks
from quizkit.cli.common import EXIT_OK, UsageError
from quizkit.lint.blueprint import PointRow, tested_points

UNTESTED = "⚠ no question tests it"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("coverage", help="questions per source section, by type and cognitive level",
                                 description="The blueprint: every source section with its questions counted by type "
                                             "and cognitive level; sections with none are flagged.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="bank files or folders (default: the app's banks: the bundled ones and the configured folders)")
    parser.add_argument("--sources", type=Path, metavar="FILE", help="sources file (default: the bundled one)")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.add_argument("--points", action="store_true",
                        help="list each teaching point with the questions whose key tests it (a question's "
                             "`covers` counts only when its stem, key and explanation speak to the point: "
                             "lint rule QL117); points no question tests are flagged")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from quizkit.cli.config import bank_paths, config_from_args

    try:
        banks, sources = load_banks(bank_paths(args.paths, config_from_args(args)), sources_path=args.sources)
    except FileNotFoundError as missing:
        raise UsageError(f"no such file or folder: {missing}") from None
    if args.points:
        print(_points(tested_points(banks), args.format))
        return EXIT_OK
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


def _points(rows: list[PointRow], fmt: str) -> str:
    """The teaching points table: bank, point, its text, the questions testing it and their count."""
    if fmt == "json":
        return json.dumps([{"bank": r.bank_id, "point": r.point.id, "text": r.point.point.strip(),
                            "questions": list(r.questions), "count": len(r.questions)} for r in rows], indent=2)
    if fmt == "markdown":
        lines = ["| Bank | Point | Teaching point | Tested by | Count |", "|---|---|---|---|--:|"]
        lines += [f"| {r.bank_id} | {r.point.id} | {' '.join(r.point.point.split()).replace('|', '/')} | "
                  f"{', '.join(r.questions) or UNTESTED} | {len(r.questions)} |" for r in rows]
        return "\n".join(lines)
    width = max((len(f"{r.bank_id} {r.point.id}") for r in rows), default=0)
    lines = [f"{f'{r.bank_id} {r.point.id}':<{width}}  {len(r.questions):>2}  {', '.join(r.questions) or UNTESTED}"
             for r in rows]
    untested = sum(1 for r in rows if not r.questions)
    lines.append(f"{len(rows)} teaching points, {untested} tested by no question.")
    return "\n".join(lines)
