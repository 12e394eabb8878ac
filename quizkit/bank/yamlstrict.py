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
  noncharacter while PyYAML parses); NEL is a control character, refused with the others.
  Positions are kept compactly, in one array of numbers, since a large bank has half a million;
* text holding terminal control characters or bidirectional overrides is refused (QK111), since
  it would reach a trainee's or educator's terminal (docs/security.md).
"""

from __future__ import annotations

import bisect
import re
import sys
from array import array
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


#: Numbers in the record of a mapping's entry (key line, key column, value line, value column,
#: extent) and of a list's item (value line, value column, extent); see :class:`Document`.
_KEY_RECORD, _ITEM_RECORD = 5, 3
#: Lists longer than this keep where each item's record starts, so that finding an item does
#: not step over every item before it (a bank's questions).
_INDEXED_LIST = 16


@dataclass(frozen=True, slots=True)
class Document:
    """A YAML document as plain values, with the position of every value and key.

    ``data`` is read, never changed (but by :meth:`release`): positions are found by walking it
    alongside ``places``, which holds every entry's place in one array of numbers, in the order
    written. A mapping's or list's entries follow the record of the entry that holds it (the
    document's own entries come first), one record each: key line, key column, value line, value
    column and extent for a mapping's entry; value line, value column and extent for a list's
    item. The extent counts the numbers of the records inside that value, so that a walk steps
    over it. A value written as an alias has its line negated: it has a place, the values inside
    it have none of their own. Half a million (line, column) pairs addressed by their paths took
    100 MB at 10,000 questions; this takes a twentieth of it.
    """

    path: Path
    data: Any
    #: (line, column) of the document's value, 1-based.
    root: tuple[int, int] = field(repr=False)
    places: array[int] = field(repr=False)
    #: Where each item's record starts in ``places``, for the lists longer than _INDEXED_LIST, by ``id()``.
    long_lists: dict[int, array[int]] = field(repr=False)

    def position(self, where: PathKey, *, key: bool = False) -> Position:
        """Where the value (or, with ``key``, the key) at ``where`` is written.

        Values reached through an alias have no place of their own; the nearest enclosing
        value that does is returned, which is where an educator would look. So is a path that
        leads nowhere, for the value that is missing.
        """
        places = self.places
        line, column = self.root
        node, start = self.data, 0
        last = len(where) - 1
        for depth, step in enumerate(where):
            record = self._record(node, start, step)
            if record < 0:
                break
            if isinstance(node, dict):
                if key and depth == last:
                    return Position(self.path, places[record], places[record + 1])
                record += 2
            line, column = places[record], places[record + 1]
            if line < 0:
                line = -line
                break
            node, start = node[step], record + 3
        return Position(self.path, line, column)

    def keys_at(self, where: PathKey = ()) -> dict[str, Position]:
        """Each key of the mapping at ``where`` and where it is written; empty where there is none."""
        node, start = self.data, 0
        for step in where:
            record = self._record(node, start, step)
            if record < 0:
                return {}
            if isinstance(node, dict):
                record += 2
            if self.places[record] < 0:
                return {}
            node, start = node[step], record + 3
        if not isinstance(node, dict):
            return {}
        found = {}
        for name in node:
            found[name] = Position(self.path, self.places[start], self.places[start + 1])
            start += _KEY_RECORD + self.places[start + _KEY_RECORD - 1]
        return found

    def release(self, where: PathKey) -> None:
        """Let go of the value at ``where`` (a list item or mapping value) once a reader has taken
        from it all it needs: turning a large bank into typed questions one by one, each
        question's mappings and lists are freed as the next is made, so the bank is never held
        twice. The value becomes None; positions inside it are its holder's after."""
        if not where:
            return
        holder = self.data
        for step in where[:-1]:
            holder = holder[step]
        self.long_lists.pop(id(holder[where[-1]]), None)
        holder[where[-1]] = None

    def _record(self, node: Any, start: int, step: str | int) -> int:
        """Where the record of ``step``'s entry in ``node`` starts (``node``'s entries start at
        ``start``); -1 if ``node`` has no such entry."""
        places = self.places
        if isinstance(node, dict):
            if step in node:
                for name in node:  # a mapping's keys are in the order written
                    if name == step:
                        return start
                    start += _KEY_RECORD + places[start + _KEY_RECORD - 1]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            index = self.long_lists.get(id(node))
            if index is not None:
                return index[step]
            for _ in range(step):
                start += _ITEM_RECORD + places[start + _ITEM_RECORD - 1]
            return start
        return -1


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
    text = _decode(raw, path)
    del raw  # a large bank's bytes need not stay while it is parsed
    return _Builder(text, path).build()


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
        self.root = (1, 1)
        # Four bytes a number while no line, column or extent can exceed them (see Document).
        self.typecode = "i" if _KEY_RECORD * (len(text) + 2) < 2**31 else "q"
        self.places: array[int] = array(self.typecode)
        self.long_lists: dict[int, array[int]] = {}
        # Each key text once: a bank repeats a dozen key names half a million times.
        self.names: dict[str, str] = {}
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
        return Document(self.path, data, self.root, self.places, self.long_lists)

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
        first = self.get()
        self.root = self.at(first.start_mark)
        data = self._node(first, 0)
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

    # The methods below run once per value of a bank (a 10,000-question bank has 300,000), so
    # they are written for speed: the event already read is passed in rather than peeked at, each
    # entry's place is appended to one array of numbers, and plain scalars are typed inline.
    def _node(self, event: Any, depth: int) -> Any:
        kind = event.__class__
        mark = event.start_mark
        if depth > MAX_DEPTH:
            raise _fail(self.position(mark), "QK110", f"values are nested more than {MAX_DEPTH} levels deep. Flatten the structure.")
        if kind is _ALIAS:
            return self._alias(event)
        if event.tag not in _ALLOWED_TAGS[kind]:
            raise _fail(self.position(mark), "QK107",
                        f"the tag '{event.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed; banks hold plain text, numbers, lists and mappings. Remove the tag.")
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
            value = self._sequence(depth)
        else:
            value = self._mapping(depth)
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

    def _alias(self, event: Any) -> Any:
        if event.anchor in self.open_anchors:
            raise _fail(self.position(event.start_mark), "QK106",
                        f"the alias *{event.anchor} refers to a value that contains it (a recursive alias). Remove it.")
        if event.anchor not in self.anchors:
            raise _fail(self.position(event.start_mark), "QK102",
                        f"the alias *{event.anchor} refers to no anchor. Define &{event.anchor} before using it.")
        value, nodes = self.anchors[event.anchor]
        self._count(nodes, event.start_mark)
        return value

    def _place(self, event: Any) -> None:
        """Note where ``event``'s value is written; an alias's line negated (see Document)."""
        mark = event.start_mark
        line, column = mark.line + 1, mark.column + 1
        self.places.append(-line if event.__class__ is _ALIAS else line)
        self.places.append(column)

    def _sequence(self, depth: int) -> list[Any]:
        value: list[Any] = []
        places = self.places
        starts: array[int] = array(self.typecode)
        get = self.get
        child = get()
        while child.__class__ is not _SEQUENCE_END:
            starts.append(len(places))
            self._place(child)
            places.append(0)
            extent = len(places)
            value.append(self._node(child, depth + 1))
            places[extent - 1] = len(places) - extent
            child = get()
        if len(value) > _INDEXED_LIST:
            self.long_lists[id(value)] = starts
        return value

    def _mapping(self, depth: int) -> dict[str, Any]:
        value: dict[str, Any] = {}
        places = self.places
        start = len(places)
        names = self.names
        get = self.get
        key_event = get()
        while key_event.__class__ is not _MAPPING_END:
            if key_event.__class__ is not _SCALAR or key_event.tag not in _SCALAR_TAGS:
                raise _fail(self.position(key_event.start_mark), "QK109",
                            "a key must be plain text (a word such as `answer`), not a list, mapping, alias or tagged value.")
            written = key_event.value if not self.stand_ins else key_event.value.translate(_FROM_STAND_INS)
            key = names.setdefault(written, written)
            if key in value:
                earlier = start
                for name in value:
                    if name == key:
                        break
                    earlier += _KEY_RECORD + places[earlier + _KEY_RECORD - 1]
                raise _fail(self.position(key_event.start_mark), "QK103",
                            f"the key '{key}' is already given on line {places[earlier]}; YAML would keep only the last one. Remove one of them.")
            self._place(key_event)
            child = get()
            self._place(child)
            places.append(0)
            extent = len(places)
            value[key] = self._node(child, depth + 1)
            places[extent - 1] = len(places) - extent
            key_event = get()
        return value
