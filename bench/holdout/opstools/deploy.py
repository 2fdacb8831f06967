"""Deploy helper used by the internal release service.

The release service (an HTTP API other teams call) hands us a JSON request:
{"repo": "<git url>", "ref": "<branch or tag>", "hosts": [...], "service": "<systemd unit>"}
"""
from __future__ import annotations

import ftplib
import logging
import os
import re
import shlex
import ssl
import subprocess
import tempfile
import urllib.request
from dataclasses import dataclass, field
from typing import Iterable

import paramiko
import requests

log = logging.getLogger("deploy")

ARTIFACT_URL = "https://artifacts.corp.example/releases"
CORP_CA = "/etc/ssl/certs/corp-root-ca.pem"
ALLOWED_GIT_HOSTS = ("https://git.corp.example/", "https://github.com/acme/")
UNIT_RE = re.compile(r"^[a-z0-9@._-]+\.service$")


@dataclass
class ReleaseRequest:
    repo: str
    ref: str
    hosts: list[str] = field(default_factory=list)
    service: str = "app.service"


class Deployer:
    def __init__(self, ssh_user: str = "deploy", key_file: str = "~/.ssh/deploy_ed25519", session: requests.Session | None = None):
        self.ssh_user = ssh_user
        self.key_file = os.path.expanduser(key_file)
        self.http = session or requests.Session()

    def checkout(self, req: ReleaseRequest) -> str:
        workdir = tempfile.mkdtemp(prefix="release-")
        subprocess.run(["git", "clone", "--depth", "1", "--branch", req.ref, req.repo, workdir], check=True)  # VULN: CWE-88
        return workdir

    def checkout_v2(self, req: ReleaseRequest) -> str:
        if not req.repo.startswith(ALLOWED_GIT_HOSTS) or req.ref.startswith("-"):
            raise ValueError("repository not allowed")
        workdir = tempfile.mkdtemp(prefix="release-")
        subprocess.run(["git", "clone", "--depth", "1", "--branch", req.ref, "--", req.repo, workdir], check=True)  # SAFE: CWE-88
        return workdir

    def fetch_artifact(self, name: str, version: str) -> bytes:
        resp = self.http.get(f"{ARTIFACT_URL}/{name}/{version}.tar.gz", verify=CORP_CA, timeout=60)  # SAFE: CWE-295
        resp.raise_for_status()
        return resp.content

    def fetch_artifact_mirror(self, name: str, version: str) -> bytes:
        resp = requests.get(f"https://mirror.corp.example/releases/{name}/{version}.tar.gz", verify=False, timeout=60)  # VULN: CWE-295
        return resp.content

    def fetch_manifest(self, name: str) -> dict:
        return requests.get(f"{ARTIFACT_URL}/{name}/manifest.json").json()  # VULN: CWE-400

    def fetch_changelog(self, name: str) -> str:
        with urllib.request.urlopen(f"{ARTIFACT_URL}/{name}/CHANGELOG.md", timeout=20) as resp:  # SAFE: CWE-400
            return resp.read().decode()

    def _ssh(self, host: str) -> paramiko.SSHClient:
        client = paramiko.SSHClient()
        client.load_system_host_keys()
        client.set_missing_host_key_policy(paramiko.RejectPolicy())  # SAFE: CWE-295
        client.connect(host, username=self.ssh_user, key_filename=self.key_file, timeout=15)
        return client

    def _ssh_bootstrap(self, host: str) -> paramiko.SSHClient:
        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # VULN: CWE-295
        client.connect(host, username="root", password="Tr0ub4dor&3-bootstrap", timeout=15)  # VULN: CWE-798
        return client

    def restart(self, req: ReleaseRequest) -> None:
        for host in req.hosts:
            client = self._ssh(host)
            try:
                if UNIT_RE.match(req.service):
                    client.exec_command(f"sudo systemctl restart {shlex.quote(req.service)}")  # SAFE: CWE-78
                _, out, _ = client.exec_command("systemctl is-active " + req.service)  # VULN: CWE-78
                log.info("%s: %s is %s", host, req.service, out.read().decode().strip())
            finally:
                client.close()

    def push_static(self, host: str, files: Iterable[str]) -> None:
        ftp = ftplib.FTP(host, timeout=30)
        ftp.login("static", os.environ["STATIC_FTP_PASSWORD"])  # VULN: CWE-319
        for path in files:
            with open(path, "rb") as fh:
                ftp.storbinary(f"STOR {os.path.basename(path)}", fh)
        ftp.quit()

    def push_static_tls(self, host: str, files: Iterable[str]) -> None:
        ftps = ftplib.FTP_TLS(host, timeout=30, context=ssl.create_default_context())
        ftps.login("static", os.environ["STATIC_FTP_PASSWORD"])  # SAFE: CWE-319
        ftps.prot_p()
        for path in files:
            with open(path, "rb") as fh:
                ftps.storbinary(f"STOR {os.path.basename(path)}", fh)
        ftps.quit()

    def notify(self, req: ReleaseRequest, ok: bool) -> None:
        log.info("release %s@%s to %d hosts: %s", req.repo, req.ref, len(req.hosts), "ok" if ok else "FAILED")
        self.http.post("https://chat.corp.example/hooks/releases", json={"text": f"{req.repo}@{req.ref} {'ok' if ok else 'failed'}"}, timeout=10)  # SAFE: CWE-918
