"""The strict YAML reader: the YAML 1.1 traps, hostile input and positions."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import DATA, REPO

from quizkit.bank.diagnostics import BankError
from quizkit.bank.yamlstrict import MAX_BYTES, parse_document, read_document

HERE = Path("bank.yaml")


def parse(text: str | bytes):
    return parse_document(text.encode() if isinstance(text, str) else text, HERE)


def codes(text: str | bytes) -> list[tuple[str, int, int]]:
    with pytest.raises(BankError) as caught:
        parse(text)
    return [(d.code, d.position.line, d.position.column) for d in caught.value.diagnostics]


@pytest.mark.parametrize("word", ["no", "No", "NO", "yes", "Yes", "on", "off", "y", "n", "Y", "N"])
def test_yaml11_booleans_stay_text(word: str) -> None:
    assert parse(f"text: {word}\n").data == {"text": word}


@pytest.mark.parametrize("text", ["1:30", "2026-11-24", "2026-11-24T10:00:00", "0x1F", "1_000", ".inf", "0o17x"])
def test_sexagesimals_dates_and_exotic_numbers_stay_text(text: str) -> None:
    assert parse(f"value: {text}\n").data == {"value": text}


def test_core_schema_scalars_are_typed() -> None:
    data = parse("a: true\nb: false\nc: 3\nd: -2\ne: 1.5\nf: null\ng: ~\nh:\ni: '3'\nj: \"true\"\n").data
    assert data == {"a": True, "b": False, "c": 3, "d": -2, "e": 1.5, "f": None, "g": None, "h": None, "i": "3", "j": "true"}


def test_keys_are_always_text() -> None:
    assert parse("1: one\ntrue: yes\n").data == {"1": "one", "true": "yes"}


def test_positions_of_values_and_keys_are_kept() -> None:
    document = parse("top:\n  list:\n    - first\n    - {id: b, text: second}\n")
    assert (document.position(("top", "list", 1, "text")).line, document.position(("top", "list", 1, "text")).column) == (4, 21)
    key = document.position(("top", "list"), key=True)
    assert (key.line, key.column) == (2, 3)


def test_values_reached_through_an_alias_point_at_the_alias() -> None:
    document = parse("base: &b {x: 1}\ncopy: *b\n")
    assert document.data["copy"] == {"x": 1}
    assert document.position(("copy", "x")).line == 2


def test_utf8_bom_is_accepted() -> None:
    assert parse(b"\xef\xbb\xbfa: 1\n").data == {"a": 1}


def test_invalid_utf8_points_at_the_byte() -> None:
    assert codes(b"a: 1\nb: caf\xe9\n") == [("QK101", 2, 7)]


def test_tab_indentation_points_at_the_tab() -> None:
    assert codes("a:\n  b: 1\n\tc: 2\n") == [("QK104", 3, 1)]


def test_tab_inside_a_value_is_fine() -> None:
    assert parse("a: 'x\ty'\n").data == {"a": "x\ty"}


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_line_and_paragraph_separators_are_text_as_in_yaml_1_2(separator: str) -> None:
    """PyYAML would end the block at the separator and read the rest as a new key; an editor
    shows one line, and so does quizkit: the text keeps the character, later lines keep theirs."""
    document = parse(f"stem: |\n  first{separator}second\n  third\nplain: a{separator}b\nafter: x\n")
    assert document.data == {"stem": f"first{separator}second\nthird\n", "plain": f"a{separator}b", "after": "x"}
    assert (document.position(("after",)).line, document.position(("after",)).column) == (5, 8)


def test_a_noncharacter_is_refused_where_it_stands() -> None:
    assert codes("a: 1\nb: x\ufdd0y\n") == [("QK111", 2, 5)]


def test_unclosed_quote_points_at_the_opening_quote() -> None:
    assert codes('a: 1\nb: "never closed\nc: 2\n') == [("QK102", 2, 4)]


def test_duplicate_key_points_at_the_second_key() -> None:
    assert codes("answer: a\nstem: s\nanswer: b\n") == [("QK103", 3, 1)]


def test_python_tags_are_refused_before_anything_is_built() -> None:
    assert codes("a: !!python/object/apply:os.system ['echo owned']\n")[0][0] == "QK107"


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i-1}'] * 10)}]" for i in range(1, 10)]
    started = time.perf_counter()
    assert codes("\n".join(lines) + "\n")[0][0] == "QK106"
    # Generous bound: the point is "not exponential", not a speed target.
    assert time.perf_counter() - started < 5


def test_recursive_alias_is_refused() -> None:
    assert codes("a: &x [1, *x]\n")[0][0] == "QK106"


def test_deep_nesting_is_refused_not_crashed() -> None:
    # libyaml's own composer would overflow the C stack here and kill the process.
    assert codes("[" * 100_000 + "]" * 100_000)[0][0] == "QK110"


def test_oversized_input_is_refused_before_parsing() -> None:
    assert codes(b"a: 1\n" + b"#" * MAX_BYTES)[0][0] == "QK105"


def test_oversized_file_is_refused_from_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(BankError) as caught:
        read_document(big)
    assert caught.value.diagnostics[0].code == "QK105"


def test_unreadable_path_is_reported(tmp_path: Path) -> None:
    with pytest.raises(BankError) as caught:
        read_document(tmp_path)  # a folder, not a file
    assert caught.value.diagnostics[0].code == "QK100"


def test_control_character_is_reported_with_its_position() -> None:
    # Found by the property tests: libyaml raises a ReaderError, not a marked error, for NUL;
    # quizkit looks for control characters first and names the rule they break.
    assert codes("a: 1\nb: x\x00y\n") == [("QK111", 2, 5)]


def test_a_character_yaml_refuses_that_is_not_a_control_is_a_syntax_error() -> None:
    assert codes("a: 1\nb: x\ufffey\n") == [("QK102", 2, 5)]


def test_windows_line_ends_are_not_control_characters() -> None:
    assert parse("a: 1\r\nb: x\r\n").data == {"a": 1, "b": "x"}


# Positions kept compactly (issue #17): the same places PyYAML's own composer gives ---------


def _composed(node: yaml.Node, where: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], yaml.Node, yaml.Node | None]]:
    """(path, value node, key node) for every value under ``node``, from PyYAML's composer."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield (*where, key.value), value, key
            yield from _composed(value, (*where, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            yield (*where, index), value, None
            yield from _composed(value, (*where, index))


@pytest.mark.parametrize("bank", sorted(REPO.glob("banks/part-*.yaml")) + sorted((DATA / "valid").rglob("*.yaml")),
                         ids=lambda path: path.name)
def test_every_value_and_key_is_where_pyyaml_puts_it(bank: Path) -> None:
    document = read_document(bank)
    tree = yaml.compose(bank.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert document.position(()).line == tree.start_mark.line + 1
    for where, value, key in _composed(tree, ()):
        at = document.position(where)
        assert (at.line, at.column) == (value.start_mark.line + 1, value.start_mark.column + 1), where
        if key is not None:
            at = document.position(where, key=True)
            assert (at.line, at.column) == (key.start_mark.line + 1, key.start_mark.column + 1), where
    top = document.keys_at()
    assert {name: place.line for name, place in top.items()} == {k.value: k.start_mark.line + 1 for k, _ in tree.value}


def test_an_item_of_a_long_list_is_found_by_its_index() -> None:
    items = "".join(f"  - {{id: q{n}, text: [t{n}, u{n}]}}\n" for n in range(40))
    document = parse(f"head: 1\nitems:\n{items}tail: {{x: 2}}\n")
    assert len(document.long_lists) == 1
    for n in range(40):
        at = document.position(("items", n, "text", 1))
        assert (at.line, at.column) == (n + 3, 23 + 2 * len(str(n)))
    assert document.position(("tail", "x")).line == 43
    document.release(("items",))
    assert document.long_lists == {}
    assert document.position(("items", 3)).line == 3  # released: the place of the list itself


def test_a_path_that_leads_nowhere_is_placed_at_the_nearest_value() -> None:
    document = parse("top:\n  list:\n    - first\n    - {id: b}\n")
    assert document.position(("top", "list", 1, "missing")).line == 4
    assert document.position(("top", "list", 7)).line == 3  # the list's place: its first item's line
    assert document.position(("top", "list", "x", 0), key=True).line == 3
    assert document.keys_at(("top", "list", 1)) == {"id": document.position(("top", "list", 1, "id"), key=True)}
    assert document.keys_at(("top", "list", 0)) == {}


def test_a_released_value_is_let_go() -> None:
    document = parse("base: &b {x: 1}\nitems:\n  - {a: 1, b: [2, 3]}\n  - {a: *b}\n  - {c: 4}\n")
    document.release(("items", 0))
    assert document.data["items"][0] is None
    # The other items keep their places; the released one is placed at its holder's entry.
    assert document.position(("items", 2, "c")).line == 5
    assert document.position(("items", 1, "a", "x")).line == 4  # through the alias: the alias
    assert document.position(("items", 0, "a")).line == 3
    assert document.position(("base", "x")).line == 1
