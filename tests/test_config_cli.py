"""``quizkit config`` and ``quizkit sources``: what they print and what they record."""

from __future__ import annotations

import json
import tomllib

import pytest
from conftest import MINI_GUIDE

from quizkit.cli.main import main


@pytest.fixture
def config_file(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    monkeypatch.setenv("QUIZKIT_CONFIG", str(path))
    return path


def test_config_shows_path_values_and_origins(config_file, capsys, monkeypatch) -> None:
    config_file.write_text('[app]\ntheme = "light"\n', encoding="utf-8")
    monkeypatch.setenv("QUIZKIT_PROFILE", "ana")
    assert main(["--banks", "extra", "config"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Configuration file: {config_file} (from $QUIZKIT_CONFIG)\n")
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert lines["app.theme"].endswith(f"light  [file: {config_file}:2]")
    assert lines["app.profile"].endswith("ana  [environment: $QUIZKIT_PROFILE]")
    assert "extra]  [flag: --banks]" in lines["banks.folders"]
    assert lines["banks.bundled"].endswith("true  [default]")


def test_config_reports_a_broken_file_with_its_line(config_file, capsys) -> None:
    config_file.write_text("[builder]\nmode = 'quiz'\n", encoding="utf-8")
    assert main(["config"]) == 2
    assert f"{config_file}:2: builder.mode must be 'practice' or 'exam', not 'quiz'." in capsys.readouterr().err


def test_sources_add_list_remove(config_file, capsys) -> None:
    # The mini guide is not a text of the bundled source: every section is missing, said as warnings.
    assert main(["sources", "add", "skin-metastases-guide", str(MINI_GUIDE)]) == 0
    assert "QK403 the text has no section 1" in capsys.readouterr().err
    assert tomllib.loads(config_file.read_text(encoding="utf-8")) == {"sources": {"skin-metastases-guide": str(MINI_GUIDE)}}
    assert main(["sources", "list"]) == 0
    assert f"skin-metastases-guide\t{MINI_GUIDE}\t" in capsys.readouterr().out
    assert main(["sources", "remove", "skin-metastases-guide"]) == 0
    assert tomllib.loads(config_file.read_text(encoding="utf-8")) == {"sources": {}}
    assert main(["sources", "remove", "skin-metastases-guide"]) == 2


def test_sources_add_refuses_an_unknown_source_or_unreadable_file(config_file, capsys, tmp_path) -> None:
    assert main(["sources", "add", "no-such-source", str(MINI_GUIDE)]) == 2
    assert "'no-such-source' is not a source" in capsys.readouterr().err
    assert main(["sources", "add", "skin-metastases-guide", str(tmp_path / "missing.txt")]) == 2
    assert "cannot read the source text: cannot open it" in capsys.readouterr().err
    assert not config_file.exists()


def test_sources_add_with_the_real_guide_records_it_cleanly(config_file, capsys, guide_path) -> None:
    assert main(["sources", "add", "skin-metastases-guide", str(guide_path)]) == 0
    out = capsys.readouterr()
    assert "warning" not in out.err and "Recorded the text" in out.out


def test_history_uses_the_configured_profile(config_file, capsys, tmp_path) -> None:
    config_file.write_text('[app]\nprofile = "ana"\n', encoding="utf-8")
    assert main(["history", "--data-dir", str(tmp_path / "data"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["profile"] == "ana"
    assert main(["history", "--data-dir", str(tmp_path / "data"), "--format", "json", "--profile", "ben"]) == 0
    assert json.loads(capsys.readouterr().out)["profile"] == "ben"                  # the flag wins


@pytest.mark.parametrize("command", [["validate"], ["lint"], ["coverage"], ["export", "--to", "csv"],
                                     ["stats", "{results}"], ["history"]])
def test_commands_without_paths_read_the_configured_bank_folders(config_file, tmp_path, capsys, command) -> None:
    """With no paths, every command reads what the app would load: a bank in a configured folder
    is checked (here it is broken, so each command names it) instead of silently left out."""
    folder = tmp_path / "department"
    folder.mkdir()
    (folder / "broken.yaml").write_text("id: [never closed\n", encoding="utf-8")
    config_file.write_text(f"[banks]\nfolders = [{json.dumps(str(folder))}]\n", encoding="utf-8")
    results = tmp_path / "results.csv"  # stats needs answers before it reads the banks
    results.write_text("profile,attempt_uid,question_id,bank_id,chosen,points,outcome\n", encoding="utf-8")
    status = main([word.format(results=results) for word in command])
    captured = capsys.readouterr()
    if command == ["history"]:  # compares answers with the banks that read; a broken one is left out
        assert status == 0
    else:
        assert status == 1
        assert "department/broken.yaml:" in captured.out + captured.err


def test_commands_without_paths_and_without_banks_say_so(config_file, capsys) -> None:
    config_file.write_text("[banks]\nbundled = false\n", encoding="utf-8")
    assert main(["validate"]) == 2
    assert "no banks: the bundled ones are left out" in capsys.readouterr().err
