import hashlib
import hmac
import os
import secrets

from django.conf import settings
from flask import Flask, abort, request

app = Flask(__name__)
WEBHOOK_SECRET = os.environ["WEBHOOK_SECRET"].encode()


@app.post("/webhook")
def webhook():
    expected_sig = hmac.new(WEBHOOK_SECRET, request.get_data(), hashlib.sha256).hexdigest()
    # ruleid: PY-TIMING-COMPARE
    if request.headers["X-Signature"] != expected_sig:
        abort(401)
    return "ok"


def check_api_key(request):
    # ruleid: PY-TIMING-COMPARE
    if request.META.get("HTTP_X_API_KEY") == settings.API_KEY:
        return True
    return False


def verify_token(token, user):
    # ruleid: PY-TIMING-COMPARE
    return token == user.reset_token


def verify_digest(body, digest):
    # ruleid: PY-TIMING-COMPARE
    return hmac.new(WEBHOOK_SECRET, body, hashlib.sha256).digest() == digest


def verify_otp(user, submitted):
    # ruleid: PY-TIMING-COMPARE
    if submitted != user.otp_secret_code:
        raise PermissionError("bad code")


def check_link(path, expires, sig):
    # `expected` holds a freshly computed keyed digest: this is a signature check.
    expected = hashlib.md5(f"{path}:{expires}".encode() + WEBHOOK_SECRET).hexdigest()
    # ruleid: PY-TIMING-COMPARE
    return expected == sig


def check_mac(message, mac):
    computed = hmac.digest(WEBHOOK_SECRET, message, "sha256")
    # ruleid: PY-TIMING-COMPARE
    return mac != computed


def signature_matches(body, signature):
    # ruleid: PY-TIMING-COMPARE
    return signature == hashlib.sha256(WEBHOOK_SECRET + body).hexdigest()


def download_ok(blob, expected_digest):
    # A checksum of public data against a published checksum: no secret to leak.
    actual = hashlib.sha256(blob).hexdigest()
    # ok: PY-TIMING-COMPARE
    return actual == expected_digest


def same_signature(func, other):
    import inspect
    sig = inspect.signature(func)
    # ok: PY-TIMING-COMPARE
    return sig == inspect.signature(other)


def safe_signature(body, signature):
    expected = hmac.new(WEBHOOK_SECRET, body, hashlib.sha256).hexdigest()
    # ok: PY-TIMING-COMPARE
    return hmac.compare_digest(expected, signature)


def safe_token(token, user):
    # ok: PY-TIMING-COMPARE
    return secrets.compare_digest(token, user.reset_token)


def token_kind(payload):
    # ok: PY-TIMING-COMPARE
    if payload["token_type"] != "refresh":
        raise ValueError("not a refresh token")
    # ok: PY-TIMING-COMPARE
    return payload.get("token") == None or len(payload["token"]) == 0


def ownership(token, user):
    # ok: PY-TIMING-COMPARE
    return token.user_id == user.id


def passwords_match(form):
    # Two fields the user typed: not a secret the attacker is guessing.
    # ok: PY-TIMING-COMPARE
    return form["password"] == form["password_confirm"]


def checksum_ok(data, expected_sha256):
    # ok: PY-TIMING-COMPARE
    return hashlib.sha256(data).hexdigest() == expected_sha256
