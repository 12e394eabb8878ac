"""quizkit's configuration file: typed settings that remember where each value came from.

One TOML file, ``config.toml`` in the platform's user config folder (platformdirs), or the file
``QUIZKIT_CONFIG`` names. Each value is chosen, most specific first, by a command-line flag, an
environment variable, the file, then the default; every :class:`Setting` keeps its
:class:`Origin` and the place it was read from, so ``quizkit config`` can say why a value is what
it is. docs/config.md documents every key.

Why it is built this way:

* The keys are declared once, in :data:`TABLES`, and read by one generic reader; a new table is
  a list of :class:`Key` and a dataclass, not new parsing code. ``[sources]`` is the one open
  table: its keys are source ids, chosen by the educator.
* The file is read with the standard library (``tomllib``) and written back by
  :mod:`quizkit.configwrite`, which changes only the keys the app remembers and keeps the rest of
  the file, comments included.
* A key the reader does not know is reported with its file and line, not ignored silently nor
  fatal: a typo must be seen, and a file written for a later quizkit must still be usable.
* Secrets never sit in the file: the LRS password and the pseudonym key come from the
  environment (``QUIZKIT_LRS_PASSWORD``, ``QUIZKIT_LRS_PSEUDONYM_KEY``) or from a file
  (``password_file``, ``pseudonym_key_file``) readable only by its owner, and are masked
  wherever settings are shown.
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
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import platformdirs

if TYPE_CHECKING:
    from quizkit.engine.quiz import QuizSpec

CONFIG_VARIABLE = "QUIZKIT_CONFIG"
CONFIG_NAME = "config.toml"
SOURCES_TABLE = "sources"
PASSWORD_VARIABLE = "QUIZKIT_LRS_PASSWORD"
PSEUDONYM_KEY_VARIABLE = "QUIZKIT_LRS_PSEUDONYM_KEY"
#: Shortest pseudonym key accepted: a short one could be found by trying keys, as names were.
MIN_KEY_LENGTH = 16
#: Largest file read as a configuration: anything bigger is not one.
MAX_BYTES = 1_000_000
THEMES = ("dark", "light")
MODES = ("practice", "exam")
DIFFICULTIES = ("easy", "medium", "hard")
LEVELS = ("recall", "understanding", "application")


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
    """A key of the file: how to read it from TOML or the environment, and how to describe it.

    ``kind`` is the value's type; for ``list`` keys, ``item`` is the type of each element.
    """

    name: str
    kind: type
    default: Any
    help: str
    env: str | None = None
    item: type = str
    secret: bool = False
    #: Returns an error message for a value of the right type that is still unusable, else None.
    check: Callable[[Any], str | None] | None = None


def _one_of(allowed: Sequence[str]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        values = value if isinstance(value, list) else [value]
        wrong = [v for v in values if v not in allowed]
        return f"must be {' or '.join(repr(a) for a in allowed)}" if wrong else None
    return check


def _positive(value: int) -> str | None:
    return None if value >= 1 else "must be 1 or more"


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
    "banks": (
        Key("folders", list, [], "folders of your own banks; they join the bundled ones (--banks DIR adds one)",
            item=Path),
        Key("bundled", bool, True, "include the bundled banks (--no-bundled leaves them out)"),
    ),
    "app": (
        Key("theme", str, "dark", "colour theme, dark or light (--theme; ctrl+t switches and is remembered)",
            check=_one_of(THEMES)),
        Key("profile", str, "default", "whose history, when neither --profile nor $QUIZKIT_PROFILE says",
            env="QUIZKIT_PROFILE"),
        Key("item_analysis", bool, False, "show item analysis (ctrl+a) in the app: other profiles' names and "
            "scores, for an educator's machine"),
    ),
    "builder": (
        Key("mode", str, "practice", "the last quiz's mode: practice or exam", check=_one_of(MODES)),
        Key("count", int, None, "number of questions (absent: all)", check=_positive),
        Key("tags", list, [], "only questions with one of these tags"),
        Key("difficulties", list, [], "only these difficulties (empty: any)", check=_one_of(DIFFICULTIES)),
        Key("levels", list, [], "only these cognitive levels (empty: any)", check=_one_of(LEVELS)),
        Key("shuffle", bool, True, "shuffle questions and options"),
        Key("time_limit", int, None, "exam time limit in minutes (absent: none)", check=_positive),
        Key("banks", list, [], "the bank ids ticked on the home screen for the last quiz set up there (empty: all)"),
    ),
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
        Key("pseudonymous", bool, False, "send a keyed hash (HMAC) of the profile name instead of the name"),
        Key("pseudonym_key", str, None, f"the programme's secret for pseudonyms: only from ${PSEUDONYM_KEY_VARIABLE} "
            "or pseudonym_key_file", env=PSEUDONYM_KEY_VARIABLE, secret=True),
        Key("pseudonym_key_file", Path, None, "a file holding the pseudonym key, readable only by you (chmod 600)"),
        Key("batch_size", int, 100, "statements per request", check=_batch),
    ),
}


@dataclass(frozen=True, slots=True)
class BankSettings:
    """Where banks come from (docs/config.md, ``[banks]``)."""

    folders: Setting
    bundled: Setting


@dataclass(frozen=True, slots=True)
class AppSettings:
    """How the app looks and whom it is for (``[app]``)."""

    theme: Setting
    profile: Setting
    item_analysis: Setting


@dataclass(frozen=True, slots=True)
class BuilderSettings:
    """The quiz builder's last settings, written back by the app (``[builder]``)."""

    mode: Setting
    count: Setting
    tags: Setting
    difficulties: Setting
    levels: Setting
    shuffle: Setting
    time_limit: Setting
    banks: Setting


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
    pseudonym_key: Setting
    pseudonym_key_file: Setting
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

    def pseudonym_secret(self) -> bytes | None:
        """The key pseudonyms are made with, or None when pseudonyms are not asked for.

        :class:`ConfigError` when they are asked for without a usable key: said before anything
        is queued or sent, since statements sent under the profile name cannot be taken back.
        """
        if not self.pseudonymous.value:
            return None
        if self.pseudonym_key.value is not None:
            key, where = str(self.pseudonym_key.value), f"${PSEUDONYM_KEY_VARIABLE}"
        elif self.pseudonym_key_file.value is not None:
            key = read_secret(self.pseudonym_key_file.value, self.pseudonym_key_file.where, "pseudonym key file")
            where = f"the pseudonym key file {self.pseudonym_key_file.value}"
        else:
            raise ConfigError(f"{self.pseudonymous.where or 'lrs.pseudonymous'}: pseudonyms need the programme's "
                              f"secret key: set ${PSEUDONYM_KEY_VARIABLE}, or [lrs] pseudonym_key_file to a file "
                              "readable only by you (chmod 600), the same key on every machine of the programme.")
        if len(key) < MIN_KEY_LENGTH:
            raise ConfigError(f"{where}: the pseudonym key is shorter than {MIN_KEY_LENGTH} characters, short enough "
                              "to be found by trying keys: use a long random one (e.g. `openssl rand -hex 32`).")
        return key.encode()


@dataclass(frozen=True, slots=True)
class Config:
    #: The file read (or that would be read: ``exists`` says which).
    path: Path
    exists: bool
    banks: BankSettings
    app: AppSettings
    builder: BuilderSettings
    lrs: LrsSettings
    #: Source id → the file holding that source's text (``[sources]``, or --source-text).
    sources: Mapping[str, Setting] = field(default_factory=dict)
    #: Keys found that this quizkit does not know: ``file:line: unknown key`` messages.
    unknown: tuple[str, ...] = ()

    def settings(self) -> list[tuple[str, Key, Setting]]:
        """Every setting as ``(table.key, key, setting)``, in the order of :data:`TABLES`."""
        tables = {"banks": self.banks, "app": self.app, "builder": self.builder, "lrs": self.lrs}
        return [(f"{table}.{key.name}", key, getattr(tables[table], key.name))
                for table, keys in TABLES.items() for key in keys]

    def source_texts(self) -> dict[str, Path]:
        return {source_id: setting.value for source_id, setting in self.sources.items()}


def config_path(environ: Mapping[str, str] = os.environ) -> Path:
    """The configuration file: ``$QUIZKIT_CONFIG``, else config.toml in the user config folder."""
    given = environ.get(CONFIG_VARIABLE, "").strip()
    if given:
        return Path(given).expanduser()
    return Path(platformdirs.user_config_dir("quizkit", appauthor=False)) / CONFIG_NAME


def load_config(path: Path | None = None, *, environ: Mapping[str, str] = os.environ,
                flags: Mapping[str, tuple[Any, str]] | None = None,
                source_flags: Mapping[str, Path] | None = None) -> Config:
    """Read the configuration; :class:`ConfigError` if the file is unreadable or a value is wrong.

    ``flags`` maps ``table.key`` to (value, flag name) for values given on the command line;
    ``None`` values in it are ignored (the flag was not given). ``source_flags`` are
    ``--source-text`` values, which win over the file's ``[sources]`` for their ids.
    """
    path = config_path(environ) if path is None else path
    document, text = read_document(path)
    lines = key_lines(text)
    flags = flags or {}
    unknown = [f"{path}:{lines.get(name, 1)}: unknown key {name!r}: this quizkit does not use it "
               f"(a typo? see `quizkit docs config`)" for name in _unknown(document)]
    tables: dict[str, dict[str, Setting]] = {}
    for table, keys in TABLES.items():
        raw = _table(document, table, path, lines)
        values = tables[table] = {}
        for key in keys:
            dotted = f"{table}.{key.name}"
            place = f"{path}:{lines.get(dotted, 1)}"
            setting = Setting(key.default, Origin.DEFAULT)
            if key.name in raw:
                if key.secret:
                    raise ConfigError(f"{place}: {dotted} cannot be written in the configuration file, which others may "
                                      f"read: set ${key.env} or put it in a file named by {table}.{key.name}_file "
                                      "(chmod 600).")
                setting = Setting(_typed(key, raw[key.name], f"{place}: {dotted}", path.parent, text=False),
                                  Origin.FILE, place)
            from_env = environ.get(key.env, "") if key.env else ""
            if from_env.strip():
                # A password is taken as it is; other values lose stray spaces.
                value = from_env if key.secret else from_env.strip()
                setting = Setting(_typed(key, value, f"${key.env}", Path.cwd()), Origin.ENVIRONMENT, f"${key.env}")
            flagged = flags.get(dotted)
            if flagged is not None and flagged[0] is not None:
                setting = Setting(_typed(key, flagged[0], flagged[1], Path.cwd()), Origin.FLAG, flagged[1])
            values[key.name] = setting
    sources: dict[str, Setting] = {}
    for source_id, value in _table(document, SOURCES_TABLE, path, lines).items():
        place = f"{path}:{lines.get(f'{SOURCES_TABLE}.{source_id}', 1)}"
        source_key = Key(source_id, Path, None, "")
        sources[source_id] = Setting(_typed(source_key, value, f"{place}: {SOURCES_TABLE}.{source_id}", path.parent),
                                     Origin.FILE, place)
    for source_id, given in (source_flags or {}).items():
        sources[source_id] = Setting(given, Origin.FLAG, "--source-text")
    return Config(path, bool(text) or path.exists(), BankSettings(**tables["banks"]), AppSettings(**tables["app"]),
                  BuilderSettings(**tables["builder"]), LrsSettings(**tables["lrs"]), sources, tuple(unknown))


def masked(key: Key | None, setting: Setting) -> str:
    """A value as ``quizkit config`` shows it, in TOML's spelling: secrets as asterisks, unset as
    ``(not set)``. ``key`` is None for a ``[sources]`` entry, which is never secret."""
    value = setting.value
    if value is None:
        return "(not set)"
    if key is not None and key.secret:
        return "********"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def read_secret(path: Path, where: str = "", what: str = "password file") -> str:
    """The first line of a secret file, refused if others may read it or it is not the user's."""
    label = f"{where}: " if where else ""
    try:
        info = path.stat()
    except OSError as error:
        raise ConfigError(f"{label}cannot read the {what} {path}: {error.strerror or error}.") from None
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"{label}the {what} {path} is not a regular file.")
    if os.name == "posix":
        if info.st_mode & 0o077:
            raise ConfigError(f"{label}the {what} {path} may be read by others (mode {info.st_mode & 0o777:o}): "
                              f"run `chmod 600 {path}` and try again.")
        if info.st_uid != os.getuid():
            raise ConfigError(f"{label}the {what} {path} belongs to another user: it must be yours.")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{label}cannot read the {what} {path}: {error}.") from None
    return text.splitlines()[0] if text else ""


def read_document(path: Path) -> tuple[dict[str, Any], str]:
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


def _table(document: Mapping[str, Any], table: str, path: Path, lines: Mapping[str, int]) -> dict[str, Any]:
    raw = document.get(table, {})
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}:{lines.get(table, 1)}: {table} must be a table ([{table}]), not a value.")
    return raw


def _unknown(document: Mapping[str, Any]) -> list[str]:
    found = []
    for name, value in document.items():
        if name == SOURCES_TABLE:
            continue
        if name not in TABLES:
            found.append(name)
        elif isinstance(value, dict):
            known = {key.name for key in TABLES[name]}
            found.extend(f"{name}.{key}" for key in value if key not in known)
    return found


_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")
_ASSIGN = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_.-]+))\s*=""")


def key_lines(text: str) -> dict[str, int]:
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
    (``text``) and converted; the file's are TOML-typed already, and ``"yes"`` there is a mistake.
    Relative paths are taken from the folder of the file that gave them."""
    if key.kind is list:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise ConfigError(f"{label} must be a list, such as [\"one\", \"two\"], not {value!r}.")
        item = Key(key.name, key.item, None, "")
        value = [_typed(item, element, label, relative_to, text=text) for element in value]
    elif text and isinstance(value, str) and key.kind in (bool, int):
        value = _from_text(key, value, label)
    if key.kind is Path:
        if not isinstance(value, str | Path) or not str(value):
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
    try:
        return int(text)
    except ValueError:
        raise ConfigError(f"{label} must be a whole number, not {text!r}.") from None


def builder_spec(builder: BuilderSettings) -> QuizSpec:
    """The quiz builder's remembered settings as a spec (never a seed: that would repeat the last quiz)."""
    from quizkit.bank.model import CognitiveLevel, Difficulty
    from quizkit.engine.quiz import Mode, QuizSpec

    minutes = builder.time_limit.value
    return QuizSpec(mode=Mode(builder.mode.value), count=builder.count.value, tags=frozenset(builder.tags.value),
                    difficulties=frozenset(Difficulty(d) for d in builder.difficulties.value),
                    levels=frozenset(CognitiveLevel(level) for level in builder.levels.value),
                    shuffle=builder.shuffle.value, time_limit_seconds=minutes * 60 if minutes is not None else None)


def builder_values(spec: QuizSpec) -> dict[str, Any]:
    """The ``[builder]`` keys that remember ``spec`` (``None``: the key is removed, meaning "any")."""
    seconds = spec.time_limit_seconds
    return {"mode": spec.mode.value, "count": spec.count, "tags": sorted(spec.tags),
            "difficulties": sorted(d.value for d in spec.difficulties),
            "levels": sorted(level.value for level in spec.levels), "shuffle": spec.shuffle,
            "time_limit": seconds // 60 if seconds is not None else None}
