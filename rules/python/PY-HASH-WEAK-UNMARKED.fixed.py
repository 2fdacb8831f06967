import hashlib
from hashlib import md5, sha1

from Crypto.Hash import MD5
from cryptography.hazmat.primitives import hashes


def dump_checksum(path):
    with open(path, "rb") as handle:
        # A corruption checksum: nothing says it protects anything, nothing says it does not.
        # ruleid: PY-HASH-WEAK-UNMARKED
        checksum = hashlib.md5(handle.read(), usedforsecurity=False).hexdigest()
    return checksum


def add_row_keys(df):
    # ruleid: PY-HASH-WEAK-UNMARKED
    df["row_key"] = df["order_id"].map(lambda v: sha1(str(v).encode(), usedforsecurity=False).hexdigest())
    return df


def record_digest(record: bytes) -> str:
    # ruleid: PY-HASH-WEAK-UNMARKED
    return hashlib.new("sha1", record, usedforsecurity=False).hexdigest()


def legacy_checksum(data):
    # pycryptodome has no usedforsecurity flag: reported without a fix.
    # ruleid: PY-HASH-WEAK-UNMARKED
    return MD5.new(data).hexdigest()


def upload_checksum(fileobj):
    # ruleid: PY-HASH-WEAK-UNMARKED
    return hashlib.file_digest(fileobj, "md5").hexdigest()


def content_digest(chunks):
    # ruleid: PY-HASH-WEAK-UNMARKED
    digest = hashes.Hash(hashes.MD5())
    for chunk in chunks:
        digest.update(chunk)
    return digest.finalize()


def marked(record: bytes) -> str:
    # ok: PY-HASH-WEAK-UNMARKED
    return md5(record, usedforsecurity=False).hexdigest()


def sign_payload(secret, payload):
    # A security use is PY-HASH-WEAK's: the two rules never report the same call.
    # ok: PY-HASH-WEAK-UNMARKED
    return md5((secret + payload).encode()).hexdigest()


def verify_download(blob: bytes, expected: str) -> bool:
    # ok: PY-HASH-WEAK-UNMARKED
    return hashlib.sha1(blob).hexdigest() == expected


def page_cache_key(url):
    # ok: PY-HASH-WEAK-UNMARKED
    return "page:" + hashlib.md5(url.encode()).hexdigest()


def hash_password(password):
    # PY-HASH-PASSWORD's.
    # ok: PY-HASH-WEAK-UNMARKED
    return hashlib.md5(password.encode()).hexdigest()


def strong(data):
    # ok: PY-HASH-WEAK-UNMARKED
    return hashlib.sha256(data).hexdigest()
