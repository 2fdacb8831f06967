"""The document model: UTF-16/8/32 positions, CRLF, clamping, incremental edits, span mapping."""

from __future__ import annotations

import pytest

from seclint.documents import Document, Encoding, LineIndex

TEXT = "a = '😀'  # x\r\nb = '中文' + eval(c)\nlast"


def test_lines_split_on_crlf_cr_and_lf():
    index = LineIndex("one\r\ntwo\rthree\nfour")
    assert [index.line_text(i) for i in range(index.line_count)] == ["one", "two", "three", "four"]


@pytest.mark.parametrize(
    "encoding, expected",
    [(Encoding.UTF16, (1, 11)), (Encoding.UTF8, (1, 15)), (Encoding.UTF32, (1, 11))],
)
def test_position_of_offset_counts_code_units(encoding, expected):
    index = LineIndex(TEXT)
    offset = TEXT.index("eval")
    assert index.position_at(offset, encoding) == expected
    assert index.offset_at(*expected, encoding) == offset


def test_emoji_is_two_utf16_units():
    index = LineIndex(TEXT)
    closing_quote = TEXT.index("'", TEXT.index("😀"))
    assert index.position_at(closing_quote, Encoding.UTF16) == (0, 7)
    # A position inside the surrogate pair snaps to the emoji's start.
    assert index.offset_at(0, 6, Encoding.UTF16) == TEXT.index("😀")


def test_out_of_range_positions_are_clamped():
    index = LineIndex(TEXT)
    assert index.offset_at(0, 999, Encoding.UTF16) == TEXT.index("\r\n")
    assert index.offset_at(99, 0, Encoding.UTF16) == len(TEXT)
    assert index.offset_at(-1, 5, Encoding.UTF16) == 0
    # An offset between \r and \n belongs to the end of the line.
    assert index.position_at(TEXT.index("\n"), Encoding.UTF16) == (0, len("a = '😀'  # x") + 1)


def test_offset_from_ast_converts_utf8_byte_columns():
    text = "x = '中文'; y = eval(z)\n"
    index = LineIndex(text)
    import ast

    call = next(n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Call))
    assert text[index.offset_from_ast(call.lineno, call.col_offset) :].startswith("eval(z)")
    assert index.offset_from_ast(call.end_lineno, call.end_col_offset) == text.index(")") + 1


def test_incremental_edits_apply_like_an_editor():
    doc = Document("file:///a.py", "hello\nwörld 😀!\n", 1)
    doc.apply_change("X", (1, 6, 1, 8), Encoding.UTF16)  # replace the emoji
    assert doc.text == "hello\nwörld X!\n"
    doc.apply_change("", (0, 0, 1, 0), Encoding.UTF16)  # delete a whole line
    assert doc.text == "wörld X!\n"
    doc.apply_change("new\r\n", (5, 0, 5, 0), Encoding.UTF16)  # past the end: appended
    assert doc.text == "wörld X!\nnew\r\n"
    doc.apply_change("all", None, Encoding.UTF16)
    assert doc.text == "all"
    assert doc.revision == 4


def test_map_span_follows_edits_and_drops_touched_spans():
    doc = Document("file:///a.py", "aaa bbb ccc", 1)
    base = doc.revision
    doc.apply_change("XX ", (0, 0, 0, 0), Encoding.UTF16)  # insert before
    assert doc.map_span(4, 7, base) == (7, 10)
    doc.apply_change("", (0, 12, 0, 14), Encoding.UTF16)  # delete after the span
    assert doc.map_span(4, 7, base) == (7, 10)
    doc.apply_change("Y", (0, 8, 0, 8), Encoding.UTF16)  # type inside the span
    assert doc.map_span(4, 7, base) is None


def test_reversed_range_is_normalised():
    doc = Document("file:///a.py", "abcdef", 1)
    doc.apply_change("-", (0, 4, 0, 1), Encoding.UTF16)
    assert doc.text == "a-ef"
