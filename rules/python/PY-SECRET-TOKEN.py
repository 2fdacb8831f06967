import boto3
import requests
import stripe
from github import Github
from slack_sdk import WebClient

# ruleid: PY-SECRET-TOKEN
AWS_ACCESS_KEY_ID = "AKIAUJZDE8GXD6NCF10E"

s3 = boto3.client(
    "s3",
    aws_access_key_id=AWS_ACCESS_KEY_ID,
    # ruleid: PY-SECRET-TOKEN
    aws_secret_access_key="r1pY4OjE2jBMptUsGr7CmY/uCu3ZR1zTOlUcR64c",
)

# ruleid: PY-SECRET-TOKEN
gh = Github("ghp_pfJBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0Rlg")

# ruleid: PY-SECRET-TOKEN
slack = WebClient(token="xoxb-993518190937-8657975432319-tHF4vUCsMehGAkWvj7FAc9Qe")

# ruleid: PY-SECRET-TOKEN
stripe.api_key = "sk_live_kCzJr4i0B3JrTAwR4y9ojflj"


def notify(text):
    # ruleid: PY-SECRET-TOKEN
    url = "https://hooks.slack.com/services/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"
    requests.post(url, json={"text": text}, timeout=5)


def geocode(address):
    return requests.get(
        "https://maps.googleapis.com/maps/api/geocode/json",
        # ruleid: PY-SECRET-TOKEN
        params={"address": address, "key": "AIzaDDb_xHKas1VOqg6YYZYn9ZhyiA4uoRgnatm"},
        timeout=5,
    )


def gitlab_headers():
    # ruleid: PY-SECRET-TOKEN
    return {"PRIVATE-TOKEN": "glpat-9SkpXz9w3QlY7Zkuvqdt"}


# ruleid: PY-SECRET-TOKEN
SIGNING_KEY_PEM = b"""-----BEGIN RSA PRIVATE KEY-----
xKmXIDl1NSuHixRcikLYhM9M/actjh1d2SWJCC2FKnEihz7oBa3ViUIWejhShhlcZ5+caZTkW4qxCYASBwlh833k
Nt39yZ1uda9lR8+xG0IHJILcUxwrw5B8lhfrXlCJ5AGGuqilfRGeb7ZdAKvDKvOOZn8CLoctScwVyQuZm3crT8em
-----END RSA PRIVATE KEY-----
"""

# --- safe lookalikes -------------------------------------------------------

# ok: PY-SECRET-TOKEN
EXAMPLE_KEY_FROM_AWS_DOCS = "AKIAIOSFODNN7EXAMPLE"

# ok: PY-SECRET-TOKEN
GITHUB_TOKEN_PLACEHOLDER = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

# ok: PY-SECRET-TOKEN
STRIPE_TEST_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"

# ok: PY-SECRET-TOKEN
PEM_HEADER = "-----BEGIN RSA PRIVATE KEY-----"

# ok: PY-SECRET-TOKEN
PUBLIC_KEY = """-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmwIDAQAB
-----END PUBLIC KEY-----"""


def from_env(os):
    # ok: PY-SECRET-TOKEN
    return WebClient(token=os.environ["SLACK_BOT_TOKEN"])


# ok: PY-SECRET-TOKEN
GITHUB_TOKEN_PATTERN = r"ghp_[A-Za-z0-9]{36}"
