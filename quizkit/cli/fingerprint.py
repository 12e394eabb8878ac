"""``quizkit fingerprint``: the section fingerprints of a source text, for the sources file."""

from __future__ import annotations

import argparse
from pathlib import Path

from quizkit.bank.diagnostics import BankError
from quizkit.bank.pipeline import load_sources
from quizkit.bank.sourcetext import fingerprint, read_source_text, split_sections
from quizkit.cli.common import EXIT_OK, UsageError, source_text_arg


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("fingerprint", help="print the section fingerprints of a source text",
                                 description="Split a source's text into its sections and print each fingerprint, "
                                             "to record in the sources file after a source is revised.")
    parser.add_argument("source_text", type=source_text_arg, metavar="ID=PATH")
    parser.add_argument("--sources", type=Path, metavar="FILE", help="sources file (default: the bundled one)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    source_id, path = args.source_text
    sources = load_sources(args.sources)
    source = sources.sources.get(source_id)
    if source is None:
        raise UsageError(f"'{source_id}' is not a source in {sources.path} (known: {', '.join(sources.sources)})")
    try:
        text = read_source_text(path)
    except BankError as error:
        raise UsageError("; ".join(f"{d.position.path}: {d.message}" for d in error.diagnostics)) from None
    for section in split_sections(text, source.heading_pattern):
        print(f"{section.number}\t{fingerprint(section.text)}\t{section.title}")
    return EXIT_OK
