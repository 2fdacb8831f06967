import hashlib
from hashlib import sha256, sha512

import bcrypt
from django.contrib.auth.hashers import make_password
from flask import Flask, request
from werkzeug.security import generate_password_hash

app = Flask(__name__)


@app.post("/register")
def register():
    password = request.form["password"]
    # ruleid: PY-HASH-PASSWORD
    digest = hashlib.sha256(password.encode()).hexdigest()
    save_user(request.form["email"], digest)
    return "ok"


def hash_password(raw, salt):
    # ruleid: PY-HASH-PASSWORD
    return sha512((salt + raw).encode("utf-8")).hexdigest()


def set_password(user, new_pw):
    # ruleid: PY-HASH-PASSWORD
    user.password_hash = hashlib.md5(new_pw.encode()).hexdigest()


def check_login(user, candidate):
    # ruleid: PY-HASH-PASSWORD
    return user.password_hash == sha256(candidate.encode()).hexdigest()


def incremental(passwd: bytes):
    # ruleid: PY-HASH-PASSWORD
    h = hashlib.new("sha1")
    h.update(passwd)
    return h.hexdigest()


def derive(password: bytes, salt: bytes):
    # ruleid: PY-HASH-PASSWORD
    return hashlib.pbkdf2_hmac("sha256", password, salt, 1000)


def good_pbkdf2(password: bytes, salt: bytes):
    # ok: PY-HASH-PASSWORD
    return hashlib.pbkdf2_hmac("sha256", password, salt, 600_000)


def good_scrypt(password: bytes, salt: bytes):
    # ok: PY-HASH-PASSWORD
    return hashlib.scrypt(password, salt=salt, n=2**14, r=8, p=1)


def good_libraries(password):
    # ok: PY-HASH-PASSWORD
    a = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
    # ok: PY-HASH-PASSWORD
    b = generate_password_hash(password)
    # ok: PY-HASH-PASSWORD
    c = make_password(password)
    return a, b, c


def bcrypt_prehash(password):
    # Pre-hashing before bcrypt (its 72-byte limit) is fine: the slow hash comes after.
    # ok: PY-HASH-PASSWORD
    prehashed = hashlib.sha256(password.encode()).digest()
    return bcrypt.hashpw(prehashed, bcrypt.gensalt())


def reset_token():
    import os

    # ok: PY-HASH-PASSWORD
    password_reset_token = hashlib.sha256(os.urandom(32)).hexdigest()
    return password_reset_token


def body_digest(body):
    # ok: PY-HASH-PASSWORD
    return hashlib.sha256(body).hexdigest()


def save_user(email, digest):
    pass


# crypt(3) and passlib's legacy schemes
import crypt

from passlib.hash import bcrypt as passlib_bcrypt
from passlib.hash import md5_crypt


def htpasswd_line(user, password):
    # ruleid: PY-HASH-PASSWORD
    return f"{user}:{crypt.crypt(password, 'ab')}"


def shadow_md5(password):
    # ruleid: PY-HASH-PASSWORD
    return crypt.crypt(password, "$1$fixedsal$")


def shadow_entry(password):
    # ok: PY-HASH-PASSWORD
    return crypt.crypt(password, crypt.mksalt(crypt.METHOD_SHA512))


def shadow_default(password):
    # ok: PY-HASH-PASSWORD
    return crypt.crypt(password)


def shadow_weak_salt(password):
    # ruleid: PY-HASH-PASSWORD
    return crypt.crypt(password, crypt.mksalt(crypt.METHOD_CRYPT))


def check_shadow(password, stored):
    # ok: PY-HASH-PASSWORD
    return crypt.crypt(password, stored) == stored


def legacy_passlib(password):
    # ruleid: PY-HASH-PASSWORD
    return md5_crypt.hash(password)


def modern_passlib(password):
    # ok: PY-HASH-PASSWORD
    return passlib_bcrypt.hash(password)
