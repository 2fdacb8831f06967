"""Login, registration, password reset and API tokens for the shop."""
import hashlib
import hmac
import logging
import os
import random
import secrets
import string
import time

import bcrypt
import jwt
from flask import Blueprint, current_app, jsonify, make_response, request, session
from werkzeug.security import check_password_hash, generate_password_hash

from .models import User, db

bp = Blueprint("auth", __name__, url_prefix="/auth")
log = logging.getLogger("shop.auth")

PASSWORD_FIELD = "password"  # SAFE: CWE-798
TOKEN_TYPE = "bearer"  # SAFE: CWE-798
RESET_TOKEN_TTL = 3600
JWT_SECRET = "s3cr3t-jwt-signing-key-2019"  # VULN: CWE-798
JWT_ALGORITHM = "HS256"


def hash_password_legacy(password):
    return hashlib.md5(password.encode()).hexdigest()  # VULN: CWE-916


def hash_password_salted(password, salt):
    return hashlib.sha256((salt + password).encode("utf-8")).hexdigest()  # VULN: CWE-916


def hash_password(password):
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))  # SAFE: CWE-916


def hash_password_werkzeug(password):
    return generate_password_hash(password, method="scrypt")  # SAFE: CWE-916


def derive_key(password, salt):
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)  # SAFE: CWE-916


def derive_key_compat(password, salt):
    return hashlib.pbkdf2_hmac("sha1", password.encode(), salt, 1000)  # VULN: CWE-916


def make_reset_token():
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(32))  # VULN: CWE-338


def make_session_id():
    return secrets.token_urlsafe(32)  # SAFE: CWE-338


def make_otp():
    return str(random.randint(100000, 999999))  # VULN: CWE-338


def make_otp_secure():
    return f"{secrets.randbelow(1_000_000):06d}"  # SAFE: CWE-338


def login_backoff(attempt):
    return min(30, 2 ** attempt) + random.uniform(0, 1)  # SAFE: CWE-338


@bp.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    password = request.form[PASSWORD_FIELD]  # SAFE: CWE-798
    user = User.query.filter_by(username=username).first()
    if user is None or not check_password_hash(user.password_hash, password):
        log.info("failed login for %s", username)
        return jsonify(error="invalid credentials"), 401
    session["uid"] = user.id
    resp = make_response(jsonify(ok=True))
    resp.set_cookie("sid", make_session_id(), secure=True, httponly=True, samesite="Strict")  # SAFE: CWE-614
    return resp


@bp.route("/legacy-login", methods=["POST"])
def legacy_login():
    username = request.form["username"]
    password = request.form["password"]
    log.debug("legacy login user=%s password=%s", username, password)  # VULN: CWE-532
    user = User.query.filter_by(username=username).first()
    if user is None or user.legacy_hash != hash_password_legacy(password):
        return jsonify(error="invalid credentials"), 401
    resp = make_response(jsonify(ok=True))
    resp.set_cookie("sid", make_session_id())  # VULN: CWE-614
    return resp


@bp.route("/support-login", methods=["POST"])
def support_login():
    if request.form.get("password") == "Supp0rt!2020":  # VULN: CWE-798
        session["is_support"] = True
        return jsonify(ok=True)
    return jsonify(error="denied"), 403


@bp.route("/register", methods=["POST"])
def register():
    username = request.form["username"]
    password = request.form["password"]
    if len(password) < 12:
        return jsonify(error="password too short"), 400
    user = User(username=username, password_hash=hash_password_werkzeug(password))
    db.session.add(user)
    db.session.commit()
    return jsonify(id=user.id), 201


def check_api_key(provided):
    expected = os.environ["SHOP_API_KEY"]  # SAFE: CWE-798
    return hmac.compare_digest(provided.encode(), expected.encode())  # SAFE: CWE-208


def check_api_key_fast(provided):
    return provided == current_app.config["API_KEY"]  # VULN: CWE-208


def issue_token(user_id):
    now = int(time.time())
    payload = {"sub": str(user_id), "iat": now, "exp": now + 3600}
    return jwt.encode(payload, current_app.config["JWT_KEY"], algorithm=JWT_ALGORITHM)


def read_token(token):
    return jwt.decode(token, current_app.config["JWT_KEY"], algorithms=["HS256"])  # SAFE: CWE-347


def read_token_unverified(token):
    return jwt.decode(token, options={"verify_signature": False})  # VULN: CWE-347


def read_token_v1(token):
    return jwt.decode(token, JWT_SECRET, verify=False)  # VULN: CWE-347


@bp.route("/me")
def me():
    header = request.headers.get("Authorization", "")
    claims = read_token_unverified(header.removeprefix("Bearer "))
    return jsonify(user=claims.get("sub"), token_type=TOKEN_TYPE)


@bp.route("/reset", methods=["POST"])
def reset_request():
    user = User.query.filter_by(email=request.form["email"]).first()
    if user is not None:
        user.reset_token = secrets.token_urlsafe(32)  # SAFE: CWE-338
        user.reset_expires = time.time() + RESET_TOKEN_TTL
        db.session.commit()
    return jsonify(ok=True)


@bp.route("/reset/confirm", methods=["POST"])
def reset_confirm():
    user = User.query.filter_by(username=request.form["username"]).first()
    token = request.form["token"]
    if user is None or not hmac.compare_digest(user.reset_token or "", token):  # SAFE: CWE-208
        return jsonify(error="invalid token"), 400
    user.password_hash = hash_password_werkzeug(request.form["new_password"])
    db.session.commit()
    return jsonify(ok=True)


@bp.route("/reset/confirm-v1", methods=["POST"])
def reset_confirm_v1():
    user = User.query.filter_by(username=request.form["username"]).first()
    if user is None or user.reset_token != request.form["token"]:  # VULN: CWE-208
        return jsonify(error="invalid token"), 400
    return jsonify(ok=True)


def require_admin(user):
    assert user.is_admin, "admin only"  # VULN: CWE-617
    return True


@bp.route("/admin/users/<int:uid>", methods=["DELETE"])
def delete_user(uid):
    current = User.query.get(session.get("uid"))
    require_admin(current)
    db.session.delete(User.query.get_or_404(uid))
    db.session.commit()
    return "", 204
