"""A printable paper in Markdown or HTML: the questions, then an answer key with explanations
and citations.

Without a seed the questions and options keep the banks' order; with ``seed`` they are shuffled
reproducibly (true/false options never are), so a paper can be printed again exactly. Every
bank text is escaped: HTML with ``html.escape``; Markdown with a backslash before each character
that Markdown or inline HTML would read as markup, so text prints as written.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from quizkit.bank.model import Bank, Option, Question, QuestionType, Sources
from quizkit.interop.carry import citation_lines, clean

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&])")


@dataclass(frozen=True)
class PaperQuestion:
    number: int
    question: Question
    options: tuple[Option, ...]

    def letter(self, option_id: str) -> str:
        return next(chr(ord("A") + i) for i, o in enumerate(self.options) if o.id == option_id)


def paper(banks: Sequence[Bank], seed: int | None = None) -> list[PaperQuestion]:
    """The questions in paper order, options in the order printed."""
    questions = [q for bank in banks for q in bank.questions]
    rng = random.Random(seed) if seed is not None else None
    if rng:
        rng.shuffle(questions)
    out = []
    for number, question in enumerate(questions, 1):
        options = list(question.options)
        if rng and question.type is not QuestionType.TRUE_FALSE:
            rng.shuffle(options)
        out.append(PaperQuestion(number, question, tuple(options)))
    return out


def _key(item: PaperQuestion) -> str:
    question = item.question
    if question.type is QuestionType.MATCHING:
        return "; ".join(f"{n} → {item.letter(o)}" for n, (_, o) in enumerate(question.matches, 1))
    return ", ".join(item.letter(o.id) for o in item.options if o.id in question.key)


def md(text: str) -> str:
    """Bank text that Markdown prints as written."""
    return _MD_SPECIAL.sub(r"\\\1", clean(text)).replace("\n", "  \n")


def export_markdown(banks: Sequence[Bank], sources: Sources | None, seed: int | None = None) -> str:
    items = paper(banks, seed)
    title = "; ".join(bank.title for bank in banks)
    lines = [f"# {md(title)}", ""]
    if seed is not None:
        lines += [f"Seed {seed}.", ""]
    lines += ["## Questions", ""]
    for item in items:
        question = item.question
        lines += [f"**{item.number}.** {md(question.stem)}", ""]
        if question.type is QuestionType.MATCHING:
            lines += [f"{n}. {md(p.text)}" for n, p in enumerate(question.premises, 1)] + [""]
        lines += [f"- {item.letter(o.id)}. {md(o.text)}" for o in item.options] + [""]
    lines += ["## Answer key", ""]
    for item in items:
        question = item.question
        lines += [f"**{item.number}.** {md(_key(item))}", ""]
        lines += [f"- {item.letter(o.id)}. {md(o.rationale)}" for o in item.options] + [""]
        lines += [md(question.explanation), ""]
        lines += ["> " + md(line) + "  " for line in citation_lines(question, sources)]
        lines[-1] = lines[-1].rstrip()
        lines.append("")
    return "\n".join(lines)


def _h(text: str) -> str:
    return html.escape(clean(text)).replace("\n", "<br>")


def export_html(banks: Sequence[Bank], sources: Sources | None, seed: int | None = None) -> str:
    items = paper(banks, seed)
    title = _h("; ".join(bank.title for bank in banks))
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">', f"<title>{title}</title>",
           "<style>body{font-family:serif;max-width:45em;margin:auto}ol.options{list-style:upper-alpha}"
           ".answers{page-break-before:always}.citation{font-size:90%;color:#444}</style>",
           "</head>", "<body>", f"<h1>{title}</h1>"]
    if seed is not None:
        out.append(f"<p>Seed {seed}.</p>")
    out += ["<section class=\"questions\">", "<h2>Questions</h2>"]
    for item in items:
        question = item.question
        out.append(f'<div class="question"><p><strong>{item.number}.</strong> {_h(question.stem)}</p>')
        if question.type is QuestionType.MATCHING:
            out.append("<ol>" + "".join(f"<li>{_h(p.text)}</li>" for p in question.premises) + "</ol>")
        out.append('<ol class="options">' + "".join(f"<li>{_h(o.text)}</li>" for o in item.options) + "</ol></div>")
    out += ["</section>", '<section class="answers">', "<h2>Answer key</h2>"]
    for item in items:
        question = item.question
        out.append(f'<div class="answer"><p><strong>{item.number}.</strong> {_h(_key(item))}</p>')
        out.append('<ol class="options">' + "".join(f"<li>{_h(o.rationale)}</li>" for o in item.options) + "</ol>")
        out.append(f"<p>{_h(question.explanation)}</p>")
        out.append('<p class="citation">' + "<br>".join(_h(line) for line in citation_lines(question, sources))
                   + "</p></div>")
    out += ["</section>", "</body>", "</html>", ""]
    return "\n".join(out)
