"""Encryption helpers for stored secrets, signed links and API keys."""
import base64
import hashlib
import hmac
import os
import random
import secrets
import time
import uuid

from Crypto.Cipher import AES as PyAES
from Crypto.Cipher import DES
from Crypto.PublicKey import RSA as PyRSA
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

STATIC_IV = b"\x00" * 16
ENCRYPTION_KEY = b"0123456789abcdef0123456789abcdef"  # VULN: CWE-321
SIGNING_KEY_PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLE\n-----END RSA PRIVATE KEY-----\n"  # VULN: CWE-321
KEY_ENV = "APP_ENCRYPTION_KEY"  # SAFE: CWE-321


def _pad(data: bytes) -> bytes:
    padder = padding.PKCS7(128).padder()
    return padder.update(data) + padder.finalize()


def encrypt_ecb(key: bytes, data: bytes) -> bytes:
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # VULN: CWE-327
    return enc.update(_pad(data)) + enc.finalize()


def encrypt_cbc_static_iv(key: bytes, data: bytes) -> bytes:
    enc = Cipher(algorithms.AES(key), modes.CBC(STATIC_IV)).encryptor()  # VULN: CWE-329
    return enc.update(_pad(data)) + enc.finalize()


def encrypt_cbc(key: bytes, data: bytes) -> bytes:
    iv = os.urandom(16)  # SAFE: CWE-329
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()  # SAFE: CWE-327
    return iv + enc.update(_pad(data)) + enc.finalize()


def encrypt_gcm(key: bytes, data: bytes) -> bytes:
    nonce = secrets.token_bytes(12)  # SAFE: CWE-338
    enc = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()  # SAFE: CWE-327
    return nonce + enc.update(data) + enc.finalize() + enc.tag


def encrypt_rc4(key: bytes, data: bytes) -> bytes:
    enc = Cipher(algorithms.ARC4(key), mode=None).encryptor()  # VULN: CWE-327
    return enc.update(data)


def encrypt_des(key: bytes, data: bytes) -> bytes:
    cipher = DES.new(key, DES.MODE_CBC, iv=os.urandom(8))  # VULN: CWE-327
    return cipher.iv + cipher.encrypt(_pad(data))


def encrypt_pycryptodome_ecb(key: bytes, data: bytes) -> bytes:
    cipher = PyAES.new(key, PyAES.MODE_ECB)  # VULN: CWE-327
    return cipher.encrypt(_pad(data))


def encrypt_pycryptodome_gcm(key: bytes, data: bytes) -> bytes:
    cipher = PyAES.new(key, PyAES.MODE_GCM)  # SAFE: CWE-327
    ciphertext, tag = cipher.encrypt_and_digest(data)
    return cipher.nonce + tag + ciphertext


def secret_box() -> Fernet:
    return Fernet(os.environ[KEY_ENV])  # SAFE: CWE-321


def derive_fernet_key(passphrase: bytes, salt: bytes) -> bytes:
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=600_000)  # SAFE: CWE-916
    return base64.urlsafe_b64encode(kdf.derive(passphrase))


def derive_fernet_key_legacy(passphrase: bytes) -> bytes:
    kdf = PBKDF2HMAC(algorithm=hashes.SHA1(), length=32, salt=b"static-salt", iterations=1000)  # VULN: CWE-916
    return base64.urlsafe_b64encode(kdf.derive(passphrase))


def generate_keys():
    weak_rsa = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # VULN: CWE-326
    strong_rsa = rsa.generate_private_key(public_exponent=65537, key_size=3072)  # SAFE: CWE-326
    weak_dsa = dsa.generate_private_key(key_size=1024)  # VULN: CWE-326
    ec_key = ec.generate_private_key(ec.SECP384R1())  # SAFE: CWE-326
    legacy_rsa = PyRSA.generate(1024)  # VULN: CWE-326
    return weak_rsa, strong_rsa, weak_dsa, ec_key, legacy_rsa


def new_api_key() -> str:
    return secrets.token_hex(32)  # SAFE: CWE-338


def new_api_key_legacy() -> str:
    return "%032x" % random.getrandbits(128)  # VULN: CWE-338


def new_invite_code(user_id: int) -> str:
    return hashlib.sha1(f"{user_id}:{time.time()}".encode()).hexdigest()[:12]  # VULN: CWE-330


def new_request_id() -> str:
    return str(uuid.uuid4())  # SAFE: CWE-330


def new_csrf_token() -> str:
    return uuid.uuid1().hex  # VULN: CWE-330


def sign_link(path: str, expires: int) -> str:
    key = os.environ["LINK_SIGNING_KEY"].encode()
    sig = hmac.new(key, f"{path}:{expires}".encode(), hashlib.sha256).hexdigest()  # SAFE: CWE-327
    return f"{path}?expires={expires}&sig={sig}"


def sign_link_legacy(path: str, expires: int) -> str:
    key = os.environ["LINK_SIGNING_KEY"]
    sig = hashlib.sha1((key + path + str(expires)).encode()).hexdigest()  # VULN: CWE-328
    return f"{path}?expires={expires}&sig={sig}"


def check_link(path: str, expires: int, sig: str) -> bool:
    expected = sign_link(path, expires).rsplit("sig=", 1)[1]
    return expires > time.time() and hmac.compare_digest(expected, sig)  # SAFE: CWE-208


def etag(content: bytes) -> str:
    return '"%s"' % hashlib.md5(content, usedforsecurity=False).hexdigest()  # SAFE: CWE-328


def file_checksum(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()  # SAFE: CWE-328


def legacy_password_digest(password: str) -> str:
    return hashlib.new("sha1", password.encode()).hexdigest()  # VULN: CWE-916
