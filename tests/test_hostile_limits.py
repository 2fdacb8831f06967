"""Limits and engine faults over the wire, against the real server process.

Each case: the user is told once (window/showMessage, and the log) what is degraded and why,
the other engines still publish, and the server keeps serving other documents.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from raw_client import RawClient

VULNERABLE = (
    "import subprocess\nimport paramiko\nimport yaml\n\n"
    "def f(s, cmd, client):\n"
    "    subprocess.run(cmd, shell=True)\n"
    "    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())\n"
    "    return yaml.load(s)\n"
)
ALL_CODES = ["PY-CMD-SHELL", "PY-DESERIAL-YAML", "PY-SSH-NO-HOST-KEY"]  # ast, ast, bandit


class Session:
    """A RawClient that keeps every message it has seen, so shown messages can be counted."""

    def __init__(self, root: Path, options: dict, env: dict | None = None):
        self.root = root
        self.client = RawClient(env=env)
        self.seen: list[dict] = []
        self.client.initialize(root.as_uri(), options={"debounceMs": 0, "engines": {"semgrep": False}, **options})

    def wait_for(self, predicate, timeout=60):
        def record(message):
            self.seen.append(message)
            return predicate(message)

        return self.client.wait_for(record, timeout)

    def open(self, name: str, text: str, version: int = 1) -> str:
        uri = (self.root / name).as_uri()
        self.client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": version, "text": text}})
        return uri

    def published(self, uri: str, version: int | None = None, timeout=60) -> list[dict]:
        message = self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                                and (version is None or m["params"].get("version") == version), timeout)
        return message["params"]["diagnostics"]

    def shown(self, words: str) -> list[str]:
        return [m["params"]["message"] for m in self.seen if m.get("method") == "window/showMessage" and words in m["params"]["message"]]

    def logged(self, words: str) -> list[str]:
        return [m["params"]["message"] for m in self.seen if m.get("method") == "window/logMessage" and words in m["params"]["message"]]

    def sync(self) -> None:
        """Every message the server sent before this request's answer is in ``seen``."""
        self.client.next_id = getattr(self.client, "next_id", 1000) + 1
        ident = self.client.next_id
        self.client.send({"jsonrpc": "2.0", "id": ident, "method": "seclint/documentState", "params": {"uri": "file:///none.py"}})
        self.wait_for(lambda m: m.get("id") == ident)

    def close(self) -> None:
        self.client.close()
        assert self.client.proc.returncode == 0


def codes(diagnostics: list[dict]) -> list[str]:
    return sorted({d["code"] for d in diagnostics})


@pytest.fixture
def session(tmp_path):
    opened = []

    def start(options=None, env=None):
        opened.append(Session(tmp_path, options or {}, env))
        return opened[-1]

    yield start
    for s in opened:
        s.close()


def test_bandit_that_cannot_be_imported_degrades_only_bandit_and_is_told_once(session, tmp_path):
    # A shim earlier on the server's import path makes `import bandit` fail, in this test only.
    shim = tmp_path / "shim" / "bandit"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ImportError('bandit is broken on this machine (injected by the test)')\n")
    env = dict(os.environ, PYTHONPATH=str(shim.parent))
    s = session(env=env)
    first = s.open("a.py", VULNERABLE)
    assert codes(s.published(first)) == ["PY-CMD-SHELL", "PY-DESERIAL-YAML"]
    second = s.open("b.py", VULNERABLE)
    assert codes(s.published(second)) == ["PY-CMD-SHELL", "PY-DESERIAL-YAML"]
    s.sync()
    shown = s.shown("bandit cannot be imported")
    assert len(shown) == 1 and "injected by the test" in shown[0] and "other engines still report" in shown[0]
    assert len(s.logged("bandit cannot be imported")) == 1  # not repeated for every document


def test_the_python_engines_time_limit_is_announced_once_and_small_documents_still_publish(session):
    s = session({"analysisTimeout": 0.05})
    body = "".join(f"def g{i}(s):\n    return len(s) + {i}\n\n" for i in range(3000))
    small = s.open("small.py", VULNERABLE)
    assert codes(s.published(small)) == ALL_CODES
    big = s.open("big.py", VULNERABLE + body)
    s.published(big)
    other = s.open("big2.py", VULNERABLE + body)
    s.published(other)
    s.sync()
    assert len(s.shown("analysisTimeout limit of 0.05 s")) == 2  # one for each engine: ast and bandit, once each
    assert {m.split(":")[1].strip() for m in s.shown("analysisTimeout")} == {"ast", "bandit"}
    # The server still serves: an edit to the small document is analysed in full.
    s.client.notify("textDocument/didChange", {"textDocument": {"uri": small, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "import os\n"}]})
    assert codes(s.published(small, version=2)) == ALL_CODES


def test_a_twenty_megabyte_document(session):
    s = session()
    keep = s.open("keep.py", VULNERABLE)
    assert codes(s.published(keep)) == ALL_CODES
    huge_text = VULNERABLE + "x = 1\n" * (20_000_000 // 6)
    assert len(huge_text) > 20_000_000
    huge = s.open("huge.py", huge_text)
    assert s.published(huge, timeout=120) == []
    s.sync()
    shown = s.shown("huge.py: not analysed")
    assert len(shown) == 1 and "maxDocumentSize limit of 4,000,000" in shown[0]
    # Alive, and the other document keeps its diagnostics (nothing cleared them).
    assert not [m for m in s.seen if m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == keep and m["params"]["diagnostics"] == []]
    hover = s.client.request("textDocument/hover", {"textDocument": {"uri": keep}, "position": {"line": 7, "character": 12}})
    assert "yaml" in hover["result"]["contents"]["value"].lower()
    # An edit inside the huge document keeps it refused, with no second message.
    s.client.notify("textDocument/didChange", {"textDocument": {"uri": huge, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "# edited\n"}]})
    state = s.client.request("seclint/documentState", {"uri": huge}, timeout=60)["result"]
    assert state["version"] == 2 and state["text"].startswith("# edited\nimport subprocess")
    s.sync()
    assert len(s.shown("huge.py: not analysed")) == 1


def test_a_twenty_megabyte_document_under_a_raised_limit_is_analysed_or_announced(session):
    # 20 MB of mostly comments and one long data line: big, but cheap for Python's parser.  (20 MB
    # of dense statements costs the parser alone over a minute and gigabytes; the parse cannot be
    # interrupted, which is why maxDocumentSize stays the first guard.)
    s = session({"maxDocumentSize": 30_000_000, "analysisTimeout": 5})
    text = VULNERABLE + ("# " + "c" * 98 + "\n") * 190_000 + "BLOB = '" + "b" * 1_000_000 + "'\n"
    assert len(text) > 20_000_000
    huge = s.open("huge.py", text)
    diagnostics = s.published(huge, timeout=300)
    s.sync()
    # Either the engines finished (and found the flaws at the top) or each one said it stopped.
    stopped = s.shown("analysisTimeout limit of 5 s")
    found = codes(diagnostics)
    assert stopped or found == ALL_CODES, (stopped, found)
    for message in stopped:
        assert message.split(":")[1].strip() in ("ast", "bandit")
    keep = s.open("keep.py", VULNERABLE)
    assert codes(s.published(keep, timeout=120)) == ALL_CODES


def test_edits_from_the_past_and_requests_for_unopened_documents(session):
    s = session()
    uri = s.open("a.py", VULNERABLE, version=5)
    assert codes(s.published(uri, version=5)) == ALL_CODES
    # A didChange whose version is older than the document's: applied (the client's text is the
    # truth), logged, never fatal.
    s.client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "import os\n"}]})
    assert codes(s.published(uri, version=3)) == ALL_CODES
    assert s.logged("didChange version 3 is not newer than 5")
    ghost = (s.root / "never-opened.py").as_uri()
    for method, params in (
        ("textDocument/hover", {"textDocument": {"uri": ghost}, "position": {"line": 0, "character": 0}}),
        ("textDocument/codeAction", {"textDocument": {"uri": ghost}, "range": {"start": {"line": 0, "character": 0},
                                     "end": {"line": 0, "character": 1}}, "context": {"diagnostics": []}}),
    ):
        answer = s.client.request(method, params)
        assert "error" not in answer and not answer["result"], (method, answer)
    s.client.notify("textDocument/didClose", {"textDocument": {"uri": ghost}})
    s.client.notify("textDocument/didChange", {"textDocument": {"uri": ghost, "version": 1}, "contentChanges": [{"text": "x"}]})
    # Wrong parameter types on a notification and on a request.
    s.client.notify("textDocument/didOpen", {"textDocument": {"uri": 42, "languageId": [], "version": "one", "text": None}})
    answer = s.client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": "zero"}})
    assert answer["error"]["code"] == -32602
    answer = s.client.request("textDocument/nonsense", {})
    assert answer["error"]["code"] == -32601
    s.client.notify("$/someClientNotification", {"anything": [1, 2]})  # unknown notifications are ignored
    # Still serving.
    again = s.open("b.py", VULNERABLE)
    assert codes(s.published(again)) == ALL_CODES


@pytest.mark.skipif(sys.getrecursionlimit() > 100_000, reason="needs the default recursion limit")
def test_code_nested_past_the_recursion_limit_of_ast(session):
    s = session()
    keep = s.open("keep.py", VULNERABLE)
    assert codes(s.published(keep)) == ALL_CODES
    # Deep enough that parsing or walking recursively fails, in several shapes.
    texts = {
        "lists.py": "x = " + "[" * 200_000 + "]" * 200_000 + "\n",
        "calls.py": "x = " + "f(" * 3000 + ")" * 3000 + "\n",
        "ifs.py": "".join("    " * i + "if x:\n" for i in range(100)) + "    " * 100 + "pass\n",
        "unary.py": "x = " + "-" * 100_000 + "1\n" + VULNERABLE,
    }
    for name, text in texts.items():
        uri = s.open(name, text)
        s.published(uri, timeout=120)
    s.sync()
    errors = [m for m in s.seen if m.get("method") == "window/showMessage" and "internal error" in m["params"]["message"]]
    assert errors == []
    again = s.open("again.py", VULNERABLE)
    assert codes(s.published(again)) == ALL_CODES
