"""``quizkit config``: where the configuration file is, and each setting with where it came from."""

from __future__ import annotations

import argparse
import sys

from quizkit import config as settings
from quizkit.cli.common import EXIT_INVALID, EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "config", help="show the configuration file and every setting's value and origin",
        description="Show the configuration file's path and each setting: its value (secrets masked) and where it "
                    f"came from (default, file, environment, flag). ${settings.CONFIG_VARIABLE} chooses another file. "
                    "Every key: quizkit docs config.")
    parser.add_argument("--path", action="store_true", help="print only the file's path (to open it in an editor)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        config = settings.load_config()
    except settings.ConfigError as error:
        print(f"quizkit config: {error}", file=sys.stderr)
        return EXIT_INVALID
    if args.path:
        print(config.path)
        return EXIT_OK
    print(f"file: {config.path}{'' if config.exists else ' (absent: every value is a default)'}")
    rows = [(name, settings.masked(key, setting), _origin(setting)) for name, key, setting in config.settings()]
    width = max(len(name) for name, _, _ in rows)
    value_width = min(60, max(len(value) for _, value, _ in rows))
    for name, value, origin in rows:
        print(f"{name:<{width}}  {value:<{value_width}}  {origin}")
    for message in config.unknown:
        print(f"warning: {message}", file=sys.stderr)
    return EXIT_OK


def _origin(setting: settings.Setting) -> str:
    if setting.origin is settings.Origin.DEFAULT:
        return "(default)"
    return f"({setting.origin.value}: {setting.where})"
