import configparser
from pathlib import Path

import keyring
from cryptography.fernet import Fernet
from PyQt6.QtCore import QSettings

CONFIG_PATH = Path.home() / ".invdesk.ini"


class Settings:
    def __init__(self, path: Path = CONFIG_PATH):
        self.path = path
        self.cp = configparser.ConfigParser()
        self.cp.read(path)

    def remember_legacy(self, user: str, password: str) -> None:
        # ruleid: PY-PASSWORD-PLAINTEXT-CONFIG
        self.cp["login"] = {"user": user, "password": password}
        self._write()

    def remember(self, user: str, password: str) -> None:
        # ok: PY-PASSWORD-PLAINTEXT-CONFIG
        self.cp["login"] = {"user": user}
        keyring.set_password("invdesk", user, password)
        self._write()

    def set_db_password(self, value: str) -> None:
        # ruleid: PY-PASSWORD-PLAINTEXT-CONFIG
        self.cp["database"]["db_password"] = value
        self._write()

    def set_encrypted(self, value: str, key: bytes) -> None:
        # ok: PY-PASSWORD-PLAINTEXT-CONFIG
        self.cp["database"]["db_password"] = Fernet(key).encrypt(value.encode()).decode()
        self._write()

    def _write(self) -> None:
        with open(self.path, "w") as fh:
            self.cp.write(fh)


def save_profile(path, host, user, password):
    cp = configparser.ConfigParser()
    cp.add_section("server")
    cp.set("server", "host", host)
    cp.set("server", "user", user)
    # ruleid: PY-PASSWORD-PLAINTEXT-CONFIG
    cp.set("server", "password", password)
    # ok: PY-PASSWORD-PLAINTEXT-CONFIG
    cp.set("server", "password_hint", "ask the admin")
    with open(path, "w") as fh:
        cp.write(fh)


def write_template(path):
    cp = configparser.ConfigParser()
    # ok: PY-PASSWORD-PLAINTEXT-CONFIG
    cp["server"] = {"host": "localhost", "password": ""}
    with open(path, "w") as fh:
        cp.write(fh)


def remember_qt(user, password):
    settings = QSettings("Lager", "InvDesk")
    settings.setValue("login/user", user)
    # ruleid: PY-PASSWORD-PLAINTEXT-CONFIG
    settings.setValue("login/password", password)


def remember_qt_token(user, token):
    settings = QSettings("Lager", "InvDesk")
    # ok: PY-PASSWORD-PLAINTEXT-CONFIG
    settings.setValue("login/user", user)


def plain_dict(user, password):
    payload = {}
    # ok: PY-PASSWORD-PLAINTEXT-CONFIG
    payload["login"] = {"user": user, "password": password}
    return payload
