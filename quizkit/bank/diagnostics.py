"""Problems found in a bank, and the stable codes that name them.

Every problem quizkit reports, from a YAML syntax error to a misquoted citation, is a
:class:`Diagnostic` pointing at ``file:line:col``. Codes are stable so that educators can search
for them and CI annotations stay comparable across versions: never renumber a code, retire it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    #: A hint worth a look that never fails a run (lint rules whose cue is only statistical).
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    summary: str


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {rule.code: rule for rule in rules}


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741 - read as E/W/I in the tables below

#: Every code quizkit validate can report. QK1xx: reading the file; QK2xx: the schema;
#: QK3xx: meaning across questions, banks and sources; QK4xx: the source text.
RULES: dict[str, Rule] = _rules(
    Rule("QK100", E, "file cannot be read"),
    Rule("QK101", E, "file is not valid UTF-8"),
    Rule("QK102", E, "YAML syntax error"),
    Rule("QK103", E, "duplicate key"),
    Rule("QK104", E, "tab character in indentation"),
    Rule("QK105", E, "file too large"),
    Rule("QK106", E, "alias expansion too large or recursive"),
    Rule("QK107", E, "YAML tag not allowed"),
    Rule("QK108", E, "file is empty or holds more than one document"),
    Rule("QK109", E, "mapping key is not plain text"),
    Rule("QK110", E, "nesting too deep"),
    Rule("QK111", E, "control character in text"),
    Rule("QK112", E, "number too long"),
    Rule("QK201", E, "unknown key"),
    Rule("QK202", E, "missing required key"),
    Rule("QK203", E, "value of the wrong type"),
    Rule("QK204", E, "value not allowed"),
    Rule("QK205", E, "key not used by this question type"),
    Rule("QK206", E, "value does not match its format"),
    Rule("QK207", E, "list or text too short or too long"),
    Rule("QK301", E, "duplicate question id"),
    Rule("QK302", E, "key refers to an option that does not exist"),
    Rule("QK303", E, "too few options"),
    Rule("QK304", E, "duplicate option id"),
    Rule("QK305", E, "duplicate option text"),
    Rule("QK306", E, "matching key incomplete"),
    Rule("QK307", E, "matching key ambiguous"),
    Rule("QK308", E, "unknown source"),
    Rule("QK309", E, "unknown source section"),
    Rule("QK310", E, "duplicate bank id"),
    Rule("QK311", E, "unknown blueprint point"),
    Rule("QK312", W, "blueprint point not covered by any question"),
    Rule("QK313", W, "most questions cite another section than the bank's own"),
    Rule("QK314", W, "review-by date has passed"),
    Rule("QK316", E, "duplicate premise id or text"),
    Rule("QK317", E, "multiple-response key lists every option"),
    Rule("QK318", E, "template text left in the bank"),
    Rule("QK401", E, "quote not found in the cited section"),
    Rule("QK402", W, "source section changed since its fingerprint was recorded"),
    Rule("QK403", E, "source text does not match the sources file"),
)

#: Every code quizkit lint can report: item-writing flaws that show in the text of a valid bank.
#: A separate table because lint runs only on banks that validate, and each rule here can be
#: waived per question in the bank (`lint:`); docs/lint.md explains each one.
LINT_RULES: dict[str, Rule] = _rules(
    Rule("QL100", W, "lint waiver silences nothing"),
    Rule("QL101", W, "stem asks no question"),
    Rule("QL102", W, "negative stem not emphasised"),
    Rule("QL103", E, "'all/none of the above' option"),
    Rule("QL104", W, "key noticeably longer than the distractors"),
    Rule("QL105", W, "article in the stem cues the key (a/an)"),
    Rule("QL106", W, "number in the stem cues the key (singular/plural)"),
    Rule("QL107", W, "key repeats a word of the stem (clang)"),
    Rule("QL108", I, "key converges with the other options"),
    Rule("QL109", W, "absolute term cues a wrong answer"),
    Rule("QL110", W, "vague frequency term"),
    Rule("QL111", E, "near-duplicate options"),
    Rule("QL112", I, "options of mixed kinds or lengths"),
    Rule("QL113", E, "rationale missing or repeated"),
    Rule("QL114", W, "explanation does not mention the key"),
    Rule("QL115", W, "quote does not carry the key"),
    Rule("QL116", I, "near-duplicate question"),
    Rule("QL117", I, "covered teaching point not tested by the key"),
)

_ALL_RULES: dict[str, Rule] = {**RULES, **LINT_RULES}


def rule_for(code: str) -> Rule:
    """The rule behind a code, whichever command reports it."""
    return _ALL_RULES[code]


@dataclass(frozen=True)
class Position:
    """A place in a file; line and column are 1-based, as editors show them."""

    path: Path
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: where, which rule, and a message that says what to do."""

    position: Position
    code: str
    message: str

    # Looked up directly rather than through rule_for: a reporter asks it of every diagnostic,
    # tens of thousands of times when lint reports on a large bank.
    @property
    def rule(self) -> Rule:
        return _ALL_RULES[self.code]

    @property
    def severity(self) -> Severity:
        return _ALL_RULES[self.code].severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.position.path), self.position.line, self.position.column, self.code)


class BankError(Exception):
    """Raised where a caller needs a loaded bank and the input has errors.

    Carries every diagnostic so that the command line can print them all and exit non-zero
    instead of showing a traceback.
    """

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        super().__init__("\n".join(f"{d.position}: {d.code} {d.message}" for d in self.diagnostics))
