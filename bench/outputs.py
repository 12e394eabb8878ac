"""Every diagnostic ``quizkit validate`` and ``quizkit lint`` print, written to a folder to diff.

    python bench/outputs.py FOLDER

Speed work on the reader, the model or the lint rules must not change a single message or
place. Run this before and after a change and compare the folders (``diff -r BEFORE AFTER``):
the bundled banks; every bank under tests/data alone, against the bundled sources and against
the test sources; each folder of tests/data together (QL116 compares across banks); a generated
2,000-question bank (bench/make_bank.py) and a 2,000-question bank with near-duplicates planted in
it (tests/test_lint_fast.py), each in text and JSON. Commands run in this process (one file per
case: what it printed, then its exit code), with HOME and XDG folders pointed at an empty
temporary folder so that no configuration of the machine leaks in.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))
from make_bank import write_bank  # noqa: E402

DATA = ROOT / "tests" / "data"
TEST_SOURCES = DATA / "sources" / "sources.yaml"


def cases(generated: Path) -> dict[str, list[str]]:
    """Each case's name and the arguments after ``quizkit``."""
    named: dict[str, list[str]] = {}
    for folder, sources in ((ROOT / "banks", None), (DATA / "lint", TEST_SOURCES), (DATA / "evidence", TEST_SOURCES),
                            (DATA / "golden", None), (DATA / "valid", None), (generated, None)):
        for fmt in ("text", "json"):
            extra = ["--format", fmt] + (["--sources", str(sources)] if sources else [])
            label = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder.name
            for command in ("validate", "lint"):
                named[f"{command}-{fmt}-{str(label).replace('/', '_')}"] = [command, str(folder), *extra]
    for path in sorted(DATA.rglob("*.yaml")):
        if path.parent.name == "sources":
            continue
        for label, sources in (("bundled", []), ("test", ["--sources", str(TEST_SOURCES)])):
            name = str(path.relative_to(DATA)).replace("/", "_")
            for command in ("validate", "lint"):
                named[f"{command}-{label}-{name}"] = [command, str(path), *sources]
    return named


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="where to write one file per case (created)")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="quizkit-outputs-") as scratch:
        home = Path(scratch) / "home"
        home.mkdir()
        for variable in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(home)
        generated = Path(scratch) / "generated"
        generated.mkdir()
        write_bank(generated / "big.yaml", 2000)
        from test_lint_fast import planted_bank

        planted_bank(generated / "planted.yaml", 2000, seed=2000, bank_id="planted-bank", first=100_000)
        from quizkit.cli.main import main as quizkit

        for name, argv in cases(generated).items():
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = quizkit(argv)
            # Paths of the scratch folder differ from run to run; the repository's do not.
            text = f"{out.getvalue()}\n--- stderr\n{err.getvalue()}\n--- exit {code}\n".replace(scratch, "SCRATCH")
            (args.folder / f"{name}.txt").write_text(text, encoding="utf-8")
    print(f"{len(list(args.folder.iterdir()))} cases written to {args.folder}")


if __name__ == "__main__":
    main()
