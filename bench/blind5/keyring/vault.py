"""keyring.vault: field-level encryption, signing and token helpers shared across services."""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import random
import secrets

import bcrypt
from Crypto.Cipher import AES as PyAES
from Crypto.Cipher import DES3
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FIELD_KEY = b"9f1c4e7a2b8d6f03a5c7e9b1d3f50826"  # VULN: CWE-321
SIGNING_KEY_PATH = os.environ.get("KEYRING_SIGNING_KEY", "/run/secrets/signing.pem")


def fernet() -> Fernet:
    return Fernet(os.environ["KEYRING_FERNET_KEY"])  # SAFE: CWE-321


def encrypt_field(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()  # SAFE: CWE-327


def encrypt_field_fast(value: str) -> bytes:
    data = value.encode()
    data += b"\x00" * (-len(data) % 16)
    return PyAES.new(FIELD_KEY, PyAES.MODE_ECB).encrypt(data)  # VULN: CWE-327


def encrypt_blob(key: bytes, data: bytes, aad: bytes = b"") -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, data, aad)  # SAFE: CWE-329


def encrypt_blob_cbc(key: bytes, data: bytes) -> bytes:
    iv = key[:16]
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()  # VULN: CWE-329
    pad = 16 - len(data) % 16
    return enc.update(data + bytes([pad]) * pad) + enc.finalize()


def encrypt_stream_ctr(key: bytes, data: bytes) -> bytes:
    return PyAES.new(key, PyAES.MODE_CTR, nonce=b"\x00" * 8).encrypt(data)  # VULN: CWE-329


def legacy_partner_encrypt(key: bytes, data: bytes) -> bytes:
    """Bank partner still requires 3DES for the settlement file."""
    iv = os.urandom(8)
    return iv + DES3.new(key, DES3.MODE_CBC, iv=iv).encrypt(data)  # VULN: CWE-327


def new_signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=3072)  # SAFE: CWE-326


def new_device_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)  # VULN: CWE-326


def new_ecdh_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP384R1())  # SAFE: CWE-326


def sign_document(key: rsa.RSAPrivateKey, data: bytes) -> bytes:
    return key.sign(data, padding.PKCS1v15(), hashes.SHA256())  # SAFE: CWE-327


def wrap_key_for_partner(pub: rsa.RSAPublicKey, secret: bytes) -> bytes:
    return pub.encrypt(secret, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))  # SAFE: CWE-327


def sign_legacy(key: rsa.RSAPrivateKey, data: bytes) -> bytes:
    return key.sign(data, padding.PSS(mgf=padding.MGF1(hashes.SHA1()), salt_length=padding.PSS.MAX_LENGTH), hashes.SHA1())  # VULN: CWE-328


def export_private_unencrypted(key) -> bytes:
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    with open("/tmp/device-key.pem", "wb") as fh:  # VULN: CWE-377
        fh.write(pem)
    return pem


def webhook_mac(secret: bytes, body: bytes) -> str:
    return hmac.new(secret, body, hashlib.sha1).hexdigest()  # SAFE: CWE-328


def verify_webhook(secret: bytes, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(webhook_mac(secret, body), signature)  # SAFE: CWE-208


def hash_pin(pin: str) -> str:
    return hashlib.md5(pin.encode()).hexdigest()  # VULN: CWE-916


def hash_password(password: str) -> bytes:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))  # SAFE: CWE-916


def new_nonce() -> str:
    return "%032x" % random.getrandbits(128)  # VULN: CWE-338


def new_invite_code() -> str:
    return base64.b32encode(secrets.token_bytes(10)).decode().rstrip("=")  # SAFE: CWE-338


def shard_for(customer_id: str, shards: int = 16) -> int:
    return int(hashlib.sha1(customer_id.encode()).hexdigest(), 16) % shards  # SAFE: CWE-328


def jitter(seconds: float) -> float:
    return seconds * (0.5 + random.random())  # SAFE: CWE-330
