"""Nightly reconciliation: pull bank statements (camt.053 XML, PGP-encrypted) and the
PSP settlement CSV from SFTP, match them against the ledger, email a report.

Runs from cron on recon01 as the `recon` user:
    15 2 * * *  /opt/recon/venv/bin/python -m fintech.recon_job
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import logging
import os
import smtplib
import ssl
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path

import gnupg
import paramiko
import pysftp
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from lxml import etree

log = logging.getLogger("recon")

SFTP_HOST = "sftp.partnerbank.example"
SFTP_USER = "acme_recon"
SFTP_PASSWORD = "Recon#2024!bank-acme"  # VULN: CWE-259
PSP_HOST = "files.psp.example"
PGP_PASSPHRASE = os.environ["RECON_PGP_PASSPHRASE"]  # SAFE: CWE-259
MANIFEST_KEY = bytes.fromhex(os.environ["RECON_MANIFEST_KEY"])
ARCHIVE_KEY = os.environ.get("RECON_ARCHIVE_KEY", "").encode()
REPORT_TO = ["finance-ops@acme-pay.example"]
NS = {"c": "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"}


@dataclass
class Txn:
    ref: str
    amount: Decimal
    currency: str
    booked: date


def fetch_bank_files(workdir: Path) -> list[Path]:
    cnopts = pysftp.CnOpts()
    cnopts.hostkeys = None  # VULN: CWE-295
    log.info("connecting to %s as %s (pw %s)", SFTP_HOST, SFTP_USER, SFTP_PASSWORD)  # VULN: CWE-532
    out = []
    with pysftp.Connection(SFTP_HOST, username=SFTP_USER, password=SFTP_PASSWORD, cnopts=cnopts) as sftp:
        for name in sftp.listdir("/outbox"):
            if name.endswith(".xml.pgp"):
                local = workdir / os.path.basename(name)
                sftp.get(f"/outbox/{name}", str(local))
                out.append(local)
    return out


def fetch_psp_csv(workdir: Path, day: date) -> Path:
    client = paramiko.SSHClient()
    client.load_host_keys("/opt/recon/known_hosts")
    client.set_missing_host_key_policy(paramiko.RejectPolicy())  # SAFE: CWE-295
    client.connect(PSP_HOST, username="acme", key_filename="/opt/recon/.ssh/id_ed25519", timeout=30)
    log.info("connected to %s as %s", PSP_HOST, "acme")  # SAFE: CWE-532
    sftp = client.open_sftp()
    local = workdir / f"settlement_{day:%Y%m%d}.csv"
    sftp.get(f"/reports/settlement_{day:%Y%m%d}.csv", str(local))
    client.close()
    return local


def decrypt(path: Path) -> bytes:
    gpg = gnupg.GPG(gnupghome="/opt/recon/.gnupg")
    with open(path, "rb") as fh:
        res = gpg.decrypt_file(fh, passphrase=PGP_PASSPHRASE)
    if not res.ok:
        raise RuntimeError(f"decrypt failed: {res.status}")
    return res.data


def parse_camt(xml: bytes) -> list[Txn]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser)  # SAFE: CWE-611
    txns = []
    for ntry in root.iterfind(".//c:Ntry", NS):
        amt = ntry.find("c:Amt", NS)
        txns.append(Txn(ntry.findtext(".//c:EndToEndId", namespaces=NS) or "", Decimal(amt.text), amt.get("Ccy"), date.fromisoformat(ntry.findtext("c:BookgDt/c:Dt", namespaces=NS))))
    return txns


def parse_camt_legacy(path: Path) -> list[Txn]:
    # partner bank #2 still sends camt with a DOCTYPE pointing to their schema server
    tree = etree.parse(str(path), etree.XMLParser(load_dtd=True, no_network=False))  # VULN: CWE-611
    return [Txn(e.get("ref"), Decimal(e.get("amount")), e.get("ccy"), date.today()) for e in tree.getroot()]


def parse_settlement(path: Path) -> list[Txn]:
    with open(path, newline="") as fh:
        return [Txn(r["reference"], Decimal(r["net_amount"]), r["currency"], date.fromisoformat(r["settled_on"])) for r in csv.DictReader(fh)]


def verify_manifest(data: bytes, signature_hex: str) -> bool:
    mac = hmac.new(MANIFEST_KEY, data, hashlib.sha256).hexdigest()  # SAFE: CWE-328
    return hmac.compare_digest(mac, signature_hex)  # SAFE: CWE-208


def verify_manifest_psp(data: bytes, signature_hex: str) -> bool:
    mac = hmac.new(MANIFEST_KEY, data, hashlib.sha256).hexdigest()
    return mac == signature_hex  # VULN: CWE-208


def file_fingerprint(path: Path) -> str:
    # dedupe key for the "already processed" table; collisions would only re-run a file
    return hashlib.sha1(path.read_bytes()).hexdigest()  # SAFE: CWE-328


def archive_encrypt(data: bytes) -> bytes:
    enc = Cipher(algorithms.AES(ARCHIVE_KEY), modes.ECB()).encryptor()  # VULN: CWE-327
    pad = 16 - len(data) % 16
    return enc.update(data + bytes([pad]) * pad) + enc.finalize()


def archive_encrypt_v2(data: bytes) -> bytes:
    iv = os.urandom(16)
    enc = Cipher(algorithms.AES(ARCHIVE_KEY), modes.CTR(iv)).encryptor()  # SAFE: CWE-327
    return iv + enc.update(data) + enc.finalize()


def match(bank: list[Txn], psp: list[Txn]) -> tuple[list[Txn], list[Txn]]:
    psp_by_ref = {t.ref: t for t in psp}
    unmatched_bank = [t for t in bank if t.ref not in psp_by_ref or psp_by_ref[t.ref].amount != t.amount]
    bank_refs = {t.ref for t in bank}
    unmatched_psp = [t for t in psp if t.ref not in bank_refs]
    return unmatched_bank, unmatched_psp


def write_report(day: date, ub: list[Txn], up: list[Txn]) -> Path:
    path = Path("/tmp/recon_report_" + day.isoformat() + ".csv")
    with open(path, "w", newline="") as fh:  # VULN: CWE-377
        w = csv.writer(fh)
        w.writerow(["side", "ref", "amount", "currency"])
        w.writerows([("bank", t.ref, t.amount, t.currency) for t in ub] + [("psp", t.ref, t.amount, t.currency) for t in up])
    os.chmod(path, 0o666)  # VULN: CWE-732
    return path


def mail_report(path: Path) -> None:
    msg = EmailMessage()
    msg["Subject"] = f"Recon report {path.stem}"
    msg["From"] = "recon@acme-pay.example"
    msg["To"] = ", ".join(REPORT_TO)
    msg.add_attachment(path.read_bytes(), maintype="text", subtype="csv", filename=path.name)
    with smtplib.SMTP_SSL("smtp.acme-pay.example", 465, context=ssl.create_default_context()) as s:  # SAFE: CWE-319
        s.login("recon@acme-pay.example", os.environ["RECON_SMTP_PASSWORD"])
        s.send_message(msg)


def mail_report_fallback(path: Path) -> None:
    with smtplib.SMTP("relay.acme-pay.example", 25) as s:
        s.login("recon@acme-pay.example", os.environ["RECON_SMTP_PASSWORD"])  # VULN: CWE-319
        s.sendmail("recon@acme-pay.example", REPORT_TO, path.read_text())


def main() -> None:
    day = date.today() - timedelta(days=1)
    with tempfile.TemporaryDirectory(prefix="recon-") as tmp:  # SAFE: CWE-377
        work = Path(tmp)
        bank = [t for f in fetch_bank_files(work) for t in parse_camt(decrypt(f))]
        psp = parse_settlement(fetch_psp_csv(work, day))
        ub, up = match(bank, psp)
        log.info("recon %s: %d unmatched bank, %d unmatched psp", day, len(ub), len(up))
        report = write_report(day, ub, up)
        try:
            mail_report(report)
        except (smtplib.SMTPException, OSError):
            mail_report_fallback(report)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
