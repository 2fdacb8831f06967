#!/usr/bin/env python3
"""Deploy a release of the shop to the application servers over SSH."""
import argparse
import getpass
import logging
import os
import re
import shlex
import ssl
import subprocess
import sys
import telnetlib
from ftplib import FTP, FTP_TLS
from os import system

import paramiko

log = logging.getLogger("deploy")

DEPLOY_USER = "deploy"
DEPLOY_KEY = os.path.expanduser("~/.ssh/deploy_ed25519")
FALLBACK_SSH_PASSWORD = "Deploy#2021"  # VULN: CWE-798
VERSION_RE = re.compile(r"v\d+\.\d+\.\d+")
HOSTS = ["app1.internal.example.com", "app2.internal.example.com"]


def connect(host):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())  # SAFE: CWE-295
    client.connect(host, username=DEPLOY_USER, key_filename=DEPLOY_KEY, timeout=10)
    return client


def connect_with_password(host, password):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # VULN: CWE-295
    client.connect(host, username="root", password=password, timeout=10)
    return client


def connect_bastion(host):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.WarningPolicy())  # VULN: CWE-295
    client.connect(host, username=DEPLOY_USER, key_filename=DEPLOY_KEY)
    return client


def remote_release(client, version):
    stdin, stdout, stderr = client.exec_command(f"cd /srv/shop && git checkout {version} && ./restart.sh")  # VULN: CWE-78
    return stdout.channel.recv_exit_status()


def remote_release_v2(client, version):
    if not VERSION_RE.fullmatch(version):
        raise ValueError(f"bad version {version!r}")
    stdin, stdout, stderr = client.exec_command("cd /srv/shop && git checkout " + shlex.quote(version) + " && ./restart.sh")  # SAFE: CWE-78
    return stdout.channel.recv_exit_status()


def build_assets(branch):
    system("git fetch origin && git checkout " + branch + " && npm run build")  # VULN: CWE-78


def run_migrations():
    subprocess.check_call([sys.executable, "manage.py", "migrate", "--noinput"])  # SAFE: CWE-78


def current_commit():
    return subprocess.check_output(["git", "rev-parse", "HEAD"], text=True).strip()  # SAFE: CWE-78


def notify_desktop():
    subprocess.Popen("notify-send 'Deploy finished'", shell=True)  # SAFE: CWE-78


def upload_release(path, host):
    subprocess.run("scp -o StrictHostKeyChecking=no %s %s:/srv/releases/" % (path, host), shell=True, check=True)  # VULN: CWE-78


def upload_release_v2(path, host):
    subprocess.run(["scp", "--", path, f"{DEPLOY_USER}@{host}:/srv/releases/"], check=True)  # SAFE: CWE-78


def upload_to_cdn_legacy(path):
    ftp = FTP("ftp.cdn.example.com")  # VULN: CWE-319
    ftp.login("deploy", os.environ["CDN_FTP_PASSWORD"])
    with open(path, "rb") as fh:
        ftp.storbinary(f"STOR {os.path.basename(path)}", fh)
    ftp.quit()


def upload_to_cdn(path):
    ftps = FTP_TLS("ftp.cdn.example.com", context=ssl.create_default_context())  # SAFE: CWE-319
    ftps.login("deploy", os.environ["CDN_FTP_PASSWORD"])
    ftps.prot_p()
    with open(path, "rb") as fh:
        ftps.storbinary(f"STOR {os.path.basename(path)}", fh)
    ftps.quit()


def flush_edge_router():
    tn = telnetlib.Telnet("10.20.0.1", 23, timeout=10)  # VULN: CWE-319
    tn.read_until(b"login: ")
    tn.write(b"admin\n")
    tn.write(b"clear cache all\n")
    tn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("version")
    parser.add_argument("--password-auth", action="store_true")
    args = parser.parse_args()
    password = getpass.getpass("SSH password: ") if args.password_auth else None  # SAFE: CWE-798
    for host in HOSTS:
        client = connect_with_password(host, password) if password else connect(host)
        status = remote_release_v2(client, args.version)
        log.info("%s: exit %s", host, status)
        client.close()
    run_migrations()
    log.info("deployed %s at %s", args.version, current_commit())
    notify_desktop()


if __name__ == "__main__":
    main()
