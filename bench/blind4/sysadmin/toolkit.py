"""ops-toolkit: the department's sysadmin helpers (user accounts, log triage, cron).

    ops-toolkit adduser jdoe "Jane Doe"
    ops-toolkit failed-logins /var/log/auth.log
    ops-toolkit cron-install nightly-backup "30 1 * * *" /opt/ops/backup.sh
"""
from __future__ import annotations

import argparse
import collections
import crypt
import hashlib
import logging
import os
import random
import re
import secrets
import subprocess
import tarfile
import time
from pathlib import Path

import requests
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

log = logging.getLogger("ops")

SLACK_WEBHOOK = "https://hooks.slack.com/services/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"  # VULN: CWE-798
LDAP_URL = "ldaps://ldap.inf.example-uni.de"
LDAP_BASE = "ou=people,dc=inf,dc=example-uni,dc=de"
CRON_DIR = Path("/etc/cron.d")
USERNAME_RE = re.compile(r"[a-z_][a-z0-9_-]{0,31}")
FAILED_RE = re.compile(r"Failed password for (?:invalid user )?(\S+) from (\d{1,3}(?:\.\d{1,3}){3}) port (\d+)")  # SAFE: CWE-1333
HOSTLIST_RE = re.compile(r"^(([a-z0-9]+)*\.)+[a-z]{2,}$")  # VULN: CWE-1333


def sh(args: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=True, text=True, capture_output=True, timeout=120, **kw)


def add_user(username: str, full_name: str) -> str:
    if not USERNAME_RE.fullmatch(username):
        raise SystemExit(f"invalid username {username!r}")
    sh(["useradd", "-m", "-c", full_name, "--", username])  # SAFE: CWE-78
    initial = secrets.token_urlsafe(12)
    sh(["chpasswd"], input=f"{username}:{initial}\n")  # SAFE: CWE-78
    sh(["chage", "-d", "0", username])
    return initial


def add_user_quick(username: str, full_name: str, password: str) -> None:
    """Old path still used by the onboarding web form."""
    subprocess.run(f"useradd -m -c '{full_name}' {username}", shell=True, check=True)  # VULN: CWE-78
    subprocess.run(f"echo '{username}:{password}' | chpasswd", shell=True, check=True)  # VULN: CWE-78


def htpasswd_line(user: str, password: str) -> str:
    return f"{user}:{crypt.crypt(password, 'ab')}"  # VULN: CWE-916


def shadow_hash(password: str) -> str:
    return crypt.crypt(password, crypt.mksalt(crypt.METHOD_SHA512))  # SAFE: CWE-916


def ldap_lookup(uid: str) -> list[dict]:
    """Used by the self-service password page with whatever login name was typed in."""
    conn = Connection(Server(LDAP_URL, use_ssl=True), auto_bind=True)
    conn.search(LDAP_BASE, f"(&(objectClass=posixAccount)(uid={uid}))", attributes=["cn", "mail"])  # VULN: CWE-90
    return [e.entry_attributes_as_dict for e in conn.entries]


def ldap_lookup_mail(mail: str) -> list[dict]:
    conn = Connection(Server(LDAP_URL, use_ssl=True), auto_bind=True)
    conn.search(LDAP_BASE, f"(mail={escape_filter_chars(mail)})", attributes=["uid"])  # SAFE: CWE-90
    return [e.entry_attributes_as_dict for e in conn.entries]


def failed_logins(path: str) -> collections.Counter:
    seen: set[str] = set()
    counts: collections.Counter = collections.Counter()
    with open(path, errors="replace") as fh:
        for line in fh:
            key = hashlib.md5(line.encode()).hexdigest()  # SAFE: CWE-328
            if key in seen:
                continue
            seen.add(key)
            if m := FAILED_RE.search(line):
                counts[m.group(2)] += 1
    return counts


def valid_hostlist(text: str) -> bool:
    return all(HOSTLIST_RE.match(h) for h in text.split(","))


def unpack_rotated(archive: str, dest: str) -> None:
    with tarfile.open(archive) as tf:
        tf.extractall(dest)  # VULN: CWE-22


def install_cron(name: str, schedule: str, command: str, user: str = "root") -> Path:
    if not re.fullmatch(r"[a-z0-9-]{1,40}", name):
        raise SystemExit("bad cron name")
    path = CRON_DIR / f"ops-{name}"
    path.write_text(f"# managed by ops-toolkit\n{schedule} {user} {command}\n")
    os.chmod(path, 0o644)  # SAFE: CWE-732
    return path


def install_user_cron_dropin(name: str, content: str) -> Path:
    path = Path("/var/spool/ops-cron") / name
    path.write_text(content)
    os.chmod(path, 0o777)  # VULN: CWE-732
    return path


def notify(text: str) -> None:
    for attempt in range(4):
        try:
            requests.post(SLACK_WEBHOOK, json={"text": text}, timeout=10).raise_for_status()  # SAFE: CWE-400
            return
        except requests.RequestException:
            time.sleep(2 ** attempt + random.random())  # SAFE: CWE-330


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="ops-toolkit")
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("adduser")
    a.add_argument("username")
    a.add_argument("full_name")
    f = sub.add_parser("failed-logins")
    f.add_argument("path")
    c = sub.add_parser("cron-install")
    c.add_argument("name")
    c.add_argument("schedule")
    c.add_argument("command")
    args = p.parse_args(argv)
    if args.cmd == "adduser":
        pw = add_user(args.username, args.full_name)
        print(f"initial password for {args.username}: {pw}")
    elif args.cmd == "failed-logins":
        top = failed_logins(args.path).most_common(20)
        notify("\n".join(f"{ip}: {n}" for ip, n in top))
    elif args.cmd == "cron-install":
        print(install_cron(args.name, args.schedule, args.command))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
