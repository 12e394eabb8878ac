"""QK318: only the marker `quizkit new` writes counts as template text left in a bank."""

from __future__ import annotations

from pathlib import Path

from quizkit.bank.leftovers import template_leftovers
from quizkit.bank.yamlstrict import parse_document

BANK = b"""id: words
description: A biopsy request template, and the clinic's TEMPLATES folder, are ordinary words.
questions:
  - id: words-q1
    stem: >
      A nurse fills in the template of the clinic.
    options:
      - {id: a, text: "TEMPLATE: the best answer", rationale: Fine.}
"""


def test_only_the_marker_as_a_word_is_a_leftover() -> None:
    [leftover] = template_leftovers(parse_document(BANK, Path("words.yaml")))
    assert (leftover.code, leftover.position.line, leftover.position.column) == ("QK318", 8, 23)
    assert leftover.message.startswith("question 'words-q1' `options[0].text` still holds a text marked TEMPLATE "
                                       "(\"TEMPLATE: the best answer\")")
