"""``quizkit fingerprint``: the section fingerprints of a source text, for the sources file."""

from __future__ import annotations

import argparse
from pathlib import Path

from quizkit.bank.pipeline import load_sources
from quizkit.bank.sourcetext import fingerprint, split_sections
from quizkit.cli.common import EXIT_OK, source_text_arg, source_with_text


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("fingerprint", help="print the section fingerprints of a source text",
                                 description="Split a source's text into its sections and print each fingerprint, "
                                             "to record in the sources file after a source is revised.")
    parser.add_argument("source_text", type=source_text_arg, metavar="ID=PATH")
    parser.add_argument("--sources", type=Path, metavar="FILE", help="sources file (default: the bundled one)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    source_id, path = args.source_text
    source, text = source_with_text(load_sources(args.sources), source_id, path)
    for section in split_sections(text, source.heading_pattern):
        print(f"{section.number}\t{fingerprint(section.text)}\t{section.title}")
    return EXIT_OK
