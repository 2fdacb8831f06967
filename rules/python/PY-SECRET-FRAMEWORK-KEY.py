import base64
import hmac
import os
import secrets

import jwt
from django.core.management.utils import get_random_secret_key
from fastapi import FastAPI
from flask import Flask
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from itsdangerous import URLSafeTimedSerializer
from starlette.middleware.sessions import SessionMiddleware

# ruleid: PY-SECRET-FRAMEWORK-KEY
SECRET_KEY = "django-insecure-9x#k2@v!m7p^r$w8&q1z*e5t(y3u)i0o"

app = Flask(__name__)
# ruleid: PY-SECRET-FRAMEWORK-KEY
app.secret_key = "dev"
# ruleid: PY-SECRET-FRAMEWORK-KEY
app.config["JWT_SECRET_KEY"] = "super-secret"
# ruleid: PY-SECRET-FRAMEWORK-KEY
app.config.from_mapping(SECRET_KEY="flask-tutorial-key")
# ruleid: PY-SECRET-FRAMEWORK-KEY
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "fallback-secret-key")

api = FastAPI()
# ruleid: PY-SECRET-FRAMEWORK-KEY
api.add_middleware(SessionMiddleware, secret_key="starlette-session-key")


class Config:
    # ruleid: PY-SECRET-FRAMEWORK-KEY
    SECRET_KEY = "8f42a73054b1749f8f58848be5e6502c"


def issue_token(user_id):
    # ruleid: PY-SECRET-FRAMEWORK-KEY
    return jwt.encode({"sub": user_id}, "my-jwt-secret", algorithm="HS256")


def read_token(token):
    # ruleid: PY-SECRET-FRAMEWORK-KEY
    return jwt.decode(token, key="my-jwt-secret", algorithms=["HS256"])


def sign(body: bytes) -> str:
    # ruleid: PY-SECRET-FRAMEWORK-KEY
    return hmac.new(b"webhook-signing-key", body, "sha256").hexdigest()


# ruleid: PY-SECRET-FRAMEWORK-KEY
serializer = URLSafeTimedSerializer("reset-password-salt-key")

# ruleid: PY-SECRET-FRAMEWORK-KEY
FIELD_KEY = b"0123456789abcdef0123456789abcdef"


def encrypt_field(nonce, data):
    return AESGCM(FIELD_KEY).encrypt(nonce, data, None)


# Key bytes written as hex or base64: still a key in the source, whatever uses it later.
# ruleid: PY-SECRET-FRAMEWORK-KEY
FIELD_ENCRYPTION_KEY = bytes.fromhex("8a1f3c5e7b9d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3f5b7d9a2c4e6f8b0d1e")


class LegacyFieldCipher:
    def __init__(self, key: bytes = FIELD_ENCRYPTION_KEY):
        self.key = key


# ruleid: PY-SECRET-FRAMEWORK-KEY
PARTNER_HMAC_SECRET = "pArtner-2024-hmac-k3y".encode()


def seal(nonce, data):
    # ruleid: PY-SECRET-FRAMEWORK-KEY
    return AESGCM(base64.b64decode("q8Jf2LmX9vR4tN7bK1pZ6wC3yH0sD5gA2eU8iO4kAbc=")).encrypt(nonce, data, None)


def partner_signature(body: bytes) -> str:
    # ruleid: PY-SECRET-FRAMEWORK-KEY
    return hmac.new("partner-webhook-signing-secret".encode(), body, "sha256").hexdigest()


# --- safe lookalikes -------------------------------------------------------

# ok: PY-SECRET-FRAMEWORK-KEY
ENCRYPTION_KEY = base64.b64decode(os.environ["ENCRYPTION_KEY"])

# ok: PY-SECRET-FRAMEWORK-KEY
CACHE_KEY = "user-profile".encode()

# ok: PY-SECRET-FRAMEWORK-KEY
SIGNING_PUBLIC_KEY = base64.b64decode("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEq8Jf2LmX9vR4tN7bK1pZ6wC3yH0s")

# ok: PY-SECRET-FRAMEWORK-KEY
PNG_MAGIC = bytes.fromhex("89504e470d0a1a0a")


class EnvCredentialProvider:
    # The names of the fields to read, not the values.
    ACCESS_KEY = "aws_access_key_id"
    # ok: PY-SECRET-FRAMEWORK-KEY
    SECRET_KEY = "aws_secret_access_key"

# ok: PY-SECRET-FRAMEWORK-KEY
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

# ok: PY-SECRET-FRAMEWORK-KEY
app.secret_key = secrets.token_hex(32)

# ok: PY-SECRET-FRAMEWORK-KEY
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY")

# ok: PY-SECRET-FRAMEWORK-KEY
app.config.from_mapping(SECRET_KEY=get_random_secret_key())

# ok: PY-SECRET-FRAMEWORK-KEY
app.config["SECRET_KEY_FILE"] = "/run/secrets/flask_key"

with open("/run/secrets/jwt_public.pem") as fh:
    PUBLIC_PEM = fh.read()


def verify(token):
    # ok: PY-SECRET-FRAMEWORK-KEY
    return jwt.decode(token, PUBLIC_PEM, algorithms=["RS256"])


def verify_with_env(token):
    # ok: PY-SECRET-FRAMEWORK-KEY
    return jwt.decode(token, os.environ["JWT_SECRET"], algorithms=["HS256"])


# ok: PY-SECRET-FRAMEWORK-KEY
JWT_SECRET_KEY = "${JWT_SECRET_KEY}"


def encrypt_with_generated_key(nonce, data):
    # ok: PY-SECRET-FRAMEWORK-KEY
    return AESGCM(AESGCM.generate_key(bit_length=256)).encrypt(nonce, data, None)
