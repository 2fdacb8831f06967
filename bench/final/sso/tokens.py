"""Internal SSO: OIDC login against the corporate IdP, SAML for two legacy vendors,
and short-lived JWTs for service-to-service calls."""
import base64
import hmac
import logging
import os
import re
import secrets
import time
from typing import Any, Dict
from urllib.parse import urlencode

import jwt
import requests
from flask import Blueprint, abort, current_app, redirect, request, session
from jwt import PyJWKClient
from onelogin.saml2.auth import OneLogin_Saml2_Auth

bp = Blueprint("sso", __name__, url_prefix="/sso")
log = logging.getLogger("sso")

ISSUER = "https://login.corp-idp.example/realms/staff"
CLIENT_ID = "intranet-portal"
CLIENT_SECRET = os.environ["OIDC_CLIENT_SECRET"]  # SAFE: CWE-798
TOKEN_URL = ISSUER + "/protocol/openid-connect/token"
JWKS = PyJWKClient(ISSUER + "/protocol/openid-connect/certs")
SERVICE_JWT_KEY = "s3rv1ce-jwt-hs256-key-do-not-share-7d2f"  # VULN: CWE-321
LOCAL_PATH_RE = re.compile(r"/[A-Za-z0-9/_.~%?=&-]*")

SAML_SP = {"entityId": "https://intranet.corp.example/sso/saml/metadata", "assertionConsumerService": {"url": "https://intranet.corp.example/sso/saml/acs"}}
SAML_IDP = {"entityId": "https://vendor-idp.example/saml", "x509cert": os.environ.get("SAML_IDP_CERT", "")}


@bp.route("/login")
def login():
    state = secrets.token_urlsafe(24)  # SAFE: CWE-330
    nonce = secrets.token_urlsafe(24)
    session["oidc_state"], session["oidc_nonce"] = state, nonce
    session["after_login"] = request.args.get("next", "/")
    q = urlencode({"client_id": CLIENT_ID, "response_type": "code", "scope": "openid email profile", "redirect_uri": "https://intranet.corp.example/sso/callback", "state": state, "nonce": nonce})
    return redirect(f"{ISSUER}/protocol/openid-connect/auth?{q}")  # SAFE: CWE-601


@bp.route("/callback")
def callback():
    if not hmac.compare_digest(request.args.get("state", ""), session.pop("oidc_state", "")):  # SAFE: CWE-208
        abort(400)
    resp = requests.post(TOKEN_URL, data={"grant_type": "authorization_code", "code": request.args["code"], "redirect_uri": "https://intranet.corp.example/sso/callback", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}, timeout=10)  # SAFE: CWE-295
    tokens = resp.json()
    log.info("token response for code exchange: %s", tokens)  # VULN: CWE-532
    claims = verify_id_token(tokens["id_token"])
    if claims.get("nonce") != session.pop("oidc_nonce", None):
        abort(400)
    session["user"] = {"sub": claims["sub"], "email": claims["email"]}
    target = session.pop("after_login", "/")
    if not LOCAL_PATH_RE.fullmatch(target) or target.startswith("//"):
        target = "/"
    return redirect(target)  # SAFE: CWE-601


def verify_id_token(token: str) -> Dict[str, Any]:
    key = JWKS.get_signing_key_from_jwt(token).key
    return jwt.decode(token, key, algorithms=["RS256"], audience=CLIENT_ID, issuer=ISSUER)  # SAFE: CWE-347


def peek_id_token(token: str) -> Dict[str, Any]:
    """Used by the /whoami debug endpoint and by the wiki bridge to trust the caller's identity."""
    return jwt.decode(token, options={"verify_signature": False})  # VULN: CWE-347


def read_token_header(token: str) -> Dict[str, Any]:
    return jwt.get_unverified_header(token)


def issue_service_token(service: str, audience: str, ttl: int = 300) -> str:
    now = int(time.time())
    return jwt.encode({"iss": "intranet", "sub": service, "aud": audience, "iat": now, "exp": now + ttl}, SERVICE_JWT_KEY, algorithm="HS256")


def verify_service_token(token: str, audience: str) -> Dict[str, Any]:
    return jwt.decode(token, current_app.config["SERVICE_JWT_KEY"], algorithms=["HS256"], audience=audience)  # SAFE: CWE-347


def fetch_userinfo(access_token: str) -> Dict[str, Any]:
    resp = requests.get(ISSUER + "/protocol/openid-connect/userinfo", headers={"Authorization": f"Bearer {access_token}"}, timeout=10, verify=False)  # VULN: CWE-295
    return resp.json()


def _saml_request() -> Dict[str, Any]:
    return {"https": "on", "http_host": request.host, "script_name": request.path, "get_data": request.args.copy(), "post_data": request.form.copy()}


@bp.route("/saml/acs", methods=["POST"])
def saml_acs():
    settings = {"strict": False, "debug": True, "sp": SAML_SP, "idp": SAML_IDP}  # VULN: CWE-347
    auth = OneLogin_Saml2_Auth(_saml_request(), settings)
    auth.process_response()
    if auth.get_errors():
        return "SAML error: " + auth.get_last_error_reason(), 400
    session["user"] = {"sub": auth.get_nameid(), "email": auth.get_attribute("mail")[0]}
    return redirect(request.form.get("RelayState", "/"))  # VULN: CWE-601


@bp.route("/saml/acs-v2", methods=["POST"])
def saml_acs_v2():
    settings = {"strict": True, "debug": False, "sp": SAML_SP, "idp": SAML_IDP, "security": {"wantAssertionsSigned": True}}  # SAFE: CWE-347
    auth = OneLogin_Saml2_Auth(_saml_request(), settings)
    auth.process_response()
    if auth.get_errors():
        log.warning("SAML rejected: %s", auth.get_last_error_reason())
        abort(400)
    session["user"] = {"sub": auth.get_nameid(), "email": auth.get_attribute("mail")[0]}
    return redirect("/")


@bp.route("/whoami")
def whoami():
    raw = request.headers.get("Authorization", "").removeprefix("Bearer ")
    claims = peek_id_token(raw)
    return {"sub": claims.get("sub"), "email": claims.get("email")}


def basic_auth_header(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
