import socket
import ssl
from ssl import PROTOCOL_TLSv1_1

from OpenSSL import SSL


def legacy_client(host):
    # ruleid: PY-TLS-OLD-VERSION
    context = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
    return context.wrap_socket(socket.create_connection((host, 443)), server_hostname=host)


def imported_constant():
    # ruleid: PY-TLS-OLD-VERSION
    return ssl.SSLContext(PROTOCOL_TLSv1_1)


def minimum(context):
    # ruleid: PY-TLS-OLD-VERSION
    context.minimum_version = ssl.TLSVersion.TLSv1
    return context


def lowest_possible(context):
    # ruleid: PY-TLS-OLD-VERSION
    context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED


def pyopenssl_context():
    # ruleid: PY-TLS-OLD-VERSION
    return SSL.Context(SSL.SSLv3_METHOD)


# ruleid: PY-TLS-OLD-VERSION
def connect(host, port=443, protocol=ssl.PROTOCOL_SSLv3):
    return ssl.SSLContext(protocol)


def reenable(context):
    # ruleid: PY-TLS-OLD-VERSION
    context.options &= ~ssl.OP_NO_TLSv1


def modern_client():
    # ok: PY-TLS-OLD-VERSION
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # ok: PY-TLS-OLD-VERSION
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def pyopenssl_modern():
    # ok: PY-TLS-OLD-VERSION
    context = SSL.Context(SSL.TLS_METHOD)
    # ok: PY-TLS-OLD-VERSION
    context.set_options(SSL.OP_NO_SSLv2 | SSL.OP_NO_SSLv3 | SSL.OP_NO_TLSv1 | SSL.OP_NO_TLSv1_1)
    return context


def refuse_old(context):
    # ok: PY-TLS-OLD-VERSION
    context.options |= ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1


def audit(context):
    # ok: PY-TLS-OLD-VERSION
    if context.minimum_version == ssl.TLSVersion.TLSv1:
        raise RuntimeError("TLS 1.0 is not allowed")
