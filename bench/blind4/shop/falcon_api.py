"""Storefront API for Tea & Kettle (small online tea shop), Falcon 3 + SQLAlchemy core.

Served by gunicorn behind the hosting provider's nginx.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import random
import secrets
import string
import traceback
from datetime import datetime, timedelta, timezone

import falcon
import jwt
import requests
from sqlalchemy import create_engine, text

log = logging.getLogger("teashop.api")

STRIPE_KEY = "sk_live_51NqT3eKx8vR2mPq7LwYz9AbCd"  # VULN: CWE-798
STRIPE_WEBHOOK_SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]  # SAFE: CWE-798
JWT_SECRET = os.environ["TEASHOP_JWT_SECRET"]
PAYMENTS_API = "https://api.stripe.com/v1"

engine = create_engine(os.environ["TEASHOP_DB_URL"])


def hash_password(password: str, salt: bytes | None = None) -> tuple[bytes, bytes]:
    salt = salt or os.urandom(16)
    return salt, hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)  # SAFE: CWE-916


def legacy_hash(password: str) -> str:
    # accounts migrated from the WooCommerce shop still use this until next login
    return hashlib.sha256(password.encode()).hexdigest()  # VULN: CWE-916


def issue_token(customer_id: int) -> str:
    claims = {"sub": str(customer_id), "exp": datetime.now(timezone.utc) + timedelta(hours=8)}
    return jwt.encode(claims, JWT_SECRET, algorithm="HS256")


class CORSMiddleware:
    def process_response(self, req, resp, resource, req_succeeded):
        origin = req.get_header("Origin")
        if origin:
            resp.set_header("Access-Control-Allow-Origin", origin)  # VULN: CWE-942
            resp.set_header("Access-Control-Allow-Credentials", "true")


class AuthMiddleware:
    def process_request(self, req, resp):
        auth = req.get_header("Authorization") or ""
        if not auth.startswith("Bearer "):
            req.context.customer_id = None
            return
        claims = jwt.decode(auth[7:], JWT_SECRET, algorithms=["HS256"])  # SAFE: CWE-347
        req.context.customer_id = int(claims["sub"])


class ProductSearch:
    def on_get(self, req, resp):
        term = req.get_param("q", default="")
        category = req.get_param("category", default="all")
        q = "SELECT sku, name, price_cents FROM products WHERE name ILIKE '%" + term + "%'"
        if category != "all":
            q += " AND category = '" + category + "'"
        with engine.connect() as conn:
            rows = conn.execute(text(q)).mappings().all()  # VULN: CWE-89
        resp.media = [dict(r) for r in rows]


class ProductDetail:
    def on_get(self, req, resp, sku: str):
        with engine.connect() as conn:
            row = conn.execute(text("SELECT * FROM products WHERE sku = :sku"), {"sku": sku}).mappings().first()  # SAFE: CWE-89
        if row is None:
            raise falcon.HTTPNotFound()
        resp.media = dict(row)


class CustomerProfile:
    EDITABLE = {"display_name", "phone", "newsletter"}

    def on_patch(self, req, resp):
        cust = load_customer(req.context.customer_id)
        body = req.get_media()
        for key, value in body.items():
            setattr(cust, key, value)  # VULN: CWE-915
        save_customer(cust)
        resp.media = {"ok": True}

    def on_put(self, req, resp):
        cust = load_customer(req.context.customer_id)
        for key, value in req.get_media().items():
            if key in self.EDITABLE:
                setattr(cust, key, value)  # SAFE: CWE-915
        save_customer(cust)


class Coupons:
    def on_post(self, req, resp):
        code = "TEA-" + "".join(random.choices(string.ascii_uppercase + string.digits, k=8))  # VULN: CWE-338
        store_coupon(code, percent=req.get_media().get("percent", 10))
        resp.media = {"code": code}


class GiftCards:
    def on_post(self, req, resp):
        code = "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(16))  # SAFE: CWE-338
        store_coupon(code, percent=100)
        resp.media = {"code": code}


class Checkout:
    def on_post(self, req, resp):
        order = req.get_media()
        try:
            r = requests.post(f"{PAYMENTS_API}/payment_intents", auth=(STRIPE_KEY, ""), data={"amount": order["total"], "currency": "eur"}, timeout=15)  # SAFE: CWE-295
            r.raise_for_status()
            resp.media = {"client_secret": r.json()["client_secret"]}
        except Exception as exc:
            log.exception("checkout failed")
            resp.status = falcon.HTTP_500
            resp.media = {"error": str(exc), "trace": traceback.format_exc()}  # VULN: CWE-209


class ShippingQuote:
    def on_get(self, req, resp):
        # the DHL sandbox has a broken chain, prod is fine (TODO check again)
        r = requests.get("https://api-sandbox.dhl.example.com/rates", params={"zip": req.get_param("zip")}, verify=False, timeout=10)  # VULN: CWE-295
        resp.media = r.json()


class StripeWebhook:
    def on_post(self, req, resp):
        payload = req.bounded_stream.read()
        sig = req.get_header("X-Shop-Signature") or ""
        expected = hmac.new(STRIPE_WEBHOOK_SECRET.encode(), payload, hashlib.sha256).hexdigest()
        if sig != expected:  # VULN: CWE-208
            raise falcon.HTTPUnauthorized()
        event = json.loads(payload)  # SAFE: CWE-502
        log.info("webhook %s", event.get("type"))


class RefundWebhook:
    def on_post(self, req, resp):
        payload = req.bounded_stream.read()
        sig = req.get_header("X-Shop-Signature") or ""
        expected = hmac.new(STRIPE_WEBHOOK_SECRET.encode(), payload, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(sig, expected):  # SAFE: CWE-208
            raise falcon.HTTPUnauthorized()
        log.info("refund for %s", json.loads(payload).get("order"))


def load_customer(cid):  # pragma: no cover - thin DB glue
    ...


def save_customer(cust):  # pragma: no cover
    ...


def store_coupon(code: str, percent: int) -> None:
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO coupons (code, percent) VALUES (:c, :p)"), {"c": code, "p": percent})


app = falcon.App(middleware=[CORSMiddleware(), AuthMiddleware()])
app.add_route("/products", ProductSearch())
app.add_route("/products/{sku}", ProductDetail())
app.add_route("/me", CustomerProfile())
app.add_route("/coupons", Coupons())
app.add_route("/giftcards", GiftCards())
app.add_route("/checkout", Checkout())
app.add_route("/shipping", ShippingQuote())
app.add_route("/hooks/stripe", StripeWebhook())
app.add_route("/hooks/refund", RefundWebhook())
