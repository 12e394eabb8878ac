"""Collecting a cohort's answers for item analysis, from histories and from exported results.

Item analysis needs one response per trainee per question, given under the same conditions by
everyone, so this module decides which answers count (docs/stats.md, "The response matrix"):

* only answers in **finished** attempts: an unfinished quiz says nothing yet about the questions
  the trainee had not reached;
* only answers to the question's **current wording** when the bank is known: a reworded
  question is a new item, and mixing its answers with the old one's would blur both;
* of those, each trainee's **first** answer to each question (earliest attempt start): later
  answers are practice on a question already seen and its feedback, and would inflate p.

A trainee is a profile. Exports from several machines are often all of profile ``default``, so a
profile is kept apart per input file, and inputs that share an attempt (``attempt_uid`` is unique
across machines) are the same trainee exported twice, merged rather than counted twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from quizkit.educator.engine import columns_available
from quizkit.educator.resultfiles import (
    NEEDED_COLUMNS,
    Columns,
    ResultsError,
    read_results,
)
from quizkit.history.queries import export_rows
from quizkit.history.store import APPLICATION_ID, SCHEMA_VERSION, Store, utc_now

if TYPE_CHECKING:  # polars is imported only when the fast extra reads the files
    from quizkit.educator.cohort_columns import ColumnarCohort

_STATUSES = frozenset({"open", "finished", "abandoned"})


class CohortAnswer(NamedTuple):
    """A trainee's first finished answer to one question.

    A NamedTuple rather than a frozen dataclass: a large cohort makes a million of these, and a
    tuple is built several times faster.
    """

    question_id: str
    bank_id: str
    section: str
    attempt_uid: str
    started_at: str
    chosen: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]
    points: float


@dataclass(frozen=True, slots=True)
class Trainee:
    label: str
    #: The files or history databases this trainee's answers came from.
    origins: tuple[str, ...]
    #: One answer per question, in no particular order.
    answers: tuple[CohortAnswer, ...]


@dataclass(frozen=True, slots=True)
class Cohort:
    trainees: tuple[Trainee, ...]
    inputs: tuple[str, ...]
    #: Answers left out because their attempt was not finished (open or abandoned).
    unfinished: int
    #: Answers left out because their attempt was of another mode than asked for.
    other_mode: int
    #: Per question id, answers left out because they were given to an earlier wording.
    earlier_wording: Mapping[str, int]
    #: Trainees read who have no answer that counts (no finished attempt, say).
    without_answers: tuple[str, ...]


@dataclass(slots=True)
class _Profile:
    """One profile as read from one input: its first answers so far, and the attempts seen."""

    origin: str
    name: str
    #: question id → the first answer so far (earliest attempt start, then attempt uid).
    first: dict[str, CohortAnswer] = field(default_factory=dict)
    #: attempt uid → its start time, as first read.
    attempts: dict[str, str] = field(default_factory=dict)


class Collector:
    """Reads inputs one at a time and keeps only the answers that count (see the module doc).

    ``current`` maps question ids to their content hash in the banks loaded; ``modes`` limits the
    attempts to those modes (None: every mode).
    """

    def __init__(self, current: Mapping[str, str], modes: frozenset[str] | None = None) -> None:
        self._current = current
        self._modes = modes
        self._profiles: list[_Profile] = []
        self._inputs: list[str] = []
        self._unfinished = 0
        self._other_mode = 0
        self._earlier: Counter[str] = Counter()
        self._values: dict[Any, Any] = {}  # each distinct value once (see _add)

    def add_file(self, path: Path) -> None:
        """Read one file written by ``quizkit export-results`` (CSV or JSON); :class:`ResultsError` if damaged."""
        self._add(str(path), read_results(path))

    def add_files(self, paths: Sequence[Path]) -> None:
        """Read many results files, on every core when they are many and large.

        Parsing CSV is most of the time a large cohort takes, and each file is read on its own,
        so the files are shared out to worker processes in order; the result is the same as
        reading them one by one. Where processes cannot be started, they are read here.
        """
        workers = _cores()
        if workers < 2 or len(paths) < 2 * workers or sum(map(_size, paths)) < PARALLEL_BYTES:
            for path in paths:
                self.add_file(path)
            return
        step = -(-len(paths) // (4 * workers))  # a few chunks per worker, so that none waits long for the last
        chunks = [paths[i:i + step] for i in range(0, len(paths), step)]
        try:
            with ProcessPoolExecutor(workers) as pool:
                parts = list(pool.map(_read_part, chunks, itertools.repeat(self._current),
                                      itertools.repeat(self._modes)))
        except (OSError, NotImplementedError, BrokenProcessPool):  # no processes here, or one died
            parts = [_read_part(chunk, self._current, self._modes) for chunk in chunks]
        for part in parts:
            self._absorb(part)

    def add_history(self, profile: str, database: Path) -> None:
        """Read one profile's history database, read-only: an educator's look must change nothing.

        (``Store.open`` would move a damaged file aside and start an empty one; here a damaged
        file is reported instead, so the analysis never silently loses a trainee.)
        """
        where = str(database)
        advice = f"Check it with `quizkit history --profile {profile}`, or leave the profile out."
        try:
            connection = sqlite3.connect(database.resolve().as_uri() + "?mode=ro", uri=True)
        except sqlite3.Error as error:
            raise ResultsError(f"{where}: cannot open the history of profile '{profile}': {error}. {advice}") from None
        with contextlib.closing(connection):
            try:
                application_id = connection.execute("PRAGMA application_id").fetchone()[0]
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                if application_id != APPLICATION_ID or not 1 <= version <= SCHEMA_VERSION:
                    reason = (f"it was written by a newer quizkit (schema version {version}); upgrade quizkit"
                              if application_id == APPLICATION_ID and version > SCHEMA_VERSION
                              else "it is not a quizkit history")
                    raise ResultsError(f"{where}: cannot read the history of profile '{profile}': {reason}. {advice}")
                # A Store over the read-only connection, so that the rows are exactly those of export-results.
                rows = export_rows(Store(database, connection, utc_now, None), profile)
            except sqlite3.Error as error:
                raise ResultsError(f"{where}: cannot read the history of profile '{profile}': {error}. {advice}") from None
        by_name: dict[str, list[Any]] = {column: [row[column] for row in rows] for column in NEEDED_COLUMNS}
        by_name["chosen"] = [tuple(chosen) for chosen in by_name["chosen"]]
        by_name["pairs"] = [tuple(map(tuple, pairs)) for pairs in by_name["pairs"]]
        self._add(where, Columns(tuple(by_name[column] for column in NEEDED_COLUMNS), lambda i: f"{where}: answer {i + 1}"))

    def add_columns(self, origin: str, columns: Columns) -> None:
        """Read answers already in columns, from ``origin`` (an LRS's statements: quizkit.xapi.readback)."""
        self._add(origin, columns)

    def cohort(self) -> Cohort:
        """The trainees read so far, each with their first finished answer to every question they met."""
        merged = _merge(self._profiles)
        labels = Counter(label for label, _ in merged)
        trainees = []
        for name, group in merged:
            origins = tuple(dict.fromkeys(profile.origin for profile in group))
            label = name
            if labels[name] > 1:  # two trainees called 'default' on two machines: name them by file too
                label = f"{name} ({', '.join(Path(origin).name for origin in origins)})"
            first = dict(group[0].first)
            for profile in group[1:]:
                for question_id, answer in profile.first.items():
                    held = first.get(question_id)
                    if held is None or (answer.started_at, answer.attempt_uid) < (held.started_at, held.attempt_uid):
                        first[question_id] = answer
            trainees.append(Trainee(label, origins, tuple(first.values())))
        trainees.sort(key=lambda trainee: trainee.label)
        return Cohort(tuple(t for t in trainees if t.answers), tuple(self._inputs), self._unfinished,
                      self._other_mode, dict(self._earlier), tuple(t.label for t in trainees if not t.answers))

    def _absorb(self, part: _Part) -> None:
        inputs, unfinished, other_mode, earlier, profiles = part
        self._inputs.extend(inputs)
        self._unfinished += unfinished
        self._other_mode += other_mode
        self._earlier.update(earlier)
        self._profiles.extend(_Profile(origin, name, {a[0]: CohortAnswer._make(a) for a in answers}, attempts)
                              for origin, name, attempts, answers in profiles)

    def _add(self, origin: str, columns: Columns) -> None:
        """Count the answers of one input, or say why not.

        This loop runs once per answer of a whole cohort, so it is kept flat, and each attempt's
        own fields are checked when the attempt is first met (again if a row disagrees on its start).
        """
        self._inputs.append(origin)
        profiles: dict[str, _Profile] = {}
        current, modes, earlier, same = self._current, self._modes, self._earlier, self._values.setdefault
        entry = _Profile(origin, "")
        for i, (profile, uid, status, mode, started, question_id, bank_id, section, content_hash, chosen, pairs,
                points) in enumerate(zip(*columns.values, strict=True)):
            if profile != entry.name or entry.attempts.get(uid) != started:
                entry = _attempt(profiles, origin, columns, i, profile, uid, status, mode, started)
            if not question_id or not bank_id:
                raise ResultsError(_field(columns.place(i), "bank_id" if question_id else "question_id"))
            if status != "finished":
                if status not in _STATUSES:
                    raise ResultsError(_field(columns.place(i), "attempt_status", "open, finished or abandoned"))
                self._unfinished += 1
                continue
            if modes is not None and mode not in modes:
                self._other_mode += 1
                continue
            now = current.get(question_id)
            if now is not None and content_hash and content_hash != now:
                earlier[question_id] += 1
                continue
            held = entry.first.get(question_id)
            if held is None or (started, uid) < (held.started_at, held.attempt_uid):
                # One object per distinct value: a cohort repeats the same few ids, times and choices
                # a million times, and keeping each copy would cost memory and time to allocate.
                entry.first[question_id] = CohortAnswer(same(question_id, question_id), same(bank_id, bank_id),
                                                  same(section, section), same(uid, uid), same(started, started),
                                                  same(chosen, chosen), same(pairs, pairs), same(points, points))
        self._profiles.extend(profiles.values())


def collect(current: Mapping[str, str], files: Sequence[Path] = (), histories: Sequence[tuple[str, Path]] = (),
            modes: frozenset[str] | None = None, columns: Sequence[tuple[str, Columns]] = ()) -> Cohort | ColumnarCohort:
    """The cohort of ``files`` (results files), ``histories`` ((profile, database) pairs) and
    ``columns`` already read (origin, answers: a Learning Record Store's), as ``quizkit stats``
    and the app's item analysis both read it; :class:`ResultsError` if an input is damaged.
    ``current`` maps question ids to their content hash in the banks loaded.

    With the fast extra, results files alone are read in columns when its reader vouches for
    every one (quizkit.educator.fastread); otherwise, and for histories and an LRS's answers,
    every input is read here, by the careful reader that writes every message."""
    if files and not histories and not columns and columns_available():
        from quizkit.educator.cohort_columns import collect_columns

        fast = collect_columns(current, files, modes)
        if fast is not None:
            return fast
    collector = Collector(current, modes)
    collector.add_files(files)
    for profile, database in histories:
        collector.add_history(profile, database)
    for origin, answers in columns:
        collector.add_columns(origin, answers)
    return collector.cohort()


#: Below this many bytes of files in all, they are read in this process: workers would cost more.
PARALLEL_BYTES = 8_000_000

#: What a worker sends back: inputs, counts left out, and per profile its origin, name,
#: attempts and first answers as plain tuples (pickled several times faster than NamedTuples).
_Part = tuple[list[str], int, int, dict[str, int], list[tuple[str, str, dict[str, str], list[tuple[Any, ...]]]]]


def _read_part(paths: Sequence[Path], current: Mapping[str, str], modes: frozenset[str] | None) -> _Part:
    collector = Collector(current, modes)
    for path in paths:
        collector.add_file(path)
    return (collector._inputs, collector._unfinished, collector._other_mode, dict(collector._earlier),
            [(p.origin, p.name, p.attempts, [tuple(a) for a in p.first.values()]) for p in collector._profiles])


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use, in a container too
    except AttributeError:  # macOS and Windows have no affinity
        return os.cpu_count() or 1


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it will say what is wrong


def _attempt(profiles: dict[str, _Profile], origin: str, columns: Columns, i: int, profile: str, uid: str,
             status: str, mode: str, started: str) -> _Profile:
    """The profile an attempt belongs to, checking the attempt's fields the first time it is met."""
    for name, value in (("profile", profile), ("attempt_uid", uid), ("mode", mode)):
        if not value:
            raise ResultsError(_field(columns.place(i), name))
    if status not in _STATUSES:
        raise ResultsError(_field(columns.place(i), "attempt_status", "open, finished or abandoned"))
    try:
        dt.datetime.fromisoformat(started)
    except ValueError:
        raise ResultsError(_field(columns.place(i), "attempt_started_at", "an ISO 8601 time")) from None
    entry = profiles.get(profile)
    if entry is None:
        entry = profiles[profile] = _Profile(origin, profile)
    entry.attempts[uid] = started
    return entry


def _field(place: str, name: str, expected: str = "given") -> str:
    return f"{place}: {name} must be {expected}. The file looks damaged; export it again with `quizkit export-results`."


def _merge(profiles: Iterable[_Profile]) -> list[tuple[str, list[_Profile]]]:
    """Group profiles read from different inputs that share an attempt: one trainee, exported twice."""
    profiles = list(profiles)
    parent = list(range(len(profiles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, profile in enumerate(profiles):
        for uid in profile.attempts:
            j = owner.setdefault(uid, i)
            if j != i:
                parent[root(i)] = root(j)
    groups: dict[int, list[_Profile]] = {}
    for i, profile in enumerate(profiles):
        groups.setdefault(root(i), []).append(profile)
    return [(" + ".join(sorted({p.name for p in group})), group) for group in groups.values()]
