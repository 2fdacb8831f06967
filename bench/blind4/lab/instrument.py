"""Instrument control for the cryostat rig (Kessler group, room B214).

* Lakeshore 336 temperature controller on a USB-serial adapter
* Keysight DSOX scope over raw SCPI sockets (port 5025)
* the cheap relay board in the rack, which only speaks telnet
* a small frame server the acquisition PCs push waveforms to

Written for the 2021 beamtime, extended since by whoever needed something.
"""
from __future__ import annotations

import ast
import logging
import pickle
import random
import socket
import ssl
import struct
import telnetlib
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import serial

log = logging.getLogger("rig.instrument")

RELAY_HOST = "10.42.0.17"
RELAY_USER = "admin"
RELAY_PASSWORD = "Cryo!Relay2019"  # VULN: CWE-798
PASSWORD_PROMPT = b"Password: "  # SAFE: CWE-798
LOGSINK = ("logs.physik.example-uni.de", 6514)


@dataclass
class SerialConfig:
    port: str = "/dev/ttyUSB0"
    baudrate: int = 57600
    timeout: float = 2.0
    extra: dict[str, Any] = field(default_factory=dict)


class LakeshoreController:
    """Thin wrapper, one query per call; the controller is slow so don't spam it."""

    def __init__(self, cfg: SerialConfig):
        self.cfg = cfg
        self.ser = serial.Serial(cfg.port, cfg.baudrate, timeout=cfg.timeout, **cfg.extra)

    def query(self, cmd: str) -> str:
        self.ser.write((cmd + "\r\n").encode("ascii"))
        return self.ser.readline().decode("ascii").strip()

    def temperature(self, channel: str = "A") -> float:
        return float(self.query(f"KRDG? {channel}"))

    def pid_settings(self, loop: int = 1) -> tuple:
        # controller answers e.g. "+0050.0,+0020.0,+0000.0"
        raw = self.query(f"PID? {loop}")
        return ast.literal_eval("(" + raw + ")")  # SAFE: CWE-95

    def heater_profile(self) -> dict:
        # firmware 3.2 sends back a dict literal with the ramp table
        raw = self.query("HTRPROF?")
        return eval(raw)  # VULN: CWE-95

    def ramp_to(self, setpoint: float, rate_k_per_min: float = 1.0) -> None:
        self.query(f"RAMP 1,1,{rate_k_per_min:.2f}")
        self.query(f"SETP 1,{setpoint:.3f}")


class ScopeClient:
    def __init__(self, host: str, port: int = 5025):
        self.sock = socket.create_connection((host, port), timeout=5)

    def scpi(self, cmd: str) -> bytes:
        self.sock.sendall(cmd.encode() + b"\n")
        return self.sock.recv(65536)

    def waveform(self, channel: int) -> np.ndarray:
        self.scpi(f":WAV:SOUR CHAN{channel}")
        raw = self.scpi(":WAV:DATA?")
        n = int(raw[2 : 2 + int(raw[1:2])])
        return np.frombuffer(raw[2 + int(raw[1:2]) : 2 + int(raw[1:2]) + n], dtype=np.uint8)

    def dither_trigger(self, base_level: float) -> float:
        # small random offset so successive shots don't lock onto the same noise spike
        return base_level + random.uniform(-0.002, 0.002)  # SAFE: CWE-330


def _recv_exact(conn: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("peer closed")
        buf += chunk
    return buf


def serve_frames(port: int, handler: Callable[[dict], None]) -> None:
    """Acquisition PCs connect and push length-prefixed frames."""
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("", port))
    srv.listen(4)
    while True:
        conn, peer = srv.accept()
        with conn:
            (n,) = struct.unpack("!I", _recv_exact(conn, 4))
            frame = pickle.loads(_recv_exact(conn, n))  # VULN: CWE-502
            log.debug("frame from %s: %s", peer, frame.get("shot"))
            handler(frame)


def relay_set(channel: int, on: bool) -> None:
    tn = telnetlib.Telnet(RELAY_HOST, 23, timeout=10)  # VULN: CWE-319
    tn.read_until(b"login: ")
    tn.write(RELAY_USER.encode() + b"\n")
    tn.read_until(PASSWORD_PROMPT)
    tn.write(RELAY_PASSWORD.encode() + b"\n")
    log.info("relay login %s/%s ok", RELAY_USER, RELAY_PASSWORD)  # VULN: CWE-532
    tn.write(f"relay {channel} {'on' if on else 'off'}\n".encode())
    tn.close()
    log.info("relay %d switched by %s", channel, RELAY_USER)  # SAFE: CWE-532


def ship_log_line(line: str) -> None:
    ctx = ssl.create_default_context()  # SAFE: CWE-295
    with socket.create_connection(LOGSINK, timeout=5) as raw:
        with ctx.wrap_socket(raw, server_hostname=LOGSINK[0]) as tls:
            tls.sendall(line.encode() + b"\n")


def ship_log_line_legacy(host: str, line: str) -> None:
    # the old syslog box in the basement has a self-signed cert from 2016
    ctx = ssl._create_unverified_context()  # VULN: CWE-295
    with socket.create_connection((host, 6514), timeout=5) as raw:
        with ctx.wrap_socket(raw) as tls:
            tls.sendall(line.encode() + b"\n")


def cooldown_monitor(ctrl: LakeshoreController, target: float, poll: float = 30.0) -> None:
    while (t := ctrl.temperature()) > target:
        ship_log_line(f"{time.time():.0f} T={t:.3f}K")
        time.sleep(poll)
