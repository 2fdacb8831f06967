"""Bad input over the wire never kills the server: it answers with errors and keeps serving."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

SERVER = [sys.executable, "-m", "seclint", "lsp"]


class RawClient:
    def __init__(self):
        self.proc = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.buffer = b""

    def send_bytes(self, body: bytes) -> None:
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send(self, message: dict) -> None:
        self.send_bytes(json.dumps(message).encode())

    def read(self, timeout: float = 20) -> dict:
        deadline = time.monotonic() + timeout
        import os
        import select

        fd = self.proc.stdout.fileno()
        while True:
            header_end = self.buffer.find(b"\r\n\r\n")
            if header_end != -1:
                headers = self.buffer[:header_end].decode()
                length = int(next(h.split(":")[1] for h in headers.split("\r\n") if h.lower().startswith("content-length")))
                if len(self.buffer) >= header_end + 4 + length:
                    body = self.buffer[header_end + 4 : header_end + 4 + length]
                    self.buffer = self.buffer[header_end + 4 + length :]
                    return json.loads(body)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no message from the server")
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise EOFError("server closed stdout")
                self.buffer += chunk

    def wait_for(self, predicate, timeout: float = 20) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            message = self.read(max(0.1, deadline - time.monotonic()))
            if predicate(message):
                return message

    def close(self):
        try:
            self.send({"jsonrpc": "2.0", "id": 999, "method": "shutdown"})
            self.wait_for(lambda m: m.get("id") == 999, timeout=10)
            self.send({"jsonrpc": "2.0", "method": "exit"})
            self.proc.wait(10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


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
