import hashlib
import hmac
import logging
import logging.config
from logging.config import listen

LOG_CONFIG_KEY = b"from-the-vault"


def start_listener():
    # ruleid: PY-LOGGING-LISTEN
    listener = logging.config.listen(9999)
    listener.start()
    return listener


def start_default():
    # ruleid: PY-LOGGING-LISTEN
    thread = listen()
    thread.daemon = True
    thread.start()


# --- lookalikes -----------------------------------------------------------------

def verify(data):
    signature, body = data[:32], data[32:]
    expected = hmac.new(LOG_CONFIG_KEY, body, hashlib.sha256).digest()
    return body if hmac.compare_digest(signature, expected) else None


def start_verified():
    # ok: PY-LOGGING-LISTEN
    listener = logging.config.listen(9999, verify=verify)
    listener.start()


def configure(config):
    # ok: PY-LOGGING-LISTEN
    logging.config.dictConfig(config)


def stop():
    # ok: PY-LOGGING-LISTEN
    logging.config.stopListening()
