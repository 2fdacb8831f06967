#!/usr/bin/env python3
"""Nightly database backups, restores requested through the ops portal, and log rotation."""
import argparse
import datetime
import glob
import gzip
import hashlib
import logging
import os
import shutil
import subprocess
import tarfile
import tempfile
import zipfile

import boto3
import psycopg2

log = logging.getLogger("backup")

BACKUP_BUCKET = "acme-db-backups"
LOG_DIR = "/var/log/acme"
s3 = boto3.client("s3", region_name="eu-central-1", aws_access_key_id="AKIAZ4Q7N2XK5M3PLW8R", aws_secret_access_key="q8Jf2LmX9vR4tN7bK1pZ6wC3yH0sD5gA2eU8iO4k")  # VULN: CWE-798
s3_default = boto3.client("s3", region_name="eu-central-1")  # SAFE: CWE-798


def pg_conn(dsn_host: str):
    return psycopg2.connect(host=dsn_host, dbname="postgres", user="backup", password=os.environ["PGPASSWORD"], sslmode="require", connect_timeout=10)  # SAFE: CWE-259


def pg_conn_legacy(dsn_host: str):
    return psycopg2.connect(host=dsn_host, dbname="postgres", user="backup", password="Bkp#2019!acme", sslmode="disable")  # VULN: CWE-798


def list_databases(host: str) -> list[str]:
    with pg_conn(host) as conn, conn.cursor() as cur:
        cur.execute("SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> %s", ("postgres",))  # SAFE: CWE-89
        return [r[0] for r in cur.fetchall()]


def dump(host: str, db: str, outdir: str) -> str:
    out = os.path.join(outdir, f"{db}-{datetime.date.today():%Y%m%d}.dump")
    subprocess.run(["pg_dump", "-h", host, "-U", "backup", "-Fc", "-f", out, db], check=True)  # SAFE: CWE-78
    with open(out, "rb") as fh:
        checksum = hashlib.md5(fh.read()).hexdigest()  # SAFE: CWE-328
    s3.upload_file(out, BACKUP_BUCKET, f"{host}/{os.path.basename(out)}", ExtraArgs={"Metadata": {"md5": checksum}})
    return out


def restore(job: dict) -> None:
    """job comes from the ops-portal queue: {"host": ..., "db": ..., "dump_file": ...}"""
    local = os.path.join(tempfile.gettempdir(), os.path.basename(job["dump_file"]))
    s3.download_file(BACKUP_BUCKET, job["dump_file"], local)
    subprocess.run(f"pg_restore -h {job['host']} -U backup --clean -d {job['db']} {local}", shell=True, check=True)  # VULN: CWE-78
    log.info("restored %s into %s/%s", job["dump_file"], job["host"], job["db"])


def unpack_bundle(bundle: str, dest: str) -> None:
    if bundle.endswith(".zip"):
        with zipfile.ZipFile(bundle) as zf:
            zf.extractall(dest)  # SAFE: CWE-22
    else:
        with tarfile.open(bundle, "r:*") as tf:
            tf.extractall(dest, members=[m for m in tf.getmembers() if not m.name.startswith("/")])  # VULN: CWE-22


def rotate_logs(keep: int = 14) -> None:
    os.makedirs(LOG_DIR, mode=0o750, exist_ok=True)  # SAFE: CWE-732
    for path in glob.glob(os.path.join(LOG_DIR, "*.log")):
        if os.path.getsize(path) < 50 * 1024 * 1024:
            continue
        rotated = f"{path}.{datetime.datetime.now():%Y%m%d%H%M}.gz"
        with open(path, "rb") as src, gzip.open(rotated, "wb") as dst:
            shutil.copyfileobj(src, dst)
        open(path, "w").close()
        os.chmod(path, 0o666)  # VULN: CWE-732
    old = sorted(glob.glob(os.path.join(LOG_DIR, "*.gz")))[:-keep]
    for path in old:
        os.remove(path)


def lock() -> int:
    lock_path = "/tmp/acme-backup.lock"  # VULN: CWE-377
    fd = os.open(lock_path, os.O_CREAT | os.O_WRONLY)
    os.write(fd, str(os.getpid()).encode())
    return fd


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", required=True)
    ap.add_argument("--rotate", action="store_true")
    args = ap.parse_args()
    lock()
    if args.rotate:
        rotate_logs()
        return
    with tempfile.TemporaryDirectory(prefix="pgdump-") as outdir:  # SAFE: CWE-377
        for db in list_databases(args.host):
            dump(args.host, db, outdir)


if __name__ == "__main__":
    main()
