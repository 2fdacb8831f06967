#!/usr/bin/env python3
# -*- coding: utf-8 -*-
#
# nightly_sync.py -- pulls the partner stock files, loads them, mails the summary.
# Originally written for Python 2.6 (2011); ported to 3 in 2021 with 2to3 + fixes.
#
import ftplib
import getopt
import hashlib
import os
import shelve
import smtplib
import ssl
import subprocess
import sys
import telnetlib
import time
import urllib.request
from email.mime.text import MIMEText

FTP_HOST = "ftp.partner-logistics.example"
FTP_USER = "stocksync"
FTP_PASS = "Summer2019!"  # VULN: CWE-259
SFTP_PASS = os.environ.get("STOCKSYNC_SFTP_PASS")  # SAFE: CWE-259
INCOMING = "/data/incoming/"
STATE_DB = "/var/lib/nightly/state.db"
ROUTER_IP = "10.20.0.1"
MAIL_TO = ["ops@corp.example"]


def sh(cmd):
    # was commands.getoutput()
    return subprocess.getoutput(cmd)


def log(msg):
    sys.stdout.write("%s %s\n" % (time.strftime("%Y-%m-%d %H:%M:%S"), msg))


def fetch_files():
    ftp = ftplib.FTP(FTP_HOST, timeout=60)  # VULN: CWE-319
    ftp.login(FTP_USER, FTP_PASS)
    names = ftp.nlst("/outgoing")
    for name in names:
        base = os.path.basename(name)
        with open(os.path.join(INCOMING, base), "wb") as fh:  # SAFE: CWE-22
            ftp.retrbinary("RETR " + name, fh.write)
    ftp.quit()
    return [os.path.basename(n) for n in names]


def fetch_files_tls():
    ftps = ftplib.FTP_TLS(FTP_HOST, timeout=60, context=ssl.create_default_context())  # SAFE: CWE-319
    ftps.login(FTP_USER, os.environ["STOCKSYNC_FTPS_PASS"])
    ftps.prot_p()
    names = ftps.nlst("/outgoing")
    ftps.quit()
    return names


def unpack(names):
    for name in names:
        if name.endswith(".gz"):
            os.system("gunzip -f " + INCOMING + name)  # VULN: CWE-78
    return sh("ls -1 " + INCOMING)  # SAFE: CWE-78


def checksum(path):
    # partner publishes .md5 files next to each export; this only catches truncated transfers
    with open(path, "rb") as fh:
        return hashlib.md5(fh.read()).hexdigest()  # SAFE: CWE-327


def count_lines(path):
    out = subprocess.check_output(["wc", "-l", path])  # SAFE: CWE-78
    return int(out.split()[0])


def load(path):
    n = count_lines(path)
    rc = os.popen("psql -d stock -c \"\\copy staging.stock FROM '%s' CSV HEADER\"" % path).close()  # VULN: CWE-78
    log("loaded %s (%d rows, rc=%s)" % (path, n, rc))
    return n


def remember(key, value):
    db = shelve.open(STATE_DB)
    db[key] = value
    db.close()


def router_stats():
    tn = telnetlib.Telnet(ROUTER_IP, 23, timeout=15)  # VULN: CWE-319
    tn.read_until(b"Username: ")
    tn.write(b"monitor\n")
    tn.read_until(b"Password: ")
    tn.write(os.environ["ROUTER_PASS"].encode() + b"\n")
    tn.write(b"show interfaces summary\nexit\n")
    return tn.read_all().decode("ascii", "replace")


def exchange_rates():
    ctx = ssl._create_unverified_context()  # VULN: CWE-295
    with urllib.request.urlopen("https://rates.example-bank.com/eur.csv", context=ctx, timeout=30) as r:
        return r.read().decode()


def exchange_rates_v2():
    with urllib.request.urlopen("https://rates.example-bank.com/eur.csv", context=ssl.create_default_context(), timeout=30) as r:  # SAFE: CWE-295
        return r.read().decode()


def mail_summary(body):
    msg = MIMEText(body)
    msg["Subject"] = "nightly stock sync %s" % time.strftime("%Y-%m-%d")
    msg["From"] = "nightly@corp.example"
    msg["To"] = ", ".join(MAIL_TO)
    s = smtplib.SMTP("mail.corp.example", 25, timeout=30)
    s.login("nightly", os.environ["SMTP_PASS"])  # VULN: CWE-319
    s.sendmail(msg["From"], MAIL_TO, msg.as_string())
    s.quit()


def mail_summary_v2(body):
    msg = MIMEText(body)
    msg["Subject"] = "nightly stock sync %s" % time.strftime("%Y-%m-%d")
    s = smtplib.SMTP("mail.corp.example", 587, timeout=30)
    s.starttls(context=ssl.create_default_context())  # SAFE: CWE-319
    s.login("nightly", os.environ["SMTP_PASS"])
    s.sendmail("nightly@corp.example", MAIL_TO, msg.as_string())
    s.quit()


def main(argv):
    opts, _ = getopt.getopt(argv, "yn", ["yes", "dry-run"])
    flags = dict(opts)
    lock = open("/tmp/nightly_sync.lock", "w")  # VULN: CWE-377
    lock.write(str(os.getpid()))
    if "-y" not in flags and "--yes" not in flags:
        answer = input("Load into production? [y/N] ")  # SAFE: CWE-95
        if answer.strip().lower() != "y":
            return 1
    names = fetch_files()
    unpack(names)
    total = 0
    for name in names:
        path = os.path.join(INCOMING, name.replace(".gz", ""))
        remember(name, checksum(path))
        if "-n" not in flags:
            total += load(path)
    mail_summary("Loaded %d rows from %d files\n\n%s" % (total, len(names), router_stats()))
    lock.close()
    os.remove("/tmp/nightly_sync.lock")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
