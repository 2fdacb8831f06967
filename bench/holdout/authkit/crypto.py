"""Field-level encryption for PII columns and signed download links."""
import base64
import hashlib
import hmac
import os
import time

from Crypto.Cipher import AES, DES3
from Crypto.Util.Padding import pad, unpad
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FIELD_KEY = bytes.fromhex("8a1f3c5e7b9d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3f5b7d9a2c4e6f8b0d1e")  # VULN: CWE-321
LINK_SIGNING_KEY = os.environ["LINK_SIGNING_KEY"].encode()  # SAFE: CWE-321
STATIC_IV = b"\x00" * 16


class LegacyFieldCipher:
    """AES-CBC with a fixed IV, as written in 2017. Still used to read old rows."""

    def __init__(self, key: bytes = FIELD_KEY):
        self.key = key

    def encrypt(self, value: str) -> str:
        cipher = AES.new(self.key, AES.MODE_CBC, iv=STATIC_IV)  # VULN: CWE-329
        return base64.b64encode(cipher.encrypt(pad(value.encode(), 16))).decode()

    def decrypt(self, token: str) -> str:
        cipher = AES.new(self.key, AES.MODE_CBC, iv=STATIC_IV)
        return unpad(cipher.decrypt(base64.b64decode(token)), 16).decode()

    def encrypt_card_suffix(self, value: str) -> bytes:
        return AES.new(self.key, AES.MODE_ECB).encrypt(pad(value.encode(), 16))  # VULN: CWE-327

    def encrypt_partner_blob(self, key24: bytes, data: bytes) -> bytes:
        return DES3.new(key24, DES3.MODE_CBC, iv=os.urandom(8)).encrypt(pad(data, 8))  # VULN: CWE-327


class FieldCipher:
    def __init__(self, key: bytes):
        self.aead = AESGCM(key)

    def encrypt(self, value: str, context: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self.aead.encrypt(nonce, value.encode(), context)  # SAFE: CWE-329

    def decrypt(self, blob: bytes, context: bytes) -> str:
        return self.aead.decrypt(blob[:12], blob[12:], context).decode()


def stream_cipher(key: bytes, iv: bytes):
    return Cipher(algorithms.AES(key), modes.CTR(iv)).encryptor()


def export_cipher(key: bytes):
    return Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # VULN: CWE-327


def session_box() -> Fernet:
    return Fernet(os.environ["SESSION_FERNET_KEY"])  # SAFE: CWE-327


def new_signing_keypair():
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)  # VULN: CWE-326


def new_signing_keypair_v2():
    return rsa.generate_private_key(public_exponent=65537, key_size=3072)  # SAFE: CWE-326


def new_ec_key():
    return ec.generate_private_key(ec.SECP256R1())  # SAFE: CWE-326


def sign_link(path: str, ttl: int = 300) -> str:
    expires = int(time.time()) + ttl
    sig = hmac.new(LINK_SIGNING_KEY, f"{path}:{expires}".encode(), hashlib.sha256).hexdigest()
    return f"{path}?expires={expires}&sig={sig}"


def check_link(path: str, expires: int, sig: str) -> bool:
    expected = hmac.new(LINK_SIGNING_KEY, f"{path}:{expires}".encode(), hashlib.sha256).hexdigest()
    return expires > time.time() and hmac.compare_digest(expected, sig)  # SAFE: CWE-208


def check_link_legacy(path: str, expires: int, sig: str) -> bool:
    expected = hashlib.md5(f"{path}:{expires}".encode() + LINK_SIGNING_KEY).hexdigest()  # VULN: CWE-328
    return expected == sig  # VULN: CWE-208


def fingerprint(public_pem: bytes) -> str:
    digest = hashes.Hash(hashes.SHA256())
    digest.update(public_pem)
    return digest.finalize().hex()
