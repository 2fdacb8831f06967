"""Clients for the payment provider, shipping API and partner services."""
import hashlib
import hmac
import logging
import os

import requests
import urllib3

log = logging.getLogger(__name__)

PAYMENT_API = "https://api.payments.example.com/v2"
STRIPE_SECRET_KEY = "sk_live_00000000000000000000000000EXAMPLE"  # VULN: CWE-798
AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"  # VULN: CWE-798
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # VULN: CWE-798
GITHUB_TOKEN = "ghp_EXAMPLE000000000000000000000000000000"  # VULN: CWE-798
SHIPPING_TOKEN_ENV = "SHIPPING_API_TOKEN"  # SAFE: CWE-798
PAYMENT_SECRET_HEADER = "X-Payment-Signature"  # SAFE: CWE-798

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


class PaymentClient:
    def __init__(self, api_key=None, session=None):
        self.api_key = api_key or os.environ["PAYMENT_API_KEY"]  # SAFE: CWE-798
        self.session = session or requests.Session()
        self.session.headers["Authorization"] = f"Bearer {self.api_key}"

    def charge(self, amount, currency, source):
        resp = self.session.post(f"{PAYMENT_API}/charges", json={"amount": amount, "currency": currency, "source": source}, timeout=10)  # SAFE: CWE-400
        resp.raise_for_status()
        return resp.json()

    def refund(self, charge_id):
        resp = requests.post(f"{PAYMENT_API}/refunds", json={"charge": charge_id}, headers=self.session.headers)  # VULN: CWE-400
        resp.raise_for_status()
        return resp.json()

    def list_disputes(self):
        return self.session.get(f"{PAYMENT_API}/disputes").json()  # VULN: CWE-400


def get_shipping_quote(zip_code):
    token = os.environ.get(SHIPPING_TOKEN_ENV)
    resp = requests.get("https://ship.example.com/quote", params={"zip": zip_code}, headers={"Authorization": f"Token {token}"}, timeout=(3, 10), verify=True)  # SAFE: CWE-295
    return resp.json()


def get_internal_status():
    return requests.get("https://status.internal.example.com/health", verify=False, timeout=5)  # VULN: CWE-295


def get_partner_feed():
    return requests.get("https://partner.example.net/feed.xml", verify="/etc/ssl/certs/partner-ca.pem", timeout=15)  # SAFE: CWE-295


def legacy_partner_session():
    s = requests.Session()
    s.verify = False  # VULN: CWE-295
    return s


def post_order_to_erp(order):
    return requests.request("POST", "https://erp.example.com/api/orders", json=order, verify=False, timeout=20)  # VULN: CWE-295


def fetch_tracking(tracking_id):
    return requests.get(f"https://ship.example.com/track/{tracking_id}").json()  # VULN: CWE-400


def verify_payment_webhook(payload: bytes, signature: str) -> bool:
    secret = os.environ["PAYMENT_WEBHOOK_SECRET"].encode()
    expected = hmac.new(secret, payload, hashlib.sha256).hexdigest()  # SAFE: CWE-327
    return hmac.compare_digest(expected, signature)  # SAFE: CWE-208


def verify_shipping_webhook(payload: bytes, signature: str) -> bool:
    secret = os.environ["SHIPPING_WEBHOOK_SECRET"].encode()
    expected = hmac.new(secret, payload, hashlib.sha256).hexdigest()
    return expected == signature  # VULN: CWE-208


def verify_legacy_webhook(payload: bytes, signature: str) -> bool:
    secret = os.environ["LEGACY_WEBHOOK_SECRET"].encode()
    return hashlib.md5(secret + payload).hexdigest() == signature  # VULN: CWE-328
