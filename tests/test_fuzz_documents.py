"""Property-based fuzzing of the document model, over the wire.

Random sequences of incremental edits (inserts, deletes and replacements that span lines; CRLF,
CR and LF; emoji and other surrogate pairs; CJK; combining marks; empty documents) are sent to a
real server.  After each sequence: the server's text equals an independent model's, the server
is alive, every published range lies inside the document, and the final diagnostics equal those
of a fresh open of the same text.

SECLINT_FUZZ_EXAMPLES raises the number of sequences (the nightly/long mode in the README).
"""

from __future__ import annotations

import itertools
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from raw_client import RawClient

EXAMPLES = int(os.environ.get("SECLINT_FUZZ_EXAMPLES", "60"))

PIECES = [
    "a", "x = 1", " ", "    ", "\t", "\n", "\r\n", "\r", "😀", "𝒳", "中文", "é", "e\u0301", "#", "(", ")", "'", '"""',
    "import yaml\n", "yaml.load(s)", "def f(s):\n", "    return yaml.load(s)\n", "# seclint: ignore[PY-DESERIAL-YAML] ok",
]
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


# -- an independent model of LSP text synchronisation (UTF-16 positions) -----------------------------

def model_lines(text: str) -> list[tuple[int, str]]:
    """(start offset, content) of each line."""
    lines, start = [], 0
    for match in _LINE_BREAK.finditer(text):
        lines.append((start, text[start : match.start()]))
        start = match.end()
    lines.append((start, text[start:]))
    return lines


def model_offset(text: str, line: int, character: int) -> int:
    lines = model_lines(text)
    if line >= len(lines):
        return len(text)
    start, content = lines[line]
    units = content.encode("utf-16-le")
    prefix = units[: min(character, len(units) // 2) * 2]
    # A lone high surrogate at the cut is dropped: the position snaps to the character's start.
    return start + len(prefix.decode("utf-16-le", errors="ignore"))


def model_position(text: str, offset: int) -> tuple[int, int]:
    for number, (start, content) in reversed(list(enumerate(model_lines(text)))):
        if start <= offset:
            return number, len(text[start : min(offset, start + len(content))].encode("utf-16-le")) // 2
    return 0, 0


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


# -- strategies ------------------------------------------------------------------------------------

texts = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


def edit_sequences_from(initial: str):
    return _edit_sequences(initial)


@st.composite
def _edit_sequences(draw, initial: str):
    """Edits as an editor sends them: positions valid in the text as it is at that moment."""
    text = initial
    edits = []
    for _ in range(draw(st.integers(1, 12))):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, min(len(text), a + draw(st.integers(0, 12)))))
        new = draw(texts)
        start, end = model_position(text, a), model_position(text, b)
        edits.append((start, end, new))
        text = text[: model_offset(text, *start)] + new + text[model_offset(text, *end) :]
    return edits


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    client = RawClient()
    root = tmp_path_factory.mktemp("fuzz")
    client.initialize(root.as_uri(), options={"debounceMs": 0})
    client.root = root
    yield client
    client.close()


counter = itertools.count()


def _publish_for(server: RawClient, uri: str, version: int) -> dict:
    return server.wait_for(
        lambda m: m.get("method") == "textDocument/publishDiagnostics"
        and m["params"]["uri"] == uri
        and m["params"].get("version") == version,
        timeout=30,
    )["params"]


def _inside(text: str, rng: dict) -> bool:
    lines = model_lines(text)
    for pos in (rng["start"], rng["end"]):
        if pos["line"] >= len(lines) or pos["character"] > utf16_len(lines[pos["line"]][1]):
            return False
    return (rng["start"]["line"], rng["start"]["character"]) <= (rng["end"]["line"], rng["end"]["character"])


def _comparable(diagnostics: list[dict]) -> list[tuple]:
    return sorted((d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"],
                   d["range"]["end"]["line"], d["range"]["end"]["character"], d["message"]) for d in diagnostics)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sequence=st.data())
def test_random_edit_sequences(server, sequence):
    text = sequence.draw(texts, label="initial text")
    edits = sequence.draw(edit_sequences_from(text), label="edits")
    n = next(counter)
    uri = (server.root / f"doc{n}.py").as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
    version = 1
    for (start, end, new) in edits:
        version += 1
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": start[0], "character": start[1]},
                                          "end": {"line": end[0], "character": end[1]}}, "text": new}],
        })
        text = text[: model_offset(text, *start)] + new + text[model_offset(text, *end) :]
    final = _publish_for(server, uri, version)
    state = server.request("seclint/documentState", {"uri": uri})["result"]
    assert state["text"] == text
    assert state["version"] == version
    assert all(_inside(text, d["range"]) for d in final["diagnostics"])
    # The same text opened fresh gives the same diagnostics.
    fresh = (server.root / f"fresh{n}.py").as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": fresh, "languageId": "python", "version": 1, "text": text}})
    again = _publish_for(server, fresh, 1)
    # Half-typed code keeps findings carried over from earlier versions, which a fresh open
    # cannot know about; text that parses must give exactly what a fresh open gives.
    if _parses(text):
        assert _comparable(final["diagnostics"]) == _comparable(again["diagnostics"])
    for u in (uri, fresh):
        server.notify("textDocument/didClose", {"textDocument": {"uri": u}})


def _parses(text: str) -> bool:
    import ast

    try:
        ast.parse(text)
        return True
    except (SyntaxError, ValueError):
        return False
