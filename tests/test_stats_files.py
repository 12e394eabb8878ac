"""Reading collected results files: every CSV spelling of the same answers reads the same, in one
process or several, and which answers count."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from quizkit.educator import cohort as responses
from quizkit.educator.cohort import Collector
from quizkit.educator.resultfiles import ResultsError, read_results
from quizkit.history.queries import EXPORT_COLUMNS


def row(**changes: str) -> dict[str, str]:
    values = dict.fromkeys(EXPORT_COLUMNS, "")
    values.update({"profile": "ana", "attempt_uid": "a" * 32, "attempt_status": "finished", "mode": "exam",
                   "attempt_started_at": "2026-11-25T09:00:00.000Z", "question_id": "q1", "bank_id": "bank",
                   "section": "part-1", "content_hash": "h1", "chosen": "a", "points": "1.0"})
    values.update(changes)
    return values


def write(path: Path, rows: list[dict[str, str]], *, quoting: int = csv.QUOTE_MINIMAL, newline: str = "\n") -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=EXPORT_COLUMNS, lineterminator=newline, quoting=quoting)
        writer.writeheader()
        writer.writerows(rows)
    return path


ROWS = [row(), row(question_id="q2", chosen="a;b", points="0.5"),
        row(question_id="q3", chosen="", pairs="p1=o1;p2=o2", points="0.0")]


@pytest.mark.parametrize(("quoting", "newline"), [(csv.QUOTE_MINIMAL, "\n"), (csv.QUOTE_ALL, "\n"),
                                              (csv.QUOTE_MINIMAL, "\r\n")])
def test_every_csv_spelling_reads_the_same(tmp_path: Path, quoting: int, newline: str) -> None:
    plain = read_results(write(tmp_path / "plain.csv", ROWS))
    other = read_results(write(tmp_path / "other.csv", ROWS, quoting=quoting, newline=newline))
    assert [list(column) for column in other.values] == [list(column) for column in plain.values]
    assert list(plain.values[9]) == [("a",), ("a", "b"), ()]
    assert list(plain.values[10]) == [(), (), (("p1", "o1"), ("p2", "o2"))]
    assert list(plain.values[11]) == [1.0, 0.5, 0.0]


def test_blank_lines_are_skipped_and_lines_still_counted(tmp_path: Path) -> None:
    path = write(tmp_path / "ana.csv", [row(), row(points="2")])
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], "", lines[1], "", lines[2]]) + "\n", encoding="utf-8")
    with pytest.raises(ResultsError, match=rf"^{path}:5: points must be a number from 0 to 1, not '2'"):
        read_results(path)


def test_a_quoted_field_with_a_line_break_is_located_by_its_last_line(tmp_path: Path) -> None:
    path = write(tmp_path / "ana.csv", [row(section="two\nlines", points="x")])
    with pytest.raises(ResultsError, match=rf"^{path}:3: points"):
        read_results(path)


def collect(paths: list[Path], current: dict[str, str] | None = None) -> responses.Cohort:
    collector = Collector(current or {})
    collector.add_files(paths)
    return collector.cohort()


def test_the_first_finished_answer_counts(tmp_path: Path) -> None:
    later = {"attempt_uid": "b" * 32, "attempt_started_at": "2026-11-26T09:00:00.000Z"}
    path = write(tmp_path / "ana.csv", [
        row(**later, points="1.0"),                                    # second attempt, listed first
        row(points="0.0", chosen="b"),                                 # first attempt: this one counts
        row(attempt_uid="c" * 32, attempt_status="open", question_id="q9"),  # unfinished: left out
        row(attempt_uid="d" * 32, attempt_status="abandoned", question_id="q9"),
    ])
    cohort = collect([path])
    [trainee] = cohort.trainees
    assert [(a.question_id, a.points, a.chosen) for a in trainee.answers] == [("q1", 0.0, ("b",))]
    assert cohort.unfinished == 2


def test_an_answer_to_an_earlier_wording_is_left_out(tmp_path: Path) -> None:
    path = write(tmp_path / "ana.csv", [row(content_hash="old"), row(question_id="q2", content_hash="h2")])
    cohort = collect([path], {"q1": "new", "q2": "h2"})
    assert [a.question_id for a in cohort.trainees[0].answers] == ["q2"]
    assert cohort.earlier_wording == {"q1": 1}


def test_a_profile_with_nothing_finished_is_named_not_analysed(tmp_path: Path) -> None:
    path = write(tmp_path / "ana.csv", [row(attempt_status="open")])
    cohort = collect([path])
    assert cohort.trainees == () and cohort.without_answers == ("ana",)


def test_many_files_read_on_several_cores_read_as_one_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [write(tmp_path / f"t{n:02d}.csv", [
        row(profile="default", attempt_uid=f"{n:032x}", question_id=f"q{q}", chosen="ab"[(n + q) % 2],
            points=str(float((n + q) % 2 == 0))) for q in range(5)]) for n in range(40)]
    # The last file repeats an attempt of the first: one trainee exported twice.
    paths.append(write(tmp_path / "t00-again.csv", [row(profile="default", attempt_uid=f"{0:032x}",
                                                        question_id="q0", chosen="a", points="1.0")]))
    one_by_one = collect(paths)
    monkeypatch.setattr(responses, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(responses, "_cores", lambda: 2)
    assert collect(paths) == one_by_one
    assert len(one_by_one.trainees) == 40 and one_by_one.trainees[0].label == "default (t00.csv, t00-again.csv)"


def test_a_damaged_file_among_many_is_reported_from_a_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [write(tmp_path / f"t{n:02d}.csv", [row(attempt_uid=f"{n:032x}")]) for n in range(9)]
    paths.append(write(tmp_path / "bad.csv", [row(points="lots")]))
    monkeypatch.setattr(responses, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(responses, "_cores", lambda: 2)
    with pytest.raises(ResultsError, match=r"bad.csv:2: points must be a number"):
        collect(paths)


def test_a_file_from_before_the_confidence_stated_column_still_reads(tmp_path: Path) -> None:
    older = tuple(column for column in EXPORT_COLUMNS if column != "confidence_stated")
    path = tmp_path / "old.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=older, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(ROWS)
    newer = read_results(write(tmp_path / "new.csv", [{**r, "confidence_stated": "before_reveal"} for r in ROWS]))
    assert [list(column) for column in read_results(path).values] == [list(column) for column in newer.values]
