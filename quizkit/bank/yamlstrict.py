"""A strict, position-keeping YAML reader for hand-written banks.

PyYAML's ``safe_load`` silently corrupts quizzes in ways an educator cannot see: a key written
twice keeps the last value, an option ``No`` becomes ``False``, ``1:30`` becomes 90, a date becomes a
``datetime.date``. It also forgets where each value came from, so a later error could not point
into the file. This reader builds plain Python values from PyYAML's event stream itself, so it
decides every one of those things:

* only the YAML 1.2 core scalars are typed: ``true``/``false``, integers, decimals and ``null``;
  everything else, dates included, stays a string (the schema checks formats);
* duplicate keys, explicit tags, several documents and non-text keys are errors;
* aliases are allowed but their expansion is budgeted, so a "billion laughs" file fails at once;
* nesting depth is bounded, because PyYAML's own composer recurses (and its C version crashes);
* the line and column of every key and value are kept, addressed by their path in the document,
  counted as editors count them: only ``\n`` ends a line. PyYAML (YAML 1.1) also ends a line
  at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR, which editors show as nothing, so one of them
  would shift every later line number and end a block of text in mid-sentence. As in YAML 1.2,
  LS and PS are read as ordinary characters of the text (each stands in for itself as a
  noncharacter while PyYAML parses); NEL is a control character, refused with the others;
* text holding terminal control characters or bidirectional overrides is refused (QK111), since
  it would reach a trainee's or educator's terminal (docs/security.md).
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import events

from quizkit.bank.diagnostics import BankError, Diagnostic, Position
from quizkit.untrusted import CONTROL, CONTROL_IN_FILE, TooLarge, UnreadableFile, printable, read_limited

# libyaml's parser is several times faster; both raise the same errors. (typeshed's stubs do not
# export CParser, whether or not PyYAML was built with libyaml.)
try:
    from yaml import cyaml

    _Parser: Any = cyaml.CParser  # type: ignore[attr-defined]  # typeshed does not export it
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = yaml.Loader

#: The default limit on a bank file's size: 128 MiB, about 170,000 questions of a few lines each.
#: Reading a file holds it in memory several times over, so the limit guards against reading a
#: stray huge file; ``quizkit validate --max-size`` raises it (docs/format.md).
MAX_BYTES = 128 * 1024 * 1024
MAX_DEPTH = 64

PathKey = tuple[str | int, ...]

_NULL = re.compile(r"~|null|Null|NULL|")
_TRUE = re.compile(r"true|True|TRUE")
_FALSE = re.compile(r"false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")

_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR, _ALIAS, _SEQUENCE = events.ScalarEvent, events.AliasEvent, events.SequenceStartEvent
_SEQUENCE_END, _MAPPING_END = events.SequenceEndEvent, events.MappingEndEvent
#: The first characters a null, boolean or number can start with (an empty scalar is null too).
_TYPED_STARTS = frozenset("~nNtTfF+-.0123456789")
_ALLOWED_TAGS = {
    events.ScalarEvent: {None, "!", _STR_TAG},
    events.SequenceStartEvent: {None, "!", "tag:yaml.org,2002:seq"},
    events.MappingStartEvent: {None, "!", "tag:yaml.org,2002:map"},
}
_SCALAR_TAGS = _ALLOWED_TAGS[events.ScalarEvent]
#: Line ends to PyYAML that editors do not show (NEL is refused with the control characters),
#: and the noncharacters that stand in for them while PyYAML parses.
_HIDDEN_BREAKS = re.compile("[\u2028\u2029]")
_STAND_INS = re.compile("[\ufdd0\ufdd1]")
_TO_STAND_INS = str.maketrans("\u2028\u2029", "\ufdd0\ufdd1")
_FROM_STAND_INS = str.maketrans("\ufdd0\ufdd1", "\u2028\u2029")


@dataclass(frozen=True, slots=True)
class Document:
    """A YAML document as plain values, with the position of every value and key."""

    path: Path
    data: Any
    #: (line, column) of every value and key, 1-based; :meth:`position` makes them positions.
    value_positions: dict[PathKey, tuple[int, int]] = field(repr=False)
    key_positions: dict[PathKey, tuple[int, int]] = field(repr=False)

    def position(self, where: PathKey, *, key: bool = False) -> Position:
        """Where the value (or, with ``key``, the key) at ``where`` is written.

        Values reached through an alias have no place of their own; the nearest enclosing
        value that does is returned, which is where an educator would look.
        """
        if key and where in self.key_positions:
            return Position(self.path, *self.key_positions[where])
        for end in range(len(where), -1, -1):
            found = self.value_positions.get(where[:end])
            if found is not None:
                return Position(self.path, *found)
        return Position(self.path)


def scalar_value(value: str, plain: bool) -> Any:
    """Type a scalar by the YAML 1.2 core schema; quoted or tagged scalars stay text."""
    if not plain:
        return value
    if _NULL.fullmatch(value):
        return None
    if _TRUE.fullmatch(value):
        return True
    if _FALSE.fullmatch(value):
        return False
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def read_document(path: Path, max_bytes: int = MAX_BYTES) -> Document:
    """Read and parse one YAML file strictly; raise :class:`BankError` with every problem found."""
    try:
        raw = read_limited(path, max_bytes)
    except TooLarge:
        raise _fail(Position(path), "QK105", f"the file is larger than {max_bytes:,} bytes, the most a bank may "
                    "be. Split it into several banks, or raise the limit with --max-size.") from None
    except UnreadableFile as error:
        raise _fail(Position(path), "QK100", f"cannot read the file: {error}.") from None
    return parse_document(raw, path, max_bytes)


def parse_document(raw: bytes, path: Path, max_bytes: int = MAX_BYTES) -> Document:
    """Parse YAML bytes strictly (see the module docstring); ``path`` is used in messages."""
    if len(raw) > max_bytes:
        raise _fail(Position(path), "QK105", f"the input is {len(raw):,} bytes; banks may be at most {max_bytes:,} bytes.")
    text = _decode(raw, path)
    return _Builder(text, path).build()


def _fail(position: Position, code: str, message: str) -> BankError:
    return BankError([Diagnostic(position, code, message)])


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        offset = error.start
        before = raw[:offset]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise _fail(
            Position(path, line, column),
            "QK101",
            f"byte 0x{raw[offset]:02x} is not valid UTF-8. Save the file as UTF-8 in your editor.",
        ) from None


class _Builder:
    """Turns PyYAML events into values, keeping positions; one instance per document."""

    def __init__(self, text: str, path: Path) -> None:
        self.text = text
        self.path = path
        self.values: dict[PathKey, tuple[int, int]] = {}
        self.keys: dict[PathKey, tuple[int, int]] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, nodes it expands to)
        self.open_anchors: set[str] = set()
        # Expanding aliases may produce at most about as many nodes as the file has characters:
        # ordinary reuse stays far below that, an alias bomb exceeds it within a few levels.
        self.budget = len(text) + 1000
        self.nodes = 0
        self.get: Any = None  # the parser's get_event, once the document has started
        self.stand_ins = _HIDDEN_BREAKS.search(text) is not None

    @staticmethod
    def at(mark: Any) -> tuple[int, int]:
        """(line, column) of ``mark``, 1-based: as an editor counts them, because every line end
        PyYAML knows that an editor does not was refused before parsing."""
        return (mark.line + 1, mark.column + 1)

    def at_index(self, index: int) -> tuple[int, int]:
        """(line, column) of a character offset, for faults found before or outside PyYAML's marks."""
        starts = [0, *(i + 1 for i, ch in enumerate(self.text) if ch == "\n")]
        line = bisect.bisect_right(starts, index)
        return (line, index - starts[line - 1] + 1)

    def position(self, mark: Any) -> Position:
        return Position(self.path, *self.at(mark))

    def build(self) -> Document:
        parser = _Parser(self.text.translate(_TO_STAND_INS) if self.stand_ins else self.text)
        try:
            data = self._document(parser)
        except yaml.MarkedYAMLError as error:
            raise self._syntax_error(error) from None
        except yaml.reader.ReaderError as error:  # a control character such as NUL
            position = Position(self.path, *self.at_index(error.position))
            raise _fail(position, "QK102", f"the character U+{error.character:04X} is not allowed in YAML. Delete it (it is invisible in most editors).") from None
        finally:
            parser.dispose()
        return Document(self.path, data, self.values, self.keys)

    def _syntax_error(self, error: yaml.MarkedYAMLError) -> BankError:
        mark = error.problem_mark or error.context_mark
        position = self.position(mark) if mark else Position(self.path)
        lines = self.text.splitlines()
        if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            tab = lines[mark.line].index("\t")
            return _fail(Position(self.path, mark.line + 1, tab + 1), "QK104",
                         "a tab is used for indentation; YAML allows spaces only. Replace the tab with spaces.")
        if error.context and "simple key" in error.context and error.context_mark:
            return _fail(self.position(error.context_mark), "QK102",
                         "this key is not followed by ': '. Put a space after the colon, or quote the text if it is not a key.")
        if error.context and "quoted scalar" in error.context and error.context_mark:
            return _fail(self.position(error.context_mark), "QK102",
                         "this quoted text is never closed. Add the closing quote mark.")
        if "nesting depth" in str(error.problem):  # libyaml's own limit, reached before ours in flow style
            return _fail(position, "QK110", "values are nested too deeply. Flatten the structure.")
        if error.problem and "mapping values are not allowed" in error.problem:
            return _fail(position, "QK102", "a colon followed by a space inside text makes YAML read it as a new key. "
                                            "Put the text in quotes, or use the folded style (>).")
        if error.context and "undefined" in str(error.problem):
            return _fail(position, "QK102", f"{error.problem}. Define the anchor (&name) before using it (*name).")
        problem = error.problem or str(error)
        context = f" ({error.context})" if error.context else ""
        return _fail(position, "QK102", f"{problem}{context}. Check the indentation and punctuation on this line and the one before.")

    def _document(self, parser: Any) -> Any:
        found = CONTROL_IN_FILE.search(self.text)
        if found:  # written literally: its own place (escapes in quoted text are caught per value)
            raise self._control(found.group(), self.at_index(found.start()))
        stand_in = _STAND_INS.search(self.text)
        if stand_in:  # a noncharacter has no place in text, and would come back as a line separator
            raise _fail(Position(self.path, *self.at_index(stand_in.start())), "QK111",
                        f"the text holds the noncharacter {printable(stand_in.group())}, which is not text. Delete it.")
        parser.get_event()  # StreamStart
        if parser.check_event(events.StreamEndEvent):
            raise _fail(Position(self.path), "QK108", "the file is empty. Start from `quizkit new`, or `quizkit docs format-tour` for every question type.")
        parser.get_event()  # DocumentStart
        self.get = parser.get_event
        data = self._node(self.get(), (), 0)
        parser.get_event()  # DocumentEnd
        if not parser.check_event(events.StreamEndEvent):
            extra = parser.get_event()
            raise _fail(self.position(extra.start_mark), "QK108",
                        "a second YAML document starts here; a bank is one document. Remove the `---` line or move the rest to its own file.")
        return data

    def _count(self, nodes: int, mark: Any) -> None:
        self.nodes += nodes
        if self.nodes > self.budget:
            raise _fail(self.position(mark), "QK106",
                        "aliases here expand to more content than the whole file holds. Write the values out instead of nesting aliases.")

    # The two methods below run once per value of a bank (a 10,000-question bank has 300,000), so
    # they are written for speed: the event already read is passed in rather than peeked at,
    # positions are kept as (line, column) until asked for, and plain scalars are typed inline.
    def _node(self, event: Any, where: PathKey, depth: int) -> Any:
        kind = event.__class__
        mark = event.start_mark
        if depth > MAX_DEPTH:
            raise _fail(self.position(mark), "QK110", f"values are nested more than {MAX_DEPTH} levels deep. Flatten the structure.")
        if kind is _ALIAS:
            return self._alias(event, where)
        if event.tag not in _ALLOWED_TAGS[kind]:
            raise _fail(self.position(mark), "QK107",
                        f"the tag '{event.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed; banks hold plain text, numbers, lists and mappings. Remove the tag.")
        self.values[where] = (mark.line + 1, mark.column + 1)
        start = self.nodes
        self.nodes += 1
        if self.nodes > self.budget:
            self._count(0, mark)
        anchor = event.anchor
        if anchor:
            self.open_anchors.add(anchor)
        if kind is _SCALAR:
            text = event.value if not self.stand_ins else event.value.translate(_FROM_STAND_INS)
            if event.style == '"' and CONTROL.search(text):  # made by an escape such as "\e"
                raise self._control(CONTROL.search(text).group(), self.at(mark))  # type: ignore[union-attr]
            # Most scalars are text that cannot be a number, boolean or null: skip the patterns.
            value: Any = text if text and text[0] not in _TYPED_STARTS else self._typed(event, text)
        elif kind is _SEQUENCE:
            value = []
            get = self.get
            child = get()
            while child.__class__ is not _SEQUENCE_END:
                value.append(self._node(child, (*where, len(value)), depth + 1))
                child = get()
        else:
            value = self._mapping(where, depth)
        if anchor:
            self.open_anchors.discard(anchor)
            self.anchors[anchor] = (value, self.nodes - start)
        return value

    def _control(self, character: str, at: tuple[int, int]) -> BankError:
        return _fail(Position(self.path, *at), "QK111",
                     f"the text holds the control character {printable(character)}, which would reach the "
                     "reader's terminal. Delete it (most editors do not show it).")

    def _typed(self, event: Any, text: str) -> Any:
        try:
            return scalar_value(text, event.implicit[0])
        except ValueError:  # an integer beyond Python's digit limit
            raise _fail(self.position(event.start_mark), "QK112",
                        f"this number has {len(event.value):,} digits; numbers in a bank have at most "
                        f"{sys.get_int_max_str_digits():,}. Quote it if it is meant as text.") from None

    def _alias(self, event: Any, where: PathKey) -> Any:
        if event.anchor in self.open_anchors:
            raise _fail(self.position(event.start_mark), "QK106",
                        f"the alias *{event.anchor} refers to a value that contains it (a recursive alias). Remove it.")
        if event.anchor not in self.anchors:
            raise _fail(self.position(event.start_mark), "QK102",
                        f"the alias *{event.anchor} refers to no anchor. Define &{event.anchor} before using it.")
        value, nodes = self.anchors[event.anchor]
        self._count(nodes, event.start_mark)
        self.values[where] = self.at(event.start_mark)
        return value

    def _mapping(self, where: PathKey, depth: int) -> dict[str, Any]:
        value: dict[str, Any] = {}
        keys = self.keys
        get = self.get
        key_event = get()
        while key_event.__class__ is not _MAPPING_END:
            if key_event.__class__ is not _SCALAR or key_event.tag not in _SCALAR_TAGS:
                raise _fail(self.position(key_event.start_mark), "QK109",
                            "a key must be plain text (a word such as `answer`), not a list, mapping, alias or tagged value.")
            key = key_event.value if not self.stand_ins else key_event.value.translate(_FROM_STAND_INS)
            mark: Any = key_event.start_mark  # always set on a parsed event
            at = (*where, key)
            if key in value:
                raise _fail(self.position(mark), "QK103",
                            f"the key '{key}' is already given on line {keys[at][0]}; YAML would keep only the last one. Remove one of them.")
            keys[at] = (mark.line + 1, mark.column + 1)
            value[key] = self._node(get(), at, depth + 1)
            key_event = get()
        return value
