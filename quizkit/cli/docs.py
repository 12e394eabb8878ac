"""``quizkit docs``: the documentation an installed quizkit carries, printed in the terminal.

Messages point educators at ``docs/stats.md`` or the format tour; someone who installed the
wheel has no checkout to open them in, so the files travel in the wheel and this prints them.
"""

from __future__ import annotations

import argparse

from quizkit.bank.bundled import documents
from quizkit.cli.common import EXIT_OK, UsageError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("docs", help="print quizkit's documentation (lint rules, history, statistics, ...)",
                                 description="Print one of the documents shipped with quizkit. With no topic, "
                                             "list the topics.")
    parser.add_argument("topic", nargs="?", metavar="TOPIC", help="e.g. stats, lint, history, format-tour")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    topics = documents()
    if args.topic is None:
        for topic, found in topics.items():
            print(f"{topic}\t{found}")
        return EXIT_OK
    path = topics.get(args.topic)
    if path is None:
        raise UsageError(f"no document called '{args.topic[:40]}' (topics: {', '.join(topics)})")
    print(path.read_text(encoding="utf-8"), end="")
    return EXIT_OK
