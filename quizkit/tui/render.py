"""Turning engine objects into Rich text for the screens.

Kept apart from the widgets so that the same rendering serves the practice feedback panel, the
exam results detail and the tests. Every outcome carries a mark (✓ ✗ ◐ –) as well as a colour,
so nothing is told by colour alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from quizkit.bank.model import QuestionType, Sources
from quizkit.engine.attempt import Answer, Confidence
from quizkit.engine.quiz import QuizItem
from quizkit.engine.scoring import Outcome
from quizkit.wording import plural

LETTERS = "abcdef"
OUTCOME_STYLE = {Outcome.CORRECT: "bold green", Outcome.PARTIAL: "bold yellow",
                 Outcome.INCORRECT: "bold red", Outcome.SKIPPED: "bold"}
OUTCOME_LABEL = {Outcome.CORRECT: "Correct", Outcome.PARTIAL: "Partly correct",
                 Outcome.INCORRECT: "Incorrect", Outcome.SKIPPED: "Not answered"}
BLOCKS = " ▁▂▃▄▅▆▇█"  # a score's height in a trend line, from 0 to 100%
CONFIDENCE_LABEL = {Confidence.SURE: "sure", Confidence.UNSURE: "unsure", Confidence.GUESSED: "guessed", None: "not stated"}


def letter(index: int) -> str:
    """The option's letter, as keys, feedback and the key line name it."""
    return LETTERS[index] if index < len(LETTERS) else str(index + 1)


def label(index: int) -> str:
    """The keys that pick option ``index``: its number and its letter."""
    return f"{index + 1} {letter(index)})"


def points(value: float) -> str:
    return f"{value:g}"


def citation(item: QuizItem, sources: Sources) -> Text:
    """Source, section number and title, locator and quote: shown with every answer."""
    cite = item.question.cite
    source = sources.sources.get(cite.source)
    section = sources.section(cite.source, cite.section)
    text = Text()
    text.append("Source: ", style="bold")
    text.append(source.title if source else cite.source)
    text.append("\n")
    text.append("Section: ", style="bold")
    text.append(f"Part {section.number}: {section.title}" if section else cite.section)
    if cite.locator:
        text.append(f" — {cite.locator}")
    if cite.quote:
        text.append("\n")
        text.append(f"“{cite.quote}”", style="italic")
    return text


def feedback(item: QuizItem, answer: Answer | None, sources: Sources) -> Group:
    """Whether the answer was right, the key, the citation, why each option is right or wrong,
    and the explanation. The citation comes before the detail so that it is on screen without
    scrolling, every time. Each rationale hangs under its own option (indented on every line it
    wraps to), so a group of renderables rather than one text."""
    question = item.question
    outcome = answer.score.outcome if answer else Outcome.SKIPPED
    parts: list[RenderableType] = []
    text = Text()
    text.append(f"{outcome.mark} {OUTCOME_LABEL[outcome]}", style=OUTCOME_STYLE[outcome])
    text.append(f" — {points(answer.score.points if answer else 0)} of 1 point")
    if answer and answer.confidence:
        text.append(f" · you were {CONFIDENCE_LABEL[answer.confidence]}")
    text.append("\n")
    if question.type is not QuestionType.MATCHING:
        text.append("Key: ", style="bold")
        text.append("; ".join(f"{letter(i)}) {o.text}" for i, o in enumerate(item.options) if o.id in question.key))
        text.append("\n")
    text.append_text(citation(item, sources))
    text.append("\n")
    parts.append(text)
    if question.type is QuestionType.MATCHING:
        _matching(parts, item, answer)
    else:
        _choices(parts, item, answer)
    explanation = Text("\nExplanation\n", style="bold underline")
    explanation.append(question.explanation.strip(), style="not bold not underline")
    parts.append(explanation)
    return Group(*parts)


#: A verdict word a bank's rationale may open with; the feedback says the verdict once, itself.
_VERDICT = re.compile(r"^(?:correct|incorrect|right|wrong)\b\s*[;:,.—–-]?\s*", re.IGNORECASE)


def rationale(verdict: str, written: str, style: str = "") -> Text:
    """``Verdict: rationale``, with a verdict word the bank's text opens with left out."""
    body = _VERDICT.sub("", written.strip(), count=1)
    line = Text(f"{verdict}: ", style=f"bold {style}".strip())
    line.append(body[:1].upper() + body[1:], style=style)
    return line


def _hanging() -> Table:
    """Two columns: the mark and letter, then the text, so that an option's wrapped lines and its
    rationale hang under its text rather than running back to the panel's edge."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    return grid


def _choices(parts: list[RenderableType], item: QuizItem, answer: Answer | None) -> None:
    question = item.question
    chosen = answer.response.chosen if answer else frozenset()
    multiple = question.type is QuestionType.MULTIPLE
    grid = _hanging()
    for index, option in enumerate(item.options):
        is_key = option.id in question.key
        picked = option.id in chosen
        mark = "✓" if is_key else ("✗" if picked else " ")
        style = "green" if is_key else ("red" if picked else "")
        line = Text(option.text, style=style)
        if picked:
            line.append("  ← your answer", style="bold")
        elif is_key and multiple and answer is not None:
            line.append("  ← missed", style="bold")
        grid.add_row(Text(f" {mark} {letter(index)})", style=style), line)
        grid.add_row("", rationale("Right" if is_key else "Wrong", option.rationale, "" if picked or is_key else "dim"))
    parts.append(grid)


def _matching(parts: list[RenderableType], item: QuizItem, answer: Answer | None) -> None:
    question = item.question
    key = question.match_map
    given = dict(answer.response.pairs) if answer else {}
    letters = {option.id: letter(i) for i, option in enumerate(item.options)}
    grid = _hanging()
    for premise in item.premises:
        right = question.option(key[premise.id])
        mine = given.get(premise.id)
        ok = mine == right.id
        style = "green" if ok else "red"
        line = Text(f"{premise.text} → {letters[right.id]}) {right.text}", style=style)
        if not ok:
            line.append(f"  (you: {letters[mine] + ') ' + question.option(mine).text if mine else 'no pair'})", style="bold")
        grid.add_row(Text(f" {'✓' if ok else '✗'}", style=style), line)
        grid.add_row("", rationale("Why", right.rationale))
    for option in (o for o in item.options if o.id not in key.values()):
        grid.add_row("", Text(f"{letters[option.id]}) {option.text}", style="dim"))
        grid.add_row("", rationale("Matches no premise", option.rationale, "dim"))
    parts.append(grid)


def clip_words(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` columns, cut at a word and marked "…" when it
    does not fit, so that a table never shows half a word."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[:max(width - 1, 1)]
    if " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def score_trend(percents: Sequence[float], width: int = 60) -> str:
    """The last ``width`` scores as one block each, its height the score on a fixed 0–100
    scale, then the figures. Textual's Sparkline scales between the lowest and highest value,
    which draws a single score as a full bar and 70% then 72% as an empty and a full one."""
    if not percents:
        return "No finished quiz yet."
    shown = percents[-width:]
    blocks = "".join(BLOCKS[round(p / 100 * (len(BLOCKS) - 1))] for p in shown)
    return (f"{blocks}  last {shown[-1]:.0f}%, best {max(percents):.0f}% "
            f"({plural(len(percents), 'quiz', 'quizzes')}, 0–100% scale)")
