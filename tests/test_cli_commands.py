"""The command line imports a command's module only when that command runs, and lists them all."""

from __future__ import annotations

import argparse
import subprocess
import sys

from quizkit.cli.main import COMMANDS, build_parser, main


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def test_the_help_lines_are_the_ones_each_module_registers() -> None:
    listed = {action.dest: action.help for action in _subcommands(build_parser(registered=()))._choices_actions}
    registered = {action.dest: action.help for action in _subcommands(build_parser())._choices_actions}
    assert listed == registered == {name: summary for name, (_, summary) in COMMANDS.items()}


def _modules_after(code: str) -> set[str]:
    found = subprocess.run([sys.executable, "-c", f"import sys\n{code}\nprint(*sorted(sys.modules))"],
                           capture_output=True, text=True, check=True).stdout.split()
    return {name for name in found if name.startswith("quizkit.cli.")}


def test_help_imports_no_command_module_and_a_command_only_its_own() -> None:
    from_help = _modules_after("from quizkit.cli.main import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass")
    assert from_help == {"quizkit.cli.main", "quizkit.cli.common", "quizkit.cli.take"}
    from_fingerprint = _modules_after("from quizkit.cli.main import main\ntry:\n    main(['fingerprint', '--help'])\n"
                                      "except SystemExit:\n    pass")
    assert from_fingerprint == from_help | {"quizkit.cli.fingerprint"}


def test_help_lists_every_command(capsys) -> None:
    try:
        main(["--help"])
    except SystemExit as done:
        assert done.code == 0
    shown = capsys.readouterr().out
    assert all(f"    {name} " in shown for name in COMMANDS)


def test_options_before_the_command_still_reach_it() -> None:
    args = build_parser(registered={"stats"}).parse_args(["--profile", "ana", "stats", "--all-profiles"])
    assert (args.command, args.profile, args.all_profiles) == ("stats", "ana", True)
