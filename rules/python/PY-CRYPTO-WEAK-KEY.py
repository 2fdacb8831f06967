import paramiko
from Crypto.PublicKey import DSA, RSA
from Cryptodome.PublicKey import ECC
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from OpenSSL import crypto

LEGACY_BITS = 1024
KEY_BITS = 3072


def make_signing_key():
    # ruleid: PY-CRYPTO-WEAK-KEY
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def make_positional():
    # ruleid: PY-CRYPTO-WEAK-KEY
    return rsa.generate_private_key(65537, 512)


def make_dsa():
    # ruleid: PY-CRYPTO-WEAK-KEY
    return dsa.generate_private_key(key_size=LEGACY_BITS)


def make_ec():
    # ruleid: PY-CRYPTO-WEAK-KEY
    return ec.generate_private_key(ec.SECP192R1())


def pycryptodome_keys():
    # ruleid: PY-CRYPTO-WEAK-KEY
    rsa_key = RSA.generate(1024)
    # ruleid: PY-CRYPTO-WEAK-KEY
    dsa_key = DSA.generate(bits=1024)
    # ruleid: PY-CRYPTO-WEAK-KEY
    ecc_key = ECC.generate(curve="P-192")
    return rsa_key, dsa_key, ecc_key


def ssh_key():
    # ruleid: PY-CRYPTO-WEAK-KEY
    return paramiko.RSAKey.generate(bits=1024)


def openssl_key():
    key = crypto.PKey()
    # ruleid: PY-CRYPTO-WEAK-KEY
    key.generate_key(crypto.TYPE_RSA, 1024)
    return key


def strong_keys():
    # ok: PY-CRYPTO-WEAK-KEY
    a = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    # ok: PY-CRYPTO-WEAK-KEY
    b = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    # ok: PY-CRYPTO-WEAK-KEY
    c = ec.generate_private_key(ec.SECP256R1())
    # ok: PY-CRYPTO-WEAK-KEY
    d = RSA.generate(4096)
    # ok: PY-CRYPTO-WEAK-KEY
    e = ECC.generate(curve="P-256")
    # ok: PY-CRYPTO-WEAK-KEY
    f = paramiko.RSAKey.generate(bits=3072)
    return a, b, c, d, e, f


def configured(bits):
    # The size comes from the caller: not known here.
    # ok: PY-CRYPTO-WEAK-KEY
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def python_rsa_keys():
    import rsa as pyrsa

    # ruleid: PY-CRYPTO-WEAK-KEY
    return pyrsa.newkeys(512)
