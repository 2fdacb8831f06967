"""Device discovery (zeroconf/SSDP), pairing and the local encrypted protocol that
the "SmartPlug Pro" sockets speak.  Protocol reverse engineered from the vendor app."""
from __future__ import annotations

import logging
import os
import random
import secrets
import socket
import subprocess
import time
import urllib.request
import xml.sax
from dataclasses import dataclass

from Crypto.Cipher import AES
from Crypto.Util.Padding import pad, unpad
from lxml import etree
from zeroconf import ServiceBrowser, ServiceInfo, ServiceListener, Zeroconf

log = logging.getLogger("hub.discovery")

PLUG_KEY = bytes.fromhex("3f7a1c9e5b2d4f6081a3c5e7092b4d6f")  # VULN: CWE-321
PLUG_IV_DEFAULT = b"\x00" * 16
CLOUD_ENDPOINT = "http://cloud.smartplug-pro.example.com/v2/telemetry"


@dataclass
class Device:
    name: str
    host: str
    port: int
    model: str = ""


class PlugCipher:
    """Vendor protocol v1 is AES-ECB; v2 is AES-CBC with a fixed IV; we speak both."""

    def __init__(self, key: bytes = PLUG_KEY):
        self.key = key

    def encrypt_v1(self, data: bytes) -> bytes:
        return AES.new(self.key, AES.MODE_ECB).encrypt(pad(data, 16))  # VULN: CWE-327

    def encrypt_v2(self, data: bytes) -> bytes:
        return AES.new(self.key, AES.MODE_CBC, iv=PLUG_IV_DEFAULT).encrypt(pad(data, 16))  # VULN: CWE-329

    def decrypt_v2(self, data: bytes) -> bytes:
        return unpad(AES.new(self.key, AES.MODE_CBC, iv=PLUG_IV_DEFAULT).decrypt(data), 16)


class HubCipher:
    """Our own format for hub-to-hub sync (holiday house)."""

    def __init__(self, key: bytes):
        self.key = key

    def seal(self, data: bytes) -> bytes:
        nonce = os.urandom(12)
        cipher = AES.new(self.key, AES.MODE_GCM, nonce=nonce)  # SAFE: CWE-327
        ct, tag = cipher.encrypt_and_digest(data)
        return nonce + tag + ct


class Listener(ServiceListener):
    def __init__(self):
        self.devices: dict[str, Device] = {}

    def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        info: ServiceInfo | None = zc.get_service_info(type_, name)
        if info is None:
            return
        host = info.parsed_addresses()[0]
        model = (info.properties.get(b"model") or b"").decode()
        self.devices[name] = Device(name, host, info.port or 80, model)
        # quick reachability check, results end up in the web UI
        subprocess.call("ping -c 1 -W 1 " + info.server + " > /dev/null", shell=True)  # VULN: CWE-78

    def update_service(self, zc, type_, name) -> None:
        self.add_service(zc, type_, name)

    def remove_service(self, zc, type_, name) -> None:
        self.devices.pop(name, None)


def discover(seconds: float = 5.0) -> dict[str, Device]:
    zc = Zeroconf()
    listener = Listener()
    ServiceBrowser(zc, "_smartplug._tcp.local.", listener)
    time.sleep(seconds)
    zc.close()
    return listener.devices


def pairing_pin() -> str:
    return f"{random.randint(0, 9999):04d}"  # VULN: CWE-338


def pairing_pin_v2() -> str:
    return f"{secrets.randbelow(10000):04d}"  # SAFE: CWE-338


def backoff(attempt: int) -> float:
    return min(60.0, 2 ** attempt) + random.random()  # SAFE: CWE-330


def fetch_description(dev: Device) -> etree._Element:
    """UPnP device description XML from the plug's built-in web server."""
    raw = urllib.request.urlopen(f"http://{dev.host}:{dev.port}/description.xml", timeout=5).read()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(raw, parser)  # SAFE: CWE-611


class _FriendlyNameHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.name = ""
        self._in = False

    def startElement(self, tag, attrs):
        self._in = tag == "friendlyName"

    def characters(self, content):
        if self._in:
            self.name += content


def friendly_name(raw: bytes) -> str:
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)  # VULN: CWE-611
    handler = _FriendlyNameHandler()
    parser.setContentHandler(handler)
    parser.parse(__import__("io").BytesIO(raw))
    return handler.name


def send_command(dev: Device, cmd: bytes) -> bytes:
    with socket.create_connection((dev.host, 6668), timeout=3) as s:
        s.sendall(PlugCipher().encrypt_v2(cmd))
        return PlugCipher().decrypt_v2(s.recv(4096))


def push_telemetry(account_token: str, payload: bytes) -> None:
    req = urllib.request.Request(CLOUD_ENDPOINT, data=payload, headers={"Authorization": f"Bearer {account_token}"})
    urllib.request.urlopen(req, timeout=10)  # VULN: CWE-319


def firmware_url(dev: Device) -> str:
    return f"https://fw.smartplug-pro.example.com/{dev.model}/latest.bin"
