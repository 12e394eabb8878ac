"""Every export format of examples/format-tour.yaml, byte for byte against tests/data/golden.

After a deliberate change to a format, regenerate the file with the export command shown in
the failure and commit it with the change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA, REPO

from quizkit.bank.pipeline import load_banks
from quizkit.interop import anki, gift, paper, qti, table

GOLDEN = DATA / "golden"
TOUR = REPO / "examples" / "format-tour.yaml"

EXPORTS: dict[str, Callable[..., bytes]] = {
    "format-tour.gift": lambda b, s: gift.export_gift(b, s)[0].encode(),
    "format-tour.qti.zip": qti.export_qti,
    "format-tour.apkg": anki.export_anki,
    "format-tour.csv": lambda b, s: table.export_csv(b).encode(),
    "format-tour.md": lambda b, s: paper.export_markdown(b, s).encode(),
    "format-tour.seed-7.md": lambda b, s: paper.export_markdown(b, s, seed=7).encode(),
    "format-tour.html": lambda b, s: paper.export_html(b, s).encode(),
}


@pytest.fixture(scope="module")
def tour():
    return load_banks([TOUR])


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_matches_golden_file(tour, name: str) -> None:
    banks, sources = tour
    produced = EXPORTS[name](banks, sources)
    assert produced == (GOLDEN / name).read_bytes(), (
        f"{name} changed; if deliberate, rewrite it (e.g. quizkit export --to ... -o tests/data/golden/{name} "
        "examples/format-tour.yaml) and commit it with the change")


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_is_deterministic(tour, name: str) -> None:
    banks, sources = tour
    assert EXPORTS[name](banks, sources) == EXPORTS[name](banks, sources)


def test_the_cli_writes_the_golden_bytes(tmp_path: Path) -> None:
    from quizkit.cli.main import main

    for fmt, name in (("gift", "format-tour.gift"), ("qti", "format-tour.qti.zip"), ("anki", "format-tour.apkg"),
                      ("csv", "format-tour.csv"), ("markdown", "format-tour.md"), ("html", "format-tour.html")):
        out = tmp_path / name
        assert main(["export", "--to", fmt, "-o", str(out), str(TOUR)]) == 0
        assert out.read_bytes() == (GOLDEN / name).read_bytes(), fmt
