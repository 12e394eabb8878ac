"""The core never imports Textual: it must run (and be tested) without a terminal.

Every module of the package outside ``quizkit.tui`` is core, including ones added later.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import quizkit

CORE = sorted(module.name for module in pkgutil.walk_packages(quizkit.__path__, "quizkit.")
              if not module.name.startswith("quizkit.tui") and module.name != "quizkit.__main__")


def test_the_core_is_every_module_but_the_app() -> None:
    assert {"quizkit.bank.loader", "quizkit.engine.attempt", "quizkit.history.store", "quizkit.cli.take"} <= set(CORE)


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; assert 'textual' not in sys.modules, 'textual imported'"
    subprocess.run([sys.executable, "-c", code], check=True)
