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
  counted as editors count them: only ``\n`` ends a line (PyYAML also counts NEL, LINE
  SEPARATOR and PARAGRAPH SEPARATOR, which would shift every later line number);
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
from quizkit.untrusted import CONTROL, printable

try:  # libyaml's parser is several times faster; both raise the same errors.
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import Loader as _Parser  # type: ignore[assignment]

MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64

PathKey = tuple[str | int, ...]

_NULL = re.compile(r"~|null|Null|NULL|")
_TRUE = re.compile(r"true|True|TRUE")
_FALSE = re.compile(r"false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")

_STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    events.ScalarEvent: {None, "!", _STR_TAG},
    events.SequenceStartEvent: {None, "!", "tag:yaml.org,2002:seq"},
    events.MappingStartEvent: {None, "!", "tag:yaml.org,2002:map"},
}


@dataclass(frozen=True, slots=True)
class Document:
    """A YAML document as plain values, with the position of every value and key."""

    path: Path
    data: Any
    value_positions: dict[PathKey, Position] = field(repr=False)
    key_positions: dict[PathKey, Position] = field(repr=False)

    def position(self, where: PathKey, *, key: bool = False) -> Position:
        """Where the value (or, with ``key``, the key) at ``where`` is written.

        Values reached through an alias have no place of their own; the nearest enclosing
        value that does is returned, which is where an educator would look.
        """
        if key and where in self.key_positions:
            return self.key_positions[where]
        for end in range(len(where), -1, -1):
            found = self.value_positions.get(where[:end])
            if found is not None:
                return found
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


def read_document(path: Path) -> Document:
    """Read and parse one YAML file strictly; raise :class:`BankError` with every problem found."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _fail(Position(path), "QK105", f"the file is {size:,} bytes; banks may be at most {MAX_BYTES:,} bytes. Split it into several banks.")
        raw = path.read_bytes()
    except OSError as error:
        raise _fail(Position(path), "QK100", f"cannot read the file: {error.strerror or error}.") from None
    return parse_document(raw, path)


def parse_document(raw: bytes, path: Path) -> Document:
    """Parse YAML bytes strictly (see the module docstring); ``path`` is used in messages."""
    if len(raw) > MAX_BYTES:
        raise _fail(Position(path), "QK105", f"the input is {len(raw):,} bytes; banks may be at most {MAX_BYTES:,} bytes.")
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
        self.values: dict[PathKey, Position] = {}
        self.keys: dict[PathKey, Position] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, nodes it expands to)
        self.open_anchors: set[str] = set()
        # Expanding aliases may produce at most about as many nodes as the file has characters:
        # ordinary reuse stays far below that, an alias bomb exceeds it within a few levels.
        self.budget = len(text) + 1000
        self.nodes = 0
        self.line_starts = [0, *(index + 1 for index, ch in enumerate(text) if ch == "\n")]

    def position(self, mark: Any) -> Position:
        return self.position_at(mark.index)

    def position_at(self, index: int) -> Position:
        """Line and column of the character at ``index``, counting ``\n`` alone as a line end."""
        line = bisect.bisect_right(self.line_starts, index)
        return Position(self.path, line, index - self.line_starts[line - 1] + 1)

    def build(self) -> Document:
        parser = _Parser(self.text)
        try:
            data = self._document(parser)
        except yaml.MarkedYAMLError as error:
            raise self._syntax_error(error) from None
        except yaml.reader.ReaderError as error:  # a control character such as NUL
            position = self.position_at(error.position)
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
        parser.get_event()  # StreamStart
        if parser.check_event(events.StreamEndEvent):
            raise _fail(Position(self.path), "QK108", "the file is empty. Start from `quizkit new`, or `quizkit docs format-tour` for every question type.")
        parser.get_event()  # DocumentStart
        data = self._node(parser, (), 0)
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

    def _node(self, parser: Any, where: PathKey, depth: int) -> Any:
        event = parser.get_event()
        if depth > MAX_DEPTH:
            raise _fail(self.position(event.start_mark), "QK110", f"values are nested more than {MAX_DEPTH} levels deep. Flatten the structure.")
        if isinstance(event, events.AliasEvent):
            return self._alias(event, where)
        if getattr(event, "tag", None) not in _ALLOWED_TAGS[type(event)]:
            raise _fail(self.position(event.start_mark), "QK107",
                        f"the tag '{event.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed; banks hold plain text, numbers, lists and mappings. Remove the tag.")
        self.values[where] = self.position(event.start_mark)
        start = self.nodes
        anchor = event.anchor
        if anchor:
            self.open_anchors.add(anchor)
        if isinstance(event, events.ScalarEvent):
            self._count(1, event.start_mark)
            value: Any = self._scalar(event)
        elif isinstance(event, events.SequenceStartEvent):
            self._count(1, event.start_mark)
            value = []
            while not parser.check_event(events.SequenceEndEvent):
                value.append(self._node(parser, (*where, len(value)), depth + 1))
            parser.get_event()
        else:
            self._count(1, event.start_mark)
            value = self._mapping(parser, where, depth)
        if anchor:
            self.open_anchors.discard(anchor)
            self.anchors[anchor] = (value, self.nodes - start)
        return value

    def _scalar(self, event: Any) -> Any:
        found = CONTROL.search(event.value)
        if found:
            # Point at the character itself when it is written literally, else at the scalar
            # (a double-quoted escape such as "\e" makes one out of printable text).
            literal = self.text.find(found.group(), event.start_mark.index, event.end_mark.index)
            raise _fail(self.position_at(literal) if literal >= 0 else self.position(event.start_mark), "QK111",
                        f"the text holds the control character {printable(found.group())!s}, which would "
                        "reach the reader's terminal. Delete it (most editors do not show it).")
        try:
            return scalar_value(event.value, event.implicit[0])
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
        self.values[where] = self.position(event.start_mark)
        return value

    def _mapping(self, parser: Any, where: PathKey, depth: int) -> dict[str, Any]:
        value: dict[str, Any] = {}
        while not parser.check_event(events.MappingEndEvent):
            key_event = parser.get_event()
            if not isinstance(key_event, events.ScalarEvent) or key_event.tag not in _ALLOWED_TAGS[events.ScalarEvent]:
                raise _fail(self.position(key_event.start_mark), "QK109",
                            "a key must be plain text (a word such as `answer`), not a list, mapping, alias or tagged value.")
            key = key_event.value
            key_position = self.position(key_event.start_mark)
            if key in value:
                first = self.keys[(*where, key)]
                raise _fail(key_position, "QK103",
                            f"the key '{key}' is already given on line {first.line}; YAML would keep only the last one. Remove one of them.")
            self.keys[(*where, key)] = key_position
            value[key] = self._node(parser, (*where, key), depth + 1)
        parser.get_event()
        return value
