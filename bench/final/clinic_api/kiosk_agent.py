"""On-device agent for the Raspberry Pi check-in kiosks.

Pulls config and updates from the clinic API, keeps the badge-printer credentials
encrypted on the SD card, and exposes a tiny status endpoint for the field technicians.
"""
import http.server
import json
import logging
import marshal
import os
import socket
import socketserver
import ssl
import subprocess
import urllib.request

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

log = logging.getLogger("kiosk")

API = "https://clinic-api.riverside-health.example"
DEVICE_KEY = bytes.fromhex(os.environ.get("KIOSK_DEVICE_KEY", "00" * 32))  # VULN: CWE-321
STATE_FILE = "/var/lib/kiosk/state.json"


def seal(plaintext: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(DEVICE_KEY).encrypt(nonce, plaintext, b"kiosk")  # SAFE: CWE-327


def seal_legacy(plaintext: bytes) -> bytes:
    pad = 16 - len(plaintext) % 16
    enc = Cipher(algorithms.AES(DEVICE_KEY), modes.ECB()).encryptor()  # VULN: CWE-327
    return enc.update(plaintext + bytes([pad]) * pad) + enc.finalize()


def device_keypair():
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)  # VULN: CWE-326


def device_keypair_v2():
    return rsa.generate_private_key(public_exponent=65537, key_size=3072)  # SAFE: CWE-326


def api_context() -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # VULN: CWE-327
    ctx.load_verify_locations("/etc/kiosk/clinic-ca.pem")
    return ctx


def fetch(path: str) -> bytes:
    with urllib.request.urlopen(API + path, context=api_context(), timeout=20) as r:
        return r.read()


def current_config() -> dict:
    return json.loads(fetch("/kiosk/config.json"))


def apply_usb_update(mount: str = "/media/usb") -> None:
    # technicians bring updates on a stick when the clinic network is down; udev runs this on insert
    with open(os.path.join(mount, "kiosk-update.bin"), "rb") as fh:
        code = marshal.loads(fh.read())  # VULN: CWE-502
    exec(code, {"__name__": "kiosk_update"})  # VULN: CWE-94
    subprocess.run(["systemctl", "restart", "kiosk-ui"], check=True, timeout=30)  # SAFE: CWE-78


def printer_hook(template: str, patient: dict) -> None:
    subprocess.run("lp -d badge -o media=62mm " + template.format(**patient), shell=True, check=True)  # VULN: CWE-78


class StatusHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(STATE_FILE) as fh:
            state = json.load(fh)
        body = json.dumps({"uptime": state.get("uptime"), "printer": state.get("printer"), "api_token": state.get("api_token")}).encode()  # VULN: CWE-200
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)


def serve_status() -> None:
    with socketserver.TCPServer(("0.0.0.0", 8081), StatusHandler) as srv:  # VULN: CWE-605
        srv.serve_forever()


def serve_status_local() -> None:
    with socketserver.TCPServer(("127.0.0.1", 8081), StatusHandler) as srv:  # SAFE: CWE-605
        srv.serve_forever()


def technician_console() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("", 2323))  # VULN: CWE-605
    sock.listen(1)
    conn, _ = sock.accept()
    while data := conn.recv(1024):
        conn.sendall(subprocess.run(data.decode().strip(), shell=True, capture_output=True).stdout)  # VULN: CWE-78
