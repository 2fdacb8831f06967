"""A minimal synchronous JSON-RPC client over a real `seclint lsp` process (for raw and fuzz tests)."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time

SERVER = [sys.executable, "-m", "seclint", "lsp"]


class RawClient:
    """Speaks JSON-RPC to a server process over stdio; a reader thread drains its stdout.

    Draining in the background matters: a test that sends thousands of notifications without
    reading would otherwise fill the server's stdout pipe, block it, and deadlock both sides.
    """

    def __init__(self, command=None, cwd=None, env=None):
        self.proc = subprocess.Popen(command or SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, cwd=cwd, env=env)
        self.messages: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    def _read_loop(self) -> None:
        stream = self.proc.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(EOFError("server closed stdout"))
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii", "replace").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            body = stream.read(length or 0)
            try:
                self.messages.put(json.loads(body))
            except ValueError as exc:
                self.messages.put(exc)

    def send_bytes(self, body: bytes) -> None:
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send(self, message: dict) -> None:
        self.send_bytes(json.dumps(message).encode())

    def read(self, timeout: float = 20) -> dict:
        try:
            item = self.messages.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError("no message from the server") from None
        if isinstance(item, Exception):
            raise item
        return item

    def wait_for(self, predicate, timeout: float = 20) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            message = self.read(max(0.05, deadline - time.monotonic()))
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
                self.proc.wait(10)

    def request(self, method: str, params, timeout: float = 20):
        self.next_id = getattr(self, "next_id", 1000) + 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.wait_for(lambda m, i=self.next_id: m.get("id") == i, timeout)

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def initialize(self, root_uri: str | None, options=None, capabilities=None) -> dict:
        result = self.request("initialize", {"processId": None, "rootUri": root_uri,
                                             "capabilities": capabilities or {}, "initializationOptions": options})
        self.notify("initialized", {})
        return result
