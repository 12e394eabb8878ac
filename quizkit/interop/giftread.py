"""Reading Moodle GIFT into a draft bank, as Moodle's own importer (``qformat_gift``) reads it.

A small tokenizer turns each question block into characters that remember their line and column
and whether they were escaped, so that the structure (``::title::``, ``{`` ``}``, ``~`` ``=``
``#`` ``####`` ``->`` ``%weight%``) is found only among unescaped characters, and every error
names ``line:col``. What Moodle does, this does:

* lines whose first non-blank characters are ``//`` are comments; a blank line ends a question;
  each line is trimmed before the lines are joined (columns in errors still count from the
  line's start);
* ``\\~ \\= \\# \\{ \\} \\: \\\\`` are the characters themselves, ``\\n`` a line break; any other
  backslash is kept;
* ``$CATEGORY:`` starts a category; ``[html]``, ``[moodle]``, ``[plain]``, ``[markdown]`` before
  a text set its format (HTML is turned into plain text: bank text is never markup);
* the answer block is from the first ``{`` to the first ``}``; text after it makes a
  missing-word question, whose stem gets ``_____`` where the answers were;
* the type is decided as Moodle decides it: no braces → description, ``{}`` → essay, ``{#`` →
  numerical, a ``~`` → multiple choice (single answer if there is a ``=``), ``=`` and ``->`` →
  matching, ``T``/``TRUE``/``F``/``FALSE`` → true/false, anything else → short answer.

Descriptions, essays, numerical and short-answer questions have no quizkit type: each is reported
with its ``line:col``, as is any question that breaks the format, and any weight quizkit's
scoring cannot keep (partial credit or a penalty in a single best answer; wrong-answer weights
other than quizkit's one share per wrong pick in a multiple response). Nothing is dropped
silently.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from quizkit.interop.carry import BANK_NOTE_PREFIX, NOTE_PREFIX, decode_note, parse_feedback
from quizkit.interop.draft import (
    DraftBank,
    DraftOption,
    DraftQuestion,
    Problem,
    is_identifier,
    letter_id,
    slug,
    unique_ids,
)

_ESCAPABLE = {":": ":", "#": "#", "=": "=", "{": "{", "}": "}", "~": "~", "n": "\n", "\\": "\\"}
FORMATS = ("moodle", "html", "plain", "markdown")
_WEIGHT = re.compile(r"%(-?[0-9]{1,3}(?:\.[0-9]*)?)%")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


class GiftError(ValueError):
    """A question that breaks the GIFT format, at ``line:col``."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(f"line {line}:{col}: {message}")
        self.line, self.col = line, col


@dataclass(frozen=True, slots=True)
class Char:
    value: str
    escaped: bool
    line: int
    col: int


class Span:
    """A run of characters from the file; structure is looked for among the unescaped ones."""

    def __init__(self, chars: list[Char], end: tuple[int, int]) -> None:
        self.chars = chars
        #: Where the span ends, for errors about something missing at its end.
        self.end = end

    def __len__(self) -> int:
        return len(self.chars)

    def __getitem__(self, index: slice) -> Span:
        return Span(self.chars[index], self.end)

    @property
    def text(self) -> str:
        return "".join(c.value for c in self.chars)

    def at(self, index: int) -> tuple[int, int]:
        if index < len(self.chars):
            return self.chars[index].line, self.chars[index].col
        return self.end

    def find(self, token: str, start: int = 0) -> int:
        """Index of the first unescaped ``token`` from ``start``, or -1."""
        for i in range(start, len(self.chars) - len(token) + 1):
            if all(not c.escaped and c.value == t for c, t in zip(self.chars[i:i + len(token)], token, strict=False)):
                return i
        return -1

    def rfind(self, token: str) -> int:
        for i in range(len(self.chars) - len(token), -1, -1):
            if all(not c.escaped and c.value == t for c, t in zip(self.chars[i:i + len(token)], token, strict=False)):
                return i
        return -1

    def startswith(self, token: str) -> bool:
        return self.find(token) == 0 if len(self.chars) >= len(token) else False

    def split(self, token: str, limit: int = -1) -> list[Span]:
        parts, start = [], 0
        while limit != 0:
            at = self.find(token, start)
            if at < 0:
                break
            parts.append(self[start:at])
            start, limit = at + len(token), limit - 1
        parts.append(self[start:])
        return parts

    def strip(self) -> Span:
        start, stop = 0, len(self.chars)
        while start < stop and not self.chars[start].escaped and self.chars[start].value.isspace():
            start += 1
        while stop > start and not self.chars[stop - 1].escaped and self.chars[stop - 1].value.isspace():
            stop -= 1
        return self[start:stop]


def tokenize(lines: list[tuple[int, str]]) -> Span:
    """The characters of a block's lines (numbered from 1), escapes resolved, lines joined by \\n."""
    chars: list[Char] = []
    end = (1, 1)
    for index, (number, line) in enumerate(lines):
        if index:
            before, text = lines[index - 1]  # not always number - 1: comment lines are left out
            chars.append(Char("\n", False, before, len(text.rstrip()) + 1))
        # Moodle trims every line before joining them; the columns still count from the line's start.
        col, stop = len(line) - len(line.lstrip()), len(line.rstrip())
        while col < stop:
            if line[col] == "\\" and col + 1 < stop and line[col + 1] in _ESCAPABLE:
                chars.append(Char(_ESCAPABLE[line[col + 1]], True, number, col + 1))
                col += 2
            else:
                chars.append(Char(line[col], False, number, col + 1))
                col += 1
        end = (number, len(line) + 1)
    return Span(chars, end)


@dataclass
class _Block:
    line: int
    span: Span
    notes: list[str]


def _blocks(text: str) -> list[_Block]:
    """Question blocks: runs of non-blank lines, comment lines set apart as notes."""
    blocks: list[_Block] = []
    content: list[tuple[int, str]] = []
    notes: list[str] = []
    for number, line in enumerate([*text.removeprefix("\ufeff").splitlines(), ""], 1):
        if line.strip():
            if line.strip().startswith("//"):
                notes.append(line.strip()[2:])
            else:
                content.append((number, line))
        elif content or notes:
            if content:
                blocks.append(_Block(content[0][0], tokenize(content), notes))
            elif blocks:
                blocks[-1].notes.extend(notes)  # comments after a question, before the blank line
            else:
                blocks.append(_Block(number, Span([], (number, 1)), notes))
            content, notes = [], []
    return blocks


def read_gift(text: str) -> DraftBank:
    """Every question of a GIFT file, as a draft bank; what cannot be represented is reported."""
    draft = DraftBank()
    category: str | None = None
    for block in _blocks(text):
        for comment in block.notes:
            bank = decode_note(BANK_NOTE_PREFIX, comment)
            if bank is not None and draft.id is None:
                _apply_bank_note(draft, bank)
        span = block.span.strip()
        if not len(span):
            continue
        if span.startswith("$CATEGORY:"):
            rest = span[len("$CATEGORY:"):]
            newline = rest.find("\n")
            if newline >= 0:
                # Moodle takes the whole block as the category's name: a question there is lost.
                line, col = rest.at(newline + 1)
                draft.problems.append(Problem(f"{line}:{col}", "text after a $CATEGORY line is read by Moodle "
                                              "as part of the category; put a blank line after $CATEGORY. "
                                              "Not imported"))
                rest = rest[:newline]
            category = rest.text.strip()
            continue
        note = next((found for comment in block.notes if (found := decode_note(NOTE_PREFIX, comment))), None)
        try:
            question = _question(span, block.line, note, draft.problems)
        except GiftError as error:
            draft.problems.append(Problem(f"{error.line}:{error.col}", f"{error.args[0].split(': ', 1)[1]}; "
                                          "the question was not imported", broken=True))
            continue
        if question is not None:
            draft.questions.append(question)
    if draft.id is None and category:
        parts = [p for p in category.split("/") if p and not p.startswith("$")]
        draft.id = slug(parts[0], "") or None if parts else None
        draft.title = category if len(category) >= 3 else None
    sources = {q.section for q in draft.questions} - {None}
    if draft.section is None and len(sources) == 1:
        draft.section = sources.pop()
    unique_ids(draft.questions)
    return draft


def _apply_bank_note(draft: DraftBank, note: dict[str, Any]) -> None:
    for key in ("id", "title", "description", "version", "source", "section"):
        if isinstance(note.get(key), str):
            setattr(draft, key, note[key])
    if isinstance(note.get("authors"), list):
        draft.authors = [a for a in note["authors"] if isinstance(a, str)]
    if isinstance(note.get("review"), dict):
        draft.review = {k: v for k, v in note["review"].items() if isinstance(v, str)}
    if isinstance(note.get("blueprint"), list):
        draft.blueprint = [p for p in note["blueprint"] if isinstance(p, dict)
                           and is_identifier(p.get("id")) and isinstance(p.get("point"), str)]


def _format(span: Span, default: str) -> tuple[str, Span]:
    """The ``[format]`` a text starts with (Moodle's parse_text_with_format), and the text after it."""
    if span.startswith("["):
        close = span.find("]")
        name = span[1:close].text if close > 0 else ""
        if name in FORMATS:
            return name, span[close + 1:]
    return default, span


def plain(span: Span, fmt: str) -> str:
    """A text in ``fmt`` as plain bank text: HTML (and Moodle auto-format, which allows HTML)
    loses its tags and entities; plain and Markdown text is kept as written."""
    text = span.text.strip()
    if fmt in ("html", "moodle"):
        text = re.sub(r"<br\s*/?>|</p>\s*<p[^>]*>", "\n", text, flags=re.I)
        text = html.unescape(_TAG.sub("", text))
        text = "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()
    return text


def _question(span: Span, line: int, note: dict[str, Any] | None, problems: list[Problem]) -> DraftQuestion | None:
    where = "{}:{}".format(*span.at(0))
    title: str | None = None
    if span.startswith("::"):
        span = span[2:]
        close = span.find("::")
        if close >= 0:
            title = span[:close].text.strip()
            span = span[close + 2:].strip()
    open_, close_ = span.find("{"), span.find("}")
    if open_ < 0 and close_ < 0:
        problems.append(Problem(where, "a description (no answers) has no quizkit type; not imported"))
        return None
    if open_ < 0:
        raise GiftError(*span.at(close_), "'}' without '{' (write \\} for a literal brace)")
    if close_ < 0:
        raise GiftError(*span.at(open_), "'{' is never closed with '}' (write \\{ for a literal brace)")
    if close_ < open_:
        raise GiftError(*span.at(close_), "'}' before the answers' '{' (write \\} for a literal brace)")
    answers = span[open_ + 1:close_].strip()
    after = span[close_ + 1:]
    question_span = span[:open_] if not len(after.strip()) else Span(
        span[:open_].chars + [Char(c, True, 0, 0) for c in "_____"] + after.chars, span.end)
    fmt, question_span = _format(question_span.strip(), "moodle")
    stem = plain(question_span, fmt)
    general_at = answers.rfind("####")
    general = answers[general_at + 4:] if general_at >= 0 else Span([], answers.end)
    if general_at >= 0:
        answers = answers[:general_at].strip()
    general_format, general = _format(general.strip(), fmt)
    name = title or stem
    qid = note["id"] if note and is_identifier(note.get("id")) else (
        title if title and is_identifier(title) else slug(name[:48], f"q-line-{line}"))
    text = answers.text
    if not text:
        problems.append(Problem(where, f"'{name[:40]}' is an essay question (empty answers), which quizkit has no "
                                "type for; not imported"))
        return None
    if text.startswith("#") and not answers.chars[0].escaped:
        problems.append(Problem(where, f"'{name[:40]}' is a numerical question, which quizkit has no type for; "
                                "not imported"))
        return None
    if answers.find("~") >= 0:
        question = _choice(qid, stem, answers, fmt, where, problems)
    elif answers.find("=") >= 0 and answers.find("->") >= 0:
        question = _matching(qid, stem, answers, fmt)
    else:
        head = answers.split("#", 1)[0].text.strip()
        if head not in _TRUE_FALSE:
            problems.append(Problem(where, f"'{name[:40]}' is a short-answer question, which quizkit has no type "
                                    "for; not imported"))
            return None
        question = _true_false(qid, stem, answers, fmt, _TRUE_FALSE[head])
    if question is None:
        return None
    _finish(question, plain(general, general_format), note, where, problems)
    return question


def _choice(qid: str, stem: str, answers: Span, fmt: str, where: str,
            problems: list[Problem]) -> DraftQuestion | None:
    single = answers.find("=") >= 0
    parts: list[tuple[str, Span]] = []
    for i, piece in enumerate(_split_marks(answers)):
        mark, body = piece
        if i == 0 and mark == "" and not len(body.strip()):
            continue
        parts.append((mark or "~", body.strip()))
    if len(parts) < 2:
        raise GiftError(*answers.at(0), "a multiple-choice question needs at least two answers")
    options, grades = [], []
    for index, (mark, body) in enumerate(parts):
        grade = 100.0 if mark == "=" else 0.0
        if mark == "~" and body.startswith("%"):
            match = _WEIGHT.match(body.text)
            if not match:
                raise GiftError(*body.at(0), "a weight is written %50% (a number between percent signs)")
            grade, rest = float(match[1]), body[match.end():]
        else:
            rest = body
        text, feedback = rest.split("#", 1) if rest.find("#") >= 0 else (rest, None)
        text_format, text = _format(text.strip(), fmt)
        feedback_format, feedback = _format(feedback.strip(), fmt) if feedback is not None else (fmt, None)
        options.append(DraftOption(letter_id(index), plain(text, text_format),
                                   plain(feedback, feedback_format) or None if feedback is not None else None))
        grades.append(grade)
    keyed = [o.id for o, g in zip(options, grades, strict=True) if g > 0]
    if single:
        full = [o.id for o, g in zip(options, grades, strict=True) if g >= 100]
        if len(full) != 1:
            problems.append(Problem(where, f"'{qid}' has {len(full)} answers worth 100%; a single-best-answer "
                                    "question has exactly one key. Not imported"))
            return None
        if len(keyed) > 1 or any(g < 0 for g in grades):
            problems.append(Problem(where, f"'{qid}': the weights of the other answers (partial credit, penalties) "
                                    "are dropped (quizkit scores a single best answer 1 or 0)"))
        return DraftQuestion(qid, "single", stem, options, answer=full[0])
    if not keyed:
        problems.append(Problem(where, f"'{qid}' has no answer with a positive weight; not imported"))
        return None
    even = 100 / len(keyed)
    if any(abs(g - even) > 0.01 for g in grades if g > 0):
        problems.append(Problem(where, f"'{qid}': the weights of the correct answers differ; quizkit gives each "
                                "of them an equal share"))
    if any(abs(g + even) > 0.01 for g in grades if g <= 0):
        problems.append(Problem(where, f"'{qid}': the weights of the wrong answers are dropped; quizkit takes one "
                                f"share ({even:.5g}%) off for each wrong answer picked, never below 0"))
    return DraftQuestion(qid, "multiple", stem, options, answer=keyed)


def _split_marks(answers: Span) -> list[tuple[str, Span]]:
    """Answers split before each unescaped ``~`` or ``=``, each with its mark ("" for text before
    the first mark, which Moodle reads as a wrong answer)."""
    pieces: list[tuple[str, Span]] = []
    mark, start = "", 0
    for i, char in enumerate(answers.chars):
        if not char.escaped and char.value in "~=":
            # '=' right after '~' is part of no weight; Moodle turns "=" into "~=": one answer.
            if pieces or i > start:
                pieces.append((mark, answers[start:i]))
            mark, start = char.value, i + 1
    pieces.append((mark, answers[start:]))
    return [(m, s) for m, s in pieces if m or len(s.strip())]


def _matching(qid: str, stem: str, answers: Span, fmt: str) -> DraftQuestion:
    parts = [p for p in answers.split("=") if len(p.strip())]
    if len(parts) < 2:
        raise GiftError(*answers.at(0), "a matching question needs at least two '=premise -> answer' pairs")
    premises: list[DraftOption] = []
    options: list[DraftOption] = []
    answer: dict[str, str] = {}
    for part in parts:
        arrow = part.find("->")
        if arrow < 0:
            raise GiftError(*part.strip().at(0), "a matching pair is written '=premise -> answer'")
        premise_format, premise = _format(part[:arrow].strip(), fmt)
        premise_text = plain(premise, premise_format)
        option_text = part[arrow + 2:].text.strip()
        option = next((o for o in options if o.text == option_text), None)
        if option is None:
            option = DraftOption(letter_id(len(options)), option_text)
            options.append(option)
        if premise_text:
            premises.append(DraftOption(f"p{len(premises) + 1}", premise_text))
            answer[premises[-1].id] = option.id
    return DraftQuestion(qid, "matching", stem, options, premises=premises, answer=answer)


def _plain_in_format(span: Span, default: str) -> str:
    """A feedback text as plain bank text, in its own ``[format]`` if it names one."""
    fmt, text = _format(span.strip(), default)
    return plain(text, fmt)


def _true_false(qid: str, stem: str, answers: Span, fmt: str, key: bool) -> DraftQuestion:
    parts = answers.split("#", 2)
    wrong = _plain_in_format(parts[1], fmt) if len(parts) > 1 else ""
    right = _plain_in_format(parts[2], fmt) if len(parts) > 2 else ""
    rationale = {key: right or None, not key: wrong or None}
    options = [DraftOption("true", "True", rationale[True]), DraftOption("false", "False", rationale[False])]
    return DraftQuestion(qid, "true_false", stem, options, answer=key)


def _finish(question: DraftQuestion, general: str, note: dict[str, Any] | None, where: str, problems: list[Problem]) -> None:
    """Explanation, citation and (for matching) rationales from the general feedback; ids and
    metadata from a quizkit note when it fits the question."""
    feedback = parse_feedback(general, [o.text for o in question.options] if question.type == "matching" else None)
    question.explanation = feedback.explanation or None
    question.section, question.locator, question.quote = feedback.section, feedback.locator, feedback.quote
    for option in question.options:
        if option.text in feedback.rationales:
            option.rationale = feedback.rationales[option.text]
    if note is None:
        return
    options = note.get("options", ["true", "false"] if question.type == "true_false" else None)
    premises = note.get("premises", [])
    if (note.get("type") != question.type or not isinstance(options, list) or len(options) != len(question.options)
            or len(premises) != len(question.premises) or not all(map(is_identifier, options + premises))
            or not _rename(question, note, options, premises)):
        problems.append(Problem(where, f"'{question.id}': its quizkit comment does not fit the question (edited "
                                "since export?); ids and metadata not taken from it"))
        return
    question.id = note["id"] if is_identifier(note.get("id")) else question.id
    for key in ("objective", "difficulty", "cognitive_level"):
        if isinstance(note.get(key), str):
            setattr(question, key, note[key])
    question.tags = [t for t in note.get("tags", []) if is_identifier(t)]
    question.covers = [c for c in note.get("covers", []) if is_identifier(c)]


def _rename(question: DraftQuestion, note: dict[str, Any], options: list[str], premises: list[str]) -> bool:
    """Give options and premises the ids (and the order) in the note; False if they do not fit."""
    if question.type == "true_false":
        return True
    if question.type == "matching":
        # GIFT lists the options in the order the premises take them, then the others; the note
        # holds the key, which tells which option is which.
        key = note.get("answer")
        if not isinstance(key, dict) or set(key) != set(premises) or not set(key.values()) <= set(options):
            return False
        new_premises = dict(zip((p.id for p in question.premises), premises, strict=False))
        new_ids: dict[str, str] = {}
        for old_premise, old_option in question.answer.items():
            if new_ids.setdefault(old_option, key[new_premises[old_premise]]) != key[new_premises[old_premise]]:
                return False
        spare = iter([o for o in options if o not in key.values()])
        for option in question.options:
            if option.id not in new_ids:
                new_ids[option.id] = next(spare, "")
        if sorted(new_ids.values()) != sorted(options):
            return False
        for premise in question.premises:
            premise.id = new_premises[premise.id]
        question.answer = {new_premises[p]: new_ids[o] for p, o in question.answer.items()}
    else:
        new_ids = dict(zip((o.id for o in question.options), options, strict=False))
        if question.type == "single":
            question.answer = new_ids[question.answer]
        else:
            question.answer = [new_ids[a] for a in question.answer]
    for option in question.options:
        option.id = new_ids[option.id]
    question.options.sort(key=lambda o: options.index(o.id))
    return True
