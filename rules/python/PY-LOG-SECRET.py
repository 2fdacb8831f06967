import logging

import structlog
from flask import Flask, request

log = logging.getLogger(__name__)
slog = structlog.get_logger()
app = Flask(__name__)


def login(username, password):
    # ruleid: PY-LOG-SECRET
    log.debug("legacy login user=%s password=%s", username, password)
    # ok: PY-LOG-SECRET
    log.info("login attempt for %s (password supplied: %s)", username, bool(password))
    # ok: PY-LOG-SECRET
    log.warning("invalid password for %s", username)


class ApiClient:
    def __init__(self, api_key, base_url):
        self.api_key = api_key
        self.base_url = base_url
        self.logger = logging.getLogger("api")

    def connect(self):
        # ruleid: PY-LOG-SECRET
        self.logger.info(f"connecting to {self.base_url} with key {self.api_key}")
        # ok: PY-LOG-SECRET
        self.logger.info("connecting to %s with a key of %d characters", self.base_url, len(self.api_key))


@app.route("/token", methods=["POST"])
def exchange_token():
    # ruleid: PY-LOG-SECRET
    app.logger.warning("refresh token received: %s", request.form["refresh_token"])
    # ok: PY-LOG-SECRET
    app.logger.info("token exchange requested by %s", request.remote_addr)
    return "", 204


def configure(settings):
    # ruleid: PY-LOG-SECRET
    logging.info("database password is " + settings.get("db_password"))
    # ruleid: PY-LOG-SECRET
    slog.info("stripe configured", client_secret=settings["client_secret"])
    # ok: PY-LOG-SECRET
    logging.info("token_type=%s expires_in=%s", settings["token_type"], settings["expires_in"])
    # ok: PY-LOG-SECRET
    log.debug("password is set: %s", settings.get("db_password") is not None)
