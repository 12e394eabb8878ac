"""The configuration file: values, where each came from, unknown keys, and secrets kept secret."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quizkit.config import ConfigError, Origin, config_path, load_config, masked


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_absent_file_is_every_default(tmp_path: Path) -> None:
    config = load_config(tmp_path / "none.toml", environ={})
    assert not config.exists and not config.lrs.configured
    assert all(setting.origin is Origin.DEFAULT for _, _, setting in config.settings())
    assert config.lrs.batch_size.value == 100


def test_file_then_environment_then_flag_each_with_its_origin(tmp_path: Path) -> None:
    path = write(tmp_path, '# LRS\n[lrs]\nurl = "https://lrs.example.org/xapi"\nusername = "ward-7"\nbatch_size = 50\n')
    config = load_config(path, environ={"QUIZKIT_LRS_USERNAME": "override"},
                         flags={"lrs.url": ("https://other.example.org/xapi/", "--lrs-url")})
    lrs = config.lrs
    assert (lrs.batch_size.value, lrs.batch_size.origin, lrs.batch_size.where) == (50, Origin.FILE, f"{path}:5")
    assert (lrs.username.value, lrs.username.origin, lrs.username.where) == ("override", Origin.ENVIRONMENT,
                                                                             "QUIZKIT_LRS_USERNAME")
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
