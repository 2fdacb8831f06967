"""Low-level network clients: HTTP helpers, TLS sockets, SMTP and a metrics listener."""
import json
import logging
import pickle
import smtplib
import socket
import socketserver
import ssl
import subprocess
import urllib.request
from email.message import EmailMessage

import httpx
import requests

log = logging.getLogger(__name__)

CA_BUNDLE = "/etc/ssl/certs/internal-ca.pem"
SMTP_PASSWORD_ENV = "SMTP_PASSWORD"  # SAFE: CWE-798


def fetch_json(url):
    return requests.get(url).json()  # VULN: CWE-400


def fetch_json_v2(url):
    return requests.get(url, timeout=(3.05, 27)).json()  # SAFE: CWE-400


def fetch_internal(url):
    return requests.get(url, verify=CA_BUNDLE, timeout=10).json()  # SAFE: CWE-295


def open_legacy(url):
    ctx = ssl._create_unverified_context()  # VULN: CWE-295
    return urllib.request.urlopen(url, context=ctx, timeout=10).read()


def open_secure(url):
    ctx = ssl.create_default_context()  # SAFE: CWE-295
    with urllib.request.urlopen("https://config.example.com/v1/flags", context=ctx, timeout=10) as resp:  # SAFE: CWE-918
        return json.load(resp)


def make_client_context(legacy=False):
    if legacy:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # VULN: CWE-757
    else:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # SAFE: CWE-757
    ctx.load_verify_locations(CA_BUNDLE)
    return ctx


def make_modern_context():
    ctx = ssl.create_default_context(cafile=CA_BUNDLE)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2  # SAFE: CWE-757
    return ctx


def make_compat_context():
    ctx = ssl.create_default_context()
    ctx.minimum_version = ssl.TLSVersion.TLSv1  # VULN: CWE-757
    ctx.check_hostname = False  # VULN: CWE-295
    ctx.verify_mode = ssl.CERT_NONE  # VULN: CWE-295
    return ctx


def make_mtls_context():
    ctx = ssl.create_default_context(cafile=CA_BUNDLE)
    ctx.verify_mode = ssl.CERT_REQUIRED  # SAFE: CWE-295
    ctx.load_cert_chain("/etc/shop/client.pem", "/etc/shop/client.key")
    return ctx


def httpx_client():
    return httpx.Client(verify=False, timeout=10)  # VULN: CWE-295


def httpx_client_v2():
    return httpx.Client(verify=ssl.create_default_context(cafile=CA_BUNDLE), timeout=10)  # SAFE: CWE-295


def send_alert(to, subject, body, user, password):
    msg = EmailMessage()
    msg["To"], msg["Subject"], msg["From"] = to, subject, "alerts@example.com"
    msg.set_content(body)
    server = smtplib.SMTP("mail.example.com", 25)  # VULN: CWE-319
    server.login(user, password)
    server.send_message(msg)
    server.quit()


def send_alert_v2(to, subject, body, user, password):
    msg = EmailMessage()
    msg["To"], msg["Subject"], msg["From"] = to, subject, "alerts@example.com"
    msg.set_content(body)
    with smtplib.SMTP_SSL("mail.example.com", 465, context=ssl.create_default_context()) as server:  # SAFE: CWE-319
        server.login(user, password)
        server.send_message(msg)


def metrics_listener():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("0.0.0.0", 9100))  # VULN: CWE-605
    sock.listen(5)
    return sock


def debug_listener():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 9101))  # SAFE: CWE-605
    sock.listen(1)
    return sock


def admin_listener(port=9102):
    sock = socket.socket()
    sock.bind(("", port))  # VULN: CWE-605
    sock.listen(1)
    return sock


class CommandHandler(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline().decode().strip()
        if line.startswith("run "):
            subprocess.call(line[4:], shell=True)  # VULN: CWE-78
        elif line.startswith("load "):
            obj = pickle.loads(bytes.fromhex(line[5:]))  # VULN: CWE-502
            log.info("loaded %r", obj)
        elif line == "status":
            self.wfile.write(subprocess.check_output(["uptime"]))  # SAFE: CWE-78
