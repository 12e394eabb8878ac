"""Starting points for educators: a new bank, or a question template appended to a bank.

What is written is well formed as it stands: the editor's schema and ``quizkit validate`` find
nothing wrong with it except the texts still to write. Every such text says TEMPLATE, and each
one left is a validation error (QK318) at its own line and column, so ``quizkit validate`` lists
exactly what remains to fill in, and a bank is not quizzed on until it is all the educator's own.
A question is appended to a bank as text, never
by re-writing the YAML, so the educator's comments, order and layout stay exactly as they were;
the result is read back before it replaces the bank, so a bank is never left broken.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from quizkit.bank.bundled import bundled_banks, schema_file
from quizkit.bank.diagnostics import BankError
from quizkit.bank.leftovers import MARKER
from quizkit.bank.loader import read_bank
from quizkit.bank.model import Bank
from quizkit.bank.pipeline import bank_files
from quizkit.bank.schema import BANK_SCHEMA
from quizkit.bank.yamlstrict import read_document

QUESTION_TYPES = ("single", "multiple", "true_false", "matching")
IDENTIFIER = re.compile(r"[a-z0-9]+([-_.][a-z0-9]+)*")
MAX_IDENTIFIER = 64
TITLE_LENGTH = (3, 120)
FIRST_POINT = "tp1"


class ScaffoldError(Exception):
    """The scaffold cannot be written as asked; the message says why and what to do."""


class IdTaken(ScaffoldError):
    """The id asked for is already used by a question the bank is validated with."""


def check_identifier(value: str, what: str) -> str:
    """``value`` if it is a valid id (as the schema's ``identifier``), else :class:`ScaffoldError`."""
    if not IDENTIFIER.fullmatch(value) or len(value) > MAX_IDENTIFIER:
        raise ScaffoldError(f"{what} '{value}' is not an id: use lowercase letters and digits separated by single "
                            f"'-', '.' or '_', up to {MAX_IDENTIFIER} characters (e.g. skin-mets-part-03)")
    return value


def check_title(value: str) -> str:
    title = " ".join(value.split())
    low, high = TITLE_LENGTH
    if not low <= len(title) <= high:
        raise ScaffoldError(f"the title must be {low} to {high} characters long, not {len(title)}")
    return title


def schema_reference(target: Path) -> str:
    """What the modeline points at: the bundled schema by relative path for a bank in the bundled
    banks folder (it travels with them), the published schema's ``$id`` anywhere else."""
    banks = bundled_banks().resolve()
    folder = target.resolve().parent
    if folder == banks or banks in folder.parents:
        return Path(os.path.relpath(schema_file(BANK_SCHEMA), folder)).as_posix()
    published: str = json.loads(schema_file(BANK_SCHEMA).read_text(encoding="utf-8"))["$id"]
    return published


def bank_text(target: Path, *, bank_id: str, title: str, source: str, section: str, section_title: str,
              question_type: str, authors: Iterable[str] = (), today: dt.date | None = None) -> str:
    """A new bank with one teaching point and one template question of ``question_type``."""
    today = today or dt.date.today()
    try:
        review_by = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        review_by = today.replace(year=today.year + 1, day=28)
    names = list(authors) or ["TEMPLATE: your name"]
    question = question_lines(_first_id(bank_id), question_type, section, covers=[FIRST_POINT])
    return "\n".join([
        f"# yaml-language-server: $schema={schema_reference(target)}",
        "#",
        f"# A new bank from `quizkit new`. Replace every text marked {MARKER} (`quizkit validate {target.name}`",
        f"# lists those left, as QK318), then check it with `quizkit lint {target.name}`. Add a question with",
        f"# `quizkit new question {target.name} --type single` (or multiple, true_false, matching).",
        "schema_version: 1",
        f"id: {bank_id}",
        f"title: {_quoted(title)}",
        'description: "TEMPLATE: what this bank teaches, and for whom, in one or two sentences."',
        'version: "0.1.0"',
        f"source: {source}",
        f"section: {section}  # {section_title}",
        f"authors: [{', '.join(map(_quoted, names))}]",
        "# Who reviewed the bank against the source and current practice, when, and when it is due again.",
        "review:",
        '  reviewed_by: "TEMPLATE: name or role of the clinical reviewer"',
        f'  reviewed_on: "{today.isoformat()}"',
        f'  review_by: "{review_by.isoformat()}"',
        "",
        "# The section's teaching points, written before the questions; each question lists the ones it",
        "# tests in `covers`, and `quizkit validate` warns about a point no question covers.",
        "blueprint:",
        f"  - id: {FIRST_POINT}",
        '    point: "TEMPLATE: one thing a reader of the section should learn, in one sentence."',
        "",
        "questions:",
        *("  " + line if line else "" for line in question),
    ]) + "\n"


def _first_id(bank_id: str) -> str:
    stem = bank_id[: MAX_IDENTIFIER - len("-q01")].rstrip("-_.")
    return f"{stem}-q01"


def question_lines(question_id: str, question_type: str, section: str, *,
                   covers: list[str] | None = None, blueprint: Iterable[str] = ()) -> list[str]:
    """One template question as lines, its dash in column 0. ``covers`` is written as is; without
    it, a comment lists the bank's ``blueprint`` points to choose from."""
    lines = [f"- id: {question_id}", f"  type: {question_type}",
             "  # TEMPLATE question: replace every text marked TEMPLATE, and the key if it changes."]
    lines += _BODIES[question_type]
    lines += [
        '  explanation: "TEMPLATE: the teaching point of the question in your own words, shown after every answer."',
        "  cite:",
        f"    section: {section}",
        '    locator: "TEMPLATE: the sub-heading or topic in the section"',
        f'    quote: "TEMPLATE: {_QUOTE_HINT.get(question_type, _QUOTE_HINT["single"])}"',
        '  objective: "TEMPLATE: the learning objective, starting with a verb."',
        "  difficulty: medium",
        f"  cognitive_level: {'application' if question_type == 'single' else 'recall'}",
    ]
    points = list(blueprint)
    if covers:
        lines.append(f"  covers: [{', '.join(covers)}]")
    elif points:
        lines.append(f"  # covers: [{points[0]}]  # the blueprint points it tests, of: {', '.join(points)}")
    return lines


def _quoted(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar: colons, quotes and '#' in a title stay text.
    return json.dumps(text, ensure_ascii=False)


def _options(*options: tuple[str, str, str]) -> list[str]:
    lines = ["  options:"]
    for option_id, text, rationale in options:
        lines += [f"    - id: {option_id}", f"      text: {_quoted(text)}", f"      rationale: {_quoted(rationale)}"]
    return lines


# What the quote must carry: what the key says (for matching, the keyed pairs).
_QUOTE_HINT = {"single": "the exact sentence of the section that states what the key says",
               "matching": "the exact sentence of the section that pairs a finding with its condition"}

_BODIES: dict[str, list[str]] = {
    "single": [
        "  stem: >",
        "    TEMPLATE single-best-answer question: a short clinical vignette, then a lead-in that the",
        "    options answer. Which option is the best answer?",
        *_options(("a", "TEMPLATE: the best answer", "Correct: TEMPLATE, why this option is the best answer."),
                  ("b", "TEMPLATE: a plausible wrong answer", "TEMPLATE: why b is wrong, and what it would fit."),
                  ("c", "TEMPLATE: another distractor of the same kind", "TEMPLATE: why c is wrong."),
                  ("d", "TEMPLATE: a last distractor", "TEMPLATE: why d is wrong.")),
        "  answer: a",
    ],
    "multiple": [
        "  stem: >",
        "    TEMPLATE select-all-that-apply question: a lead-in that more than one option answers.",
        "    Which statements does the section support? Select all that apply.",
        *_options(("a", "TEMPLATE: a true statement", "Correct: TEMPLATE, why a is right."),
                  ("b", "TEMPLATE: another, on a different point", "Correct: TEMPLATE, why b is right."),
                  ("c", "TEMPLATE: a plausible wrong statement", "TEMPLATE: why c is wrong."),
                  ("d", "TEMPLATE: a last distractor", "TEMPLATE: why d is wrong.")),
        "  answer: [a, b]",
    ],
    "true_false": [
        '  stem: "TEMPLATE true-or-false statement about the section, for the trainee to judge."',
        "  answer: true",
        '  rationale_true: "Correct: TEMPLATE, why the statement is true."',
        '  rationale_false: "Wrong: TEMPLATE, why answering false is a mistake."',
    ],
    "matching": [
        '  stem: "TEMPLATE matching question. Match each finding with the condition it is mistaken for."',
        "  premises:",
        '    - {id: first, text: "TEMPLATE: a finding"}',
        '    - {id: second, text: "TEMPLATE: another finding"}',
        *_options(("x", "TEMPLATE: a condition", "TEMPLATE: why it goes with the first finding."),
                  ("y", "TEMPLATE: a different diagnosis", "TEMPLATE: why it goes with the second finding."),
                  ("z", "TEMPLATE: an extra option that matches neither", "TEMPLATE: why it matches neither.")),
        "  answer:",
        "    first: x",
        "    second: y",
    ],
}


def next_question_id(bank: Bank, taken: set[str]) -> str:
    """The id after the bank's last one, keeping its width (``p02-q07`` → ``p02-q08``), and not in ``taken``.

    A last id without a number (``tour-matching``) starts a series from the bank id
    (``format-tour-q01``).
    """
    match = re.fullmatch(r"(.*?)(\d+)", bank.questions[-1].id)
    prefix, number, width = (match[1], int(match[2]), len(match[2])) if match else (f"{bank.id}-q", 0, 2)
    while True:
        number += 1
        candidate = f"{prefix}{number:0{width}d}"
        if len(candidate) > MAX_IDENTIFIER:
            raise ScaffoldError(f"the next id after '{bank.questions[-1].id}' would be too long; give one with --id")
        if candidate not in taken:
            return candidate


def ids_near(path: Path, bank: Bank) -> set[str]:
    """Question ids of the bank and of the banks beside it: they are validated together, and ids
    must be unique across them."""
    taken = {question.id for question in bank.questions}
    for other in bank_files([path.parent]):
        loaded = read_bank(other)
        if loaded.bank is not None:
            taken.update(question.id for question in loaded.bank.questions)
    return taken


def append_question(path: Path, question_type: str, question_id: str | None = None) -> str:
    """Append a template question to the bank at ``path``; returns its id.

    Raises :class:`BankError` if the bank does not load (its diagnostics say why), and
    :class:`ScaffoldError` if the id is taken or the layout is not one this can extend.
    """
    loaded = read_bank(path)
    if loaded.bank is None:
        raise BankError(list(loaded.diagnostics))
    bank = loaded.bank
    taken = ids_near(path, bank)
    if question_id is None:
        question_id = next_question_id(bank, taken)
    elif check_identifier(question_id, "the question id") in taken:
        raise IdTaken(f"the question id '{question_id}' is already used in {path} or a bank beside it; choose "
                      "another (or leave out --id for the next free one)")
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    at, indent = _insertion(path, lines)
    body = [" " * indent + line if line else "" for line in question_lines(
        question_id, question_type, bank.section, blueprint=[point.id for point in bank.blueprint])]
    before = lines[:at]
    while before and not before[-1].strip():  # one blank line between questions, as the banks have
        before.pop()
    after = lines[at:]
    new_lines = [*before, "", *body, *([""] if after and after[0].strip() else []), *after]
    if new_lines[-1] != "":
        new_lines.append("")  # end with a line break
    _replace(path, (newline.join(new_lines)).encode("utf-8"), raw.startswith(b"\xef\xbb\xbf"), question_id)
    return question_id


def _insertion(path: Path, lines: list[str]) -> tuple[int, int]:
    """Where the new question goes (a line index) and the column of the questions' dashes.

    After the last question: at the end of the file, or before the next top-level key and the
    comments just above it, which belong to that key. The file is read again here for the
    places of its keys, which the loaded bank does not keep.
    """
    document = read_document(path)
    first = document.position(("questions", 0))
    prefix = lines[first.line - 1][: first.column - 1]
    if not prefix.rstrip().endswith("-"):
        raise ScaffoldError(f"{path}:{first.line}: the questions are not written as a block list ('- id: ...' on "
                            "lines of their own), so a question cannot be appended as text; add it by hand")
    indent = prefix.rstrip().rfind("-")
    start = document.position(("questions",), key=True).line
    later = sorted(place.line for place in document.keys_at().values() if place.line > start)
    if not later:
        return len(lines), indent
    at = later[0] - 1
    while at > 0 and (not lines[at - 1].strip() or lines[at - 1].startswith("#")):
        at -= 1
    return at, indent


def _replace(path: Path, content: bytes, bom: bool, question_id: str) -> None:
    """Write ``content`` in place of the bank, only once it reads back with the new question in it."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write((b"\xef\xbb\xbf" if bom else b"") + content)
        loaded = read_bank(Path(temporary))
        if loaded.bank is None or question_id not in {q.id for q in loaded.bank.questions}:
            raise ScaffoldError(f"appending to {path} would not leave a valid bank (its layout is unusual); "
                                "the bank was not changed. Add the question by hand, starting from "
                                "`quizkit new bank` output or `quizkit docs format-tour`")
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
