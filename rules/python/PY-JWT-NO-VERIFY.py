import jwt
from flask import Flask, abort, request
from jose import jwt as jose_jwt

app = Flask(__name__)
SECRET_KEY = "change-me"
NO_VERIFY = {"verify_signature": False}


def current_user_id():
    token = request.headers["Authorization"].removeprefix("Bearer ")
    # ruleid: PY-JWT-NO-VERIFY
    claims = jwt.decode(token, options={"verify_signature": False})
    return claims["sub"]


def old_pyjwt(token):
    # ruleid: PY-JWT-NO-VERIFY
    return jwt.decode(token, SECRET_KEY, verify=False)


def options_variable(token):
    # ruleid: PY-JWT-NO-VERIFY
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"], options=NO_VERIFY)


def accepts_none(token):
    # ruleid: PY-JWT-NO-VERIFY
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256", "none"])


def no_algorithms(token, public_key):
    # ruleid: PY-JWT-NO-VERIFY
    return jose_jwt.decode(token, public_key)


def attacker_picks(token, key):
    header = jwt.get_unverified_header(token)
    # ruleid: PY-JWT-NO-VERIFY
    return jwt.decode(token, key, algorithms=[header["alg"]])


@app.get("/me")
def me():
    # ruleid: PY-JWT-NO-VERIFY
    claims = jose_jwt.get_unverified_claims(request.cookies["session"])
    if claims.get("role") != "admin":
        abort(403)
    return claims


def read_jwt_lenient(token):
    # The signature is checked, but not the expiry: a stolen token never stops working.
    # ruleid: PY-JWT-NO-VERIFY
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"], options={"verify_exp": False})


def any_audience(token, key):
    # ruleid: PY-JWT-NO-VERIFY
    return jwt.decode(token, key, algorithms=["RS256"], options={"verify_aud": False, "verify_iss": False})


def strict_claims(token):
    # ok: PY-JWT-NO-VERIFY
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"], options={"require": ["exp", "sub"], "verify_exp": True})


def verified(token):
    # ok: PY-JWT-NO-VERIFY
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"])


def verified_jose(token, key):
    # ok: PY-JWT-NO-VERIFY
    return jose_jwt.decode(token, key, algorithms=["RS256"], audience="api")


def pick_key_then_verify(token, jwks):
    # Reading the header to choose the key (kid) is fine: the token is verified below.
    # ok: PY-JWT-NO-VERIFY
    kid = jwt.get_unverified_header(token)["kid"]
    # ok: PY-JWT-NO-VERIFY
    issuer = jwt.decode(token, options={"verify_signature": False})["iss"]
    # ok: PY-JWT-NO-VERIFY
    return jwt.decode(token, jwks[issuer][kid], algorithms=["RS256"])


def encode(user_id):
    # ok: PY-JWT-NO-VERIFY
    return jwt.encode({"sub": user_id}, SECRET_KEY, algorithm="HS256")


def explicit_none(token, key):
    # ruleid: PY-JWT-NO-VERIFY
    return jwt.decode(token, key, algorithms=None)
