"""Readers we did not write accept the exports of every bundled bank.

* GIFT: pygiftparser (PyPI) and gift-pegjs (npm; ``npm ci`` in tests/js, skipped without node);
* QTI: the IMS QTI 2.1 and CP 1.1 XML Schemas (../shared/interop, skipped when absent), and the
  pyslet QTI engine scoring each keyed answer at full marks, and wrong and partial answers
  (single, multiple, true/false, matching) at quizkit's score below full marks, with the item's
  own response processing and with the standard template (from ../shared) put in its place. pyslet 0.7 has
  no classes for ``feedbackBlock`` and ``modalFeedback``, and renders HTML on starting an
  attempt, so feedback is removed and the attempt started by hand; feedback is checked by the
  schemas instead;
* Anki: the official ``anki`` package imports the .apkg headless, and an edited bank's export
  updates the notes instead of adding new ones.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import REPO

from quizkit.bank.model import Question, QuestionType
from quizkit.bank.pipeline import load_banks
from quizkit.interop.anki import export_anki
from quizkit.interop.gift import export_gift
from quizkit.interop.qti import export_qti, qti_id

# ../shared beside the repository; QUIZKIT_SHARED_DIR names it for a checkout elsewhere (a worktree).
INTEROP = Path(os.environ.get("QUIZKIT_SHARED_DIR", REPO.parent / "shared")) / "interop" / "qti-2.1"
GIFT_PEGJS = REPO / "tests" / "js" / "node_modules" / "gift-pegjs"
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
TOUR = REPO / "examples" / "format-tour.yaml"


@pytest.fixture(scope="module")
def bundled():
    return load_banks()


@pytest.fixture(scope="module")
def qti_package(bundled) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(export_qti(*bundled)))


def _count(banks) -> int:
    return sum(len(b.questions) for b in banks)


def test_pygiftparser_reads_every_question(bundled, tmp_path: Path) -> None:
    parser = pytest.importorskip("pygiftparser.parser", reason="pygiftparser is in the test extra")
    banks, sources = bundled
    text = export_gift(banks, sources)[0]
    questions = parser.parseFile(io.StringIO(text))
    assert len(questions) == _count(banks)
    assert all(q.valid for q in questions), [q.title for q in questions if not q.valid]
    assert [q.title for q in questions] == [q.id for b in banks for q in b.questions]


def test_gift_pegjs_reads_every_question(bundled, tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None or not GIFT_PEGJS.is_dir():
        pytest.skip("gift-pegjs needs node and `npm ci` in tests/js (.ci/run does it when npm is present)")
    banks, sources = bundled
    path = tmp_path / "banks.gift"
    path.write_text(export_gift(banks, sources)[0], encoding="utf-8")
    script = ("const {parse}=require(process.argv[1]);const fs=require('fs');"
              "console.log(JSON.stringify(parse(fs.readFileSync(process.argv[2],'utf8'))))")
    result = subprocess.run([node, "-e", script, str(GIFT_PEGJS), str(path)], capture_output=True, text=True, check=True)
    parsed = [q for q in json.loads(result.stdout) if q["type"] != "Category"]
    assert [q["title"] for q in parsed] == [q.id for b in banks for q in b.questions]
    kinds = {"single": "MC", "multiple": "MC", "true_false": "TF", "matching": "Matching"}
    assert [q["type"] for q in parsed] == [kinds[q.type.value] for b in banks for q in b.questions]


def _schemas():
    etree = pytest.importorskip("lxml.etree", reason="lxml is in the test extra")
    if not INTEROP.is_dir():
        pytest.skip(f"the QTI schemas are not at {INTEROP} (../shared/interop is beside the repository only)")
    return (etree, etree.XMLSchema(etree.parse(str(INTEROP / "xsd" / "qtiv2p1" / "imsqti_v2p1.xsd"))),
            etree.XMLSchema(etree.parse(str(INTEROP / "xsd" / "imscp_v1p1.xsd"))))


def test_qti_package_is_valid_against_the_qti_and_cp_schemas(qti_package, bundled) -> None:
    etree, qti, cp = _schemas()
    names = qti_package.namelist()
    assert names[0] == "imsmanifest.xml" and names == ["imsmanifest.xml", *sorted(names[1:])]
    assert sum(n.startswith("items/") for n in names) == _count(bundled[0])
    assert sum(n.startswith("tests/") for n in names) == len(bundled[0])
    for name in names:
        schema = cp if name == "imsmanifest.xml" else qti
        document = etree.fromstring(qti_package.read(name))
        assert schema.validate(document), f"{name}: {schema.error_log.last_error}"


def _score(item_xml: bytes, template: Path | None, response: object = None) -> tuple[float, float]:
    """SCORE and MAXSCORE after one attempt answering ``response`` (default: the correct response)."""
    etree = pytest.importorskip("lxml.etree")
    qtixml = pytest.importorskip("pyslet.qtiv2.xml", reason="pyslet is in the test extra")
    from pyslet.qtiv2 import variables

    root = etree.fromstring(item_xml)
    for element in list(root.iter(f"{QTI}feedbackBlock", f"{QTI}modalFeedback")):
        element.getparent().remove(element)
    if template is not None:
        processing = root.find(f"{QTI}responseProcessing")
        processing.getparent().replace(processing, etree.parse(str(template)).getroot())
    document = qtixml.QTIDocument()
    document.read(src=etree.tostring(root))
    item = document.root
    state = variables.ItemSessionState(item)
    state.begin_session()
    state.map["numAttempts"].set_value(1)
    if response is None:
        response = item.get_declaration("RESPONSE").get_correct_value().value
    state["RESPONSE"].set_value(response)
    state.end_attempt()
    return state["SCORE"].value, state["MAXSCORE"].value


def test_pyslet_scores_every_keyed_answer_at_full_marks(qti_package) -> None:
    if not INTEROP.is_dir():
        pytest.skip(f"the response-processing templates are not at {INTEROP}")
    for name in qti_package.namelist():
        if not name.startswith("items/"):
            continue
        data = qti_package.read(name)
        score, maximum = _score(data, None)
        assert score == maximum > 0, name
        template = "map_response" if b"<mapping" in data else "match_correct"
        assert _score(data, INTEROP / "rptemplates" / f"{template}.xml") == (maximum, maximum), name


def _wrong_answers(question: Question) -> list[tuple[object, float]]:
    """Wrong and partial responses to a question, each with the score quizkit gives it (always
    below full marks): every wrong option of a single best answer or true/false; for multiple
    response, part of the key, the key and one wrong option, everything, and wrong options only
    (+1 per keyed option, -1 per other, never below 0); for matching, one pair moved to the
    wrong option, and every pair wrong (+1 per correct pair)."""
    key = [o.id for o in question.options if o.id in question.key]
    wrong = [o.id for o in question.options if o.id not in question.key]
    if question.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        return [(qti_id(option), 0.0) for option in wrong]
    if question.type is QuestionType.MULTIPLE:
        responses = [key[:1], [*key, wrong[0]], key + wrong, wrong]
        return [([qti_id(o) for o in picked], float(max(0, sum(1 if o in key else -1 for o in picked))))
                for picked in responses]
    pairs = question.matches
    options = [o.id for o in question.options]

    def shifted(by: int, count: int) -> list[tuple[str, str]]:
        # The first ``count`` premises take the option ``by`` places along from their own.
        return [(qti_id(p, "P_"), qti_id(options[(options.index(o) + by * (i < count)) % len(options)], "O_"))
                for i, (p, o) in enumerate(pairs)]
    return [(shifted(1, 1), float(len(pairs) - 1)), (shifted(1, len(pairs)), 0.0)]


def test_pyslet_scores_wrong_and_partial_answers_below_full_marks() -> None:
    if not INTEROP.is_dir():
        pytest.skip(f"the response-processing templates are not at {INTEROP}")
    banks, sources = load_banks([TOUR])
    package = zipfile.ZipFile(io.BytesIO(export_qti(banks, sources)))
    seen = set()
    for question in banks[0].questions:
        data = package.read(f"items/{question.id}.xml")
        template = INTEROP / "rptemplates" / ("map_response.xml" if b"<mapping" in data else "match_correct.xml")
        for response, expected in _wrong_answers(question):
            for processing in (None, template):
                score, maximum = _score(data, processing, response)
                assert score == expected < maximum, (question.id, response, processing)
        seen.add(question.type)
    assert seen == set(QuestionType)


def _import(collection, package: Path):
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    # update_notes=1: ALWAYS (the export's notes carry a fixed modification time).
    options = ImportAnkiPackageOptions(update_notes=1, with_scheduling=False)
    return collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options)).log


def test_anki_imports_the_deck_and_a_reexport_updates_notes(bundled, tmp_path: Path) -> None:
    collection_module = pytest.importorskip("anki.collection", reason="the anki package is in the test extra")
    banks, sources = bundled
    first = tmp_path / "first.apkg"
    first.write_bytes(export_anki(banks, sources))
    collection = collection_module.Collection(str(tmp_path / "collection.anki2"))
    try:
        log = _import(collection, first)
        assert collection.note_count() == _count(banks) == len(log.new)
        edited_bank = REPO / "banks" / "part-01.yaml"
        text = edited_bank.read_text(encoding="utf-8")
        copy = tmp_path / "banks"
        shutil.copytree(REPO / "banks", copy)
        question = banks[0].questions[0]
        opening = " ".join(question.stem.split()[:3])
        assert opening in text
        (copy / "part-01.yaml").write_text(text.replace(opening, "EDITED " + opening, 1), encoding="utf-8")
        edited, edited_sources = load_banks([copy])
        second = tmp_path / "second.apkg"
        second.write_bytes(export_anki(edited, edited_sources))
        log = _import(collection, second)
        assert len(log.new) == 0 and len(log.updated) >= 1
        assert collection.note_count() == _count(banks)
        stems = [collection.get_note(n).fields[1] for n in collection.find_notes(f'"Id:{question.id}"')]
        assert len(stems) == 1 and "EDITED" in stems[0]
    finally:
        collection.close()
