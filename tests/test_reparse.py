"""Parsing again only the segments an edit touched gives exactly the tree a full parse gives."""

from __future__ import annotations

import ast

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_incremental import SNIPPETS, _apply, _text, edited_inside_one_function

from seclint.documents import LineIndex
from seclint.recovery import parse
from seclint.reparse import ParseCache

PATH = "/project/app/views.py"
EXTRA = [
    "    return 1\n", "@decorator\n", "else:\n", "\\\n", "x = 1 + \\\n", "# a comment\n", "\n\n", "\r\n",
    "class K:\n    a = 1\n", "if x:\n    pass\n", "a = 1; b = 2\n", '"""doc\n', "    '''\n",
    "def f(): return 1\n", "try:\n    x()\n", "except E:\n    pass\n", "é = 'ünïcode ✓'\n",
]


def _full(text: str) -> str | None:
    try:
        return ast.dump(parse(text), include_attributes=True)
    except (SyntaxError, ValueError):
        return None


def _cached(cache: ParseCache, text: str) -> str | None:
    try:
        return ast.dump(cache.parse(PATH, text, LineIndex(text)), include_attributes=True)
    except (SyntaxError, ValueError):
        return None


@st.composite
def edits(draw):
    text = _text(draw(st.sampled_from([60, 200])), draw(st.integers(1, 30)))
    steps = [
        (draw(st.sampled_from(["insert", "insert", "delete-line", "char", "replace-line"])), draw(st.floats(0, 1)),
         draw(st.sampled_from(SNIPPETS + EXTRA)), draw(st.sampled_from(list("x(): =\n'\"#@\\\t") + ["\r\n", "é"])))
        for _ in range(draw(st.integers(1, 12)))
    ]
    return text, steps


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_a_reparse_gives_the_tree_of_a_full_parse(case):
    text, steps = case
    cache = ParseCache()
    assert _cached(cache, text) == _full(text)
    for step in steps:
        text = _apply(text, step)
        assert _cached(cache, text) == _full(text)


def test_an_edit_inside_one_function_parses_that_function_only():
    text = _text(1000, 2)
    cache = ParseCache()
    cache.parse(PATH, text, LineIndex(text))
    edited = edited_inside_one_function(text)
    tree = cache.parse(PATH, edited, LineIndex(edited))
    assert cache.reparsed < 2000  # characters: one function and its neighbours, not ~40,000
    assert ast.dump(tree, include_attributes=True) == _full(edited)
