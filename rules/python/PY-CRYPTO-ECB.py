from Crypto.Cipher import AES
from Cryptodome.Cipher import AES as AESX
from Crypto.Util.Padding import pad
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.modes import ECB

SESSION_MODE = AES.MODE_ECB


def encrypt_record(key, record: bytes):
    # ruleid: PY-CRYPTO-ECB
    cipher = AES.new(key, AES.MODE_ECB)
    return cipher.encrypt(pad(record, 16))


def encrypt_keyword(key, record: bytes):
    # ruleid: PY-CRYPTO-ECB
    return AESX.new(key=key, mode=AESX.MODE_ECB).encrypt(pad(record, 16))


def encrypt_named_mode(key, record: bytes):
    # ruleid: PY-CRYPTO-ECB
    return AES.new(key, SESSION_MODE).encrypt(pad(record, 16))


def pycrypto_default(key, block):
    # pycrypto (unmaintained) defaulted to ECB when no mode was given.
    # ruleid: PY-CRYPTO-ECB
    return AES.new(key).encrypt(block)


def hazmat_ecb(key, block):
    # ruleid: PY-CRYPTO-ECB
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return encryptor.update(block) + encryptor.finalize()


def hazmat_imported(key, block):
    # ruleid: PY-CRYPTO-ECB
    return Cipher(algorithms.AES(key), ECB()).decryptor().update(block)


def encrypt_gcm(key, record: bytes):
    # ok: PY-CRYPTO-ECB
    cipher = AES.new(key, AES.MODE_GCM)
    return cipher.nonce + b"".join(cipher.encrypt_and_digest(record))


def encrypt_cbc(key, iv, record: bytes):
    # ok: PY-CRYPTO-ECB
    return AES.new(key, AES.MODE_CBC, iv).encrypt(pad(record, 16))


def hazmat_ctr(key, nonce, block):
    # ok: PY-CRYPTO-ECB
    return Cipher(algorithms.AES(key), modes.CTR(nonce)).encryptor().update(block)


def configurable(key, mode, iv):
    # The mode comes from the caller: not known here.
    # ok: PY-CRYPTO-ECB
    return AES.new(key, mode, iv)
