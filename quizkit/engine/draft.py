"""The answer being put together on screen, before it is submitted or recorded.

Choosing options and pairing premises are rules, not layout: a single-best-answer question holds
one option, a multiple-response question toggles each, and a matching question pairs each premise
with one option and each option with at most one premise (one-to-one, as the key is). They live
here so that every face builds answers the same way and the rules are tested without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quizkit.bank.model import QuestionType
from quizkit.engine.quiz import QuizItem
from quizkit.engine.scoring import Response


@dataclass(slots=True)
class Draft:
    """A response under construction for one quiz item; :attr:`response` is what it amounts to."""

    item: QuizItem
    chosen: set[str] = field(default_factory=set)
    #: premise id → option id, in the order the pairs were made.
    pairs: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, item: QuizItem, response: Response | None) -> Draft:
        """A draft starting from ``response`` (an answer already given), or empty."""
        if response is None:
            return cls(item)
        return cls(item, set(response.chosen), dict(response.pairs))

    @property
    def response(self) -> Response:
        return Response(frozenset(self.chosen), tuple(self.pairs.items()))

    @property
    def is_empty(self) -> bool:
        return self.response.is_empty

    def choose(self, option_id: str) -> None:
        """Pick an option: toggled in multiple response, the only one otherwise."""
        self._known_option(option_id)
        if self.item.question.type is QuestionType.MATCHING:
            raise ValueError("a matching question pairs options with premises: use pair()")
        if self.item.question.type is QuestionType.MULTIPLE:
            self.chosen ^= {option_id}
        else:
            self.chosen = {option_id}

    def pair(self, premise_id: str, option_id: str) -> None:
        """Pair ``premise_id`` with ``option_id``; the option leaves any premise it was paired with."""
        self._known_option(option_id)
        if premise_id not in self.item.premise_order:
            raise ValueError(f"'{premise_id}' is not a premise of question '{self.item.question.id}'")
        self.pairs = {p: o for p, o in self.pairs.items() if o != option_id}
        self.pairs[premise_id] = option_id

    def clear(self, premise_id: str | None = None) -> None:
        """Clear the whole answer, or (matching) only the pair of ``premise_id``."""
        if premise_id is None:
            self.chosen.clear()
            self.pairs.clear()
        else:
            self.pairs.pop(premise_id, None)

    def paired_with(self, premise_id: str) -> str | None:
        return self.pairs.get(premise_id)

    def _known_option(self, option_id: str) -> None:
        if option_id not in self.item.option_order:
            raise ValueError(f"'{option_id}' is not an option of question '{self.item.question.id}'")
