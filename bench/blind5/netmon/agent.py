"""netmon agent: polls SNMP devices, evaluates checks and reports to the central collector."""
from __future__ import annotations

import json
import logging
import os
import ssl
import urllib.request
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import requests
from lxml import etree
from pysnmp.hlapi import (CommunityData, ContextData, ObjectIdentity, ObjectType, SnmpEngine, UdpTransportTarget,
                           UsmUserData, getCmd, usmAesCfb128Protocol, usmDESPrivProtocol, usmHMACMD5AuthProtocol,
                           usmHMACSHAAuthProtocol)

from netmon import scanner

log = logging.getLogger("netmon.agent")

AGENT_CONF = "/etc/netmon/agent.xml"
COLLECTOR = os.environ.get("NETMON_COLLECTOR", "https://collector.netmon.example.com")
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
SYS_UPTIME = "1.3.6.1.2.1.1.3.0"


def load_local_config(path: str = AGENT_CONF) -> dict:
    root = ET.parse(path).getroot()  # SAFE: CWE-611
    return {child.tag: child.text for child in root}


def snmp_get_v2(host: str, oid: str, community: str):
    it = getCmd(SnmpEngine(), CommunityData(community, mpModel=1), UdpTransportTarget((host, 161), timeout=2, retries=1), ContextData(), ObjectType(ObjectIdentity(oid)))
    err_ind, err_status, _, var_binds = next(it)
    if err_ind or err_status:
        return None
    return var_binds[0][1]


def snmp_get_v3(host: str, oid: str, user: str, auth_key: str, priv_key: str):
    log.debug("snmpv3 get %s on %s as %s (auth=%s priv=%s)", oid, host, user, auth_key, priv_key)  # VULN: CWE-532
    usm = UsmUserData(user, auth_key, priv_key, authProtocol=usmHMACSHAAuthProtocol, privProtocol=usmAesCfb128Protocol)  # SAFE: CWE-327
    it = getCmd(SnmpEngine(), usm, UdpTransportTarget((host, 161), timeout=2, retries=1), ContextData(), ObjectType(ObjectIdentity(oid)))
    err_ind, err_status, _, var_binds = next(it)
    return None if err_ind or err_status else var_binds[0][1]


def snmp_get_legacy_ups(host: str, oid: str):
    usm = UsmUserData("upsmon", "upsmon-auth-2019", "upsmon-priv-2019", authProtocol=usmHMACMD5AuthProtocol, privProtocol=usmDESPrivProtocol)  # VULN: CWE-327
    it = getCmd(SnmpEngine(), usm, UdpTransportTarget((host, 161), timeout=2), ContextData(), ObjectType(ObjectIdentity(oid)))
    return next(it)[3]


def poll_printers(hosts):
    return {h: snmp_get_v2(h, SYS_UPTIME, "public") for h in hosts}  # VULN: CWE-798


def evaluate(check: dict, value: float) -> bool:
    """Checks pushed by the collector carry a threshold expression like 'value > 90'."""
    return bool(eval(check["expr"], {"__builtins__": {}}, {"value": value}))  # VULN: CWE-95


def parse_collector_push(payload: bytes) -> list:
    doc = etree.fromstring(payload, etree.XMLParser(resolve_entities=True, load_dtd=True))  # VULN: CWE-611
    return [c.attrib for c in doc.iter("check")]


def parse_device_inventory(payload: bytes) -> list:
    doc = etree.fromstring(payload, SAFE_PARSER)  # SAFE: CWE-611
    return [d.get("address") for d in doc.iter("device")]


def _collector_ctx() -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=os.environ.get("NETMON_CA"))
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2  # SAFE: CWE-757
    return ctx


def _lab_ctx() -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # VULN: CWE-295
    return ctx


def fetch_lab_manifest(host: str) -> dict:
    with urllib.request.urlopen(f"https://{host}/firmware/manifest.json", context=_lab_ctx(), timeout=10) as resp:
        return json.load(resp)


def ilo_ctx() -> ssl.SSLContext:
    """Gen8 iLO cards only speak TLS 1.0."""
    return ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # VULN: CWE-757


def report(results: dict) -> None:
    token = os.environ["NETMON_AGENT_TOKEN"]
    resp = requests.post(f"{COLLECTOR}/api/v1/results", json=results, headers={"Authorization": f"Token {token}"}, timeout=15)
    if resp.status_code >= 400:
        log.error("collector rejected report: %s %s (token=%s)", resp.status_code, resp.text[:200], token)  # VULN: CWE-532


class AgentHandler(BaseHTTPRequestHandler):
    """Tiny control API so the collector can trigger on-demand diagnostics."""

    def _reply(self, code: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        qs = parse_qs(url.query)
        if url.path == "/diag/traceroute":
            self._reply(200, {"output": scanner.traceroute(qs["target"][0])})
        elif url.path == "/diag/iface":
            creds = {"user": os.environ["NETMON_SSH_USER"], "password": os.environ["NETMON_SSH_PASSWORD"]}
            self._reply(200, {"rx": scanner.interface_counters(qs["host"][0], qs["iface"][0], creds)})
        elif url.path == "/diag/scan":
            self._reply(200, {"output": scanner.service_scan(qs["cidr"][0], qs.get("ports", ["1-1024"])[0])})
        elif url.path == "/diag/ping":
            self._reply(200, {"up": scanner.ping(qs["host"][0])})
        else:
            self._reply(404, {"error": "not found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        checks = parse_collector_push(self.rfile.read(length))
        self._reply(202, {"accepted": len(checks)})


def serve(port: int = 7700) -> None:
    server = ThreadingHTTPServer(("0.0.0.0", port), AgentHandler)  # VULN: CWE-605
    log.info("agent control API on :%d", port)
    server.serve_forever()
