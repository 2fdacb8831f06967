"""Response headers written by hand in http.server handlers and raw WSGI apps."""

import json
import mimetypes
import os
import re
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler
from urllib.parse import parse_qs, quote, unquote, urlsplit

LANGUAGES = {"en": "en-GB", "de": "de-DE", "fr": "fr-FR"}


class DownloadHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        query = parse_qs(urlsplit(self.path).query)
        name = query.get("name", ["report.csv"])[0]
        self.send_response(200)
        # ruleid: PY-HEADER-INJECTION
        self.send_header("Content-Disposition", f'attachment; filename="{name}"')
        self.end_headers()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode())
        target = form["next"][0]
        self.send_response(303)
        # ruleid: PY-HEADER-INJECTION
        self.send_header("Location", "/done?next=" + target)
        # ok: PY-HEADER-INJECTION
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def do_PUT(self):
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        token = payload["session"]
        self.send_response(204)
        # ruleid: PY-HEADER-INJECTION
        self.send_header("Set-Cookie", "session=%s; HttpOnly" % token)
        self.end_headers()


class FileHandler(SimpleHTTPRequestHandler):
    def do_GET(self):
        local_path = unquote(urlsplit(self.path).path)
        if os.path.isdir(local_path) and not self.path.endswith("/"):
            self.send_response(301)
            # ok: PY-HEADER-INJECTION
            self.send_header("Location", self.path + "/")
            self.end_headers()
            return
        name = os.path.basename(local_path)
        self.send_response(200)
        # ok: PY-HEADER-INJECTION
        self.send_header("Content-Type", mimetypes.guess_type(local_path)[0] or "application/octet-stream")
        # ok: PY-HEADER-INJECTION
        self.send_header("Content-Disposition", 'inline; filename="%s"' % quote(name))
        # ok: PY-HEADER-INJECTION
        self.send_header("Content-Length", str(os.path.getsize(local_path)))
        self.end_headers()


def application(environ, start_response):
    params = parse_qs(environ.get("QUERY_STRING", ""))
    lang = params.get("lang", ["en"])[0]
    headers = [("Content-Type", "text/html; charset=utf-8")]
    headers.append(("Content-Language", lang))
    # ruleid: PY-HEADER-INJECTION
    start_response("200 OK", headers)
    return [b"<p>hello</p>"]


def redirect_app(environ, start_response):
    target = environ["PATH_INFO"].removeprefix("/go/")
    # ruleid: PY-HEADER-INJECTION
    start_response("302 Found", [("Location", "https://example.com/" + target)])
    return [b""]


def language_app(environ, start_response):
    params = parse_qs(environ["QUERY_STRING"])
    lang = LANGUAGES.get(params.get("lang", ["en"])[0], "en-GB")
    clean = re.sub(r"[\r\n]", "", params.get("ref", [""])[0])
    # ok: PY-HEADER-INJECTION
    start_response("200 OK", [("Content-Language", lang), ("X-Ref", clean)])
    return [b"<p>hello</p>"]


def echo_app(environ, start_response):
    agent = environ.get("HTTP_USER_AGENT", "")
    note = params_note(environ).replace("\r", "").replace("\n", "")
    # ok: PY-HEADER-INJECTION
    start_response("200 OK", [("X-Seen-Agent", agent), ("X-Note", note)])
    return [agent.encode()]


def params_note(environ):
    return parse_qs(environ.get("QUERY_STRING", "")).get("note", [""])[0]
