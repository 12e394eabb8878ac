"""``quizkit new``: start a bank, or append a question template to one, well formed from the start.

``quizkit new bank FILE`` asks for the bank's id, title and section when run at a terminal, and
takes them from ``--id``, ``--title`` and ``--section`` otherwise (a script must say everything:
nothing is guessed). ``quizkit new question BANK --type TYPE`` appends a template question with
the next free id. Each text to write says TEMPLATE; ``quizkit validate`` reports every one left
(QK318) at its line and column, and nothing else.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from quizkit.bank import scaffold
from quizkit.bank.loader import read_bank
from quizkit.bank.model import Source, Sources
from quizkit.bank.pipeline import BANK_SUFFIXES, bank_files, load_sources
from quizkit.cli.common import EXIT_INVALID, EXIT_OK, UsageError

T = TypeVar("T")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("new", help="start a new bank, or add a question template to a bank",
                                 description="Write a well-formed starting point: a new bank, or a template question "
                                             "appended to a bank. Replace the texts marked TEMPLATE; `quizkit "
                                             "validate` lists each one left (QK318) until none is.")
    kinds = parser.add_subparsers(dest="what", metavar="bank|question", required=True)
    bank = kinds.add_parser("bank", help="create a new bank file",
                            description="Create a bank with one teaching point and one template question. At a "
                                        "terminal, asks for what the options do not give; otherwise --id, --title "
                                        "and --section are required. Never overwrites a file.")
    bank.add_argument("file", type=Path, metavar="FILE", help="the new bank file (.yaml)")
    bank.add_argument("--id", dest="bank_id", metavar="ID", help="the bank's id, e.g. skin-mets-part-11")
    bank.add_argument("--title", help="the title trainees see, e.g. \"Part 11: Follow-up\"")
    bank.add_argument("--section", metavar="ID", help="the source section the bank covers, e.g. part-3")
    bank.add_argument("--source", metavar="ID", help="the source (default: the only one in the sources file)")
    bank.add_argument("--type", choices=scaffold.QUESTION_TYPES, default="single",
                      help="type of the template question (default: single)")
    bank.add_argument("--author", action="append", default=[], metavar="NAME", help="an author (repeatable)")
    bank.add_argument("--sources", type=Path, metavar="FILE", help="sources file (default: the bundled one)")
    bank.set_defaults(run=run_bank)
    question = kinds.add_parser("question", help="append a template question to a bank",
                                description="Append a template question to BANK, with the next free id, as text: "
                                            "the bank's comments and layout are kept.")
    question.add_argument("bank", type=Path, metavar="BANK", help="the bank file to add to")
    question.add_argument("--type", choices=scaffold.QUESTION_TYPES, default="single",
                          help="the question type (default: single)")
    question.add_argument("--id", dest="question_id", metavar="ID", help="the question's id (default: the next free one)")
    question.set_defaults(run=run_question)


def run_bank(args: argparse.Namespace) -> int:
    target: Path = args.file
    if target.suffix not in BANK_SUFFIXES:
        raise UsageError(f"{target}: a bank file's name ends in .yaml")
    if target.exists():
        raise UsageError(f"{target} already exists and is left as it is; choose another name, or add a question "
                         f"to it with `quizkit new question {target}`")
    if not target.parent.is_dir():
        raise UsageError(f"no such folder: {target.parent}")
    if args.sources and not args.sources.is_file():
        raise UsageError(f"no such file: {args.sources}")
    sources = load_sources(args.sources)
    ask = _Asker(sys.stdin.isatty())
    missing = [flag for flag, value in (("--id", args.bank_id), ("--title", args.title), ("--section", args.section))
               if value is None]
    if missing and not ask.interactive:
        raise UsageError(f"{', '.join(missing)} required when standard input is not a terminal "
                         "(e.g. quizkit new bank my-bank.yaml --id my-bank --title \"My bank\" --section part-3)")
    source = _source(sources, args.source, ask)
    bank_id = ask.value("Bank id", args.bank_id, lambda v: _new_bank_id(target, v),
                        default=target.stem.lower() if scaffold.IDENTIFIER.fullmatch(target.stem.lower()) else None)
    title = ask.value("Title", args.title, scaffold.check_title)
    if ask.interactive and args.section is None:
        print("Sections of " + source.id + ":\n" + "\n".join(f"  {s.id:<10} {s.title}" for s in source.sections))
    section = ask.value("Section", args.section, lambda v: _section(source, v))
    text = scaffold.bank_text(target, bank_id=bank_id, title=title, source=source.id, section=section,
                              section_title=source.section(section).title, question_type=args.type,  # type: ignore[union-attr]
                              authors=args.author)
    try:
        with target.open("x", encoding="utf-8", newline="") as file:  # "x": never overwrite, even in a race
            file.write(text)
    except FileExistsError:
        raise UsageError(f"{target} already exists and is left as it is; choose another name") from None
    except OSError as error:
        print(f"quizkit new: cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return EXIT_INVALID
    check = f"quizkit validate {target}" + (f" --sources {args.sources}" if args.sources else "")
    print(f"Created {target}: bank '{bank_id}' on {section}, with one teaching point and one {args.type} question "
          f"to fill in. Replace the texts marked TEMPLATE; `{check}` lists those left (QK318).")
    return EXIT_OK


def run_question(args: argparse.Namespace) -> int:
    if not args.bank.is_file():
        raise UsageError(f"no such file: {args.bank}")
    if args.question_id is not None:
        _check(lambda: scaffold.check_identifier(args.question_id, "the question id"))
    try:
        question_id = scaffold.append_question(args.bank, args.type, args.question_id)
    except scaffold.IdTaken as error:
        raise UsageError(str(error)) from None
    except (scaffold.ScaffoldError, OSError) as error:
        print(f"quizkit new: {error}", file=sys.stderr)
        return EXIT_INVALID
    print(f"Added question {question_id} ({args.type}) to {args.bank}. Replace the texts marked TEMPLATE; "
          f"`quizkit validate {args.bank}` lists those left (QK318).")
    return EXIT_OK


class _Asker:
    """Takes a value from its option or, at a terminal, from the educator, asking until it is valid."""

    def __init__(self, interactive: bool) -> None:
        self.interactive = interactive

    def value(self, label: str, given: str | None, check: Callable[[str], T], default: str | None = None) -> T:
        if given is not None:
            return _check(lambda: check(given))
        while True:
            try:
                answer = input(f"{label}{f' [{default}]' if default else ''}: ").strip() or default
            except EOFError:
                raise UsageError(f"no {label.lower()} given") from None
            if not answer:
                continue
            try:
                return check(answer)
            except scaffold.ScaffoldError as error:
                print(f"  {error}", file=sys.stderr)


def _check(work: Callable[[], T]) -> T:
    try:
        return work()
    except scaffold.ScaffoldError as error:
        raise UsageError(str(error)) from None


def _source(sources: Sources, given: str | None, ask: _Asker) -> Source:
    known = ", ".join(sources.sources)
    if given is None and len(sources.sources) == 1:
        return next(iter(sources.sources.values()))
    if given is None and not ask.interactive:
        raise UsageError(f"--source is required: {sources.path} has several sources ({known})")

    def check(value: str) -> Source:
        if value not in sources.sources:
            raise scaffold.ScaffoldError(f"'{value}' is not a source in {sources.path} (known: {known})")
        return sources.sources[value]

    return ask.value("Source", given, check)


def _section(source: Source, value: str) -> str:
    if source.section(value) is None:
        raise scaffold.ScaffoldError(f"'{value}' is not a section of {source.id} "
                                     f"(known: {', '.join(s.id for s in source.sections)})")
    return value


def _new_bank_id(target: Path, bank_id: str) -> str:
    """A valid id that no bank beside ``target`` has: banks in one folder are validated together."""
    scaffold.check_identifier(bank_id, "the bank id")
    for other in bank_files([target.parent]):
        loaded = read_bank(other)
        if loaded.bank is not None and loaded.bank.id == bank_id:
            raise scaffold.ScaffoldError(f"the bank id '{bank_id}' is already used by {other}; choose another")
    return bank_id
