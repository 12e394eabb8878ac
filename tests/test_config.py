"""The configuration file: values with their origins, errors with their line, unknown keys, secrets
kept secret, and writing back that keeps what the educator wrote."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from quizkit.config import ConfigError, Origin, builder_spec, builder_values, config_path, load_config, masked
from quizkit.configwrite import update_table
from quizkit.engine.quiz import Mode, QuizSpec


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_absent_file_is_every_default(tmp_path: Path) -> None:
    config = load_config(tmp_path / "none.toml", environ={})
    assert not config.exists and not config.lrs.configured
    assert all(setting.origin is Origin.DEFAULT for _, _, setting in config.settings())
    assert config.lrs.batch_size.value == 100
    assert config.banks.bundled.value is True and config.app.theme.value == "dark"


def test_file_then_environment_then_flag_each_with_its_origin(tmp_path: Path) -> None:
    path = write(tmp_path, '# LRS\n[lrs]\nurl = "https://lrs.example.org/xapi"\nusername = "ward-7"\nbatch_size = 50\n')
    config = load_config(path, environ={"QUIZKIT_LRS_USERNAME": "override"},
                         flags={"lrs.url": ("https://other.example.org/xapi/", "--lrs-url")})
    lrs = config.lrs
    assert (lrs.batch_size.value, lrs.batch_size.origin, lrs.batch_size.where) == (50, Origin.FILE, f"{path}:5")
    assert (lrs.username.value, lrs.username.origin, lrs.username.where) == ("override", Origin.ENVIRONMENT,
                                                                             "$QUIZKIT_LRS_USERNAME")
    assert (lrs.url.origin, lrs.endpoint()) == (Origin.FLAG, "https://other.example.org/xapi/")


def test_unknown_keys_are_reported_with_their_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[lrs]\nurl = "https://lrs.example.org/"\nusename = "x"\n\n[colours]\nx = 1\n')
    config = load_config(path, environ={})
    assert config.unknown == (f"{path}:3: unknown key 'lrs.usename': this quizkit does not use it (a typo? see "
                              "`quizkit docs config`)",
                              f"{path}:5: unknown key 'colours': this quizkit does not use it (a typo? see "
                              "`quizkit docs config`)")


@pytest.mark.parametrize(("text", "message"), [
    ('[lrs]\nurl = "http://lrs.example.org/"\n', ":2: lrs.url must use https"),
    ('[lrs]\nbatch_size = "many"\n', ":2: lrs.batch_size must be a whole number, not 'many'"),
    ('[lrs]\nbatch_size = 0\n', ":2: lrs.batch_size must be from 1 to 1000, not 0"),
    ('[lrs]\npseudonymous = "yes"\n', ":2: lrs.pseudonymous must be true or false"),
    ('[lrs]\npassword = "hunter2"\n', ":2: lrs.password cannot be written in the configuration file"),
    ('[lrs\nurl = 1\n', ":1:5: not valid TOML"),
    ('lrs = 3\n', ":1: lrs must be a table"),
])
def test_a_wrong_value_is_refused_with_its_place(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    assert f"{path}{message}" in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_plain_http_is_accepted_on_this_machine_only(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[lrs]\nurl = "http://127.0.0.1:8100/xAPI"\n'), environ={})
    assert config.lrs.endpoint() == "http://127.0.0.1:8100/xAPI/"


def test_the_password_file_must_be_private(tmp_path: Path) -> None:
    secret = tmp_path / "lrs-password"
    secret.write_text("s3cret\n", encoding="utf-8")
    config = load_config(write(tmp_path, '[lrs]\nurl = "https://lrs.example.org/"\npassword_file = "lrs-password"\n'),
                         environ={})
    assert config.lrs.password_file.value == secret  # relative to the configuration file
    if os.name == "posix":
        secret.chmod(0o644)
        with pytest.raises(ConfigError, match=r"may be read by others.*chmod 600"):
            config.lrs.secret()
    secret.chmod(0o600)
    assert config.lrs.secret() == "s3cret"
    assert load_config(config.path, environ={"QUIZKIT_LRS_PASSWORD": "from-env"}).lrs.secret() == "from-env"


def test_secrets_are_masked(tmp_path: Path) -> None:
    config = load_config(tmp_path / "none.toml", environ={"QUIZKIT_LRS_PASSWORD": "s3cret"})
    shown = {name: masked(key, setting) for name, key, setting in config.settings()}
    assert shown["lrs.password"] == "********" and shown["lrs.url"] == "(not set)"
    assert "s3cret" not in " ".join(shown.values())


def test_quizkit_config_names_the_file(tmp_path: Path) -> None:
    assert config_path({"QUIZKIT_CONFIG": str(tmp_path / "q.toml")}) == tmp_path / "q.toml"
    assert config_path({}).name == "config.toml"


def test_values_remember_file_environment_and_flag(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[banks]\nfolders = ["mine"]\n\n[app]\ntheme = "light"\nprofile = "ana"\n'
                    '\n[sources]\nmini-guide = "texts/mini.txt"\n', encoding="utf-8")
    config = load_config(path, environ={"QUIZKIT_PROFILE": "ben"}, flags={"app.theme": ("dark", "--theme")})
    assert config.banks.folders.value == [tmp_path / "mine"]               # relative to the file's folder
    assert (config.banks.folders.origin, config.banks.folders.where) == (Origin.FILE, f"{path}:2")
    assert (config.app.profile.value, config.app.profile.origin) == ("ben", Origin.ENVIRONMENT)
    assert (config.app.theme.value, config.app.theme.origin) == ("dark", Origin.FLAG)
    assert config.source_texts() == {"mini-guide": tmp_path / "texts" / "mini.txt"}


@pytest.mark.parametrize(("text", "says"), [
    ('[app]\ntheme = "blue"\n', ":2: app.theme must be 'dark' or 'light', not 'blue'."),
    ("[builder]\ncount = 0\n", ":2: builder.count must be 1 or more, not 0."),
    ('[banks]\nfolders = "a" "b"\n', ":2:15: not valid TOML"),
    ("[banks]\nbundled = 3\n", ":2: banks.bundled must be true or false, not 3."),
])
def test_a_wrong_value_names_its_line(tmp_path, text, says) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=None) as caught:
        load_config(path, environ={})
    assert f"{path}{says}" in str(caught.value)


def test_an_unknown_key_is_reported_not_fatal(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[app]\nthem = 'light'\n", encoding="utf-8")
    assert load_config(path, environ={}).unknown == (f"{path}:2: unknown key 'app.them': this quizkit does not use it "
                                                     "(a typo? see `quizkit docs config`)",)


def test_writing_back_changes_only_its_keys_and_keeps_comments(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# my settings\n[app]\ntheme = 'dark'  # at night\nprofile = \"ana\"\n\n[builder]\n"
                    "tags = [\n  'biopsy',\n]\ncount = 3\n", encoding="utf-8")
    update_table(path, "app", {"theme": "light"})
    update_table(path, "builder", {"tags": ["imaging"], "count": None, "mode": "exam"})
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my settings\n[app]\ntheme = \"light\"\nprofile = \"ana\"\n")
    assert tomllib.loads(text)["builder"] == {"tags": ["imaging"], "mode": "exam"}


def test_writing_creates_the_file_and_its_folder(tmp_path) -> None:
    path = tmp_path / "new" / "config.toml"
    update_table(path, "sources", {"guide-ü": 'C:\\texts\\"guide".txt'})
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"sources": {"guide-ü": 'C:\\texts\\"guide".txt'}}


def test_a_layout_the_editor_does_not_follow_is_rewritten_whole(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('app.theme = "dark"\n', encoding="utf-8")                # a dotted key, not a table
    update_table(path, "app", {"theme": "light"})
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"app": {"theme": "light"}}


def test_builder_settings_round_trip_without_the_seed(tmp_path) -> None:
    from quizkit.bank.model import CognitiveLevel, Difficulty

    spec = QuizSpec(mode=Mode.EXAM, count=5, tags=frozenset({"biopsy"}), difficulties=frozenset({Difficulty.HARD}),
                    levels=frozenset({CognitiveLevel.RECALL}), shuffle=False, seed=9, time_limit_seconds=600)
    path = tmp_path / "config.toml"
    update_table(path, "builder", builder_values(spec))
    assert builder_spec(load_config(path, environ={}).builder) == QuizSpec(
        mode=Mode.EXAM, count=5, tags=frozenset({"biopsy"}), difficulties=frozenset({Difficulty.HARD}),
        levels=frozenset({CognitiveLevel.RECALL}), shuffle=False, time_limit_seconds=600)


def test_a_quote_is_found_across_line_breaks_and_curly_quotes() -> None:
    from quizkit.bank.sourcetext import find_quote

    text = "Before. A \u201cpunch\u201d biopsy\n  removes a small cylinder. After."
    start, end = find_quote(text, 'A "punch" biopsy removes a small cylinder.')
    assert text[start:end] == "A \u201cpunch\u201d biopsy\n  removes a small cylinder."
    assert find_quote(text, "not there") is None


KEY = "a programme secret of 32 chars.."


def test_pseudonyms_without_a_key_are_a_configuration_error_that_says_what_to_do(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[lrs]\nurl = "https://lrs.example.org/"\npseudonymous = true\n'), environ={})
    with pytest.raises(ConfigError) as raised:
        config.lrs.pseudonym_secret()
    message = str(raised.value)
    assert message.startswith(f"{config.path}:3: pseudonyms need the programme's secret key")
    assert "$QUIZKIT_LRS_PSEUDONYM_KEY" in message and "pseudonym_key_file" in message and "\n" not in message
    short = load_config(config.path, environ={"QUIZKIT_LRS_PSEUDONYM_KEY": "too short"})
    with pytest.raises(ConfigError, match="shorter than 16 characters"):
        short.lrs.pseudonym_secret()
    keyed = load_config(config.path, environ={"QUIZKIT_LRS_PSEUDONYM_KEY": KEY})
    assert keyed.lrs.pseudonym_secret() == KEY.encode()
    # No pseudonyms asked for: no key needed, none used even if one is set.
    plain = load_config(write(tmp_path, '[lrs]\nurl = "https://lrs.example.org/"\n'),
                        environ={"QUIZKIT_LRS_PSEUDONYM_KEY": KEY})
    assert plain.lrs.pseudonym_secret() is None


def test_the_pseudonym_key_file_must_be_private_and_the_key_is_never_in_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "pseudonym-key"
    secret.write_text(KEY + "\n", encoding="utf-8")
    config = load_config(write(tmp_path, '[lrs]\nurl = "https://lrs.example.org/"\npseudonymous = true\n'
                                         'pseudonym_key_file = "pseudonym-key"\n'), environ={})
    if os.name == "posix":
        secret.chmod(0o640)
        with pytest.raises(ConfigError, match=r"the pseudonym key file .* may be read by others.*chmod 600"):
            config.lrs.pseudonym_secret()
    secret.chmod(0o600)
    assert config.lrs.pseudonym_secret() == KEY.encode()
    with pytest.raises(ConfigError, match=r":2: lrs.pseudonym_key cannot be written in the configuration file.*"
                                          r"QUIZKIT_LRS_PSEUDONYM_KEY.*lrs.pseudonym_key_file"):
        load_config(write(tmp_path, f'[lrs]\npseudonym_key = "{KEY}"\n'), environ={})


def test_the_pseudonym_key_is_shown_as_set_or_unset_never_itself(tmp_path: Path) -> None:
    for environ, shown in (({}, "(not set)"), ({"QUIZKIT_LRS_PSEUDONYM_KEY": KEY}, "********")):
        config = load_config(tmp_path / "none.toml", environ=environ)
        values = {name: masked(key, setting) for name, key, setting in config.settings()}
        assert values["lrs.pseudonym_key"] == shown and KEY not in " ".join(values.values())
