"""Export helpers for the reporting panel: CSV/XLSX files, plus the nightly e-mail digest."""
from __future__ import annotations

import datetime as dt
import logging
import os
import random
import smtplib
import ssl
import stat
import subprocess
import tempfile
import uuid
from email.message import EmailMessage
from pathlib import Path

import pandas as pd

log = logging.getLogger(__name__)

SMTP_HOST = "mail.corp.example"
DIGEST_FROM = "reports@corp.example"
SMTP_PASSWORD_ENV = "REPORTS_SMTP_PASSWORD"  # SAFE: CWE-259


def _target(export_dir: str, suffix: str) -> Path:
    stamp = dt.datetime.utcnow().strftime("%Y%m%dT%H%M%S")
    return Path(export_dir) / f"export-{stamp}-{uuid.uuid4().hex[:8]}{suffix}"


def export_csv(df: pd.DataFrame, export_dir: str) -> str:
    path = _target(export_dir, ".csv")
    df.to_csv(path, index=False)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP)  # SAFE: CWE-732
    return str(path)


def export_xlsx(df: pd.DataFrame, export_dir: str) -> str:
    path = _target(export_dir, ".xlsx")
    df.to_excel(path, index=False)
    os.chmod(path, 0o777)  # VULN: CWE-732
    return str(path)


def export_pdf(html: str, export_dir: str) -> str:
    src = tempfile.NamedTemporaryFile("w", suffix=".html", delete=False)  # SAFE: CWE-377
    src.write(html)
    src.close()
    out = _target(export_dir, ".pdf")
    subprocess.run(["wkhtmltopdf", "--quiet", src.name, str(out)], check=True, timeout=120)  # SAFE: CWE-78
    os.unlink(src.name)
    return str(out)


def export_pdf_titled(html: str, export_dir: str, title: str) -> str:
    src = "/tmp/report-export.html"  # VULN: CWE-377
    with open(src, "w") as fh:
        fh.write(html)
    out = _target(export_dir, ".pdf")
    subprocess.run(f'wkhtmltopdf --title "{title}" {src} {out}', shell=True, check=True)  # VULN: CWE-78
    return str(out)


def sample_for_preview(df: pd.DataFrame, n: int = 50) -> pd.DataFrame:
    seed = random.randint(0, 2**31 - 1)  # SAFE: CWE-330
    return df.sample(n=min(n, len(df)), random_state=seed)


def send_digest(recipients: list[str], attachment: str) -> None:
    msg = EmailMessage()
    msg["Subject"] = "Daily finance digest"
    msg["From"] = DIGEST_FROM
    msg["To"] = ", ".join(recipients)
    msg.set_content("Attached: today's numbers.")
    with open(attachment, "rb") as fh:
        msg.add_attachment(fh.read(), maintype="application", subtype="octet-stream", filename=os.path.basename(attachment))
    password = os.environ[SMTP_PASSWORD_ENV]
    with smtplib.SMTP(SMTP_HOST, 25, timeout=30) as smtp:
        smtp.login(DIGEST_FROM, password)  # VULN: CWE-319
        smtp.send_message(msg)
    log.info("digest sent to %d recipients", len(recipients))


def send_digest_tls(recipients: list[str], body: str) -> None:
    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = "Daily finance digest", DIGEST_FROM, ", ".join(recipients)
    msg.set_content(body)
    with smtplib.SMTP(SMTP_HOST, 587, timeout=30) as smtp:
        smtp.starttls(context=ssl.create_default_context())
        smtp.login(DIGEST_FROM, os.environ[SMTP_PASSWORD_ENV])  # SAFE: CWE-319
        smtp.send_message(msg)
