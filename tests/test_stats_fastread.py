"""The fast extra's columnar path (quizkit.educator.fastread, cohort_columns, analysis_columns)
against the careful one: the same message for every damaged or hostile results file, the same
cohort and report for good ones."""

from __future__ import annotations

import csv
import dataclasses
import os
import random
from pathlib import Path

import pytest
from store_support import MINI_BANK

from quizkit.bank.loader import read_bank
from quizkit.bank.model import Bank, QuestionType
from quizkit.educator.analysis import ItemReport, build_report
from quizkit.educator.cohort import Cohort, collect
from quizkit.educator.engine import ENGINE_VARIABLE
from quizkit.educator.formatting import as_csv, as_text
from quizkit.educator.resultfiles import ResultsError
from quizkit.engine.scoring import Response, score
from quizkit.history.queries import EXPORT_COLUMNS, current_hashes

pytest.importorskip("polars", reason="the columnar path needs quizkit[fast]")
from quizkit.educator.cohort_columns import ColumnarCohort
from quizkit.educator.fastread import read_clean

START = "2026-11-25T09:00:00.000Z"


def row(**changes: str) -> dict[str, str]:
    values = dict.fromkeys(EXPORT_COLUMNS, "")
    values.update({"profile": "ana", "attempt_uid": "a" * 32, "attempt_status": "finished", "mode": "exam",
                   "attempt_started_at": START, "question_id": "q1", "bank_id": "bank", "section": "part-1",
                   "content_hash": "h1", "chosen": "a", "points": "1.0"})
    values.update(changes)
    return values


def write(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = EXPORT_COLUMNS, **options: object) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns, extrasaction="ignore", **{"lineterminator": "\n", **options})  # type: ignore[arg-type]
        writer.writeheader()
        writer.writerows(rows)
    return path


def edited(path: Path, content: bytes | None = None, *, before: bytes = b"", after: bytes = b"") -> Path:
    """``path`` holding ``content`` (by default what it holds), with bytes added before and after."""
    path.write_bytes(before + (path.read_bytes() if content is None else content) + after)
    return path


GOOD = [row(), row(question_id="q2", chosen="a;b", points="0.5"), row(question_id="q3", chosen="", pairs="p1=o1;p2=o2", points="0.0")]


def _cut_short(folder: Path) -> Path:
    path = write(folder / "cut.csv", GOOD)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[2].rsplit(",", 3)[0]]) + "\n", encoding="utf-8")
    return path


def _extra_comma(folder: Path) -> Path:
    path = write(folder / "extra.csv", GOOD)
    path.write_text(path.read_text(encoding="utf-8").replace("part-1", "part,1", 1), encoding="utf-8")
    return path


def _blank_line(folder: Path) -> Path:
    path = write(folder / "blank.csv", [row(), row(points="2")])
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], "", lines[1], "", lines[2]]) + "\n", encoding="utf-8")
    return path


def _fifo(folder: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    path = folder / "pipe.csv"
    os.mkfifo(path)
    return path


#: Every damaged or hostile results file of tests/test_stats_cli.py and tests/test_stats_files.py,
#: and the cases the fast reader must refuse to vouch for: name → a function writing it in a folder.
HOSTILE = {
    **{f"value {name}={value!r}": (lambda folder, name=name, value=value:
                                   write(folder / "bad.csv", [row(), row(**{"question_id": "q2", name: value})]))
       for name, value in [("points", "1,5"), ("points", "nan"), ("points", "2"), ("points", "-0.0"), ("points", "1e0"),
                           ("points", " 1.0"), ("points", ""), ("attempt_status", "done"), ("attempt_status", ""),
                           ("attempt_started_at", "yesterday"), ("attempt_started_at", ""), ("question_id", ""),
                           ("bank_id", ""), ("profile", ""), ("attempt_uid", ""), ("mode", ""),
                           ("pairs", "nodule-look"), ("pairs", "a=;b=c"), ("pairs", "=b"), ("section", "\x1b[31mred"),
                           ("question_id", "q\u202e1"), ("chosen", "a\x00b")]},
    "a later row without a mode": lambda folder: write(folder / "mode.csv", [row(), row(question_id="q2", mode="")]),
    "cut short": _cut_short,
    "a comma added": _extra_comma,
    "blank lines and a bad value": _blank_line,
    "a missing column": lambda folder: write(folder / "missing.csv", GOOD, tuple(c for c in EXPORT_COLUMNS if c != "points")),
    "header only": lambda folder: write(folder / "header.csv", []),
    "empty": lambda folder: edited(folder / "empty.csv", b""),
    "not UTF-8": lambda folder: edited(folder / "latin.csv", b"\xff\xfeprofile,attempt_uid\n"),
    "not UTF-8 in a row": lambda folder: edited(write(folder / "row.csv", GOOD), after=b"ana,\xe9\n"),
    "a byte-order mark": lambda folder: edited(write(folder / "bom.csv", GOOD), before=b"\xef\xbb\xbf"),
    "Windows line ends": lambda folder: write(folder / "crlf.csv", GOOD, lineterminator="\r\n"),
    "every field quoted": lambda folder: write(folder / "quoted.csv", GOOD, quoting=csv.QUOTE_ALL),
    "a quoted line break and a bad value": lambda folder: write(folder / "break.csv", [row(section="two\nlines", points="x")]),
    "unterminated quote": lambda folder: edited(write(folder / "quote.csv", GOOD), after=b'ana,"open\n'),
    "a tab": lambda folder: write(folder / "tab.csv", [row(section="part\t1")]),
    "JSON": lambda folder: edited(folder / "r.json", b'{"format": "quizkit-results", "version": 1, "answers": ['),
    "JSON of another kind": lambda folder: edited(folder / "r.json", b"[1, 2]"),
    "a FIFO": _fifo,
    "a folder named .csv": lambda folder: (folder / "dir.csv").mkdir() or folder / "dir.csv",
    "no last line end": lambda folder: edited(write(folder / "end.csv", GOOD), after=b"ana"),
}


def run(engine: str, monkeypatch: pytest.MonkeyPatch, current: dict[str, str], files: list[Path],
        modes: frozenset[str] | None = None) -> tuple[Cohort | ColumnarCohort | None, str | None]:
    monkeypatch.setenv(ENGINE_VARIABLE, engine)
    try:
        return collect(current, files, modes=modes), None
    except ResultsError as error:
        return None, str(error)


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_damaged_or_unusual_file_reads_as_the_careful_reader_reads_it(case: str, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    good = write(tmp_path / "good.csv", [row(profile="ben", attempt_uid="b" * 32)])
    files = [good, HOSTILE[case](tmp_path)]
    assert read_clean(files) is None  # never vouched for: the careful reader reads it
    pure, pure_message = run("pure", monkeypatch, {}, files)
    fast, fast_message = run("fast", monkeypatch, {}, files)
    assert fast_message == pure_message
    assert isinstance(fast, Cohort) and fast == pure if pure_message is None else fast is None


def mini() -> Bank:
    bank = read_bank(MINI_BANK).bank
    assert bank is not None
    return bank


def respond(bank: Bank, rng: random.Random) -> dict[str, tuple[Response, float]]:
    answers = {}
    for question in bank.questions:
        if question.type is QuestionType.MATCHING:
            response = Response(pairs=tuple((p.id, rng.choice(question.options).id) for p in question.premises))
        else:
            response = Response(frozenset(rng.sample([o.id for o in question.options], rng.choice((1, 1, 2)))))
        answers[question.id] = (response, score(question, response).points)
    return answers


def cohort_files(folder: Path, bank: Bank, trainees: int, seed: int) -> list[Path]:
    """Exports as trainees' machines write them: all 'default', some attempts unfinished or in
    practice, repeated attempts and ties of start times, one trainee exported twice, an older
    file without confidence_stated, a question no bank knows and an earlier wording."""
    rng = random.Random(seed)
    files = []
    for n in range(trainees):
        rows = []
        for attempt in range(rng.choice((1, 1, 2, 3))):
            uid = f"{n:016x}{attempt:016x}"
            stamp = f"2026-11-{25 + rng.choice((0, 0, 1)):02d}T09:{rng.choice((0, 1)):02d}:00.000Z"
            status = rng.choice(("finished", "finished", "finished", "open", "abandoned"))
            mode = rng.choice(("exam", "exam", "practice"))
            asked = [q for q in bank.questions if rng.random() < 0.85]
            for question in asked:
                response, points = respond(bank, rng)[question.id]
                rows.append(row(profile="default", attempt_uid=uid, attempt_status=status, mode=mode,
                                attempt_started_at=stamp, question_id=question.id, bank_id=bank.id,
                                section=question.cite.section,
                                content_hash=rng.choice((question.content_hash,) * 9 + ("0ld",)),
                                chosen=";".join(sorted(response.chosen)),
                                pairs=";".join(f"{p}={o}" for p, o in response.pairs), points=repr(points)))
            if rng.random() < 0.1:
                rows.append(row(profile="default", attempt_uid=uid, attempt_status=status, mode=mode, attempt_started_at=stamp,
                                question_id="unknown-q", bank_id="other-bank", section="part-10", chosen="x;y",
                                points=rng.choice(("1.0", "0.0"))))
        rng.shuffle(rows)
        columns = EXPORT_COLUMNS if n % 7 else tuple(c for c in EXPORT_COLUMNS if c != "confidence_stated")
        files.append(write(folder / f"t{n:04d}.csv", rows, columns))
    with files[1].open(encoding="utf-8") as again:
        files.append(write(folder / "t0001-again.csv", list(csv.DictReader(again))))
    return files


def close(fast: object, pure: object) -> None:
    """Two report parts equal, floats to 1e-9."""
    if dataclasses.is_dataclass(pure):
        assert type(fast) is type(pure)
        for field in dataclasses.fields(pure):
            if field.name != "cohort":
                close(getattr(fast, field.name), getattr(pure, field.name))
    elif isinstance(pure, tuple | list):
        assert isinstance(fast, tuple | list) and len(fast) == len(pure)
        for f, p in zip(fast, pure, strict=True):
            close(f, p)
    elif isinstance(pure, float):
        assert fast == pytest.approx(pure, abs=1e-9)
    else:
        assert fast == pure


@pytest.mark.parametrize(("seed", "by", "modes"), [(1, "bank", None), (2, "all", frozenset({"exam"})),
                                                  (3, "bank", frozenset({"practice"}))])
def test_good_files_give_the_same_report_in_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, by: str,
                                                    modes: frozenset[str] | None) -> None:
    bank = mini()
    files = cohort_files(tmp_path, bank, 150, seed)
    current = current_hashes([bank])
    pure, _ = run("pure", monkeypatch, current, files, modes)
    fast, _ = run("fast", monkeypatch, current, files, modes)
    assert isinstance(pure, Cohort) and isinstance(fast, ColumnarCohort)
    assert (fast.inputs, fast.unfinished, fast.other_mode, fast.without_answers) == (
        pure.inputs, pure.unfinished, pure.other_mode, pure.without_answers)
    assert list(fast.earlier_wording.items()) == list(pure.earlier_wording.items())
    assert fast.labels == tuple(t.label for t in pure.trainees) and fast.origins == tuple(t.origins for t in pure.trainees)
    assert fast.answers.height == sum(len(t.answers) for t in pure.trainees)
    picked = {(e, a.question_id): (a.chosen, a.pairs, a.points) for e, t in enumerate(pure.trainees) for a in t.answers}
    assert {(e, q): (tuple(c.split(";")) if c else (), tuple(tuple(i.split("=", 1)) for i in p.split(";")) if p else (), points)
            for e, q, c, p, points in fast.answers.select("examinee", "question_id", "chosen", "pairs", "points").iter_rows()} == picked
    reports: list[ItemReport] = [build_report(cohort, [bank], by=by) for cohort in (pure, fast)]
    close(reports[1], reports[0])
    assert as_csv(reports[1], "options") == as_csv(reports[0], "options")
    assert as_text(reports[1]) == as_text(reports[0])
