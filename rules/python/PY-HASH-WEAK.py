import hashlib
import hashlib as hl
import hmac as std_hmac
from hashlib import md5, sha1

from Crypto.Hash import MD5, SHA, SHA256
from Crypto.Signature import pkcs1_15
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric import padding


def verify_download(data: bytes, expected_md5: str) -> bool:
    # An integrity check: a collision lets a tampered file pass.
    # ruleid: PY-HASH-WEAK
    return hl.new("md5", data).hexdigest() == expected_md5


def install_package(blob: bytes, manifest: dict) -> None:
    # The digest is kept in a local and compared a line later: still an integrity check.
    # ruleid: PY-HASH-WEAK
    actual = hashlib.sha1(blob).hexdigest()
    if actual != manifest["sha1"]:
        raise ValueError("package checksum mismatch")


def check_webhook(body: bytes, received: str) -> bool:
    # ruleid: PY-HASH-WEAK
    return std_hmac.compare_digest(hashlib.md5(body).hexdigest(), received)


def sign_payload(secret, payload):
    # A home-made MAC over a secret: this must become HMAC-SHA256.
    # ruleid: PY-HASH-WEAK
    signature = md5((secret + payload).encode()).hexdigest()
    return {"payload": payload, "signature": signature}


def store_api_key(db, user_id, api_key):
    # ruleid: PY-HASH-WEAK
    db.insert("api_keys", user_id=user_id, key_hash=hashlib.md5(api_key.encode()).hexdigest())


def host_key_fingerprint(public_key_bytes: bytes) -> str:
    # ruleid: PY-HASH-WEAK
    return hashlib.md5(public_key_bytes).hexdigest()


def sign_document(private_key, data):
    # ruleid: PY-HASH-WEAK
    return pkcs1_15.new(private_key).sign(SHA.new(data))


def certificate_digest(cert):
    # ruleid: PY-HASH-WEAK
    return cert.fingerprint(hashes.SHA1())


def explicit_security(data):
    # ruleid: PY-HASH-WEAK
    return hashlib.sha1(data, usedforsecurity=True).digest()


def verify_upload(fileobj, expected):
    # ruleid: PY-HASH-WEAK
    return hashlib.file_digest(fileobj, "md5").hexdigest() == expected


def backup_checksum(path):
    # A corruption checksum with no security purpose: PY-HASH-WEAK-UNMARKED (opt-in) covers it.
    with open(path, "rb") as handle:
        # ok: PY-HASH-WEAK
        checksum = hashlib.md5(handle.read()).hexdigest()
    return checksum


def add_row_keys(df):
    # A dedup key for rows: not a security use.
    # ok: PY-HASH-WEAK
    df["row_key"] = df["order_id"].map(lambda v: sha1(str(v).encode()).hexdigest())
    return df


def legacy_checksum(data):
    # ok: PY-HASH-WEAK
    return MD5.new(data).hexdigest()


def etag_for(body: bytes) -> str:
    # An ETag or a cache key only identifies content: MD5/SHA-1 are adequate there.
    # ok: PY-HASH-WEAK
    return '"%s"' % sha1(body).hexdigest()


def not_modified(request, body):
    # ok: PY-HASH-WEAK
    return request.headers.get("If-None-Match") == hashlib.md5(body).hexdigest()


def cache_key(url):
    # ok: PY-HASH-WEAK
    digest = hl.new("md5", url.encode("utf-8"))
    return "page:" + digest.hexdigest()


def dedupe_key(record):
    # ok: PY-HASH-WEAK
    return hashlib.md5(record.encode(), usedforsecurity=False).hexdigest()


def content_hash(data):
    # ok: PY-HASH-WEAK
    return hashlib.sha256(data).hexdigest()


def modern(data):
    # ok: PY-HASH-WEAK
    return hashlib.new("sha3_256", data).hexdigest(), hashlib.blake2b(data).hexdigest()


def webhook_mac(key, body):
    # HMAC-MD5/HMAC-SHA1 are not broken the way plain MD5 is: not reported.
    # ok: PY-HASH-WEAK
    return std_hmac.new(key, body, hashlib.sha1).hexdigest()


def totp_mac(key, counter):
    # ok: PY-HASH-WEAK
    mac = hmac.HMAC(key, hashes.SHA1())
    mac.update(counter)
    return mac.finalize()


def oaep_padding():
    # SHA-1 inside OAEP/MGF1 is still sound.
    # ok: PY-HASH-WEAK
    return padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA1()), algorithm=hashes.SHA256(), label=None)


def sha256_pycryptodome(data):
    # ok: PY-HASH-WEAK
    return SHA256.new(data).hexdigest()


def upload_checksum(fileobj):
    # ok: PY-HASH-WEAK
    return hashlib.file_digest(fileobj, "md5").hexdigest()


def upload_checksum_sha256(fileobj):
    # ok: PY-HASH-WEAK
    return hashlib.file_digest(fileobj, "sha256").hexdigest()
