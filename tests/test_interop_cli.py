"""`quizkit export` and `quizkit import` when something is wrong, run as a user runs them: a real
process, one message naming the file (and line:col), the exit code, and nothing written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, REPO
from test_cli_validate import quizkit

TOUR = REPO / "examples" / "format-tour.yaml"
GOLDEN_GIFT = DATA / "golden" / "format-tour.gift"


def _files(folder: Path) -> list[str]:
    """Every name in ``folder``, hidden temporary files included."""
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("argv", [["export", "--to", "docx", str(TOUR)], ["import", "docx", "x.docx", "-o", "x.yaml"]])
def test_an_unknown_format_is_a_usage_error(argv: list[str], tmp_path: Path) -> None:
    result = quizkit(*argv, cwd=tmp_path)
    assert result.returncode == 2
    assert "invalid choice: 'docx'" in result.stderr and "Traceback" not in result.stderr
    assert _files(tmp_path) == []


def test_export_of_a_missing_bank_is_a_usage_error(tmp_path: Path) -> None:
    result = quizkit("export", "--to", "gift", "-o", "out.gift", "missing.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (2, "quizkit export: no such file or folder: missing.yaml")
    assert _files(tmp_path) == []


@pytest.mark.parametrize("source", ["missing.gift", ".", "/dev/null"])
def test_import_of_a_missing_or_unreadable_source_is_a_usage_error(source: str, tmp_path: Path) -> None:
    result = quizkit("import", "gift", source, "-o", "bank.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"quizkit import: cannot read {source}: ") and len(result.stderr.splitlines()) == 1
    assert _files(tmp_path) == []


def test_a_gift_syntax_error_is_reported_at_file_line_col_and_nothing_is_written(tmp_path: Path) -> None:
    source = tmp_path / "broken.gift"
    source.write_text("::fine::A good question.{T}\n\n// comment\n::broken::Which?\n{=a ~b\n", encoding="utf-8")
    result = quizkit("import", "gift", "broken.gift", "-o", "bank.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "broken.gift:5:1: '{' is never closed with '}' (write \\{ for a literal brace); the question was not imported",
        "broken.gift: 1 place breaks the GIFT format (above); fix the file and import it again. No bank written"]
    assert _files(tmp_path) == ["broken.gift"]


def test_a_gift_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    (tmp_path / "latin1.gift").write_bytes("Caf\xe9?{T}\n".encode("latin-1"))
    result = quizkit("import", "gift", "latin1.gift", "-o", "bank.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "latin1.gift: not UTF-8 text (byte 3); save the GIFT file as UTF-8"
    assert _files(tmp_path) == ["latin1.gift"]


def _zip(entries: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize(("content", "message"), [
    (b"<assessmentItem/>", "not a zip file: a QTI content package is a zip with imsmanifest.xml at its root"),
    (_zip({"items/q1.xml": "<assessmentItem/>"}), "imsmanifest.xml is not in the package"),
    (_zip({"imsmanifest.xml": "<manifest"}), "imsmanifest.xml: unclosed token: line 1, column 0"),
], ids=["not-a-zip", "no-manifest", "broken-manifest"])
def test_a_qti_package_that_cannot_be_read_is_refused(content: bytes, message: str, tmp_path: Path) -> None:
    (tmp_path / "package.zip").write_bytes(content)
    result = quizkit("import", "qti", "package.zip", "-o", "bank.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (1, f"package.zip: {message}")
    assert _files(tmp_path) == ["package.zip"]


def test_import_keeps_an_existing_file_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "q.gift").write_text("::q1::Is it?{T}\n", encoding="utf-8")
    (tmp_path / "bank.yaml").write_text("keep", encoding="utf-8")
    refused = quizkit("import", "gift", "q.gift", "-o", "bank.yaml", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip() == ("quizkit import: bank.yaml already exists; choose another name, "
                                      "or add --force to replace it")
    assert (tmp_path / "bank.yaml").read_text() == "keep"
    forced = quizkit("import", "gift", "q.gift", "-o", "bank.yaml", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert 'id: "q1"' in (tmp_path / "bank.yaml").read_text(encoding="utf-8")
    assert _files(tmp_path) == ["bank.yaml", "q.gift"]


def test_import_never_writes_onto_its_source(tmp_path: Path) -> None:
    source = tmp_path / "q.gift"
    source.write_text("::q1::Is it?{T}\n", encoding="utf-8")
    result = quizkit("import", "gift", "q.gift", "-o", "q.gift", "--force", cwd=tmp_path)
    assert result.returncode == 2 and "which this command reads or keeps" in result.stderr
    assert source.read_text(encoding="utf-8") == "::q1::Is it?{T}\n"


def test_export_keeps_an_existing_file_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "out.gift").write_text("keep", encoding="utf-8")
    refused = quizkit("export", "--to", "gift", "-o", "out.gift", str(TOUR), cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip() == ("quizkit export: out.gift already exists; choose another name, "
                                      "or add --force to replace it")
    assert (tmp_path / "out.gift").read_text() == "keep"
    forced = quizkit("export", "--to", "gift", "-o", "out.gift", "--force", str(TOUR), cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert (tmp_path / "out.gift").read_bytes() == GOLDEN_GIFT.read_bytes()
    assert _files(tmp_path) == ["out.gift"]


def test_export_never_writes_onto_a_bank_it_exports(tmp_path: Path) -> None:
    bank = tmp_path / "tour.yaml"
    bank.write_bytes(TOUR.read_bytes())
    result = quizkit("export", "--to", "csv", "-o", "tour.yaml", "--force", "tour.yaml", cwd=tmp_path)
    assert result.returncode == 2 and "which this command reads or keeps" in result.stderr
    assert bank.read_bytes() == TOUR.read_bytes()
    assert _files(tmp_path) == ["tour.yaml"]


def test_export_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    result = quizkit("export", "--to", "gift", "-o", "no/such/out.gift", str(TOUR), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "quizkit export: cannot write in no/such: No such file or directory"
    assert _files(tmp_path) == []
