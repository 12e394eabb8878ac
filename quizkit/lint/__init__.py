"""Linting banks for item-writing flaws: the cues and ambiguities that show in a question's text.

Validation asks whether a bank is well formed and true to its source; lint asks whether its
questions are fair: answerable from knowledge, not from the shape of the options. Lint works on
banks that already validate (it needs keys that name real options). A rule that misfires on one
question is silenced in the bank itself, with a written reason (``lint:`` in the question), and a
waiver that no longer silences anything is reported, so that waivers do not outlive their reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from quizkit.diagnostics import LINT_RULES, Diagnostic
from quizkit.lint.rules import CHECKS
from quizkit.model import Bank, Question

__all__ = ["lint_banks", "lint_question"]


def lint_question(question: Question) -> list[Diagnostic]:
    """Every flaw every rule finds in ``question``, before its waivers are applied."""
    return [diagnostic for check in CHECKS.values() for diagnostic in check(question)]


def lint_banks(banks: Iterable[Bank]) -> list[Diagnostic]:
    """The flaws in ``banks`` that no waiver silences, and the waivers that silence nothing, sorted."""
    found: list[Diagnostic] = []
    for bank in banks:
        for question in bank.questions:
            found.extend(_waived(question, lint_question(question)))
    return sorted(found, key=Diagnostic.sort_key)


def _waived(question: Question, diagnostics: list[Diagnostic]) -> Iterator[Diagnostic]:
    waived = {waiver.rule for waiver in question.waivers}
    yield from (d for d in diagnostics if d.code not in waived)
    fired = {d.code for d in diagnostics}
    # The model keeps no position per waiver, so problems with one point at its question.
    for rule, count in Counter(waiver.rule for waiver in question.waivers).items():
        if rule not in CHECKS:
            known = f"QL101-{max(CHECKS)}" if rule != "QL100" else "QL100 itself cannot be waived"
            yield Diagnostic(question.position, "QL100",
                             f"question '{question.id}' waives {rule}, which is not a lint rule that can be waived "
                             f"({known}). Fix the code or remove the waiver.")
        elif rule not in fired:
            yield Diagnostic(question.position, "QL100",
                             f"question '{question.id}' waives {rule} ({LINT_RULES[rule].summary}), but the rule does "
                             "not fire on it any more. Remove the waiver, so that it cannot hide a future flaw.")
        elif count > 1:
            yield Diagnostic(question.position, "QL100",
                             f"question '{question.id}' waives {rule} {count} times. Keep one waiver, with the reason that applies.")
