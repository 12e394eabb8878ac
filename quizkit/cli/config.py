"""``quizkit config``: the configuration file's path, every value, and where each came from."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from quizkit.cli.common import EXIT_OK, UsageError
from quizkit.config import CONFIG_VARIABLE, Config, ConfigError, Origin, Setting, load_config, masked


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("config", help="show the configuration file and every setting's value and origin",
                                 description="Show where the configuration file is, every setting's value and where it "
                                             "came from (default, file, environment or flag). Every key is described "
                                             "in `quizkit docs config`; secrets are shown masked. "
                                             f"${CONFIG_VARIABLE} chooses another file.")
    parser.add_argument("--path", action="store_true", help="print only the file's path (to open it in an editor)")
    parser.set_defaults(run=run)


def config_from_args(args: argparse.Namespace, *, profile_flag: bool = True) -> Config:
    """The configuration with the app's flags (given before or after the command) laid over it;
    a file that cannot be used is a usage error naming its line. ``profile_flag=False`` for a
    command whose ``--profile`` names several histories to read (``stats``), not the app's profile."""
    flags = {"app.theme": (getattr(args, "theme", None), "--theme"),
             "app.profile": (getattr(args, "profile", None) if profile_flag else None, "--profile"),
             "banks.bundled": (False if getattr(args, "no_bundled", False) else None, "--no-bundled")}
    try:
        config = load_config(flags=flags, source_flags=dict(getattr(args, "source_text", [])))
    except ConfigError as error:
        raise UsageError(str(error)) from None
    added = [folder if folder.is_absolute() else Path.cwd() / folder for folder in getattr(args, "banks", [])]
    if added:
        folders = Setting([*config.banks.folders.value, *added], Origin.FLAG, "--banks")
        config = replace(config, banks=replace(config.banks, folders=folders))
    return config


def bank_paths(given: Sequence[Path], config: Config) -> list[Path]:
    """The banks a command reads: the paths given, else the banks the app offers (the bundled
    ones unless left out, then the configured folders), so that `quizkit validate` checks what
    the app will load."""
    from quizkit.bank.pipeline import app_bank_paths

    chosen = list(given) or app_bank_paths(config.banks.folders.value, bundled=config.banks.bundled.value)
    if not chosen:
        raise UsageError(f"no banks: the bundled ones are left out ({config.banks.bundled.where or 'banks.bundled'}) "
                         f"and no folder is given; add one with --banks DIR or [banks] folders in {config.path}")
    return chosen


def checked_source_texts(config: Config) -> dict[str, Path]:
    """``config.source_texts()`` (the configured and ``--source-text`` texts), each checked to be
    there: a usage error for one that is not, naming where it was set and how to fix it."""
    for source_id, setting in config.sources.items():
        if not setting.value.is_file():
            raise UsageError(f"no such file: {setting.value} (the text of '{source_id}', from {setting.where}); "
                             f"fix it with `quizkit sources add {source_id} PATH` or --source-text {source_id}=PATH")
    return config.source_texts()


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    if getattr(args, "path", False):
        print(config.path)
        return EXIT_OK
    named = f" (from ${CONFIG_VARIABLE})" if os.environ.get(CONFIG_VARIABLE, "").strip() else ""
    state = "" if config.exists else " — not created yet: every value is its default"
    print(f"Configuration file: {config.path}{named}{state}")
    rows = [(name, masked(key, setting), _origin(setting)) for name, key, setting in config.settings()]
    rows += [(f"sources.{source_id}", masked(None, setting), _origin(setting)) for source_id, setting in config.sources.items()]
    if not config.sources:
        rows.append(("sources", "(none: `quizkit sources add ID PATH` adds one)", "default"))
    width = max(len(name) for name, _, _ in rows)
    for name, value, origin in rows:
        print(f"  {name:<{width}}  {value}  [{origin}]")
    for unknown in config.unknown:
        print(f"warning: {unknown}")
    return EXIT_OK


def _origin(setting: Setting) -> str:
    return setting.origin.value + (f": {setting.where}" if setting.where else "")
