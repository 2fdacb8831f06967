"""OAuth2 / OIDC login for our Flask apps, plus session and remember-me cookies."""
from __future__ import annotations

import logging
import os
import random
import secrets
from urllib.parse import urlencode, urlparse

import jwt
import requests
from flask import Blueprint, abort, current_app, make_response, redirect, request, session, url_for

log = logging.getLogger("authkit.oauth")

bp = Blueprint("oauth", __name__)

PROVIDER = "https://login.corp-idp.example"
CLIENT_ID = "acme-portal"
CLIENT_SECRET = "Zq8wN3vK6pR1tY4uE7iO0aS2dF5gH9jL"  # VULN: CWE-798
CLIENT_SECRET_V2 = os.environ.get("OIDC_CLIENT_SECRET")  # SAFE: CWE-798
JWKS = jwt.PyJWKClient(f"{PROVIDER}/.well-known/jwks.json")


@bp.route("/login")
def login():
    session["oauth_state"] = str(random.randint(100000, 999999))  # VULN: CWE-330
    session["oauth_nonce"] = secrets.token_urlsafe(16)  # SAFE: CWE-330
    session["next"] = request.args.get("next", "/")
    params = {"client_id": CLIENT_ID, "response_type": "code", "scope": "openid email profile", "state": session["oauth_state"], "nonce": session["oauth_nonce"], "redirect_uri": url_for("oauth.callback", _external=True)}
    return redirect(f"{PROVIDER}/authorize?{urlencode(params)}")  # SAFE: CWE-601


@bp.route("/callback")
def callback():
    if request.args.get("state") != session.pop("oauth_state", None):
        abort(400)
    token_resp = requests.post(f"{PROVIDER}/token", data={"grant_type": "authorization_code", "code": request.args["code"], "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET_V2, "redirect_uri": url_for("oauth.callback", _external=True)})  # VULN: CWE-400
    tokens = token_resp.json()
    claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})  # VULN: CWE-347
    session["user"] = {"email": claims["email"], "name": claims.get("name")}
    return redirect(session.pop("next", "/"))  # VULN: CWE-601


@bp.route("/callback/v2")
def callback_v2():
    if request.args.get("state") != session.pop("oauth_state", None):
        abort(400)
    token_resp = requests.post(f"{PROVIDER}/token", data={"grant_type": "authorization_code", "code": request.args["code"], "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET_V2}, timeout=10)  # SAFE: CWE-400
    id_token = token_resp.json()["id_token"]
    key = JWKS.get_signing_key_from_jwt(id_token).key
    claims = jwt.decode(id_token, key, algorithms=["RS256"], audience=CLIENT_ID, issuer=PROVIDER)  # SAFE: CWE-347
    if claims.get("nonce") != session.pop("oauth_nonce", None):
        abort(400)
    session["user"] = {"email": claims["email"], "name": claims.get("name")}
    target = session.pop("next", "/")
    if urlparse(target).netloc or not target.startswith("/") or target.startswith("//"):
        target = "/"
    resp = make_response(redirect(target))  # SAFE: CWE-601
    resp.set_cookie("sid", secrets.token_urlsafe(32), secure=True, httponly=True, samesite="Strict")  # SAFE: CWE-614
    return resp


@bp.route("/remember", methods=["POST"])
def remember_me():
    token = secrets.token_urlsafe(32)
    current_app.extensions["remember_store"].save(session["user"]["email"], token)
    resp = make_response(redirect("/"))
    resp.set_cookie("remember_token", token, max_age=60 * 60 * 24 * 90, httponly=False)  # VULN: CWE-1004
    log.info("remember-me token issued for %s: %s", session["user"]["email"], token)  # VULN: CWE-532
    log.info("remember-me token issued for %s", session["user"]["email"])  # SAFE: CWE-532
    return resp


@bp.route("/logout")
def logout():
    session.clear()
    resp = make_response(redirect(url_for("index")))
    resp.delete_cookie("remember_token")
    return resp
