"""Every citation in the bundled banks checked against the real guide, when it is present.

The guide is not shipped with quizkit; it sits in ../shared on developer machines and in CI,
so this runs there on every change and skips elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from quizkit.bank.pipeline import validate


def test_every_quote_is_in_its_cited_section_and_fingerprints_match(guide_path: Path) -> None:
    report = validate(source_texts={"skin-metastases-guide": guide_path})
    assert [f"{d.position}: {d.code} {d.message}" for d in report.diagnostics] == []
    quoted = [q for bank in report.banks for q in bank.questions if q.cite.quote]
    assert quoted, "the bundled banks should quote their source"
