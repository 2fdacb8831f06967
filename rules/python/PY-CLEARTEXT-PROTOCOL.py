import base64
import ldap
import ldap3
import ftplib
import http.client
import imaplib
import os
import poplib
import smtplib
import ssl
import telnetlib
import urllib.request

import requests
from ftplib import FTP, FTP_TLS
from smtplib import SMTP, SMTP_SSL

LEGACY_FEED_URL = "http://feeds.supplier.example/export/catalogue.xml"
FEED_URL = "https://feeds.supplier.example/v2/catalogue.xml"
FEED_USER = "acme-readonly"
FEED_PASSWORD = os.environ.get("FEED_PASSWORD", "")


def reboot_switch(host, password):
    # ruleid: PY-CLEARTEXT-PROTOCOL
    tn = telnetlib.Telnet(host, 23, timeout=10)
    tn.read_until(b"Password: ")
    # ruleid: PY-CLEARTEXT-PROTOCOL
    tn.write(password.encode() + b"\n")
    tn.write(b"reload\n")


def upload_backup(path, host, user, password):
    # ruleid: PY-CLEARTEXT-PROTOCOL
    with FTP(host) as ftp:
        # ruleid: PY-CLEARTEXT-PROTOCOL
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
        # ruleid: PY-CLEARTEXT-PROTOCOL
        smtp.login(user, password)
        smtp.send_message(msg)


def fetch_mail(host, user, password):
    # ruleid: PY-CLEARTEXT-PROTOCOL
    box = imaplib.IMAP4(host)
    # ruleid: PY-CLEARTEXT-PROTOCOL
    box.login(user, password)
    box.select("INBOX")
    return box.search(None, "UNSEEN")


def pop_mail(host, user, password):
    # ruleid: PY-CLEARTEXT-PROTOCOL
    conn = poplib.POP3(host)
    conn.user(user)
    # ruleid: PY-CLEARTEXT-PROTOCOL
    conn.pass_(password)
    return conn.stat()


class Mailer:
    def __init__(self, host):
        # ruleid: PY-CLEARTEXT-PROTOCOL
        self.smtp = SMTP(host, 25)

    def authenticate(self, user, password):
        # ruleid: PY-CLEARTEXT-PROTOCOL
        self.smtp.login(user, password)


def push_static(host, files):
    # ruleid: PY-CLEARTEXT-PROTOCOL
    ftp = ftplib.FTP(host, timeout=30)
    # ruleid: PY-CLEARTEXT-PROTOCOL
    ftp.login("static", os.environ["STATIC_FTP_PASSWORD"])
    for path in files:
        with open(path, "rb") as fh:
            ftp.storbinary(f"STOR {os.path.basename(path)}", fh)
    ftp.quit()


def fetch_legacy_feed():
    # ruleid: PY-CLEARTEXT-PROTOCOL
    resp = requests.get(LEGACY_FEED_URL, auth=(FEED_USER, FEED_PASSWORD), timeout=60)
    return resp.content


def call_partner(host, token, payload):
    # ruleid: PY-CLEARTEXT-PROTOCOL
    return requests.post(f"http://{host}/api/v1/orders", json=payload, headers={"Authorization": f"Bearer {token}"}, timeout=10)


def sync_inventory(api_key):
    session = requests.Session()
    session.headers["X-API-Key"] = api_key
    # ruleid: PY-CLEARTEXT-PROTOCOL
    return session.get("http://inventory.partner.example/v2/items", timeout=10).json()


def http_fallback(body, user, token):
    conn = http.client.HTTPConnection("collector.example.com", 8080, timeout=10)
    auth = base64.b64encode(f"{user}:{token}".encode()).decode()
    # ruleid: PY-CLEARTEXT-PROTOCOL
    conn.request("POST", "/v1/batch", body=body, headers={"Authorization": f"Basic {auth}"})
    return conn.getresponse().status


def legacy_request(token):
    req = urllib.request.Request("http://reports.example.com/export", None, {"Authorization": f"Token {token}"})
    # ruleid: PY-CLEARTEXT-PROTOCOL
    return urllib.request.urlopen(req, timeout=10).read()


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


def fetch_feed():
    # ok: PY-CLEARTEXT-PROTOCOL
    resp = requests.get(FEED_URL, auth=(FEED_USER, FEED_PASSWORD), timeout=60)
    return resp.content


def local_agent(token):
    # ok: PY-CLEARTEXT-PROTOCOL
    return requests.get("http://127.0.0.1:8500/v1/agent/self", headers={"X-Consul-Token": token, "Authorization": token}, timeout=5)


def public_page():
    # ok: PY-CLEARTEXT-PROTOCOL
    return requests.get("http://example.com/robots.txt", headers={"Accept": "text/plain"}, timeout=5).text


def https_fallback(body, user, token):
    conn = http.client.HTTPSConnection("collector.example.com", 443, timeout=10, context=ssl.create_default_context())
    auth = base64.b64encode(f"{user}:{token}".encode()).decode()
    # ok: PY-CLEARTEXT-PROTOCOL
    conn.request("POST", "/v1/batch", body=body, headers={"Authorization": f"Basic {auth}"})
    return conn.getresponse().status


def local_status():
    conn = http.client.HTTPConnection("localhost", 9000, timeout=5)
    # ok: PY-CLEARTEXT-PROTOCOL
    conn.request("GET", "/status", headers={"Authorization": "Bearer dev"})
    return conn.getresponse().status


def ftps_upload(host, password, path):
    # ok: PY-CLEARTEXT-PROTOCOL
    ftp = ftplib.FTP_TLS(host, timeout=30)
    # ok: PY-CLEARTEXT-PROTOCOL
    ftp.login("static", password)
    ftp.prot_p()
    with open(path, "rb") as fh:
        ftp.storbinary("STOR index.html", fh)


def pop_ssl(host, user, password):
    box = poplib.POP3_SSL(host, 995, timeout=30, context=ssl.create_default_context())
    box.user(user)
    # ok: PY-CLEARTEXT-PROTOCOL
    box.pass_(password)
    return box.stat()


def send_starttls(msg, user, password):
    with smtplib.SMTP("mail.example.com", 587, timeout=30) as smtp:
        smtp.starttls(context=ssl.create_default_context())
        # ok: PY-CLEARTEXT-PROTOCOL
        smtp.login(user, password)
        smtp.send_message(msg)


LDAP_BASE = "ou=people,dc=corp,dc=example"


def legacy_directory_bind(username, password):
    conn = ldap.initialize("ldap://dc-legacy.corp.example:389")
    try:
        # ruleid: PY-CLEARTEXT-PROTOCOL
        conn.simple_bind_s(f"uid={ldap.dn.escape_dn_chars(username)},{LDAP_BASE}", password)
        return True
    except ldap.INVALID_CREDENTIALS:
        return False


def branch_office_bind(username, password):
    conn = ldap.initialize("ldap://dc-branch.corp.example:389")
    conn.start_tls_s()
    # ok: PY-CLEARTEXT-PROTOCOL
    conn.simple_bind_s(f"uid={ldap.dn.escape_dn_chars(username)},{LDAP_BASE}", password)
    return conn


def ldaps_bind(dn, password):
    conn = ldap.initialize("ldaps://dc01.corp.example:636")
    # ok: PY-CLEARTEXT-PROTOCOL
    conn.simple_bind_s(dn, password)
    return conn


def anonymous_lookup(uid):
    conn = ldap.initialize("ldap://directory.corp.example")
    # ok: PY-CLEARTEXT-PROTOCOL
    conn.simple_bind_s()
    return conn.search_s(LDAP_BASE, ldap.SCOPE_SUBTREE, "(uid=%s)" % ldap.filter.escape_filter_chars(uid))


def ldap3_lookup(bind_dn, bind_password):
    server = ldap3.Server("dc02.corp.example", use_ssl=False)
    # ruleid: PY-CLEARTEXT-PROTOCOL
    conn = ldap3.Connection(server, bind_dn, bind_password, auto_bind=True)
    return conn


def ldap3_tls_lookup(bind_dn, bind_password):
    server = ldap3.Server("dc02.corp.example", port=636, use_ssl=True)
    # ok: PY-CLEARTEXT-PROTOCOL
    conn = ldap3.Connection(server, bind_dn, bind_password, auto_bind=True)
    plain = ldap3.Server("dc03.corp.example")
    # ok: PY-CLEARTEXT-PROTOCOL
    upgraded = ldap3.Connection(plain, bind_dn, bind_password, auto_bind=ldap3.AUTO_BIND_TLS_BEFORE_BIND)
    return conn, upgraded


# --- an http:// default for the service address, in a client that sends credentials ----------

# ruleid: PY-CLEARTEXT-PROTOCOL
API_BASE = os.environ.get("INVDESK_API", "http://inventory.lager.example.com/api")
# ok: PY-CLEARTEXT-PROTOCOL
SECURE_BASE = os.environ.get("INVDESK_API", "https://inventory.lager.example.com/api")
# ok: PY-CLEARTEXT-PROTOCOL
LOCAL_BASE = os.getenv("INVDESK_API_URL", "http://localhost:8000/api")
# ok: PY-CLEARTEXT-PROTOCOL
COMPOSE_BASE = os.getenv("SEARCH_URL", "http://elasticsearch:9200")
# ok: PY-CLEARTEXT-PROTOCOL
DOCS_LINK = os.getenv("HELP_PAGE", "http://docs.lager.example.com/help")


def api_login(user, password):
    return requests.post(f"{API_BASE}/auth/token", json={"user": user, "password": password}, timeout=15)
