import pyDes
from Crypto.Cipher import AES, ARC4, DES, DES3, Blowfish
from Cryptodome.Cipher import ARC2
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.fernet import Fernet
import Crypto.Cipher.DES as des_module


def legacy_encrypt(key, iv, data):
    # ruleid: PY-CRYPTO-WEAK-CIPHER
    cipher = DES.new(key, DES.MODE_CBC, iv)
    return cipher.encrypt(data)


def triple_des(key, iv, data):
    # ruleid: PY-CRYPTO-WEAK-CIPHER
    return DES3.new(key, DES3.MODE_CBC, iv=iv).encrypt(data)


def rc4_stream(key, data):
    # ruleid: PY-CRYPTO-WEAK-CIPHER
    return ARC4.new(key).encrypt(data)


def blowfish_and_rc2(key, iv, data):
    # ruleid: PY-CRYPTO-WEAK-CIPHER
    first = Blowfish.new(key, Blowfish.MODE_CBC, iv).encrypt(data)
    # ruleid: PY-CRYPTO-WEAK-CIPHER
    second = ARC2.new(key, ARC2.MODE_CFB, iv=iv).encrypt(data)
    return first, second


def hazmat_3des(key, iv, data):
    # ruleid: PY-CRYPTO-WEAK-CIPHER
    encryptor = Cipher(algorithms.TripleDES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def hazmat_rc4(key, data):
    # ruleid: PY-CRYPTO-WEAK-CIPHER
    return Cipher(algorithms.ARC4(key), mode=None).encryptor().update(data)


def pydes_encrypt(key, data):
    # ruleid: PY-CRYPTO-WEAK-CIPHER
    k = pyDes.triple_des(key, pyDes.CBC, b"\0" * 8, pad=None, padmode=pyDes.PAD_PKCS5)
    return k.encrypt(data)


def module_alias(key, data):
    # ruleid: PY-CRYPTO-WEAK-CIPHER
    return des_module.new(key, des_module.MODE_CTR, nonce=b"").encrypt(data)


def aes_gcm(key, data):
    # ok: PY-CRYPTO-WEAK-CIPHER
    cipher = AES.new(key, AES.MODE_GCM)
    return cipher.nonce, *cipher.encrypt_and_digest(data)


def hazmat_aes(key, iv, data):
    # ok: PY-CRYPTO-WEAK-CIPHER
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def aead(key, nonce, data):
    # ok: PY-CRYPTO-WEAK-CIPHER
    return AESGCM(key).encrypt(nonce, data, None), ChaCha20Poly1305(key).encrypt(nonce, data, None)


def fernet_token(key, data):
    # ok: PY-CRYPTO-WEAK-CIPHER
    return Fernet(key).encrypt(data)
