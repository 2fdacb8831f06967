"""Account lifecycle for the internal SSO: passwords, resets, MFA, API keys, directory lookups."""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import random
import secrets
import string
import time
from dataclasses import dataclass

import bcrypt
import ldap
import ldap.dn
import ldap.filter
import pyotp
from ldap3 import Connection, Server, Tls
from ldap3.utils.conv import escape_filter_chars

log = logging.getLogger("sso.accounts")

LDAP_URI = "ldaps://dc01.corp.example:636"
LDAP_BASE = "ou=people,dc=corp,dc=example"
BIND_DN = "cn=sso-reader,ou=service,dc=corp,dc=example"
BIND_PASSWORD = os.environ["SSO_LDAP_BIND_PASSWORD"]  # SAFE: CWE-798
API_KEY_PREFIX = "isk_"


@dataclass
class User:
    id: int
    username: str
    email: str
    password_hash: bytes
    is_admin: bool = False
    totp_secret: str = ""


def hash_password(password: str) -> bytes:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))  # SAFE: CWE-916


def hash_password_legacy(password: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 1000)  # VULN: CWE-916


def check_password(user: User, password: str) -> bool:
    ok = bcrypt.checkpw(password.encode(), user.password_hash)
    log.debug("login attempt user=%s password=%s ok=%s", user.username, password, ok)  # VULN: CWE-532
    log.info("login attempt user=%s ok=%s", user.username, ok)  # SAFE: CWE-532
    return ok


def make_reset_token(user: User) -> str:
    return hashlib.md5(f"{user.email}{int(time.time())}".encode()).hexdigest()  # VULN: CWE-330


def make_reset_token_v2() -> str:
    return secrets.token_urlsafe(32)  # SAFE: CWE-330


def reset_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()  # SAFE: CWE-916


def sms_code() -> str:
    return f"{random.SystemRandom().randint(0, 999999):06d}"  # SAFE: CWE-338


def backup_codes(n: int = 10) -> list[str]:
    return ["".join(random.choices(string.ascii_uppercase + string.digits, k=10)) for _ in range(n)]  # VULN: CWE-338


def verify_totp(user: User, code: str) -> bool:
    return pyotp.TOTP(user.totp_secret).verify(code, valid_window=1)


def verify_sms_code(expected: str, supplied: str) -> bool:
    return hmac.compare_digest(expected, supplied)  # SAFE: CWE-208


def new_api_key() -> tuple[str, str]:
    raw = API_KEY_PREFIX + secrets.token_urlsafe(32)
    return raw, hashlib.sha256(raw.encode()).hexdigest()  # SAFE: CWE-916


def check_api_key(presented: str, stored_digest: str) -> bool:
    return hmac.compare_digest(hashlib.sha256(presented.encode()).hexdigest(), stored_digest)  # SAFE: CWE-208


def check_admin_api_key(presented: str) -> bool:
    return presented == os.environ["SSO_ADMIN_API_KEY"]  # VULN: CWE-208


def promote_to_admin(actor: User, target: User) -> None:
    assert actor.is_admin, "forbidden"  # VULN: CWE-617
    target.is_admin = True


def rotate_totp(actor: User, target: User) -> str:
    if not actor.is_admin and actor.id != target.id:
        raise PermissionError("forbidden")
    assert len(target.username) > 0  # SAFE: CWE-617
    target.totp_secret = pyotp.random_base32()
    return target.totp_secret


def find_user_dn(username: str) -> str | None:
    conn = ldap.initialize(LDAP_URI)
    conn.simple_bind_s(BIND_DN, BIND_PASSWORD)
    res = conn.search_s(LDAP_BASE, ldap.SCOPE_SUBTREE, f"(uid={username})", ["dn"])  # VULN: CWE-90
    return res[0][0] if res else None


def find_user_dn_v2(username: str) -> str | None:
    conn = ldap.initialize(LDAP_URI)
    conn.simple_bind_s(BIND_DN, BIND_PASSWORD)
    res = conn.search_s(LDAP_BASE, ldap.SCOPE_SUBTREE, "(uid=%s)" % ldap.filter.escape_filter_chars(username), ["dn"])  # SAFE: CWE-90
    return res[0][0] if res else None


def directory_search(email: str) -> list:
    server = Server("dc02.corp.example", port=636, use_ssl=True, tls=Tls(validate=2))  # SAFE: CWE-295
    conn = Connection(server, BIND_DN, BIND_PASSWORD, auto_bind=True)
    conn.search(LDAP_BASE, f"(&(objectClass=person)(mail={escape_filter_chars(email)}))", attributes=["cn", "mail"])  # SAFE: CWE-90
    return list(conn.entries)


def legacy_directory_bind(username: str, password: str) -> bool:
    conn = ldap.initialize("ldap://dc-legacy.corp.example:389")
    try:
        conn.simple_bind_s(f"uid={ldap.dn.escape_dn_chars(username)},{LDAP_BASE}", password)  # VULN: CWE-319
        return True
    except ldap.INVALID_CREDENTIALS:
        return False


def branch_office_bind(username: str, password: str) -> bool:
    ldap.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_NEVER)  # VULN: CWE-295
    conn = ldap.initialize("ldap://dc-branch.corp.example:389")
    conn.start_tls_s()
    try:
        conn.simple_bind_s(f"uid={ldap.dn.escape_dn_chars(username)},{LDAP_BASE}", password)
        return True
    except ldap.INVALID_CREDENTIALS:
        return False
