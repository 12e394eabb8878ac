"""quizkit's configuration file: typed settings that remember where each value came from.

One TOML file, ``config.toml`` in the platform's user config folder (platformdirs), or the file
``QUIZKIT_CONFIG`` names. Each value is chosen, most specific first, by a command-line flag, an
environment variable, the file, then the default; every :class:`Setting` keeps its
:class:`Origin` and the place it was read from, so ``quizkit config`` can say why a value is what
it is. docs/config.md documents every key.

Why it is built this way:

* The keys are declared once, in :data:`TABLES` (name, type, default, environment variable,
  whether secret, help), and read by one generic reader; a later table (bank folders, theme,
  builder settings) is a new :class:`Key` list and a dataclass, not new parsing code.
* A key the reader does not know is reported with its file and line, not ignored silently nor
  fatal: a typo (``usename``) must be seen, and a file written for a later quizkit must still be
  usable by this one.
* Secrets never sit in the file: the LRS password comes from ``QUIZKIT_LRS_PASSWORD`` or from a
  ``password_file`` readable only by its owner, and is masked wherever settings are shown.
"""

from __future__ import annotations

import enum
import os
import re
import stat
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

CONFIG_VARIABLE = "QUIZKIT_CONFIG"
CONFIG_NAME = "config.toml"
PASSWORD_VARIABLE = "QUIZKIT_LRS_PASSWORD"
#: Largest file read as a configuration: anything bigger is not one.
MAX_BYTES = 1_000_000


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file (and line) and what to do."""


class Origin(enum.Enum):
    DEFAULT = "default"
    FILE = "file"
    ENVIRONMENT = "environment"
    FLAG = "flag"


@dataclass(frozen=True, slots=True)
class Setting:
    """One value and where it came from: ``where`` is ``file:line``, a variable's name, or a flag."""

    value: Any
    origin: Origin
    where: str = ""


@dataclass(frozen=True, slots=True)
class Key:
    """A key of the file: how to read it from TOML or the environment, and how to describe it."""

    name: str
    kind: type
    default: Any
    help: str
    env: str | None = None
    secret: bool = False
    #: Returns an error message for a value of the right type that is still unusable, else None.
    check: Callable[[Any], str | None] | None = None


def _url(value: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an http(s) address such as https://lrs.example.org/xapi/"
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        return ("must use https: the password would travel in clear over http (plain http is accepted only for "
                "an LRS on this machine, 127.0.0.1 or localhost)")
    return None


def _is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


def _iri(value: str) -> str | None:
    parts = urlsplit(value)
    return None if parts.scheme and (parts.netloc or parts.scheme == "urn") else "must be an absolute IRI (https://…)"


def _batch(value: int) -> str | None:
    return None if 1 <= value <= 1000 else "must be from 1 to 1000"


#: Every table and its keys, in the order ``quizkit config`` shows them.
TABLES: Mapping[str, Sequence[Key]] = {
    "lrs": (
        Key("url", str, None, "the LRS's xAPI endpoint (statements go to URL/statements)", env="QUIZKIT_LRS_URL",
            check=_url),
        Key("username", str, None, "HTTP basic-auth user (the LRS's key)", env="QUIZKIT_LRS_USERNAME"),
        Key("password", str, None, f"HTTP basic-auth password: only from ${PASSWORD_VARIABLE} or password_file",
            env=PASSWORD_VARIABLE, secret=True),
        Key("password_file", Path, None, "a file holding the password, readable only by you (chmod 600)"),
        Key("home_page", str, "https://quizkit.invalid", "the homePage of trainees' xAPI accounts: your "
            "institution's address", check=_iri),
        Key("activity_base", str, "https://quizkit.invalid/xapi", "where activity IRIs start: "
            "BASE/banks/BANK/questions/QUESTION", check=_iri),
        Key("pseudonymous", bool, False, "send a hash of the profile name instead of the name"),
        Key("batch_size", int, 100, "statements per request", check=_batch),
    ),
}


@dataclass(frozen=True, slots=True)
class LrsSettings:
    """Where statements go and who the trainee is there (docs/config.md, ``[lrs]``)."""

    url: Setting
    username: Setting
    password: Setting
    password_file: Setting
    home_page: Setting
    activity_base: Setting
    pseudonymous: Setting
    batch_size: Setting

    @property
    def configured(self) -> bool:
        """Whether statements should be queued at all: an LRS address is set."""
        return self.url.value is not None

    def endpoint(self) -> str:
        """The xAPI endpoint, ending in ``/``, so that ``statements`` joins under it."""
        url: str = self.url.value
        return url if url.endswith("/") else url + "/"

    def secret(self) -> str | None:
        """The password: the environment's, else the password file's; :class:`ConfigError` if the file is unsafe."""
        if self.password.value is not None:
            return str(self.password.value)
        path: Path | None = self.password_file.value
        return None if path is None else read_secret(path, self.password_file.where)


@dataclass(frozen=True, slots=True)
class Config:
    #: The file read (or that would be read: ``exists`` says which).
    path: Path
    exists: bool
    lrs: LrsSettings
    #: Keys found that this quizkit does not know: ``file:line: [table] key`` messages.
    unknown: tuple[str, ...] = field(default=())

    def settings(self) -> list[tuple[str, Key, Setting]]:
        """Every setting as ``(table.key, key, setting)``, in the order of :data:`TABLES`."""
        tables = {"lrs": self.lrs}
        return [(f"{table}.{key.name}", key, getattr(tables[table], key.name))
                for table, keys in TABLES.items() for key in keys]


def config_path(environ: Mapping[str, str] = os.environ) -> Path:
    """The configuration file: ``$QUIZKIT_CONFIG``, else config.toml in the user config folder."""
    given = environ.get(CONFIG_VARIABLE, "").strip()
    if given:
        return Path(given).expanduser()
    return Path(platformdirs.user_config_dir("quizkit", appauthor=False)) / CONFIG_NAME


def load_config(path: Path | None = None, *, environ: Mapping[str, str] = os.environ,
                flags: Mapping[str, tuple[Any, str]] | None = None) -> Config:
    """Read the configuration; :class:`ConfigError` if the file is unreadable or a value is wrong.

    ``flags`` maps ``table.key`` to (value, flag name) for values given on the command line;
    ``None`` values in it are ignored (the flag was not given).
    """
    path = config_path(environ) if path is None else path
    document, text = _read(path)
    lines = _key_lines(text)
    flags = flags or {}
    unknown = [f"{path}:{lines.get(name, 1)}: unknown key {name!r}: this quizkit does not use it "
               f"(a typo? see `quizkit docs config`)" for name in _unknown(document)]
    tables: dict[str, dict[str, Setting]] = {}
    for table, keys in TABLES.items():
        raw = document.get(table, {})
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}:{lines.get(table, 1)}: {table} must be a table ([{table}]), not a value.")
        values = tables[table] = {}
        for key in keys:
            dotted = f"{table}.{key.name}"
            place = f"{path}:{lines.get(dotted, 1)}"
            setting = Setting(key.default, Origin.DEFAULT)
            if key.name in raw:
                if key.secret:
                    raise ConfigError(f"{place}: {dotted} cannot be written in the configuration file, which others may "
                                      f"read: set ${key.env} or put it in a file named by {table}.password_file "
                                      "(chmod 600).")
                setting = Setting(_typed(key, raw[key.name], f"{place}: {dotted}", path.parent, text=False),
                                  Origin.FILE, place)
            if key.env and environ.get(key.env, "") != "":
                setting = Setting(_typed(key, environ[key.env], f"${key.env}", Path.cwd()), Origin.ENVIRONMENT, key.env)
            flagged = flags.get(dotted)
            if flagged is not None and flagged[0] is not None:
                setting = Setting(_typed(key, flagged[0], flagged[1], Path.cwd()), Origin.FLAG, flagged[1])
            values[key.name] = setting
    return Config(path, bool(text or path.exists()), LrsSettings(**tables["lrs"]), tuple(unknown))


def read_secret(path: Path, where: str = "") -> str:
    """The first line of a secret file, refused if others may read it or it is not the user's."""
    label = f"{where}: " if where else ""
    try:
        info = path.stat()
    except OSError as error:
        raise ConfigError(f"{label}cannot read the password file {path}: {error.strerror or error}.") from None
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"{label}the password file {path} is not a regular file.")
    if os.name == "posix":
        if info.st_mode & 0o077:
            raise ConfigError(f"{label}the password file {path} may be read by others (mode {info.st_mode & 0o777:o}): "
                              f"run `chmod 600 {path}` and try again.")
        if info.st_uid != os.getuid():
            raise ConfigError(f"{label}the password file {path} belongs to another user: it must be yours.")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{label}cannot read the password file {path}: {error}.") from None
    return text.splitlines()[0] if text else ""


def masked(key: Key, setting: Setting) -> str:
    """A setting as ``quizkit config`` shows it: secrets as asterisks, unset as ``(not set)``."""
    if setting.value is None:
        return "(not set)"
    if key.secret:
        return "********"
    if isinstance(setting.value, bool):
        return "true" if setting.value else "false"
    return str(setting.value)


def _read(path: Path) -> tuple[dict[str, Any], str]:
    """The parsed file and its text; an absent file is an empty configuration."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return {}, ""
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the configuration file: {error.strerror or error}.") from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_BYTES // 1000} kB, so not a quizkit configuration file.")
    try:
        text = data.decode("utf-8")
        return tomllib.loads(text), text
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 text; save the file as UTF-8.") from None
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        place = f"{path}:{where[1]}:{where[2]}" if where else str(path)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise ConfigError(f"{place}: not valid TOML ({message}); see `quizkit docs config` for the format.") from None


def _unknown(document: Mapping[str, Any]) -> list[str]:
    found = []
    for name, value in document.items():
        if name not in TABLES:
            found.append(name)
        elif isinstance(value, dict):
            known = {key.name for key in TABLES[name]}
            found.extend(f"{name}.{key}" for key in value if key not in known)
    return found


_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")
_ASSIGN = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_.-]+))\s*=""")


def _key_lines(text: str) -> dict[str, int]:
    """``table.key`` (and ``table``) → the line that sets it. tomllib gives no positions; this reads
    the plain ``[table]`` / ``key = value`` layout that a configuration file uses, and a key it
    cannot place is reported at line 1."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = header[1]
            lines.setdefault(table, number)
            continue
        assign = _ASSIGN.match(line)
        if assign:
            name = next(group for group in assign.groups() if group)
            lines.setdefault(f"{table}.{name}" if table else name, number)
    return lines


def _typed(key: Key, value: Any, label: str, relative_to: Path, *, text: bool = True) -> Any:
    """``value`` as the key's type, or :class:`ConfigError`. Environment and flag values are text
    (``text``) and converted; the file's are TOML-typed already, and ``"yes"`` there is a mistake."""
    if text and isinstance(value, str) and key.kind not in (str, Path):
        value = _from_text(key, value, label)
    if key.kind is Path:
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{label} must be a path (a string), not {value!r}.")
        path = Path(value).expanduser()
        return path if path.is_absolute() else relative_to / path
    if key.kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"{label} must be a whole number, not {value!r}.")
    if key.kind is bool and not isinstance(value, bool):
        raise ConfigError(f"{label} must be true or false, not {value!r}.")
    if key.kind is str and not isinstance(value, str):
        raise ConfigError(f"{label} must be a string, not {value!r}.")
    problem = key.check(value) if key.check else None
    if problem:
        raise ConfigError(f"{label} {problem}, not {value!r}.")
    return value


def _from_text(key: Key, text: str, label: str) -> Any:
    if key.kind is bool:
        lowered = text.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{label} must be true or false, not {text!r}.")
    if key.kind is int:
        try:
            return int(text)
        except ValueError:
            raise ConfigError(f"{label} must be a whole number, not {text!r}.") from None
    return text
