import wsgiref.handlers
# ruleid: PY-CGI-HTTPOXY
from wsgiref.handlers import CGIHandler
from wsgiref.simple_server import make_server
# ruleid: PY-CGI-HTTPOXY
from twisted.web.twcgi import CGIDirectory
from wsgiref.validate import validator

from flask import Flask

app = Flask(__name__)


def serve_cgi():
    # ruleid: PY-CGI-HTTPOXY
    CGIHandler().run(app)


def serve_qualified():
    # ruleid: PY-CGI-HTTPOXY
    wsgiref.handlers.CGIHandler().run(app)


def cgi_bin(path):
    # ruleid: PY-CGI-HTTPOXY
    return CGIDirectory(path)


# --- lookalikes -----------------------------------------------------------------

def serve_dev():
    # ok: PY-CGI-HTTPOXY
    with make_server("127.0.0.1", 8000, validator(app)) as httpd:
        httpd.serve_forever()


def serve_gunicorn():
    # ok: PY-CGI-HTTPOXY
    from gunicorn.app.wsgiapp import run
    run()
