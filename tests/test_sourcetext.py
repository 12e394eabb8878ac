"""Reading a source's text: every way it can fail is one diagnostic saying what to do."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quizkit.bank.diagnostics import BankError
from quizkit.bank.sourcetext import read_source_text


def test_utf8_with_or_without_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "guide.txt"
    path.write_bytes("\ufeffPart 1: Skin — “quoted”\n".encode())
    assert read_source_text(path) == "Part 1: Skin — “quoted”\n"


@pytest.mark.parametrize(("make", "says"), [
    (lambda path: None, "cannot open it: No such file or directory"),
    (lambda path: path.mkdir(), "it is a folder, not a regular file"),
    (os.mkfifo, "it is a named pipe (FIFO), not a regular file"),
    (lambda path: path.write_bytes("décidé".encode("latin-1")), "it is not UTF-8 text (byte 1 cannot be read)"),
])
def test_a_text_that_cannot_be_read_is_a_qk403(tmp_path: Path, make, says: str) -> None:
    path = tmp_path / "guide.txt"
    make(path)
    with pytest.raises(BankError) as raised:
        read_source_text(path)
    [diagnostic] = raised.value.diagnostics
    assert (diagnostic.code, diagnostic.position.path) == ("QK403", path)
    assert diagnostic.message.startswith(f"cannot read the source text: {says}")
