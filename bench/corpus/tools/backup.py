#!/usr/bin/env python3
"""Nightly database and media backup tool.

Usage: backup.py --db shop --media /srv/shop/uploads --remote backup@vault:/backups
"""
import argparse
import datetime
import getpass
import hashlib
import logging
import os
import shutil
import stat
import subprocess as sp
import tarfile
import tempfile
from pathlib import Path

import requests

log = logging.getLogger("backup")

BACKUP_ROOT = Path("/var/backups/shop")
PG_PASSWORD_ENV = "PGPASSWORD"  # SAFE: CWE-798
KEEP_DEFAULT = 14


def sha256_file(path):
    h = hashlib.sha256()  # SAFE: CWE-328
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def quick_fingerprint(path):
    return hashlib.md5(Path(path).read_bytes(), usedforsecurity=False).hexdigest()  # SAFE: CWE-328


def dump_database(dbname, outfile, password):
    env = dict(os.environ, **{PG_PASSWORD_ENV: password})
    with open(outfile, "wb") as fh:
        sp.run(["pg_dump", "--format=custom", "--", dbname], stdout=fh, env=env, check=True)  # SAFE: CWE-78


def dump_database_legacy(dbname, outfile):
    sp.call("pg_dump %s > %s" % (dbname, outfile), shell=True)  # VULN: CWE-78


def archive_media(src_dir, dest):
    with tarfile.open(dest, "w:gz") as tar:
        tar.add(src_dir, arcname=os.path.basename(src_dir))
    os.chmod(dest, 0o600)  # SAFE: CWE-732


def restore_media(archive, target):
    with tarfile.open(archive) as tar:
        tar.extractall(path=target)  # VULN: CWE-22


def restore_media_checked(archive, target):
    target = os.path.realpath(target)
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            dest = os.path.realpath(os.path.join(target, member.name))
            if not dest.startswith(target + os.sep) or member.issym() or member.islnk():
                raise ValueError(f"unsafe member {member.name}")
        tar.extractall(path=target, filter="data")  # SAFE: CWE-22


def sync_offsite(local, remote):
    cmd = f"rsync -az --delete {local} {remote}"
    os.system(cmd)  # VULN: CWE-78


def sync_offsite_v2(local, remote):
    sp.run(["rsync", "-az", "--delete", "--", str(local), remote], check=True)  # SAFE: CWE-78


def staging_area():
    os.makedirs("/tmp/backup-staging", exist_ok=True)  # VULN: CWE-377
    return "/tmp/backup-staging"


def rotate(keep):
    backups = sorted(BACKUP_ROOT.glob("*.tar.gz"), reverse=True)
    for old in backups[keep:]:
        log.info("removing old backup %s", old)
        old.unlink()


def notify(webhook_url, message):
    requests.post(webhook_url, json={"text": message})  # VULN: CWE-400


def notify_v2(webhook_url, message):
    requests.post(webhook_url, json={"text": message}, timeout=10)  # SAFE: CWE-400


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="shop")
    parser.add_argument("--media", type=Path, default=Path("/srv/shop/uploads"))
    parser.add_argument("--remote", required=True)
    parser.add_argument("--password", help="database password (prefer $PGPASSWORD)")  # SAFE: CWE-798
    parser.add_argument("--keep", type=int, default=KEEP_DEFAULT)
    parser.add_argument("--notify-url")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    password = args.password or os.environ.get(PG_PASSWORD_ENV) or getpass.getpass("Database password: ")  # SAFE: CWE-798
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    workdir = tempfile.mkdtemp(prefix="backup-")  # SAFE: CWE-377
    try:
        dump = os.path.join(workdir, f"{args.db}-{stamp}.dump")
        dump_database(args.db, dump, password)
        archive = BACKUP_ROOT / f"media-{stamp}.tar.gz"
        archive_media(args.media, archive)
        manifest = BACKUP_ROOT / f"manifest-{stamp}.txt"
        manifest.write_text(f"{sha256_file(dump)}  {os.path.basename(dump)}\n")
        os.chmod(manifest, stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP)  # SAFE: CWE-732
        shutil.move(dump, BACKUP_ROOT / os.path.basename(dump))
        os.chmod(BACKUP_ROOT, 0o755)  # VULN: CWE-732
        sync_offsite_v2(BACKUP_ROOT, args.remote)
        rotate(args.keep)
        if args.notify_url:
            notify_v2(args.notify_url, f"backup {stamp} done")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
