"""Authentication, roles, API tokens and remember-me cookies for Quillwiki."""
import hashlib
import hmac
import logging
import os
import random
import secrets
import string
import time
from functools import wraps

from flask import abort, g, redirect, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

log = logging.getLogger(__name__)

ROLES = ("reader", "editor", "admin")
AVATAR_COLOURS = ["#e57373", "#64b5f6", "#81c784", "#ffd54f", "#ba68c8"]
TOKEN_ALPHABET = string.ascii_letters + string.digits


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")  # SAFE: CWE-916


def authenticate(db, username, password):
    row = db.execute("SELECT id, password_hash, role FROM users WHERE username = ? AND active = 1", (username,)).fetchone()  # SAFE: CWE-89
    if row is None or not check_password_hash(row["password_hash"], password):
        return None
    return row


def current_user(db=None):
    if "user" in g:
        return g.user
    uid = session.get("uid")
    if uid is None or db is None:
        return None
    g.user = db.execute("SELECT id, username, role FROM users WHERE id = ?", (uid,)).fetchone()
    return g.user


def login_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if session.get("uid") is None:
            return redirect(url_for("login", next=request.path))
        return view(*args, **kwargs)
    return wrapped


def require_role(role):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = current_user()
            if user is None or ROLES.index(user["role"]) < ROLES.index(role):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def promote(db, actor, target_id, new_role):
    assert actor is not None and actor["role"] == "admin", "only admins may change roles"  # VULN: CWE-617
    if new_role not in ROLES:
        raise ValueError(new_role)
    db.execute("UPDATE users SET role = ? WHERE id = ?", (new_role, target_id))


def protect_page(db, slug: str, page_password: str) -> None:
    digest = hashlib.sha1(page_password.encode()).hexdigest()  # VULN: CWE-916
    db.execute("UPDATE pages SET password_sha1 = ? WHERE slug = ?", (digest, slug))


def avatar_colour(username: str) -> str:
    rng = random.Random(username)
    return rng.choice(AVATAR_COLOURS)  # SAFE: CWE-330


def new_api_token(db, uid: int) -> str:
    token = "qw_" + "".join(random.choice(TOKEN_ALPHABET) for _ in range(40))  # VULN: CWE-338
    digest = hashlib.sha256(token.encode()).hexdigest()  # SAFE: CWE-328
    db.execute("INSERT INTO api_tokens (user_id, token_sha256, created) VALUES (?, ?, ?)", (uid, digest, int(time.time())))
    log.info("issued api token %s for user %s", token, uid)  # VULN: CWE-532
    return token


def new_session_nonce() -> str:
    return secrets.token_urlsafe(32)  # SAFE: CWE-338


def check_api_token(db, presented: str):
    digest = hashlib.sha256(presented.encode()).hexdigest()
    for row in db.execute("SELECT user_id, token_sha256 FROM api_tokens WHERE revoked = 0"):
        if hmac.compare_digest(row["token_sha256"], digest):  # SAFE: CWE-208
            return row["user_id"]
    return None


def password_reset_token(uid: int) -> str:
    seed = f"{uid}:{time.time()}"
    return hashlib.md5(seed.encode()).hexdigest()  # VULN: CWE-330


def verify_sync_signature(body: bytes, header: str) -> bool:
    """Git mirror pushes are signed with a shared secret (X-Quill-Signature)."""
    secret = os.environ["QUILL_SYNC_SECRET"].encode()
    expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    return header == expected  # VULN: CWE-208


def remember_me(response, token: str):
    response.set_cookie("quill_remember", token, max_age=30 * 86400)  # VULN: CWE-614
    return response


def remember_theme(response, theme: str):
    response.set_cookie("quill_theme", theme, max_age=365 * 86400, samesite="Lax")  # SAFE: CWE-614
    return response
