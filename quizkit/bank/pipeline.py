"""Validating a set of banks together: the pipeline behind ``quizkit validate`` and the app.

Every file is read and checked even after others fail, so one run reports every problem in
every file. Banks are checked together because question ids must be unique across all of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quizkit.bank.bundled import bundled_banks, bundled_sources
from quizkit.bank.cache import BankCache
from quizkit.bank.checks import check_bank, unique_ids
from quizkit.bank.diagnostics import BankError, Diagnostic, Position
from quizkit.bank.loader import read_bank, read_sources
from quizkit.bank.model import Bank, BankOutline, Sources
from quizkit.bank.quotes import check_source_text
from quizkit.bank.sourcetext import read_source_text
from quizkit.untrusted import CONTROL

BANK_SUFFIXES = (".yaml", ".yml")
SOURCES_FILENAME = "sources.yaml"


@dataclass(slots=True)
class ValidationReport:
    """Everything one validation run found."""

    files: list[Path] = field(default_factory=list)
    banks: list[Bank] = field(default_factory=list)
    sources: Sources | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    @property
    def invalid_files(self) -> set[str]:
        return {str(d.position.path) for d in self.errors}


def bank_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the bank files below them, in a stable order.

    The sources file shares the folder with the banks but is not a bank, so it is skipped, and
    so are symlinks that lead out of the folder. Raises FileNotFoundError for a path that does not exist (a usage error, not a bank error).
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in BANK_SUFFIXES
                                and p.name != SOURCES_FILENAME and p.is_file() and _inside(p, path)))
        elif path.exists():
            files.append(path)
        else:
            raise FileNotFoundError(path)
    # The same file named twice (or through two spellings) is checked once.
    unique: dict[Path, Path] = {}
    for file in files:
        unique.setdefault(file.resolve(), file)
    return list(unique.values())


def _inside(found: Path, folder: Path) -> bool:
    """Whether a file found in a folder scan really lies in the folder: a symlink planted in a
    shared folder must not make `validate` read (and quote) a private file elsewhere."""
    return not found.is_symlink() or found.resolve().is_relative_to(folder.resolve())


def validate(
    paths: Sequence[Path] = (),
    *,
    sources_path: Path | None = None,
    source_texts: Mapping[str, Path] | None = None,
    today: dt.date | None = None,
    cache: BankCache | None = None,
    max_bytes: int | None = None,
    keep_banks: bool = True,
) -> ValidationReport:
    """Validate the banks at ``paths`` (default: the bundled banks) together.

    ``source_texts`` maps a source id to a file holding its text; quotes and fingerprints of
    that source are then checked too. ``cache`` skips re-reading files whose content was
    validated before; every check across banks still runs. ``max_bytes`` overrides the size
    limit on each bank file. ``keep_banks=False`` leaves ``report.banks`` empty, for a caller
    that only reports: the banks are then let go as soon as they are checked.
    """
    report = ValidationReport(files=bank_files(paths or [bundled_banks()]))
    today = today or dt.date.today()
    try:
        report.sources = read_sources(sources_path or bundled_sources(), cache)
    except BankError as error:
        report.diagnostics.extend(error.diagnostics)
    # Each bank is checked on its own as soon as it is read; of a bank not kept, only its outline
    # stays for the checks across banks, so a folder of banks is held one bank at a time.
    outlines: list[BankOutline] = []
    for path in report.files:
        loaded = read_bank(path, cache, max_bytes)
        report.diagnostics.extend(loaded.diagnostics)
        if loaded.bank is None:
            continue
        outlines.append(BankOutline.of(loaded.bank, quotes=bool(source_texts)))
        if report.sources is not None:
            report.diagnostics.extend(check_bank(loaded.bank, report.sources, today))
        if keep_banks:
            report.banks.append(loaded.bank)
        del loaded  # else this bank would still be held while the next file is read
    if report.sources is not None:
        report.diagnostics.extend(unique_ids(outlines))
        for source_id, text_path in (source_texts or {}).items():
            source = report.sources.sources.get(source_id)
            if source is None:
                report.diagnostics.append(Diagnostic(Position(text_path), "QK403", f"'{source_id}' is not a source in {report.sources.path} (known: {', '.join(report.sources.sources)})."))
                continue
            try:
                text = read_source_text(text_path)
            except BankError as error:
                report.diagnostics.extend(error.diagnostics)
                continue
            report.diagnostics.extend(check_source_text(source, text, text_path, outlines))
    report.diagnostics.sort(key=Diagnostic.sort_key)
    return report


def readable_banks(paths: Sequence[Path] = ()) -> list[Bank]:
    """The banks at ``paths`` (default: the bundled banks) that read without errors, each on its
    own: for commands that only compare answers with questions (``quizkit history``,
    ``export-results``), where a broken bank should lose its marks, not stop the command."""
    return [loaded.bank for loaded in map(read_bank, bank_files(paths or [bundled_banks()])) if loaded.bank is not None]


def keyed_banks(paths: Sequence[Path] = ()) -> list[Bank]:
    """The banks at ``paths`` (default: the bundled banks), or :class:`BankError` with every error
    of every file: for commands that need each question's options and keys (``quizkit stats``)
    but not the checks across banks and sources."""
    loaded = [read_bank(path) for path in bank_files(paths or [bundled_banks()])]
    problems = [d for result in loaded for d in result.diagnostics if d.is_error]
    if problems:
        raise BankError(problems)
    return [result.bank for result in loaded if result.bank is not None]


def load_sources(path: Path | None = None) -> Sources:
    """The sources file at ``path`` (default: the bundled one); :class:`BankError` if it has errors."""
    return read_sources(path or bundled_sources())


def load_banks(paths: Sequence[Path] = (), *, sources_path: Path | None = None,
               cache: BankCache | None = None) -> tuple[list[Bank], Sources]:
    """The valid banks at ``paths`` and their sources, or :class:`BankError` with every error.

    Warnings (a review date passed, say) do not stop a quiz; errors do, because a quiz built on
    a bank with a wrong key would teach the wrong thing.
    """
    report = validate(paths, sources_path=sources_path, cache=cache)
    if report.errors or report.sources is None:
        raise BankError(report.errors)
    return report.banks, report.sources


def app_bank_paths(folders: Sequence[Path], *, bundled: bool = True) -> list[Path]:
    """The banks the app offers: the bundled folder (unless left out) and the educator's folders,
    in that order, each once. Empty when there are none, which the caller must refuse: an
    empty list given to :func:`load_banks` would mean the bundled banks."""
    chosen = ([bundled_banks()] if bundled else []) + list(folders)
    return list(dict.fromkeys(chosen))


def bank_origin(bank: Bank, folders: Sequence[Path]) -> str:
    """Where ``bank`` comes from, as the home screen shows it: ``bundled``, or the name of the
    configured folder (else the file's own folder) that it was read from."""
    path = Path(bank.path).resolve()
    if path.is_relative_to(bundled_banks().resolve()):
        return "bundled"
    folder = next((f for f in folders if path.is_relative_to(f.resolve())), path.parent)
    return CONTROL.sub("", folder.name or str(folder))
