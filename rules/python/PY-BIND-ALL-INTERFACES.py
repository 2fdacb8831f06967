import logging
import os
import socket
import socketserver
from http.server import HTTPServer, SimpleHTTPRequestHandler

import uvicorn
from aiohttp import web
from flask import Flask
from waitress import serve

app = Flask(__name__)
log = logging.getLogger(__name__)


def metrics_socket():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # ruleid: PY-BIND-ALL-INTERFACES
    sock.bind(("0.0.0.0", 9100))
    sock.listen(5)
    return sock


def raw_listener():
    s = socket.socket()
    # ruleid: PY-BIND-ALL-INTERFACES
    s.bind(("", 8081))
    return s


def file_server():
    # ruleid: PY-BIND-ALL-INTERFACES
    httpd = HTTPServer(("0.0.0.0", 8000), SimpleHTTPRequestHandler)
    httpd.serve_forever()


# ruleid: PY-BIND-ALL-INTERFACES
LISTEN_ALL = "0.0.0.0"


def docs_server():
    # ruleid: PY-BIND-ALL-INTERFACES
    server_address = ("", 8000)
    HTTPServer(server_address, SimpleHTTPRequestHandler).serve_forever()


def tcp_echo(handler):
    with socketserver.TCPServer((LISTEN_ALL, 9999), handler) as server:
        server.serve_forever()


def run_api(api):
    # ruleid: PY-BIND-ALL-INTERFACES
    uvicorn.run(api, host="0.0.0.0", port=8000)


def run_aiohttp(webapp):
    # ruleid: PY-BIND-ALL-INTERFACES
    web.run_app(webapp, host="::", port=8080)


def run_waitress():
    # ruleid: PY-BIND-ALL-INTERFACES
    serve(app, listen="0.0.0.0:8080")


if __name__ == "__main__":
    # ruleid: PY-BIND-ALL-INTERFACES
    app.run(host="0.0.0.0", port=5000)

# --- safe lookalikes -------------------------------------------------------


def local_only():
    sock = socket.socket()
    # ok: PY-BIND-ALL-INTERFACES
    sock.bind(("127.0.0.1", 9100))
    return sock


def configured(api):
    # ok: PY-BIND-ALL-INTERFACES
    uvicorn.run(api, host=os.environ.get("HOST", "127.0.0.1"), port=8000)


def describe(host):
    # ok: PY-BIND-ALL-INTERFACES
    if host == "0.0.0.0":
        # ok: PY-BIND-ALL-INTERFACES
        log.warning("listening on 0.0.0.0 exposes the service")


def client(redis):
    # ok: PY-BIND-ALL-INTERFACES
    return redis.Redis(host="0.0.0.0", port=6379)


# ok: PY-BIND-ALL-INTERFACES
app.run(host="localhost", port=5000)
