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

from quizkit.bank.diagnostics import LINT_RULES, Diagnostic
from quizkit.bank.model import Bank, Question
from quizkit.gcpause import collector_paused
from quizkit.lint import blueprint, evidence, feedback, options, stem
from quizkit.lint.duplicates import near_duplicates, question_words
from quizkit.lint.question import TRUE_FALSE, Check, Context, Reading, frequent_words, read, stem_and_option_words

__all__ = ["ACROSS_BANKS", "CHECKS", "lint_banks", "lint_question"]

#: Every check, by the code it reports (QL100, about waivers, is reported by :func:`lint_banks`).
CHECKS: dict[str, Check] = {
    "QL101": stem.stem_asks_nothing,
    "QL102": stem.negative_stem_not_emphasised,
    "QL103": options.all_or_none_of_the_above,
    "QL104": options.key_longest,
    "QL105": stem.article_cue,
    "QL106": stem.number_cue,
    "QL107": options.clang,
    "QL108": options.convergence,
    "QL109": options.absolute_terms,
    "QL110": options.vague_frequency,
    "QL111": options.near_duplicates,
    "QL112": options.mixed_options,
    "QL113": feedback.rationale_missing,
    "QL114": feedback.explanation_misses_key,
    "QL115": evidence.quote_misses_key,
    "QL117": blueprint.covers_untested,
}

#: Rules that compare questions with each other, across every bank linted together, given the
#: questions and the words of each one's stem and key. Each finding is reported at one question,
#: whose waiver silences it.
ACROSS_BANKS = {"QL116": near_duplicates}


def lint_question(question: Question, context: Context | None = None) -> list[Diagnostic]:
    """Every flaw every rule finds in ``question``, before its waivers are applied."""
    return _checked(read(question), context if context is not None else Context())


def _checked(reading: Reading, context: Context) -> list[Diagnostic]:
    return [diagnostic for check in CHECKS.values() for diagnostic in check(reading, context)]


#: The rules that read the bank's topic words: QL107 always, QL115 on a true/false statement.
#: Removing topic words only takes words from what QL107 finds shared, so where it finds nothing
#: without them it finds nothing with them: it runs again, once they are known, only where it did.
_TOPICAL = ("QL107", "QL115")
_EARLY = tuple(check for code, check in CHECKS.items() if code not in _TOPICAL)


def lint_banks(banks: Iterable[Bank]) -> list[Diagnostic]:
    """The flaws in ``banks`` that no waiver silences, and the waivers that silence nothing, sorted."""
    banks = list(banks)
    # Lint makes word sets and findings by the hundred thousand, none in a reference cycle; the
    # cyclic collector would walk them, and the banks, again and again (a tenth of lint's time).
    with collector_paused():
        # One reading of each question serves its bank's topic words, what QL116 compares (the
        # words of its stem and key), and the rules that need no topic words; the few questions
        # that a topical rule must see with the bank's topic words are read again once those are
        # known. Readings are let go after their question: kept, they would take more memory
        # than the banks. QL116's findings join each question's before its waivers apply.
        questions: list[Question] = []
        bags: list[frozenset[str]] = []
        checked: list[list[Diagnostic]] = []
        for bank in banks:
            early = Context(frozenset(), bank.blueprint)
            counts: Counter[str] = Counter()
            again: list[int] = []
            for question in bank.questions:
                reading = read(question)
                counts.update(stem_and_option_words(reading))
                if _needs_topics(reading, early):
                    again.append(len(questions))
                questions.append(question)
                bags.append(question_words(reading))
                found = [d for check in _EARLY for d in check(reading, early)]
                if question.type is not TRUE_FALSE:
                    found.extend(evidence.quote_misses_key(reading, early))
                checked.append(found)
            context = Context(frequent_words(counts, len(bank.questions)), bank.blueprint)
            for index in again:
                reading = read(questions[index])
                checked[index].extend(options.clang(reading, context))
                if reading.question.type is TRUE_FALSE:
                    checked[index].extend(evidence.quote_misses_key(reading, context))
        across: dict[int, list[Diagnostic]] = {}
        for check in ACROSS_BANKS.values():
            for question, diagnostic in check(questions, bags):
                across.setdefault(id(question), []).append(diagnostic)
        unwaived: list[Diagnostic] = []
        for question, diagnostics in zip(questions, checked, strict=True):
            unwaived.extend(_waived(question, diagnostics + across.get(id(question), [])))
        return sorted(unwaived, key=Diagnostic.sort_key)


def _needs_topics(reading: Reading, early: Context) -> bool:
    """Whether a topical rule must see ``reading`` again with its bank's topic words (see _TOPICAL)."""
    return reading.question.type is TRUE_FALSE or next(options.clang(reading, early), None) is not None


def _waived(question: Question, diagnostics: list[Diagnostic]) -> Iterator[Diagnostic] | list[Diagnostic]:
    # Most questions waive nothing: their findings stand as found.
    return _applied(question, diagnostics) if question.waivers else diagnostics


def _applied(question: Question, diagnostics: list[Diagnostic]) -> Iterator[Diagnostic]:
    waived = {waiver.rule for waiver in question.waivers}
    yield from (d for d in diagnostics if d.code not in waived)
    fired = {d.code for d in diagnostics}
    seen: set[str] = set()
    for waiver in question.waivers:
        rule = waiver.rule
        if rule in seen:
            yield Diagnostic(waiver.position, "QL100",
                             f"question '{question.id}' waives {rule} twice. Keep one waiver, with the reason that applies.")
        elif rule not in CHECKS and rule not in ACROSS_BANKS:
            known = f"QL101-{max(LINT_RULES)}" if rule != "QL100" else "QL100 itself cannot be waived"
            yield Diagnostic(waiver.position, "QL100",
                             f"question '{question.id}' waives {rule}, which is not a lint rule that can be waived "
                             f"({known}). Fix the code or remove the waiver.")
        elif rule not in fired:
            yield Diagnostic(waiver.position, "QL100",
                             f"question '{question.id}' waives {rule} ({LINT_RULES[rule].summary}), but the rule does "
                             "not fire on it any more. Remove the waiver, so that it cannot hide a future flaw.")
        seen.add(rule)
