import argparse
import getpass
import hashlib
import hmac
import os
import smtplib
from enum import Enum

import psycopg2
import requests
from requests.auth import HTTPBasicAuth
from sqlalchemy import create_engine

# ruleid: PY-SECRET-PASSWORD
DB_PASSWORD = "Sup3rS3cret!"

# ruleid: PY-SECRET-PASSWORD
adminPassword = "admin123"

# ruleid: PY-SECRET-PASSWORD
STRIPE_API_KEY = "k8Jd02mXq7LpR4vN"

# ruleid: PY-SECRET-PASSWORD
engine = create_engine("postgresql://app:hunter2@db.internal:5432/app")

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "USER": "app",
        # ruleid: PY-SECRET-PASSWORD
        "PASSWORD": "pg-pass-2024",
    }
}


class Mailer:
    def __init__(self):
        # ruleid: PY-SECRET-PASSWORD
        self.smtp_pass = "m41l3r-pw"


def connect():
    # ruleid: PY-SECRET-PASSWORD
    return psycopg2.connect(host="db", user="app", password="p0stgr3s")


def send_report(body):
    server = smtplib.SMTP_SSL("smtp.gmail.com", 465)
    # ruleid: PY-SECRET-PASSWORD
    server.login("reports@example.com", "gm41l-app-pw")
    server.sendmail("reports@example.com", ["boss@example.com"], body)


# ruleid: PY-SECRET-PASSWORD
def login(user, password="changeme"):
    return requests.post("https://api.example.com/login", json={"user": user, "password": password}, timeout=10)


def check_admin(password):
    # ruleid: PY-SECRET-PASSWORD
    return password == "letmein42"


def fetch_invoices():
    # ruleid: PY-SECRET-PASSWORD
    return requests.get("https://billing.example.com/api/invoices", auth=("billing", "b1ll1ng!"), timeout=10)


def fetch_basic():
    # ruleid: PY-SECRET-PASSWORD
    return requests.get("https://example.com/private", auth=HTTPBasicAuth("ops", "0ps-t34m"), timeout=10)


# ruleid: PY-SECRET-PASSWORD
REDIS_PASSWORD = os.environ.get("REDIS_PASSWORD", "r3d1s-dev-pw")

parser = argparse.ArgumentParser()
# ruleid: PY-SECRET-PASSWORD
parser.add_argument("--db-password", default="toor123")


def seed_admin(user):
    # ruleid: PY-SECRET-PASSWORD
    user.set_password("Adm1n!2024")
    user.save()


def partner_headers():
    # ruleid: PY-SECRET-PASSWORD
    return {"Authorization": "Bearer 8f14e45fceea167a5a36dedd4bea2543", "Accept": "application/json"}


# ruleid: PY-SECRET-PASSWORD
AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"


# --- safe lookalikes -------------------------------------------------------

# ok: PY-SECRET-PASSWORD
token_type = "bearer"

# ok: PY-SECRET-PASSWORD
PASSWORD_FIELD = "password"

# ok: PY-SECRET-PASSWORD
password_label = "Password"

# ok: PY-SECRET-PASSWORD
PASSWORD_ENV = "DB_PASSWORD"

# ok: PY-SECRET-PASSWORD
reset_password_url = "/auth/reset"

# ok: PY-SECRET-PASSWORD
TOKEN_URL = "https://oauth2.googleapis.com/token"

# ok: PY-SECRET-PASSWORD
db_password = os.environ["DB_PASSWORD"]

# ok: PY-SECRET-PASSWORD
smtp_password = os.getenv("SMTP_PASSWORD")

# ok: PY-SECRET-PASSWORD
api_key = ""

# ok: PY-SECRET-PASSWORD
password_hash = "pbkdf2:sha256:600000$Xc3hL$4f1d0b6e8e2a"

# ok: PY-SECRET-PASSWORD
DATABASE_URL = "postgresql://{user}:{password}@{host}/app"

# ok: PY-SECRET-PASSWORD
eos_token = "</s>"

# ok: PY-SECRET-PASSWORD
max_tokens = "4096"


class Field(str, Enum):
    USERNAME = "username"
    # ok: PY-SECRET-PASSWORD
    PASSWORD = "pwd"


def ask():
    # ok: PY-SECRET-PASSWORD
    password = getpass.getpass("Enter your password: ")
    # ok: PY-SECRET-PASSWORD
    secret = "<your-secret-here>"
    return password, secret


def from_request(request):
    # ok: PY-SECRET-PASSWORD
    token = request.headers["Authorization"]
    # ok: PY-SECRET-PASSWORD
    if token == "":
        return None
    return token


def connect_safely():
    # ok: PY-SECRET-PASSWORD
    return psycopg2.connect(host="db", user="app", password=os.environ["PGPASSWORD"])


# ok: PY-SECRET-PASSWORD
parser.add_argument("--password", default=os.environ.get("APP_PASSWORD"), help="database password")


def lexer(token):
    # ok: PY-SECRET-PASSWORD
    return token == "lambda"


def env_headers():
    # ok: PY-SECRET-PASSWORD
    return {"Authorization": f"Bearer {os.environ['PARTNER_TOKEN']}"}


# ok: PY-SECRET-PASSWORD
PROXY_HELP = "Specify a proxy in the form scheme://[user:passwd@]proxy.server:port."


# Secret salts and peppers: a constant mixed into a signature or hash is a key.
# ruleid: PY-SECRET-PASSWORD
LEGACY_GATEWAY_SALT = b"k3y-s4lt-gw-2015"
# ruleid: PY-SECRET-PASSWORD
PASSWORD_PEPPER = "Qm7#vT2xL9pR4wZk"


class WebhookSigner:
    # ruleid: PY-SECRET-PASSWORD
    hmac_salt = "a8f3c1d9e7b2"


def verify_legacy_gateway(payload, sig):
    return hmac.compare_digest(hashlib.sha256(LEGACY_GATEWAY_SALT + payload).hexdigest(), sig)


# ok: PY-SECRET-PASSWORD
SALT_LENGTH = 16
# ok: PY-SECRET-PASSWORD
EMAIL_CONFIRM_SALT = "email-confirm"
# ok: PY-SECRET-PASSWORD
SESSION_SALT = "django.contrib.sessions.backends.signed_cookies"
# ok: PY-SECRET-PASSWORD
INVITE_SALT = "invite-v2"
# ok: PY-SECRET-PASSWORD
RESET_SALT = "pw-reset-2019"


def new_password_hash(password):
    # ok: PY-SECRET-PASSWORD
    salt = os.urandom(16)
    return salt + hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)


def confirmation_link(serializer, email):
    return serializer.dumps(email, salt=RESET_SALT)


class MqttBridge:
    def __init__(self, client):
        self.client = client

    def connect(self, host):
        # ruleid: PY-SECRET-PASSWORD
        self.client.username_pw_set("hub", "h0meHub!2023-bridge")
        self.client.connect(host, 8883)

    def connect_from_env(self, host):
        # ok: PY-SECRET-PASSWORD
        self.client.username_pw_set("hub", os.environ["MQTT_PASSWORD"])
        self.client.connect(host, 8883)

    def connect_anonymous(self, host):
        # ok: PY-SECRET-PASSWORD
        self.client.username_pw_set("hub")
        self.client.connect(host, 1883)
