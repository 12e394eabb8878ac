"""Checks of meaning that a JSON Schema cannot express.

The schema says a key is an id; only here do we know whether that id names an option of the
same question, whether a question id is unique across every bank loaded together, and whether a
citation names a section the sources file knows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence

from quizkit.bank.diagnostics import Diagnostic, Position
from quizkit.bank.model import Bank, BankOutline, Question, QuestionType, Sources

MIN_SINGLE_OPTIONS = 3


def check_bank(bank: Bank, sources: Sources, today: dt.date) -> list[Diagnostic]:
    """Every semantic problem within one bank: all but the checks across banks."""
    found = list(_bank(bank, sources, today))
    for question in bank.questions:
        found.extend(_question(question))
        found.extend(_citation(question, sources))
    return found


def unique_ids(banks: Sequence[BankOutline]) -> Iterator[Diagnostic]:
    """Bank ids and question ids used twice across the banks given."""
    first_bank: dict[str, BankOutline] = {}
    for bank in banks:
        if bank.id in first_bank:
            yield Diagnostic(bank.id_position, "QK310",
                             f"the bank id '{bank.id}' is also used by {first_bank[bank.id].path}. Give each bank its own id.")
        else:
            first_bank[bank.id] = bank
    first_question: dict[str, Position] = {}
    for bank in banks:
        for question in bank.questions:
            seen = first_question.get(question.id)
            if seen is not None:
                yield Diagnostic(question.position, "QK301",
                                 f"the question id '{question.id}' is already used at {seen}. Question ids must be unique across all banks; pick a new one.")
            else:
                first_question[question.id] = question.position


def _bank(bank: Bank, sources: Sources, today: dt.date) -> Iterator[Diagnostic]:
    source = sources.sources.get(bank.source)
    if source is None:
        known = ", ".join(sources.sources) or "none"
        yield Diagnostic(bank.source_position, "QK308",
                         f"the source '{bank.source}' is not in {sources.path} (known: {known}). Add it there or fix `source`.")
        return
    if source.section(bank.section) is None:
        yield Diagnostic(bank.section_position, "QK309",
                         f"the section '{bank.section}' is not a section of '{bank.source}' (known: {', '.join(s.id for s in source.sections)}). Fix `section`.")
    if dt.date.fromisoformat(bank.review.review_by) < today:
        yield Diagnostic(bank.review.position, "QK314",
                         f"the bank was due for clinical review by {bank.review.review_by}. Review it against the source and current practice, then update `review`.")
    cited = Counter(question.cite.section for question in bank.questions)
    own = cited.get(bank.section, 0)
    if bank.questions and own * 2 < len(bank.questions):
        most, count = cited.most_common(1)[0]
        yield Diagnostic(bank.section_position, "QK313",
                         f"only {own} of {len(bank.questions)} questions cite the bank's own section '{bank.section}'; {count} cite '{most}'. Move them to that section's bank or fix `section`.")
    points = {point.id for point in bank.blueprint}
    covered: set[str] = set()
    for question in bank.questions:
        for point in question.covers:
            covered.add(point)
            if point not in points:
                yield Diagnostic(question.covers_position, "QK311",
                                 f"question '{question.id}' covers '{point}', which is not in the bank's blueprint ({', '.join(sorted(points)) or 'empty'}).")
    for teaching_point in bank.blueprint:
        if teaching_point.id not in covered:
            yield Diagnostic(teaching_point.position, "QK312",
                             f"no question covers the teaching point '{teaching_point.id}'. Write one, or list it in a question's `covers`.")


def _question(question: Question) -> Iterator[Diagnostic]:
    option_ids = [option.id for option in question.options]
    seen_ids: set[str] = set()
    for option in question.options:
        if option.id in seen_ids:
            yield Diagnostic(option.position, "QK304", f"the option id '{option.id}' is used twice in question '{question.id}'. Option ids must be unique within a question.")
        seen_ids.add(option.id)
    texts: dict[str, str] = {}
    for option in question.options:
        folded = " ".join(option.text.casefold().split())
        if folded in texts:
            yield Diagnostic(option.position, "QK305", f"option '{option.id}' has the same text as option '{texts[folded]}' in question '{question.id}'. Reword or remove one.")
        texts.setdefault(folded, option.id)
    known = set(option_ids)
    if question.type is QuestionType.MATCHING:
        yield from _matching(question, known)
        return
    for key in sorted(question.key - known):
        yield Diagnostic(question.answer_position, "QK302", f"the key '{key}' of question '{question.id}' is not among its options ({', '.join(option_ids)}).")
    if question.type is QuestionType.SINGLE and len(question.options) < MIN_SINGLE_OPTIONS:
        yield Diagnostic(question.position, "QK303", f"single-best-answer question '{question.id}' has {len(question.options)} options; it needs at least {MIN_SINGLE_OPTIONS}. Add plausible distractors.")
    if question.type is QuestionType.MULTIPLE and question.key >= known and len(known) > 1:
        yield Diagnostic(question.answer_position, "QK317", f"every option of question '{question.id}' is keyed correct, so choosing all scores full marks without thought. Add a distractor.")


def _matching(question: Question, known: set[str]) -> Iterator[Diagnostic]:
    premise_ids = [premise.id for premise in question.premises]
    seen_ids: set[str] = set()
    seen_texts: set[str] = set()
    for premise in question.premises:
        folded = " ".join(premise.text.casefold().split())
        if premise.id in seen_ids:
            yield Diagnostic(premise.position, "QK316", f"the premise id '{premise.id}' is used twice in question '{question.id}'. Give each premise its own id.")
        elif folded in seen_texts:
            yield Diagnostic(premise.position, "QK316", f"premise '{premise.id}' has the same text as another premise of question '{question.id}'. Reword or remove one.")
        seen_ids.add(premise.id)
        seen_texts.add(folded)
    matches = question.match_map
    for premise_id in premise_ids:
        if premise_id not in matches:
            yield Diagnostic(question.answer_position, "QK306", f"the key of matching question '{question.id}' does not pair premise '{premise_id}'. Add `{premise_id}: <option id>` under `answer`.")
    for premise_id, option_id in question.matches:
        if premise_id not in seen_ids:
            yield Diagnostic(question.answer_position, "QK306", f"the key of matching question '{question.id}' pairs '{premise_id}', which is not one of its premises ({', '.join(premise_ids)}).")
        if option_id not in known:
            yield Diagnostic(question.answer_position, "QK302", f"the key of question '{question.id}' pairs '{premise_id}' with '{option_id}', which is not among its options.")
    first_premise: dict[str, str] = {}
    for (premise_id, option_id), position in zip(question.matches, question.match_positions, strict=True):
        earlier = first_premise.setdefault(option_id, premise_id)
        if earlier != premise_id:
            yield Diagnostic(position, "QK307", f"premises '{earlier}' and '{premise_id}' of matching question '{question.id}' are both keyed to option '{option_id}'; each option may answer one premise, so the pairs are unambiguous. Pair '{premise_id}' with another option.")


def _citation(question: Question, sources: Sources) -> Iterator[Diagnostic]:
    source = sources.sources.get(question.cite.source)
    if source is not None and source.section(question.cite.section) is None:
        yield Diagnostic(question.cite.section_position, "QK309",
                         f"question '{question.id}' cites section '{question.cite.section}', which '{source.id}' does not have (known: {', '.join(s.id for s in source.sections)}).")
