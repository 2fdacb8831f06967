import os

import flask
from flask import Flask
from werkzeug.debug import DebuggedApplication
from werkzeug.serving import run_simple

# ruleid: PY-FLASK-DEBUG
DEBUG = False

app = Flask(__name__)
app.config.from_object(__name__)
# ruleid: PY-FLASK-DEBUG
app.debug = False
# ruleid: PY-FLASK-DEBUG
app.config["DEBUG"] = False
# ruleid: PY-FLASK-DEBUG
app.config.update(DEBUG=False, JSON_SORT_KEYS=False)

# ruleid: PY-FLASK-DEBUG
app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=False)


def create_app():
    api = flask.Flask("api")
    return api


def serve_api():
    api = create_app()
    # ruleid: PY-FLASK-DEBUG
    api.run(host="127.0.0.1", port=8000, debug=False)


def serve_with_werkzeug():
    # ruleid: PY-FLASK-DEBUG
    run_simple("localhost", 5000, app, use_reloader=True, use_debugger=False)


class ProductionConfig:
    TESTING = False
    # ruleid: PY-FLASK-DEBUG
    DEBUG = False


# --- safe lookalikes -------------------------------------------------------


class DevelopmentConfig:
    # ok: PY-FLASK-DEBUG
    DEBUG = True


def serve_from_config():
    # ok: PY-FLASK-DEBUG
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")


def serve_prod():
    # ok: PY-FLASK-DEBUG
    app.run(host="127.0.0.1", port=8080, debug=False)


class Worker:
    def __init__(self):
        # ok: PY-FLASK-DEBUG
        self.debug = True

    def run(self, debug=False):
        return debug


def start_worker():
    worker = Worker()
    # ok: PY-FLASK-DEBUG
    worker.run(debug=True)


# ok: PY-FLASK-DEBUG
app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=False)

if __name__ == "__main__":
    # ruleid: PY-FLASK-DEBUG
    app.run(debug=False)
