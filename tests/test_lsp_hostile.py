"""Bad input over the wire never kills the server: it answers with errors and keeps serving."""

from __future__ import annotations

import pytest
from raw_client import RawClient


@pytest.fixture
def raw(tmp_path):
    client = RawClient()
    client.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}})
    client.wait_for(lambda m: m.get("id") == 1)
    client.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    yield client
    client.close()


def _still_serves(raw: RawClient, tmp_path, name="ok.py") -> None:
    uri = (tmp_path / name).as_uri()
    raw.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": "import yaml\nyaml.load(s)\n"}}})
    published = raw.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
    assert [d["code"] for d in published["params"]["diagnostics"]] == ["PY-DESERIAL-YAML"]


def test_malformed_json_and_garbage(raw, tmp_path):
    raw.send_bytes(b"{this is not json")
    raw.send_bytes(b'{"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": "wrong type"}')
    error = raw.wait_for(lambda m: m.get("id") == 7)
    assert "error" in error
    _still_serves(raw, tmp_path)


def test_unknown_method_and_wrong_params(raw, tmp_path):
    raw.send({"jsonrpc": "2.0", "id": 2, "method": "seclint/noSuchThing", "params": {}})
    assert raw.wait_for(lambda m: m.get("id") == 2)["error"]["code"] == -32601
    raw.send({"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": 5}}})
    assert "error" in raw.wait_for(lambda m: m.get("id") == 3)
    raw.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///nope.py", "version": 2},
              "contentChanges": [{"range": {"start": {"line": -4, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}]}})
    raw.send({"jsonrpc": "2.0", "id": 4, "method": "workspace/executeCommand", "params": {"command": "seclint.explain", "arguments": ["PY-NOPE"]}})
    assert "error" in raw.wait_for(lambda m: m.get("id") == 4)
    _still_serves(raw, tmp_path)


def test_deep_nesting_and_one_megabyte_line(raw, tmp_path):
    for name, text in (("deep.py", "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n"),
                       ("chain.py", "x = " + "+".join(["a"] * 60000) + "\n"),
                       ("wide.py", "x = '" + "a" * 1_000_000 + "'\n")):
        uri = (tmp_path / name).as_uri()
        raw.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": text}}})
        raw.wait_for(lambda m, u=uri: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == u, timeout=60)
    _still_serves(raw, tmp_path)
