"""`quizkit new`: every scaffold is well formed, validation lists exactly the template texts left to
fill in (QK318), and appending keeps the educator's file as it was."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, REPO

from quizkit.bank.bundled import bundled_banks, schema_file
from quizkit.bank.scaffold import QUESTION_TYPES, schema_reference

PUBLISHED = json.loads(schema_file("bank.schema.json").read_text(encoding="utf-8"))["$id"]


def quizkit(*args: str, stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quizkit", *args], capture_output=True, text=True, stdin=stdin,
                          env={**os.environ, "PYTHONWARNINGS": "error"}, timeout=120, check=False)


def template_lines(path: Path) -> set[int]:
    """The lines of ``path`` where a value holding the template marker starts (comments left out):
    a block scalar (``stem: >``) starts on the line before its text."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {number - 1 if line.lstrip().startswith("TEMPLATE") else number
            for number, line in enumerate(lines, start=1)
            if re.search(r"\bTEMPLATE\b", line.split(" #")[0]) and not line.lstrip().startswith("#")}


def only_templates_left(path: Path, sources: Path | None = None) -> None:
    """Validation reports one QK318 at each template text still in ``path``, and nothing else."""
    extra = ["--sources", str(sources)] if sources else []
    result = quizkit("validate", str(path), *extra)
    assert result.returncode == 1, result.stdout
    found = [re.match(rf"{re.escape(str(path))}:(\d+):\d+: (QK\d+) ", line) for line in result.stdout.splitlines()[:-1]]
    assert all(match and match[2] == "QK318" for match in found), result.stdout
    assert {int(match[1]) for match in found if match} == template_lines(path)


def fill_in(path: Path) -> None:
    """What the educator does: every template text replaced (here, mechanically)."""
    path.write_text(path.read_text(encoding="utf-8").replace("TEMPLATE", "Drafted"), encoding="utf-8")


def clean(*paths: Path, sources: Path | None = None, lint: bool = True) -> None:
    """The files validate with no error and no warning, and (unless the bank was not) lint clean."""
    extra = ["--sources", str(sources)] if sources else []
    for command in ("validate", "lint")[: 2 if lint else 1]:
        result = quizkit(command, *map(str, paths), *extra)
        assert result.returncode == 0 and result.stdout.endswith("checked: no problems.\n"), result.stdout


def new_bank(path: Path, *extra: str, kind: str = "single") -> subprocess.CompletedProcess[str]:
    return quizkit("new", "bank", str(path), "--id", "my-bank", "--title", "Part 3: my own bank", "--section",
                   "part-3", "--type", kind, *extra)


@pytest.mark.parametrize("kind", QUESTION_TYPES)
def test_a_new_bank_validates_once_its_template_texts_are_filled_in(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "my-bank.yaml"
    result = new_bank(path, "--author", "Dr Ana Silva", kind=kind)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Created {path}: bank 'my-bank' on part-3, with one teaching point and one {kind}")
    assert "lists those left (QK318)" in result.stdout
    text = path.read_text(encoding="utf-8")
    only_templates_left(path)
    fill_in(path)
    clean(path)
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={PUBLISHED}"
    assert "id: my-bank-q01" in text and f"type: {kind}" in text and 'authors: ["Dr Ana Silva"]' in text
    assert 'title: "Part 3: my own bank"' in text and "section: part-3  # How Skin Metastases Are Diagnosed" in text
    assert text.count("TEMPLATE") >= 5  # the template says what it is


def test_the_modeline_points_at_the_bundled_schema_inside_the_banks_folder(tmp_path: Path) -> None:
    assert schema_reference(bundled_banks() / "part-11.yaml") == "../schemas/bank.schema.json"
    assert schema_reference(bundled_banks() / "extra" / "part-11.yaml") == "../../schemas/bank.schema.json"
    assert schema_reference(tmp_path / "part-11.yaml") == PUBLISHED
    assert schema_reference(REPO / "examples" / "part-11.yaml") == PUBLISHED


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "my-bank.yaml"
    path.write_text("mine\n", encoding="utf-8")
    result = new_bank(path)
    assert result.returncode == 2 and "already exists and is left as it is" in result.stderr
    assert path.read_text(encoding="utf-8") == "mine\n"


def test_without_a_terminal_every_value_must_be_given(tmp_path: Path) -> None:
    path = tmp_path / "my-bank.yaml"
    result = quizkit("new", "bank", str(path), "--id", "my-bank")
    assert result.returncode == 2 and "--title, --section required when standard input is not a terminal" in result.stderr
    assert not path.exists()


@pytest.mark.parametrize(("args", "expected"), [
    (("--id", "My Bank"), "the bank id 'My Bank' is not an id"),
    (("--section", "part-99"), "'part-99' is not a section of skin-metastases-guide (known: part-1, part-2"),
    (("--title", "Hi"), "the title must be 3 to 120 characters long"),
    (("--source", "elsewhere"), "'elsewhere' is not a source"),
])
def test_bad_values_are_usage_errors(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    values = {"--id": "my-bank", "--title": "My own bank", "--section": "part-3", **dict(zip(args[::2], args[1::2], strict=True))}
    result = quizkit("new", "bank", str(tmp_path / "my-bank.yaml"), *(part for item in values.items() for part in item))
    assert result.returncode == 2 and expected in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_bank_id_used_beside_it_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_bytes((DATA / "valid" / "mini-bank.yaml").read_bytes())
    result = quizkit("new", "bank", str(tmp_path / "other.yaml"), "--id", "mini-bank", "--title", "Other",
                     "--section", "ch-1", "--sources", str(DATA / "sources" / "sources.yaml"))
    assert result.returncode == 2 and "the bank id 'mini-bank' is already used by" in result.stderr


def test_another_sources_file(tmp_path: Path) -> None:
    sources = DATA / "sources" / "sources.yaml"
    path = tmp_path / "mine.yaml"
    result = quizkit("new", "bank", str(path), "--id", "mine", "--title", "Mine", "--section", "ch-2",
                     "--sources", str(sources))
    assert result.returncode == 0, result.stderr
    assert f"quizkit validate {path} --sources {sources}" in result.stdout
    only_templates_left(path, sources)
    fill_in(path)
    clean(path, sources=sources)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_at_a_terminal_it_asks(tmp_path: Path) -> None:
    import pty

    path = tmp_path / "my-bank.yaml"
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "quizkit", "new", "bank", str(path)], stdin=terminal,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        os.close(terminal)
        # Enter takes the id offered (the file's name); a section that does not exist is asked again.
        os.write(controller, b"\nPart 3: asked at a terminal\npart-99\npart-3\n")
        out, err = process.communicate(timeout=60)
    finally:
        os.close(controller)
    assert process.returncode == 0, err
    assert "Bank id [my-bank]: " in out and "part-3     How Skin Metastases Are Diagnosed" in out
    assert "'part-99' is not a section" in err
    only_templates_left(path)
    fill_in(path)
    clean(path)
    assert 'title: "Part 3: asked at a terminal"' in path.read_text(encoding="utf-8")


# -- appending a question --------------------------------------------------------------------

@pytest.fixture
def part_02(tmp_path: Path) -> Path:
    path = tmp_path / "part-02.yaml"
    path.write_bytes((bundled_banks() / "part-02.yaml").read_bytes())
    return path


def last_id(path: Path) -> str:
    return [line.split(":", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("  - id: p02-q")][-1]


def test_each_type_is_appended_after_the_last_question_and_the_bank_still_validates(part_02: Path) -> None:
    original = part_02.read_text(encoding="utf-8")
    before = last_id(part_02)
    number = int(before.rsplit("q", 1)[1])
    for n, kind in enumerate(QUESTION_TYPES, start=1):
        result = quizkit("new", "question", str(part_02), "--type", kind)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"Added question p02-q{number + n:02d} ({kind}) to {part_02}.")
    text = part_02.read_text(encoding="utf-8")
    assert text.startswith(original.rstrip("\n") + "\n\n  - id: p02-q")  # everything before is as it was
    assert last_id(part_02) == f"p02-q{number + 4:02d}"
    assert "    # covers: [" in text  # the blueprint to choose from, left to the educator
    only_templates_left(part_02)
    fill_in(part_02)
    clean(part_02, lint=False)
    # Filled in mechanically, the four new questions read alike: lint may say so (QL116, about
    # the new ones only), and must find nothing else in the bank.
    appended = {f"p02-q{number + n:02d}" for n in range(1, 5)}
    findings = [line for line in quizkit("lint", str(part_02)).stdout.splitlines() if ": QL" in line]
    assert all(" QL116 " in line and any(f"'{qid}'" in line for qid in appended) for line in findings), findings


def test_the_next_id_skips_those_used_beside_the_bank(part_02: Path) -> None:
    number = int(last_id(part_02).rsplit("q", 1)[1])
    neighbour = part_02.with_name("neighbour.yaml")
    neighbour.write_text(part_02.read_text(encoding="utf-8").replace("p02-q", "other-q").replace(
        "id: skin-mets-part-02", "id: neighbour").replace(f"other-q{number:02d}", f"p02-q{number + 1:02d}"),
        encoding="utf-8")
    result = quizkit("new", "question", str(part_02))
    assert result.returncode == 0 and f"Added question p02-q{number + 2:02d}" in result.stdout


def test_an_id_given_or_taken(part_02: Path) -> None:
    assert quizkit("new", "question", str(part_02), "--id", "p02-q01").returncode == 2
    assert "is not an id" in quizkit("new", "question", str(part_02), "--id", "Q 1").stderr
    result = quizkit("new", "question", str(part_02), "--id", "p02-extra")
    assert result.returncode == 0 and "Added question p02-extra (single)" in result.stdout


def test_comments_and_a_key_after_the_questions_are_kept(tmp_path: Path) -> None:
    text = (DATA / "valid" / "mini-bank.yaml").read_text(encoding="utf-8")
    head, _, rest = text.partition("blueprint:\n")
    blueprint, _, questions = rest.partition("questions:\n")
    path = tmp_path / "reordered.yaml"
    path.write_text(f"{head}questions:\n{questions.rstrip()}\n    # about the last question\n\n"
                    f"# The blueprint comes last in this bank.\nblueprint:\n{blueprint}", encoding="utf-8")
    result = quizkit("new", "question", str(path), "--type", "matching")
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    assert "    # about the last question\n\n  - id: mini-bank-q01\n    type: matching\n" in after
    assert after.endswith(f"    # covers: [tp1]  # the blueprint points it tests, of: tp1, tp2\n\n"
                          f"# The blueprint comes last in this bank.\nblueprint:\n{blueprint}")
    only_templates_left(path, DATA / "sources" / "sources.yaml")
    fill_in(path)
    clean(path, sources=DATA / "sources" / "sources.yaml", lint=False)  # the mini bank has flaws on purpose


def test_line_ends_and_byte_order_mark_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (DATA / "valid" / "mini-bank.yaml").read_bytes().replace(b"\n", b"\r\n"))
    assert quizkit("new", "question", str(path), "--type", "true_false").returncode == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\n") == data.count(b"\r\n")
    only_templates_left(path, DATA / "sources" / "sources.yaml")
    fill_in(path)
    clean(path, sources=DATA / "sources" / "sources.yaml", lint=False)  # the mini bank has flaws on purpose


def test_a_bank_that_does_not_load_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_bytes((DATA / "invalid" / "QK202-missing-explanation.yaml").read_bytes())
    before = path.read_bytes()
    result = quizkit("new", "question", str(path))
    assert result.returncode == 1 and "QK202" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_questions_in_flow_style_are_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text("""schema_version: 1
id: flow
title: Flow
description: Questions written in flow style.
version: "1.0.0"
source: mini-guide
section: ch-2
authors: [tests]
review: {reviewed_by: tests, reviewed_on: "2026-01-01", review_by: "2099-01-01"}
questions: [{id: flow-q1, type: true_false, stem: A blood test finds the lesion., answer: false,
  rationale_true: Wrong; it cannot., rationale_false: Right; it cannot., explanation: Blood tests cannot find the lesion at all.,
  cite: {section: ch-2, quote: Blood tests cannot find the lesion.}, objective: Know the limits of blood tests., difficulty: easy, cognitive_level: recall}]
""", encoding="utf-8")
    before = path.read_bytes()
    result = quizkit("new", "question", str(path))
    assert result.returncode == 1 and "not written as a block list" in result.stderr
    assert path.read_bytes() == before
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_new_needs_to_know_what() -> None:
    result = quizkit("new")
    assert result.returncode == 2 and "bank" in result.stderr and "question" in result.stderr
