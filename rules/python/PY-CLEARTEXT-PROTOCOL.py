import ftplib
import imaplib
import poplib
import smtplib
import ssl
import telnetlib
from ftplib import FTP, FTP_TLS
from smtplib import SMTP, SMTP_SSL


def reboot_switch(host, password):
    # ruleid: PY-CLEARTEXT-PROTOCOL
    tn = telnetlib.Telnet(host, 23, timeout=10)
    tn.read_until(b"Password: ")
    tn.write(password.encode() + b"\n")
    tn.write(b"reload\n")


def upload_backup(path, host, user, password):
    # ruleid: PY-CLEARTEXT-PROTOCOL
    with FTP(host) as ftp:
        ftp.login(user, password)
        with open(path, "rb") as fh:
            ftp.storbinary("STOR backup.tar.gz", fh)


def mirror(host):
    # ruleid: PY-CLEARTEXT-PROTOCOL
    ftp = ftplib.FTP(host, "anonymous", "guest@")
    return ftp.nlst()


def send_report(msg, user, password):
    # ruleid: PY-CLEARTEXT-PROTOCOL
    with smtplib.SMTP("mail.example.com", 587) as smtp:
        smtp.login(user, password)
        smtp.send_message(msg)


def fetch_mail(host, user, password):
    # ruleid: PY-CLEARTEXT-PROTOCOL
    box = imaplib.IMAP4(host)
    box.login(user, password)
    box.select("INBOX")
    return box.search(None, "UNSEEN")


def pop_mail(host, user, password):
    # ruleid: PY-CLEARTEXT-PROTOCOL
    conn = poplib.POP3(host)
    conn.user(user)
    conn.pass_(password)
    return conn.stat()


class Mailer:
    def __init__(self, host):
        # ruleid: PY-CLEARTEXT-PROTOCOL
        self.smtp = SMTP(host, 25)

    def authenticate(self, user, password):
        self.smtp.login(user, password)


# --- lookalikes -----------------------------------------------------------------

def send_secure(msg, user, password):
    # ok: PY-CLEARTEXT-PROTOCOL
    with smtplib.SMTP("mail.example.com", 587) as smtp:
        smtp.starttls(context=ssl.create_default_context())
        smtp.login(user, password)
        smtp.send_message(msg)


def send_ssl(msg, user, password):
    # ok: PY-CLEARTEXT-PROTOCOL
    with SMTP_SSL("mail.example.com", 465, context=ssl.create_default_context()) as smtp:
        smtp.login(user, password)
        smtp.send_message(msg)


def local_relay(msg):
    # ok: PY-CLEARTEXT-PROTOCOL
    with smtplib.SMTP("localhost") as smtp:
        smtp.send_message(msg)


def upload_tls(path, host, user, password):
    # ok: PY-CLEARTEXT-PROTOCOL
    with FTP_TLS(host) as ftp:
        ftp.login(user, password)
        ftp.prot_p()
        with open(path, "rb") as fh:
            ftp.storbinary("STOR backup.tar.gz", fh)


def fetch_mail_ssl(host, user, password):
    # ok: PY-CLEARTEXT-PROTOCOL
    box = imaplib.IMAP4_SSL(host)
    box.login(user, password)
    return box.select("INBOX")


def imap_starttls(host, user, password):
    # ok: PY-CLEARTEXT-PROTOCOL
    box = imaplib.IMAP4(host)
    box.starttls(ssl_context=ssl.create_default_context())
    box.login(user, password)
    return box.select("INBOX")
