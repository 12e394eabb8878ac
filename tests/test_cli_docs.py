"""`quizkit docs` and `quizkit --version`: what an installed user reads without a checkout."""

from __future__ import annotations

from conftest import REPO
from test_cli_validate import quizkit

from quizkit import __version__


def test_version_is_the_package_version() -> None:
    result = quizkit("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"quizkit {__version__}")


def test_docs_lists_every_document_and_the_format_tour() -> None:
    result = quizkit("docs")
    topics = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert result.returncode == 0
    assert set(topics) == {path.stem for path in (REPO / "docs").glob("*.md")} | {"format-tour"}


def test_docs_prints_a_document_whole() -> None:
    result = quizkit("docs", "format-tour")
    assert result.returncode == 0
    assert result.stdout == (REPO / "examples" / "format-tour.yaml").read_text(encoding="utf-8")


def test_an_unknown_topic_is_a_usage_error_naming_the_topics() -> None:
    result = quizkit("docs", "statz")
    assert result.returncode == 2
    assert "no document called 'statz'" in result.stderr and "stats" in result.stderr
