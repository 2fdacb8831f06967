import logging

import structlog
from flask import Flask, request

log = logging.getLogger(__name__)
slog = structlog.get_logger()
app = Flask(__name__)


def login(username, password):
    # ruleid: PY-LOG-SECRET
    log.debug("legacy login user=%s password=%s", username, password)
    # ok: PY-LOG-SECRET
    log.info("login attempt for %s (password supplied: %s)", username, bool(password))
    # ok: PY-LOG-SECRET
    log.warning("invalid password for %s", username)


class ApiClient:
    def __init__(self, api_key, base_url):
        self.api_key = api_key
        self.base_url = base_url
        self.logger = logging.getLogger("api")

    def connect(self):
        # ruleid: PY-LOG-SECRET
        self.logger.info(f"connecting to {self.base_url} with key {self.api_key}")
        # ok: PY-LOG-SECRET
        self.logger.info("connecting to %s with a key of %d characters", self.base_url, len(self.api_key))


@app.route("/token", methods=["POST"])
def exchange_token():
    # ruleid: PY-LOG-SECRET
    app.logger.warning("refresh token received: %s", request.form["refresh_token"])
    # ok: PY-LOG-SECRET
    app.logger.info("token exchange requested by %s", request.remote_addr)
    return "", 204


def configure(settings):
    # ruleid: PY-LOG-SECRET
    logging.info("database password is " + settings.get("db_password"))
    # ruleid: PY-LOG-SECRET
    slog.info("stripe configured", client_secret=settings["client_secret"])
    # ok: PY-LOG-SECRET
    logging.info("token_type=%s expires_in=%s", settings["token_type"], settings["expires_in"])
    # ok: PY-LOG-SECRET
    log.debug("password is set: %s", settings.get("db_password") is not None)


WAREHOUSE_DSN = "postgresql://etl_loader:Wh4r3h0use!Load@warehouse.corp.example:5432/dw"
SQLITE_URL = "sqlite:///var/lib/app/app.db"


@app.post("/hooks/partner")
def partner_webhook():
    # The whole collection carries the Authorization header and the session cookie.
    # ruleid: PY-LOG-SECRET
    log.info("partner webhook from %s headers=%s", request.remote_addr, dict(request.headers))
    # ruleid: PY-LOG-SECRET
    log.debug("cookies: %s", request.cookies)
    # ok: PY-LOG-SECRET
    log.info("partner webhook from %s agent=%s", request.remote_addr, request.headers.get("User-Agent"))
    # ok: PY-LOG-SECRET
    log.debug("headers %s", {k: v for k, v in request.headers.items() if k.lower() not in ("authorization", "cookie")})
    return "", 204


def django_debug_view(request):
    # ruleid: PY-LOG-SECRET
    log.debug("request meta: %s", request.META)


def startup():
    import os

    # ruleid: PY-LOG-SECRET
    log.debug("environment: %s", dict(os.environ))
    # ok: PY-LOG-SECRET
    log.debug("environment variables set: %s", sorted(os.environ.keys()))


def publish(rows, name, settings):
    from urllib.parse import urlparse

    # ruleid: PY-LOG-SECRET
    log.info("published %s rows to exports.%s (dsn=%s)", len(rows), name, WAREHOUSE_DSN)
    # ruleid: PY-LOG-SECRET
    log.info("connecting to %s", settings.DATABASE_URL)
    # ok: PY-LOG-SECRET
    log.info("connecting to %s", urlparse(settings.DATABASE_URL).hostname)
    # ok: PY-LOG-SECRET
    log.info("using local database %s", SQLITE_URL)


def api_key_created(instance):
    # The message says what the last value is: the new key.
    # ruleid: PY-LOG-SECRET
    log.info("api key %s created for tenant %s: %s", instance.pk, instance.tenant_id, instance.raw_key)
    # ok: PY-LOG-SECRET
    log.info("api key %s created for tenant %s (prefix %s)", instance.pk, instance.tenant_id, instance.prefix)
    # ok: PY-LOG-SECRET
    log.info("api key %s created, starts with %s", instance.pk, instance.raw_key[:4])


def refresh(client, username):
    # ruleid: PY-LOG-SECRET
    log.debug("using access token %s", client.current)
    # ok: PY-LOG-SECRET
    log.info("password reset link requested for %s", username)
    # ok: PY-LOG-SECRET
    log.debug("unexpected token %s at line %d", client.lexeme, client.line)


def charge_card(card_number, cvv, amount, currency, card):
    # Card numbers and security codes must never reach a log (PCI DSS).
    # ruleid: PY-LOG-SECRET
    log.info("charging card %s cvv %s amount %s %s", card_number, cvv, amount, currency)
    # ruleid: PY-LOG-SECRET
    log.debug("payment form: cvc=%s", request.form["card_cvc"])
    # ok: PY-LOG-SECRET
    log.info("charging card ****%s amount %s %s", card_number[-4:], amount, currency)
    # ok: PY-LOG-SECRET
    log.info("card %s/%s cvc check: %s", card.brand, card.last4, card.checks.cvc_check)
    # ok: PY-LOG-SECRET
    log.debug("cvv supplied: %s", bool(cvv))


def patient_lookup(ssn, camera_pan):
    # ruleid: PY-LOG-SECRET
    log.info("looking up patient by ssn=%s", ssn)
    # ok: PY-LOG-SECRET
    log.debug("camera pan %s", camera_pan)


class RequestTimingMiddleware:
    def __call__(self, request, response, elapsed):
        # One header, but the one that carries the credential.
        # ruleid: PY-LOG-SECRET
        log.info("%s %s -> %s in %.1fms auth=%s", request.method, request.path, response.status_code, elapsed, request.headers.get("Authorization"))
        # ruleid: PY-LOG-SECRET
        log.debug("session cookie %s", request.COOKIES.get("sessionid"))
        # ruleid: PY-LOG-SECRET
        log.debug("forwarded key %s", request.META["HTTP_X_API_KEY"])
        # ok: PY-LOG-SECRET
        log.info("%s %s -> %s auth scheme present: %s", request.method, request.path, response.status_code, "Authorization" in request.headers)
        # ok: PY-LOG-SECRET
        log.info("%s %s lang=%s", request.method, request.path, request.COOKIES.get("django_language"))
        # ok: PY-LOG-SECRET
        log.debug("experiment bucket %s", request.COOKIES.get("ab_variant"))


def code_exchange(http, code, token_url):
    tokens = http.post(token_url, data={"grant_type": "authorization_code", "code": code}).json()
    # The token endpoint's reply: access, refresh and id tokens.
    # ruleid: PY-LOG-SECRET
    log.info("token response for code exchange: %s", tokens)
    token_response = http.post(token_url, data={"grant_type": "refresh_token"})
    # ruleid: PY-LOG-SECRET
    log.debug("refresh reply %s", token_response.text)
    # ok: PY-LOG-SECRET
    log.info("token endpoint answered %s", token_response.status_code)
    return tokens


def rotate(vault, api_keys):
    passwords = vault.read_all()
    # ruleid: PY-LOG-SECRET
    log.debug("fetched passwords %s", passwords)
    # ruleid: PY-LOG-SECRET
    log.info("active api keys: %s", api_keys)
    # ok: PY-LOG-SECRET
    log.info("rotated %d passwords", len(passwords))


def parse(source, lexer):
    tokens = lexer.tokenize(source)
    # ok: PY-LOG-SECRET
    log.debug("tokens: %s", tokens)
    # ok: PY-LOG-SECRET
    log.debug("token types: %s", [t.type for t in tokens])


# One-time codes of a login or reset flow
def reset_request(email, code):
    # ruleid: PY-LOG-SECRET
    log.info("password reset for %s, code %s", email, code)


def send_otp(phone, otp):
    # ruleid: PY-LOG-SECRET
    log.debug(f"sending login OTP {otp} to {phone}")


def reset_done(email, code):
    # ok: PY-LOG-SECRET
    log.info("password reset requested for %s", email)


def upstream_status(resp):
    # ok: PY-LOG-SECRET
    log.info("login service answered with code %s", resp.status_code)


def promo(order, promo_code):
    # ok: PY-LOG-SECRET
    log.info("order %s used promo code %s", order.id, promo_code)


# AWS Lambda: the event carries the request's headers and body
import json


def list_receipts(event, context):
    # ruleid: PY-LOG-SECRET
    log.info("event: %s", json.dumps(event))
    # ok: PY-LOG-SECRET
    log.info("path %s from %s", event["path"], event["requestContext"]["identity"]["sourceIp"])
    return {"statusCode": 200, "body": "[]"}
