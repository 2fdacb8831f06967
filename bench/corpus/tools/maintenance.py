#!/usr/bin/env python3
"""Cron maintenance: log compression, user import, cache cleanup and health checks."""
import csv
import logging
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from subprocess import Popen, call

import requests

LOG_DIR = "/var/log/shop"
CACHE_DIR = "/var/cache/shop"
log = logging.getLogger("maintenance")


def compress_logs(days: int):
    call("find %s -name '*.log' -mtime +%d -exec gzip {} \\;" % (LOG_DIR, int(days)), shell=True)  # SAFE: CWE-78


def import_users(csv_path):
    with open(csv_path, newline="") as fh:
        for row in csv.DictReader(fh):
            Popen("useradd -m -c '%s' %s" % (row["name"], row["login"]), shell=True).wait()  # VULN: CWE-78


def import_users_v2(csv_path):
    with open(csv_path, newline="") as fh:
        for row in csv.DictReader(fh):
            subprocess.run(["useradd", "-m", "-c", row["name"], "--", row["login"]], check=True)  # SAFE: CWE-78


def purge_cache(subdir):
    subprocess.call("rm -rf " + os.path.join(CACHE_DIR, subdir), shell=True)  # VULN: CWE-78


def purge_cache_v2(subdir):
    target = os.path.realpath(os.path.join(CACHE_DIR, subdir))
    if os.path.commonpath([CACHE_DIR, target]) == CACHE_DIR:
        shutil.rmtree(target, ignore_errors=True)  # SAFE: CWE-22


def with_jitter(fn, attempts=5):
    for attempt in range(attempts):
        try:
            return fn()
        except requests.RequestException:
            time.sleep(2 ** attempt + random.random())  # SAFE: CWE-338
    raise RuntimeError("gave up")


def healthcheck():
    resp = requests.head("https://shop.example.com/healthz", timeout=5)  # SAFE: CWE-400
    return resp.status_code == 200


def healthcheck_internal():
    resp = requests.get("http://10.0.3.15:8080/healthz")  # VULN: CWE-400
    return resp.ok


def write_report(lines):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:  # SAFE: CWE-377
        fh.write("\n".join(lines))
    return fh.name


def write_report_legacy(lines):
    path = "/tmp/maintenance-report.txt"  # VULN: CWE-377
    with open(path, "w") as fh:
        fh.write("\n".join(lines))
    return path


def disk_report():
    out = subprocess.run(["df", "-h"], capture_output=True, text=True, check=True).stdout  # SAFE: CWE-78
    return out


def run_user_hook(hook):
    log.info("running hook %s", hook)
    return subprocess.run(hook, shell=True, check=False).returncode


def main():
    logging.basicConfig(level=logging.INFO)
    compress_logs(7)
    if len(sys.argv) > 1:
        import_users_v2(sys.argv[1])
    if not with_jitter(healthcheck):
        log.error("health check failed")
        return 1
    for hook in sys.argv[2:]:
        run_user_hook(hook)
    return 0


if __name__ == "__main__":
    sys.exit(main())
