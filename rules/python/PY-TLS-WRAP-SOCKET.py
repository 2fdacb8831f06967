import socket
import ssl
from ssl import wrap_socket


def connect(host, port=443):
    sock = socket.create_connection((host, port))
    # ruleid: PY-TLS-WRAP-SOCKET
    return ssl.wrap_socket(sock)


def connect_with_ca(host, ca_file):
    sock = socket.create_connection((host, 443))
    # ruleid: PY-TLS-WRAP-SOCKET
    return ssl.wrap_socket(sock, cert_reqs=ssl.CERT_REQUIRED, ca_certs=ca_file, ssl_version=ssl.PROTOCOL_TLSv1_2)


def serve(listener, cert, key):
    conn, _ = listener.accept()
    # ruleid: PY-TLS-WRAP-SOCKET
    return wrap_socket(conn, server_side=True, certfile=cert, keyfile=key)


def connect_modern(host, port=443):
    context = ssl.create_default_context()
    sock = socket.create_connection((host, port))
    # ok: PY-TLS-WRAP-SOCKET
    return context.wrap_socket(sock, server_hostname=host)


def serve_modern(listener, cert, key):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    conn, _ = listener.accept()
    # ok: PY-TLS-WRAP-SOCKET
    return context.wrap_socket(conn, server_side=True)
