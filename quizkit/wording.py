"""Counts in words, for messages and screens: "1 bank", "2 banks", "1 history"."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` and the noun, plural unless the count is one; ``nouns`` for an irregular plural."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def clip(text: str, width: int) -> str:
    """``text`` on one line, cut at the last whole word that fits in ``width`` with an ellipsis
    after it, so that a list of question stems never ends one mid-word."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[: width - 1]
    whole = flat[len(cut)] == " "  # the cut falls between two words
    head = cut if whole or " " not in cut else cut.rsplit(" ", 1)[0]
    return head.rstrip(",;:.-—") + "…"
