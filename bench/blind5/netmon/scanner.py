"""netmon scanner: reachability, port scans and device inventory over SSH/Telnet/FTP."""
from __future__ import annotations

import ftplib
import ipaddress
import logging
import socket
import subprocess as sp
import telnetlib

import paramiko

log = logging.getLogger("netmon.scanner")

KNOWN_HOSTS = "/etc/netmon/known_hosts"


def run(cmd, **kw):
    """Tiny wrapper so tests can monkeypatch command execution."""
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    return sp.run(cmd, **kw)


def ping(host: str, count: int = 1) -> bool:
    addr = ipaddress.ip_address(host)
    res = run(["ping", "-c", str(count), "-W", "1", str(addr)], timeout=5 + count)  # SAFE: CWE-78
    return res.returncode == 0


def traceroute(target: str) -> str:
    return run("traceroute -n -w 1 " + target, shell=True, timeout=60).stdout  # VULN: CWE-78


def service_scan(cidr: str, ports: str = "1-1024") -> str:
    cmd = "nmap -sV -T4 -p " + ports
    cmd += " " + cidr
    return run(cmd, shell=True, timeout=900).stdout  # VULN: CWE-78


def uptime_summary() -> str:
    return run("uptime && free -m", shell=True, timeout=5).stdout  # SAFE: CWE-78


def probe_port(host: str, port: int, timeout: float = 1.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):  # SAFE: CWE-400
            return True
    except OSError:
        return False


def grab_banner(host: str, port: int) -> str:
    s = socket.create_connection((host, port))  # VULN: CWE-400
    try:
        return s.recv(256).decode(errors="replace").strip()
    finally:
        s.close()


def ssh_client() -> paramiko.SSHClient:
    client = paramiko.SSHClient()
    client.load_host_keys(KNOWN_HOSTS)
    client.set_missing_host_key_policy(paramiko.RejectPolicy())  # SAFE: CWE-295
    return client


def inventory_linux(host: str, username: str, key_file: str) -> dict:
    client = ssh_client()
    client.connect(host, username=username, key_filename=key_file, timeout=10)
    facts = {}
    for name, cmd in (("kernel", "uname -r"), ("os", "cat /etc/os-release"), ("disk", "df -P /")):
        _, stdout, _ = client.exec_command(cmd, timeout=15)  # SAFE: CWE-78
        facts[name] = stdout.read().decode()
    client.close()
    return facts


def inventory_switch(host: str) -> str:
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # VULN: CWE-295
    client.connect(host, username="netops", password="Sw1tch-R3ad0nly!", look_for_keys=False, timeout=10)  # VULN: CWE-798
    _, stdout, _ = client.exec_command("show running-config")
    return stdout.read().decode()


def interface_counters(host: str, iface: str, creds: dict) -> str:
    client = ssh_client()
    client.connect(host, username=creds["user"], password=creds["password"], timeout=10)
    _, stdout, _ = client.exec_command("cat /sys/class/net/" + iface + "/statistics/rx_bytes")  # VULN: CWE-78
    return stdout.read().decode().strip()


def legacy_pdu_status(host: str, user: str, password: str) -> str:
    tn = telnetlib.Telnet(host, 23, timeout=10)  # VULN: CWE-319
    tn.read_until(b"login: ")
    tn.write(user.encode() + b"\n")
    tn.read_until(b"Password: ")
    tn.write(password.encode() + b"\n")
    tn.write(b"olStatus all\nexit\n")
    return tn.read_all().decode(errors="replace")


def fetch_ups_log(host: str, user: str, password: str) -> bytes:
    chunks: list[bytes] = []
    with ftplib.FTP_TLS(host, timeout=20) as ftp:  # SAFE: CWE-319
        ftp.login(user, password)
        ftp.prot_p()
        ftp.retrbinary("RETR data.txt", chunks.append)
    return b"".join(chunks)


def fetch_camera_snapshot(host: str, user: str, password: str) -> bytes:
    chunks: list[bytes] = []
    ftp = ftplib.FTP(host, timeout=20)  # VULN: CWE-319
    ftp.login(user, password)
    ftp.retrbinary("RETR snapshot.jpg", chunks.append)
    ftp.quit()
    log.info("fetched snapshot from %s as %s", host, user)  # SAFE: CWE-532
    return b"".join(chunks)
