"""Reading statements back from an LRS into the columns the cohort analysis reads from files.

The rows made here are those ``quizkit export-results`` would write for the same answers, so
``quizkit stats --lrs`` is the analysis of the exported files (a test checks figure by figure):

* one row per question per attempt (``registration``): the statement with the highest answer
  sequence, as the history's ``final_answer`` keeps the newest answer;
* the attempt is ``finished`` when a ``completed`` statement with its registration exists, else
  ``open`` (an LRS cannot tell open from abandoned; neither counts);
* the profile is the actor's account name (a hash, under pseudonyms).

Statements not made by quizkit (another verb, no quizkit extensions) are skipped and counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from quizkit.educator.resultfiles import NEEDED_COLUMNS, Columns, ResultsError
from quizkit.xapi.client import LrsClient
from quizkit.xapi.statements import (
    ANSWERED,
    COMPLETED,
    EXT_BANK,
    EXT_HASH,
    EXT_MODE,
    EXT_SECTION,
    EXT_SEQUENCE,
    EXT_STARTED,
)


@dataclass(frozen=True, slots=True)
class Query:
    """Which statements to read: activity IRIs starting with ``prefix``, stored in ``[since, until)``."""

    prefix: str
    since: dt.datetime | None = None
    until: dt.datetime | None = None

    def params(self) -> dict[str, str]:
        params: dict[str, str] = {}
        if self.since:
            params["since"] = self.since.astimezone(dt.UTC).isoformat()
        if self.until:
            params["until"] = self.until.astimezone(dt.UTC).isoformat()
        return params


@dataclass(frozen=True, slots=True)
class Readback:
    columns: Columns
    statements: int
    skipped: int


def read_lrs(client: LrsClient, query: Query) -> Readback:
    """The answers in the LRS that ``query`` selects, as :class:`Columns` for ``Collector.add_columns``.

    One pass over the statements in the time window, with the verb and the activity prefix
    applied here: xAPI has no query by IRI prefix, and Ralph 5.1's file backend compares the
    ``verb`` parameter with the stored verb wrongly (an IRI object against a string), so that a
    verb query there finds nothing. An attempt's ``completed`` statement is read in the same pass.
    """
    answers: list[Mapping[str, Any]] = []
    finished: set[str] = set()
    for statement in client.statements(query.params()):
        verb = statement.get("verb", {}).get("id") if isinstance(statement.get("verb"), dict) else None
        if verb == COMPLETED and isinstance(statement.get("context"), dict):
            finished.add(str(statement["context"].get("registration")))
        elif verb == ANSWERED:
            answers.append(statement)
    return rows_from(answers, finished, query.prefix, client.endpoint)


def rows_from(statements: Iterable[Mapping[str, Any]], finished: set[str], prefix: str, origin: str) -> Readback:
    """The final answers among ``answered`` statements whose object IRI starts with ``prefix``;
    ``finished`` holds the registrations (attempts) that have a ``completed`` statement."""
    newest: dict[tuple[str, str], tuple[int, tuple[Any, ...]]] = {}
    read = skipped = 0
    for statement in statements:
        read += 1
        row = _row(statement, finished, prefix)
        if row is None:
            skipped += 1
            continue
        sequence, key, values = row
        held = newest.get(key)
        if held is None or sequence > held[0]:
            newest[key] = (sequence, values)
    # Oldest attempt first, then question: the order an export lists them in.
    ordered = sorted(newest.values(), key=lambda item: (item[1][4], item[1][1], item[1][5]))
    rows = [values for _, values in ordered]
    columns = tuple(map(list, zip(*rows, strict=True))) if rows else tuple([] for _ in NEEDED_COLUMNS)
    return Readback(Columns(columns, lambda i: f"{origin}: answer {i + 1}"), read, skipped)


def _row(statement: Mapping[str, Any], finished: set[str], prefix: str) -> tuple[int, tuple[str, str], tuple[Any, ...]] | None:
    try:
        if statement["verb"]["id"] != ANSWERED or not statement["object"]["id"].startswith(prefix):
            return None
        context = statement["context"]
        extensions = context["extensions"]
        registration = context["registration"]
        question_id = statement["object"]["definition"]["name"]["en"]
        result = statement["result"]
        interaction = statement["object"]["definition"]["interactionType"]
        points = float(result["score"]["raw"])
        sequence = int(extensions[EXT_SEQUENCE])
        profile = statement["actor"]["account"]["name"]
        values = (profile, registration.replace("-", ""), "finished" if registration in finished else "open",
                  extensions[EXT_MODE], extensions[EXT_STARTED], question_id, extensions[EXT_BANK],
                  extensions[EXT_SECTION], extensions[EXT_HASH], *_response(interaction, result.get("response", "")),
                  points)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if not 0 <= points <= 1:
        raise ResultsError(f"statement {statement.get('id')}: score.raw {points!r} is not from 0 to 1")
    return sequence, (registration, question_id), values


def _response(interaction: str, response: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """``result.response`` as (chosen option ids, matching pairs), as an export holds them."""
    if not response:
        return (), ()
    items = response.split("[,]")
    if interaction == "matching":
        pairs = [item.split("[.]") for item in items]
        if any(len(pair) != 2 for pair in pairs):
            raise ValueError(response)
        return (), tuple((premise, option) for premise, option in pairs)
    return tuple(sorted(items)), ()
