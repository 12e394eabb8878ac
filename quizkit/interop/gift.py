"""Moodle GIFT export: every question type quizkit has, written as Moodle's own exporter writes it.

Layout and escaping follow Moodle's ``qformat_gift`` exporter (``repchar``): ``\\`` ``~`` ``=``
``#`` ``{`` ``}`` ``:`` are escaped with a backslash and line breaks written as ``\\n``, so the
strictest GIFT parsers read every text back unchanged. Texts are marked ``[plain]``: bank text is
never markup, and Moodle shows plain text literally.

* single best answer: ``=`` for the key, ``~`` for the rest, each with its rationale as feedback;
* multiple response: ``~%w%`` weights that Moodle's grade list accepts, +100/k for each of the k
  keyed options and −100/k for the others, which is quizkit's own scoring (a wrong pick cancels
  a right one, never below 0);
* true/false: ``{TRUE#feedback if wrong#feedback if right}``, as Moodle writes it;
* matching: ``=premise -> option``, and ``= -> option`` for an option no premise takes. GIFT has
  no per-option feedback here, so the rationales go in the general feedback as ``Option N``
  lines (see :mod:`quizkit.interop.carry`).

Every question's general feedback (``####``) is its explanation and citation; a ``// quizkit:``
comment before it carries the ids and metadata GIFT has no field for. Each bank starts a
``$CATEGORY: $course$/<bank id>/<section>``.
"""

from __future__ import annotations

from collections.abc import Sequence

from quizkit.bank.model import Bank, Question, QuestionType, Sources
from quizkit.interop.carry import (
    BANK_NOTE_PREFIX,
    NOTE_PREFIX,
    bank_note,
    clean,
    encode_note,
    feedback_text,
    question_note,
)

#: The grades (percent) Moodle's question bank accepts for an answer, to five decimals, as its
#: exporter writes them (question_bank::fraction_options_full).
MOODLE_GRADES = ("100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333",
                 "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5")

_ESCAPES = str.maketrans({"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}",
                          ":": "\\:", "\n": "\\n", "\r": ""})


def escape(text: str) -> str:
    """Text escaped as Moodle's exporter escapes it."""
    return text.translate(_ESCAPES)


def weight(count: int) -> str | None:
    """The Moodle grade for one of ``count`` keyed options (100/count), or None if Moodle has none."""
    value = f"{100 / count:.5f}".rstrip("0").rstrip(".")
    return value if value in MOODLE_GRADES else None


class GiftProblem(ValueError):
    """A question GIFT cannot express; the message says which and why."""


def export_gift(banks: Sequence[Bank], sources: Sources | None) -> tuple[str, list[str]]:
    """The banks as one GIFT file, and the questions left out because GIFT cannot express them."""
    out = ["// Question banks exported by quizkit (GIFT format for Moodle).", ""]
    skipped: list[str] = []
    for bank in banks:
        out += [f"// {encode_note(BANK_NOTE_PREFIX, bank_note(bank))}",
                f"$CATEGORY: $course$/{bank.id}/{bank.section}", ""]
        for question in bank.questions:
            try:
                body = question_gift(question, sources)
            except GiftProblem as problem:
                skipped.append(f"{bank.path}: {question.id}: {problem}")
                continue
            out += [f"// {encode_note(NOTE_PREFIX, question_note(question))}", body, ""]
    return "\n".join(out), skipped


def question_gift(question: Question, sources: Sources | None) -> str:
    """One question in GIFT, without its metadata comment."""
    head = f"::{escape(question.id)}::[plain]{escape(clean(question.stem))}"
    general = escape(feedback_text(question, sources, rationales=question.type is QuestionType.MATCHING))
    if question.type is QuestionType.TRUE_FALSE:
        right = question.option("true" if "true" in question.key else "false")
        wrong = question.option("false" if "true" in question.key else "true")
        return (f"{head}{{{right.id.upper()}#{escape(clean(wrong.rationale))}#{escape(clean(right.rationale))}"
                f"####{general}}}")
    lines = [head + "{"]
    if question.type is QuestionType.MATCHING:
        matched = question.match_map
        for premise in question.premises:
            if "->" in premise.text:
                raise GiftProblem("a premise contains '->', which GIFT cannot escape")
            lines.append(f"\t={escape(clean(premise.text))} -> {escape(clean(question.option(matched[premise.id]).text))}")
        lines += [f"\t= -> {escape(clean(o.text))}" for o in question.options if o.id not in matched.values()]
    else:
        marks = _marks(question)
        lines += [f"\t{marks[o.id]}{escape(clean(o.text))}#{escape(clean(o.rationale))}" for o in question.options]
    lines += [f"\t####{general}", "}"]
    return "\n".join(lines)


def _marks(question: Question) -> dict[str, str]:
    if question.type is QuestionType.SINGLE:
        return {o.id: "=" if o.id in question.key else "~" for o in question.options}
    grade = weight(len(question.key))
    if grade is None:
        raise GiftProblem(f"{len(question.key)} keyed options: Moodle has no grade of 100/{len(question.key)}%")
    return {o.id: f"~%{grade}%" if o.id in question.key else f"~%-{grade}%" for o in question.options}
