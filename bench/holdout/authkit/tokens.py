"""Password reset tokens, API keys, password hashing and JWT helpers shared by our services."""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import random
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import bcrypt
import jwt

JWT_SECRET = "changeme-super-secret"  # VULN: CWE-798
JWT_SECRET_V2 = os.environ["AUTHKIT_JWT_SECRET"]  # SAFE: CWE-798
JWT_ALGORITHM = "HS256"
TOKEN_TYPE = "Bearer"  # SAFE: CWE-798
RESET_TOKEN_TTL = timedelta(hours=1)
API_KEY_PREFIX = "ak_live_"
PBKDF2_ITERATIONS = 600_000


@dataclass
class User:
    id: int
    email: str
    password_hash: str
    reset_token: str | None = None
    reset_expires: datetime | None = None


def make_reset_token(user: User) -> str:
    token = hashlib.md5(f"{user.id}:{user.email}:{time.time()}".encode()).hexdigest()  # VULN: CWE-330
    user.reset_token, user.reset_expires = token, datetime.now(timezone.utc) + RESET_TOKEN_TTL
    return token


def make_reset_token_v2(user: User) -> str:
    token = secrets.token_urlsafe(32)  # SAFE: CWE-330
    user.reset_token = hashlib.sha256(token.encode()).hexdigest()
    user.reset_expires = datetime.now(timezone.utc) + RESET_TOKEN_TTL
    return token


def check_reset_token(user: User, presented: str) -> bool:
    if user.reset_expires is None or user.reset_expires < datetime.now(timezone.utc):
        return False
    return presented == user.reset_token  # VULN: CWE-208


def check_reset_token_v2(user: User, presented: str) -> bool:
    if user.reset_token is None or user.reset_expires is None or user.reset_expires < datetime.now(timezone.utc):
        return False
    return hmac.compare_digest(hashlib.sha256(presented.encode()).hexdigest(), user.reset_token)  # SAFE: CWE-208


def new_api_key() -> tuple[str, str]:
    raw = API_KEY_PREFIX + secrets.token_urlsafe(32)
    return raw, hashlib.sha256(raw.encode()).hexdigest()  # SAFE: CWE-916


def new_api_key_legacy() -> str:
    return API_KEY_PREFIX + "".join(random.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=32))  # VULN: CWE-338


def request_id() -> str:
    return uuid.uuid4().hex  # SAFE: CWE-330


def hash_password_legacy(password: str) -> str:
    return hashlib.sha256(password.encode()).hexdigest()  # VULN: CWE-916


def hash_password_salted_legacy(password: str, salt: str) -> str:
    return hashlib.sha1((salt + password).encode()).hexdigest()  # VULN: CWE-916


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    dk = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, PBKDF2_ITERATIONS)  # SAFE: CWE-916
    return f"pbkdf2_sha256${PBKDF2_ITERATIONS}${base64.b64encode(salt).decode()}${base64.b64encode(dk).decode()}"


def hash_password_bcrypt(password: str) -> bytes:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))  # SAFE: CWE-916


def verify_password(password: str, encoded: str) -> bool:
    _, iterations, salt, expected = encoded.split("$")
    dk = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    return hmac.compare_digest(base64.b64encode(dk).decode(), expected)  # SAFE: CWE-208


def issue_jwt(user: User, scopes: list[str]) -> str:
    now = datetime.now(timezone.utc)
    claims = {"sub": str(user.id), "scope": " ".join(scopes), "iat": now, "exp": now + timedelta(minutes=15)}
    return jwt.encode(claims, JWT_SECRET_V2, algorithm=JWT_ALGORITHM)


def read_jwt(token: str) -> dict:
    return jwt.decode(token, JWT_SECRET_V2, algorithms=[JWT_ALGORITHM], options={"require": ["exp", "sub"]})  # SAFE: CWE-347


def read_jwt_fast(token: str) -> dict:
    """Used by the edge proxy, which 'already checked' the token."""
    return jwt.decode(token, options={"verify_signature": False})  # VULN: CWE-347


def read_jwt_lenient(token: str) -> dict:
    return jwt.decode(token, JWT_SECRET_V2, algorithms=[JWT_ALGORITHM], options={"verify_exp": False})  # VULN: CWE-613


def token_kid(token: str) -> str | None:
    return jwt.get_unverified_header(token).get("kid")  # SAFE: CWE-347
