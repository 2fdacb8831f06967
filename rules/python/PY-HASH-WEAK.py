import hashlib
import hashlib as hl
import hmac as std_hmac
from hashlib import md5, sha1

from Crypto.Hash import MD5, SHA256
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric import padding


def file_fingerprint(path):
    with open(path, "rb") as handle:
        # ruleid: PY-HASH-WEAK
        return hashlib.md5(handle.read()).hexdigest()


def verify_download(data: bytes, expected_md5: str) -> bool:
    # An integrity check: a collision lets a tampered file pass. No quick fix: use SHA-256.
    # ruleid: PY-HASH-WEAK
    return hl.new("md5", data).hexdigest() == expected_md5


def record_digest(record: bytes) -> str:
    # Purpose unknown: reported, with the fix to declare it is not used for security.
    # ruleid: PY-HASH-WEAK
    return sha1(record).hexdigest()


def etag_for(body: bytes) -> str:
    # An ETag or a cache key only identifies content: MD5/SHA-1 are adequate there.
    # ok: PY-HASH-WEAK
    return '"%s"' % sha1(body).hexdigest()


def cache_key(url):
    # ok: PY-HASH-WEAK
    digest = hl.new("md5", url.encode("utf-8"))
    return "page:" + digest.hexdigest()


def sign_payload(secret, payload):
    # A home-made MAC over a secret: no quick fix, this must become HMAC-SHA256.
    # ruleid: PY-HASH-WEAK
    signature = md5((secret + payload).encode()).hexdigest()
    return {"payload": payload, "signature": signature}


def legacy_checksum(data):
    # ruleid: PY-HASH-WEAK
    return MD5.new(data).hexdigest()


def certificate_digest(cert):
    # ruleid: PY-HASH-WEAK
    return cert.fingerprint(hashes.SHA1())


def explicit_security(data):
    # ruleid: PY-HASH-WEAK
    return hashlib.sha1(data, usedforsecurity=True).digest()


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
    # ruleid: PY-HASH-WEAK
    return hashlib.file_digest(fileobj, "md5").hexdigest()


def upload_checksum_sha256(fileobj):
    # ok: PY-HASH-WEAK
    return hashlib.file_digest(fileobj, "sha256").hexdigest()
