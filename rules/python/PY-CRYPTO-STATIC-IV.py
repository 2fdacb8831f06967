import os
import secrets

from Crypto.Cipher import AES, ChaCha20
from Crypto.Random import get_random_bytes
from Crypto.Util.Padding import pad
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

IV = b"1234567890abcdef"
ZERO_IV = bytes(16)


def encrypt_cookie(key: bytes, value: bytes) -> bytes:
    # ruleid: PY-CRYPTO-STATIC-IV
    cipher = AES.new(key, AES.MODE_CBC, IV)
    return cipher.encrypt(pad(value, 16))


def encrypt_keyword(key, value):
    # ruleid: PY-CRYPTO-STATIC-IV
    return AES.new(key, AES.MODE_CBC, iv=b"\x00" * 16).encrypt(pad(value, 16))


def encrypt_gcm_nonce(key, value):
    # ruleid: PY-CRYPTO-STATIC-IV
    cipher = AES.new(key, AES.MODE_GCM, nonce=b"fixednonce12")
    return cipher.encrypt_and_digest(value)


def key_as_iv(key, value):
    # ruleid: PY-CRYPTO-STATIC-IV
    return AES.new(key, AES.MODE_CBC, key).encrypt(pad(value, 16))


def hazmat_cbc(key, value):
    # ruleid: PY-CRYPTO-STATIC-IV
    encryptor = Cipher(algorithms.AES(key), modes.CBC(ZERO_IV)).encryptor()
    return encryptor.update(pad(value, 16)) + encryptor.finalize()


def hazmat_ctr(key, value):
    # ruleid: PY-CRYPTO-STATIC-IV
    return Cipher(algorithms.AES(key), modes.CTR("0000000000000000".encode())).encryptor().update(value)


def aead_static(key, value):
    aesgcm = AESGCM(key)
    # ruleid: PY-CRYPTO-STATIC-IV
    return aesgcm.encrypt(b"static nonce", value, None)


def chacha_static(key, value):
    # ruleid: PY-CRYPTO-STATIC-IV
    first = ChaCha20Poly1305(key).encrypt(bytes(12), value, None)
    # ruleid: PY-CRYPTO-STATIC-IV
    second = ChaCha20.new(key=key, nonce=b"12345678").encrypt(value)
    return first, second


def random_ivs(key, value):
    # ok: PY-CRYPTO-STATIC-IV
    a = AES.new(key, AES.MODE_CBC, os.urandom(16))
    # ok: PY-CRYPTO-STATIC-IV
    b = AES.new(key, AES.MODE_CBC, iv=get_random_bytes(16))
    # ok: PY-CRYPTO-STATIC-IV
    c = Cipher(algorithms.AES(key), modes.GCM(secrets.token_bytes(12)))
    nonce = os.urandom(12)
    # ok: PY-CRYPTO-STATIC-IV
    d = AESGCM(key).encrypt(nonce, value, None)
    return a, b, c, d


def decrypt(key, blob):
    iv, body = blob[:16], blob[16:]
    # ok: PY-CRYPTO-STATIC-IV
    return AES.new(key, AES.MODE_CBC, iv).decrypt(body)


def library_chooses_nonce(key, value):
    # ok: PY-CRYPTO-STATIC-IV
    cipher = AES.new(key, AES.MODE_GCM)
    return cipher.nonce, cipher.encrypt_and_digest(value)


class CookieCipher:
    def __init__(self, key: bytes):
        self.key = key
        self.iv = b"0123456789abcdef"

    def encrypt(self, value: bytes) -> bytes:
        # ruleid: PY-CRYPTO-STATIC-IV
        return AES.new(self.key, AES.MODE_CBC, self.iv).encrypt(pad(value, 16))
