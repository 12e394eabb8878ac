"""Reading other people's files and writing outputs: the rules in quizkit/untrusted.py and
quizkit/safewrite.py, tried with real FIFOs, devices, a full file system and hard links."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizkit.safewrite import WriteRefused, write_file
from quizkit.untrusted import CONTROL, TooLarge, UnreadableFile, displayable, neutralised_cell, printable, read_limited


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_bytes(b"id: x\n")
    assert read_limited(path, 100) == b"id: x\n"


def test_a_huge_limit_allocates_nothing_huge(tmp_path: Path) -> None:
    # A read used to ask for a buffer of the limit's size: a terabyte failed with MemoryError.
    path = tmp_path / "bank.yaml"
    path.write_bytes(b"id: x\n")
    assert read_limited(path, 1 << 40) == b"id: x\n"


def test_a_file_longer_than_its_size_says_is_read_to_the_end_or_the_limit() -> None:
    # /proc files say they are empty; they are read in pieces up to the limit.
    whole = read_limited(Path("/proc/self/status"), 1 << 20)
    assert whole.startswith(b"Name:") and whole.endswith(b"\n")
    with pytest.raises(TooLarge):
        read_limited(Path("/proc/self/status"), 10)


@pytest.mark.parametrize(("make", "says"), [
    (os.mkfifo, "named pipe"),
    (lambda p: p.mkdir(), "folder"),
])
def test_anything_but_a_regular_file_is_refused_at_once(tmp_path: Path, make, says: str) -> None:
    path = tmp_path / "bank.yaml"
    make(path)
    with pytest.raises(UnreadableFile, match=says):
        read_limited(path, 100)


def test_a_device_is_refused_without_reading_it() -> None:
    with pytest.raises(UnreadableFile, match="device"):
        read_limited(Path("/dev/zero"), 100)


def test_a_symlink_to_a_fifo_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "bank.yaml").symlink_to(tmp_path / "pipe")
    with pytest.raises(UnreadableFile, match="named pipe"):
        read_limited(tmp_path / "bank.yaml", 100)


def test_the_limit_counts_bytes_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 101)
    with pytest.raises(UnreadableFile, match="larger than 100 bytes"):
        read_limited(path, 100)
    assert read_limited(path, 101) == b"x" * 101


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="No such file"):
        read_limited(tmp_path / "absent.yaml", 100)


@pytest.mark.parametrize(("text", "shown"), [
    ("plain words", "plain words"),
    ("\x1b]0;owned\x07title", "\\x1b]0;owned\\x07title"),
    ("dose \u202e01 gm", "dose \\u202e01 gm"),
    ("line\nbreak\ttab", "line\\x0abreak\\x09tab"),
    ("x" * 70, "x" * 60 + "…"),
    ("[bold]not markup[/]", "[bold]not markup[/]"),
])
def test_printable_escapes_and_cuts(text: str, shown: str) -> None:
    assert printable(text) == shown


@pytest.mark.parametrize("text", ["\x1b[2J", "a\x00b", "\x7f", "\x85", "\u202e", "\u2067"])
def test_control_characters_are_found(text: str) -> None:
    assert CONTROL.search(text)


@pytest.mark.parametrize("text", ["line\nnext", "tab\there", "é ü — “quoted” ×"])
def test_ordinary_text_has_no_control_characters(text: str) -> None:
    assert not CONTROL.search(text)


@pytest.mark.parametrize(("cell", "written"), [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("a = b", "a = b"), ("", ""),
])
def test_formula_cells_are_neutralised(cell: str, written: str) -> None:
    assert neutralised_cell(cell) == written


def test_write_file_writes_a_new_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    write_file(tmp_path / "out.csv", b"a,b\n")
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    assert (tmp_path / "out.csv").read_bytes() == b"a,b\n"


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_bytes(b"keep me")
    with pytest.raises(WriteRefused, match="--force"):
        write_file(out, b"new")
    assert out.read_bytes() == b"keep me"
    write_file(out, b"new", force=True)
    assert out.read_bytes() == b"new"


def test_a_protected_file_is_never_written_even_forced_or_by_another_name(tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    database.write_bytes(b"SQLite format 3\x00")
    (tmp_path / "alias.csv").hardlink_to(database)
    for target in (database, tmp_path / "." / "history.sqlite3", tmp_path / "alias.csv"):
        with pytest.raises(WriteRefused, match="reads or keeps"):
            write_file(target, b"csv text", force=True, protected=[database])
    assert database.read_bytes() == b"SQLite format 3\x00"


@contextlib.contextmanager
def _tiny_filesystem(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", str(folder)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tiny tmpfs here (needs root): {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_leaves_the_old_file_and_no_partial_one(tmp_path: Path) -> None:
    with _tiny_filesystem(tmp_path) as folder:
        out = folder / "out.csv"
        out.write_bytes(b"old")
        with pytest.raises(WriteRefused, match="nothing was written"):
            write_file(out, b"x" * 64_000, force=True)
        assert out.read_bytes() == b"old"
        assert [p.name for p in folder.iterdir()] == ["out.csv"]


def test_displayable_escapes_controls_and_keeps_lines_and_length() -> None:
    text = "Part 1\n\tIndented \x1b[31mred\x1b[0m and \u202edrawkcab\n" + "x" * 500
    shown = displayable(text)
    assert shown.startswith("Part 1\n\tIndented \\x1b[31mred\\x1b[0m and \\u202edrawkcab\n")
    assert shown.endswith("x" * 500) and not CONTROL.search(shown)


def test_any_sqlite_database_is_kept_even_forced_and_unnamed(tmp_path: Path) -> None:
    import sqlite3

    database = tmp_path / "someones-history.sqlite3"
    sqlite3.connect(database).execute("CREATE TABLE answer (id INTEGER)").connection.close()
    before = database.read_bytes()
    with pytest.raises(WriteRefused, match="is a database"):
        write_file(database, b"csv text", force=True)
    assert database.read_bytes() == before
