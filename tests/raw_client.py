"""A minimal synchronous JSON-RPC client over a real `seclint lsp` process (for raw and fuzz tests)."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time

SERVER = [sys.executable, "-m", "seclint", "lsp"]


class RawClient:
    def __init__(self, command=None, cwd=None, env=None):
        self.proc = subprocess.Popen(command or SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, cwd=cwd, env=env)
        self.buffer = b""

    def send_bytes(self, body: bytes) -> None:
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send(self, message: dict) -> None:
        self.send_bytes(json.dumps(message).encode())

    def read(self, timeout: float = 20) -> dict:
        deadline = time.monotonic() + timeout
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
