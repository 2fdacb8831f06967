"""Lambda handlers behind API Gateway (REST API, proxy integration) for the
"ReceiptBox" expense app, plus the S3-triggered thumbnail/OCR worker."""
from __future__ import annotations

import base64
import html
import json
import logging
import os
import subprocess
import tempfile
import urllib.parse
from typing import Any

import boto3
import jwt
import yaml
from boto3.dynamodb.conditions import Key

logger = logging.getLogger()
logger.setLevel(logging.INFO)

s3 = boto3.client("s3")
ddb = boto3.client("dynamodb")
table = boto3.resource("dynamodb").Table(os.environ.get("RECEIPTS_TABLE", "receipts"))
BUCKET = os.environ.get("RECEIPTS_BUCKET", "receiptbox-prod-uploads")
APP_HOST = "app.receiptbox.example"
COGNITO_JWKS = jwt.PyJWKClient("https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Ab12Cd34E/.well-known/jwks.json")

# cross-account copy to the accounting team's bucket
legacy_s3 = boto3.client("s3", aws_access_key_id="AKIA4Q7XNM2PZR8KLT3B", aws_secret_access_key="q9Zx+7TkP2mWv4Ls8RbN1cYh6Jd3Fg5Ue0Ai2KoQ")  # VULN: CWE-798
session_from_env = boto3.session.Session(profile_name=os.environ.get("AWS_PROFILE"))  # SAFE: CWE-798


def _resp(status: int, body: Any, headers: dict | None = None) -> dict:
    return {"statusCode": status, "headers": {"Content-Type": "application/json", **(headers or {})}, "body": json.dumps(body)}


def _claims(event: dict) -> dict:
    token = event["headers"].get("Authorization", "").removeprefix("Bearer ")
    return jwt.decode(token, options={"verify_signature": False})  # VULN: CWE-347


def _claims_verified(event: dict) -> dict:
    token = event["headers"].get("Authorization", "").removeprefix("Bearer ")
    key = COGNITO_JWKS.get_signing_key_from_jwt(token).key
    return jwt.decode(token, key, algorithms=["RS256"], audience=os.environ["COGNITO_CLIENT_ID"])  # SAFE: CWE-347


def list_receipts(event: dict, context) -> dict:
    logger.info("event: %s", json.dumps(event))  # VULN: CWE-532
    user = _claims(event)["sub"]
    res = table.query(KeyConditionExpression=Key("user_id").eq(user))  # SAFE: CWE-89
    return _resp(200, res["Items"])


def search_receipts(event: dict, context) -> dict:
    user = _claims_verified(event)["sub"]
    merchant = (event.get("queryStringParameters") or {}).get("merchant", "")
    stmt = f"SELECT * FROM \"receipts\" WHERE user_id = '{user}' AND merchant = '{merchant}'"
    res = ddb.execute_statement(Statement=stmt)  # VULN: CWE-89
    return _resp(200, res["Items"])


def search_receipts_v2(event: dict, context) -> dict:
    user = _claims_verified(event)["sub"]
    merchant = (event.get("queryStringParameters") or {}).get("merchant", "")
    res = ddb.execute_statement(Statement='SELECT * FROM "receipts" WHERE user_id = ? AND merchant = ?', Parameters=[{"S": user}, {"S": merchant}])  # SAFE: CWE-89
    logger.info("search by %s returned %d items", user, len(res["Items"]))  # SAFE: CWE-532
    return _resp(200, res["Items"])


def share_page(event: dict, context) -> dict:
    params = event.get("queryStringParameters") or {}
    note = params.get("note", "")
    body = f"<html><body><h1>Shared receipt</h1><p>{note}</p></body></html>"
    return {"statusCode": 200, "headers": {"Content-Type": "text/html"}, "body": body}  # VULN: CWE-79


def share_page_v2(event: dict, context) -> dict:
    note = (event.get("queryStringParameters") or {}).get("note", "")
    body = "<html><body><p>" + html.escape(note) + "</p></body></html>"  # SAFE: CWE-79
    return {"statusCode": 200, "headers": {"Content-Type": "text/html"}, "body": body}


def login_redirect(event: dict, context) -> dict:
    target = (event.get("queryStringParameters") or {}).get("redirect_uri", "/")
    return {"statusCode": 302, "headers": {"Location": target}, "body": ""}  # VULN: CWE-601


def login_redirect_v2(event: dict, context) -> dict:
    target = (event.get("queryStringParameters") or {}).get("redirect_uri", "/")
    parts = urllib.parse.urlsplit(target)
    if parts.netloc not in ("", APP_HOST) or parts.scheme not in ("", "https") or target.startswith("//") or "\\" in target:
        target = "/"
    return {"statusCode": 302, "headers": {"Location": target}, "body": ""}  # SAFE: CWE-601


def upload_url(event: dict, context) -> dict:
    user = _claims_verified(event)["sub"]
    # keep the original file name, the app shows it in the receipt list
    name = json.loads(event["body"])["filename"][:200]
    url = s3.generate_presigned_url("put_object", Params={"Bucket": BUCKET, "Key": f"incoming/{user}/{name}"}, ExpiresIn=300)
    return _resp(200, {"url": url})


def import_rules(event: dict, context) -> dict:
    """Users can upload categorisation rules as YAML."""
    body = base64.b64decode(event["body"]) if event.get("isBase64Encoded") else event["body"].encode()
    rules = yaml.load(body, Loader=yaml.UnsafeLoader)  # VULN: CWE-502
    table.put_item(Item={"user_id": _claims_verified(event)["sub"], "sk": "rules", "rules": json.dumps(rules)})
    return _resp(200, {"rules": len(rules)})


def import_rules_v2(event: dict, context) -> dict:
    body = base64.b64decode(event["body"]) if event.get("isBase64Encoded") else event["body"].encode()
    rules = yaml.safe_load(body)  # SAFE: CWE-502
    return _resp(200, {"rules": len(rules or [])})


def on_upload(event: dict, context) -> None:
    """S3 put trigger: thumbnail + OCR for each new receipt image."""
    for rec in event["Records"]:
        key = urllib.parse.unquote_plus(rec["s3"]["object"]["key"])
        local = os.path.join(tempfile.gettempdir(), os.path.basename(key))
        s3.download_file(BUCKET, key, local)
        os.system(f"/opt/bin/convert '{local}' -resize 256x256 '{local}.thumb.jpg'")  # VULN: CWE-78
        text = subprocess.run(["/opt/bin/tesseract", local, "-", "--psm", "6"], capture_output=True, text=True, timeout=60).stdout  # SAFE: CWE-78
        s3.upload_file(local + ".thumb.jpg", BUCKET, key.replace("incoming/", "thumbs/", 1))
        table.update_item(Key={"user_id": key.split("/")[1], "sk": key}, UpdateExpression="SET ocr_text = :t", ExpressionAttributeValues={":t": text[:4000]})


def export_for_accounting(event: dict, context) -> dict:
    user = _claims_verified(event)["sub"]
    for obj in s3.list_objects_v2(Bucket=BUCKET, Prefix=f"incoming/{user}/").get("Contents", []):
        legacy_s3.copy_object(Bucket="acct-archive-2019", Key=obj["Key"], CopySource={"Bucket": BUCKET, "Key": obj["Key"]})
    return _resp(200, {"ok": True})


def health(event: dict, context) -> dict:
    return _resp(200, {"ok": True, "env": dict(os.environ)})  # VULN: CWE-200
