"""The cohort rules of :mod:`quizkit.educator.cohort` on columns, for results files read by polars.

Same rules, same result (tests/test_stats_fastread.py compares the two on every case): only
finished attempts, only the current wording, each trainee's first answer to each question
(earliest attempt start, then attempt uid, then the earlier input and line), profiles kept
apart per file and merged when two inputs share an attempt. The million answers stay in a
polars frame; only the ten thousand or so profiles become Python objects, to be merged and
named by the very code the pure path uses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from quizkit.educator.cohort import _merge, _Profile
from quizkit.educator.fastread import read_clean


@dataclass(frozen=True, slots=True)
class ColumnarCohort:
    """A :class:`~quizkit.educator.cohort.Cohort` whose answers are one frame instead of objects.

    ``answers`` holds one row per trainee and question that counts: ``examinee`` (the index in
    ``labels``), ``question_id``, ``bank_id``, ``section``, ``chosen`` and ``pairs`` as the
    export writes them (``a;b``, ``p1=o1;p2=o2``) and ``points``, sorted by examinee.
    """

    labels: tuple[str, ...]
    origins: tuple[tuple[str, ...], ...]
    answers: pl.DataFrame
    inputs: tuple[str, ...]
    unfinished: int
    other_mode: int
    earlier_wording: Mapping[str, int]
    without_answers: tuple[str, ...]


def collect_columns(current: Mapping[str, str], files: Sequence[Path],
                    modes: frozenset[str] | None = None) -> ColumnarCohort | None:
    """The cohort of ``files``, or None when the fast reader cannot vouch for every one of them."""
    frame = read_clean(files)
    if frame is None:
        return None
    inputs = tuple(map(str, files))
    # Profiles in the order the careful reader meets them: by file, then by first line.
    found = frame.group_by("origin", "profile", maintain_order=True).agg(pl.col("attempt_uid").unique(maintain_order=True))
    profiles = [_Profile(inputs[origin], name, {}, dict.fromkeys(uids, "")) for origin, name, uids in found.iter_rows()]
    number = {id(profile): n for n, profile in enumerate(profiles)}
    groups = _merge(profiles)
    group_of = [0] * len(profiles)
    for g, (_, members) in enumerate(groups):
        for profile in members:
            group_of[number[id(profile)]] = g
    keys = found.select("origin", "profile").with_columns(
        pl.Series("profile_number", range(len(profiles)), dtype=pl.Int64),
        pl.Series("trainee", group_of, dtype=pl.Int64))

    finished = frame.filter(pl.col("attempt_status") == "finished")
    unfinished = frame.height - finished.height
    other_mode = 0
    if modes is not None:
        kept = finished.filter(pl.col("mode").is_in(sorted(modes)))
        other_mode, finished = finished.height - kept.height, kept
    now = pl.DataFrame({"question_id": list(current), "now": list(current.values())}, schema={"question_id": pl.String, "now": pl.String})
    finished = finished.join(now, on="question_id", how="left", maintain_order="left")
    earlier = (pl.col("now").is_not_null() & (pl.col("content_hash") != "") & (pl.col("content_hash") != pl.col("now")))
    earlier_counts = finished.filter(earlier).group_by("question_id", maintain_order=True).len()
    counted = (finished.filter(~earlier)
               .join(keys, on=["origin", "profile"], how="left", maintain_order="left")
               .sort("attempt_started_at", "attempt_uid", "profile_number", "row", maintain_order=True)
               .unique(["trainee", "question_id"], keep="first", maintain_order=True))

    # Trainees named and ordered as Collector.cohort names and orders them.
    names = Counter(name for name, _ in groups)
    named = []
    for g, (name, members) in enumerate(groups):
        origins = tuple(dict.fromkeys(profile.origin for profile in members))
        label = name if names[name] == 1 else f"{name} ({', '.join(Path(origin).name for origin in origins)})"
        named.append((label, origins, g))
    named.sort(key=lambda trainee: trainee[0])
    answering = set(counted["trainee"].unique().to_list())
    present = [trainee for trainee in named if trainee[2] in answering]
    examinee = pl.DataFrame({"trainee": [g for _, _, g in present], "examinee": range(len(present))},
                            schema={"trainee": pl.Int64, "examinee": pl.Int64})
    answers = (counted.join(examinee, on="trainee", how="inner")
               .select("examinee", "question_id", "bank_id", "section", "chosen", "pairs", "points")
               .sort("examinee", maintain_order=True))
    return ColumnarCohort(tuple(label for label, _, _ in present), tuple(origins for _, origins, _ in present), answers,
                          inputs, unfinished, other_mode, dict(earlier_counts.iter_rows()),
                          tuple(label for label, _, g in named if g not in answering))
