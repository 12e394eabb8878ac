"""bank → GIFT → bank and bank → QTI → bank keep every question, option, key, rationale,
explanation and citation (and, through quizkit's notes, ids and metadata); the banks written
by the importer validate; unsafe text stays text in CSV and HTML."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import REPO

from quizkit.bank.loader import read_bank
from quizkit.bank.model import Question
from quizkit.bank.pipeline import load_banks, validate
from quizkit.cli.main import main
from quizkit.interop import paper, table
from quizkit.interop.draft import bank_yaml
from quizkit.interop.gift import export_gift
from quizkit.interop.giftread import read_gift
from quizkit.interop.qti import export_qti
from quizkit.interop.qtiread import read_qti

TOUR = REPO / "examples" / "format-tour.yaml"


def _essence(question: Question) -> tuple:
    cite = question.cite
    return (question.id, question.type, question.stem.strip(),
            [(o.id, o.text.strip(), o.rationale.strip()) for o in question.options],
            [(p.id, p.text.strip()) for p in question.premises], sorted(question.key), question.matches,
            question.explanation.strip(), cite.source, cite.section, cite.locator, cite.quote and cite.quote.strip(),
            question.objective.strip(), question.difficulty, question.cognitive_level, question.tags, question.covers)


@pytest.fixture(scope="module")
def every_bank():
    banks, sources = load_banks([TOUR, REPO / "banks"])
    return banks, sources


@pytest.mark.parametrize("fmt", ["gift", "qti"])
def test_round_trip_keeps_every_question_of_every_bank(every_bank, fmt: str, tmp_path: Path) -> None:
    banks, sources = every_bank
    for bank in banks:
        draft = read_gift(export_gift([bank], sources)[0]) if fmt == "gift" else read_qti(export_qti([bank], sources))
        assert draft.problems == []
        path = tmp_path / f"{bank.id}.yaml"
        path.write_text(bank_yaml(draft, schema="x", origin="test"), encoding="utf-8")
        loaded = read_bank(path)
        assert loaded.bank is not None, loaded.diagnostics
        assert [_essence(q) for q in loaded.bank.questions] == [_essence(q) for q in bank.questions]
        assert (loaded.bank.id, loaded.bank.title, loaded.bank.section) == (bank.id, bank.title, bank.section)
        assert [(p.id, p.point.strip()) for p in loaded.bank.blueprint] == [(p.id, p.point.strip()) for p in bank.blueprint]


@pytest.mark.parametrize("fmt", ["gift", "qti"])
def test_cli_import_of_an_export_validates_clean(tmp_path: Path, fmt: str) -> None:
    exported = tmp_path / ("tour.gift" if fmt == "gift" else "tour.zip")
    assert main(["export", "--to", fmt, "-o", str(exported), str(TOUR)]) == 0
    bank = tmp_path / "tour.yaml"
    assert main(["import", fmt, str(exported), "-o", str(bank)]) == 0
    report = validate([bank])
    assert report.diagnostics == []


def test_an_imported_question_without_a_citation_asks_for_its_quote(tmp_path: Path) -> None:
    source = tmp_path / "q.gift"
    source.write_text("::q1::Is a biopsy needed to confirm a skin metastasis?{T}\n", encoding="utf-8")
    bank = tmp_path / "bank.yaml"
    assert main(["import", "gift", str(source), "-o", str(bank)]) == 0
    quote_line = next(number for number, line in enumerate(bank.read_text(encoding="utf-8").splitlines(), start=1)
                      if line.strip().startswith("quote:"))
    found = {(d.code, d.position.line) for d in validate([bank]).diagnostics}
    assert ("QK318", quote_line) in found and not any(code == "QK202" for code, _ in found)


def test_binary_formats_need_an_output_path(capsys) -> None:
    assert main(["export", "--to", "qti"]) == 2
    assert "-o PATH" in capsys.readouterr().err


def test_csv_neutralises_formula_cells_and_has_one_row_per_question(every_bank) -> None:
    banks, _ = every_bank
    rows = list(csv.reader(io.StringIO(table.export_csv(banks))))
    assert rows[0] == list(table.COLUMNS)
    assert len(rows) - 1 == sum(len(b.questions) for b in banks)
    for value in ("=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx"):
        assert table.neutralise(value) == "'" + value
    assert table.neutralise("plain") == "plain"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)


def _hostile_bank(tmp_path: Path) -> Path:
    text = TOUR.read_text(encoding="utf-8").replace(
        "Cancerous infiltration of the skin", "<script>alert('x')</script> & *bold* [link](http://x)")
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_html_and_markdown_print_bank_text_literally(tmp_path: Path) -> None:
    banks, sources = load_banks([_hostile_bank(tmp_path)])
    page = paper.export_html(banks, sources)
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp;" in page
    markdown = paper.export_markdown(banks, sources)
    assert "\\<script\\>" in markdown and "\\*bold\\*" in markdown and "\\[link\\]" in markdown


def test_seed_gives_a_reproducible_shuffled_paper(every_bank) -> None:
    banks, sources = every_bank
    first, again = paper.export_markdown(banks, sources, seed=3), paper.export_markdown(banks, sources, seed=3)
    assert first == again
    assert first != paper.export_markdown(banks, sources, seed=4)
    assert [i.question.id for i in paper.paper(banks, 3)] != [q.id for b in banks for q in b.questions]
