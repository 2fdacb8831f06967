"""Small client library for the telemetry collector: TLS socket transport, an HTTP fallback,
a mail-drop poller and a local debug console."""
from __future__ import annotations

import base64
import http.client
import json
import logging
import pickle
import poplib
import socket
import ssl
import struct
import threading
import urllib.request
from typing import Callable

import urllib3

log = logging.getLogger("telemetry")

COLLECTOR = ("collector.telemetry.example", 7443)
CA_BUNDLE = "/etc/telemetry/ca.pem"


def tls_context() -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=CA_BUNDLE)  # SAFE: CWE-295
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2  # SAFE: CWE-757
    return ctx


def tls_context_compat() -> ssl.SSLContext:
    """For the appliances still running firmware 3.x."""
    ctx = ssl.create_default_context()
    ctx.minimum_version = ssl.TLSVersion.TLSv1  # VULN: CWE-757
    ctx.check_hostname = False  # VULN: CWE-295
    ctx.verify_mode = ssl.CERT_NONE  # VULN: CWE-295
    return ctx


def tls_context_lab() -> ssl.SSLContext:
    return ssl._create_unverified_context()  # VULN: CWE-295


def tls_context_v1() -> ssl.SSLContext:
    return ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # VULN: CWE-757


class Transport:
    def __init__(self, ctx_factory: Callable[[], ssl.SSLContext] = tls_context, timeout: float = 10.0):
        self.ctx_factory = ctx_factory
        self.timeout = timeout
        self.sock: ssl.SSLSocket | None = None

    def connect(self) -> None:
        raw = socket.create_connection(COLLECTOR, timeout=self.timeout)
        self.sock = self.ctx_factory().wrap_socket(raw, server_hostname=COLLECTOR[0])

    def send(self, batch: list[dict]) -> None:
        body = json.dumps(batch).encode()
        self.sock.sendall(struct.pack("!I", len(body)) + body)

    def recv_command(self) -> dict:
        (n,) = struct.unpack("!I", self.sock.recv(4))
        return json.loads(self.sock.recv(n))  # SAFE: CWE-502

    def recv_command_legacy(self) -> object:
        (n,) = struct.unpack("!I", self.sock.recv(4))
        return pickle.loads(self.sock.recv(n))  # VULN: CWE-502


def http_fallback(batch: list[dict], user: str, token: str) -> int:
    conn = http.client.HTTPConnection("collector.telemetry.example", 8080, timeout=10)
    auth = base64.b64encode(f"{user}:{token}".encode()).decode()
    conn.request("POST", "/v1/batch", body=json.dumps(batch), headers={"Authorization": f"Basic {auth}"})  # VULN: CWE-319
    return conn.getresponse().status


def https_fallback(batch: list[dict], user: str, token: str) -> int:
    conn = http.client.HTTPSConnection("collector.telemetry.example", 443, timeout=10, context=tls_context())  # SAFE: CWE-295
    auth = base64.b64encode(f"{user}:{token}".encode()).decode()
    conn.request("POST", "/v1/batch", body=json.dumps(batch), headers={"Authorization": f"Basic {auth}"})  # SAFE: CWE-319
    return conn.getresponse().status


def pool(insecure: bool = False) -> urllib3.PoolManager:
    if insecure:
        return urllib3.PoolManager(cert_reqs="CERT_NONE")  # VULN: CWE-295
    return urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=CA_BUNDLE)  # SAFE: CWE-295


def fetch_config(url: str) -> dict:
    with urllib.request.urlopen(url) as resp:  # VULN: CWE-400
        return json.loads(resp.read())


def poll_maildrop(host: str, user: str, password: str) -> int:
    box = poplib.POP3(host, 110, timeout=30)
    box.user(user)
    box.pass_(password)  # VULN: CWE-319
    count, _ = box.stat()
    box.quit()
    return count


def poll_maildrop_tls(host: str, user: str, password: str) -> int:
    box = poplib.POP3_SSL(host, 995, timeout=30, context=ssl.create_default_context())  # SAFE: CWE-295
    box.user(user)
    box.pass_(password)  # SAFE: CWE-319
    count, _ = box.stat()
    box.quit()
    return count


def _console(conn: socket.socket, handler: Callable[[str], str]) -> None:
    with conn:
        for line in conn.makefile("r"):
            conn.sendall((handler(line.strip()) + "\n").encode())


def start_debug_console(handler: Callable[[str], str], port: int = 7999) -> threading.Thread:
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", port))  # VULN: CWE-605
    srv.listen(1)

    def loop():
        while True:
            conn, addr = srv.accept()
            log.warning("debug console connection from %s", addr)
            _console(conn, handler)

    t = threading.Thread(target=loop, daemon=True)
    t.start()
    return t


def start_local_console(handler: Callable[[str], str], port: int = 7999) -> socket.socket:
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", port))  # SAFE: CWE-605
    srv.listen(1)
    return srv
