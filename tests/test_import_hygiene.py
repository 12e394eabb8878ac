"""The core never imports Textual: it must run (and be tested) without a terminal."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = ["quizkit.yamlstrict", "quizkit.schemas", "quizkit.loader", "quizkit.checks", "quizkit.quotes",
        "quizkit.validate", "quizkit.report", "quizkit.sourcetext", "quizkit.model", "quizkit.cli", "quizkit.commands.validate",
        "quizkit.lint", "quizkit.lint.question", "quizkit.lint.stem", "quizkit.lint.options", "quizkit.lint.feedback",
        "quizkit.lint.text", "quizkit.commands.lint",
        "quizkit.paths", "quizkit.store", "quizkit.history", "quizkit.review", "quizkit.resume",
        "quizkit.commands.history", "quizkit.commands.export_results"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; assert 'textual' not in sys.modules, 'textual imported'"
    subprocess.run([sys.executable, "-c", code], check=True)
