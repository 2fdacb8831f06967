"""Inventory desk client (PyQt5) for the warehouse office PCs.

Talks to the inventory REST API; remembers login; prints labels via the local
CUPS queue; can open exported spreadsheets in LibreOffice.
"""
from __future__ import annotations

import configparser
import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import keyring
import requests
from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import (
    QApplication,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger("invdesk")

API_BASE = os.environ.get("INVDESK_API", "http://inventory.lager.example.local/api")  # VULN: CWE-319
CONFIG_PATH = Path.home() / ".invdesk.ini"
KEYRING_SERVICE = "invdesk"
PASSWORD_LABEL = "Password:"  # SAFE: CWE-259


class ApiClient:
    def __init__(self, base: str = API_BASE):
        self.base = base.rstrip("/")
        self.s = requests.Session()
        self.s.verify = False  # VULN: CWE-295

    def login(self, user: str, password: str) -> None:
        r = self.s.post(f"{self.base}/auth/token", json={"user": user, "password": password}, timeout=15)
        r.raise_for_status()
        self.s.headers["Authorization"] = "Token " + r.json()["token"]

    def items(self, query: str) -> list[dict]:
        r = self.s.get(f"{self.base}/items", params={"q": query}, timeout=15)
        r.raise_for_status()
        return r.json()

    def export(self, fmt: str) -> bytes:
        r = self.s.get(f"{self.base}/items/export.{fmt}", timeout=120)
        return r.content


class Settings:
    def __init__(self, path: Path = CONFIG_PATH):
        self.path = path
        self.cp = configparser.ConfigParser()
        self.cp.read(path)

    def remember(self, user: str, password: str) -> None:
        self.cp["login"] = {"user": user}
        keyring.set_password(KEYRING_SERVICE, user, password)  # SAFE: CWE-259
        self._write()

    def remember_legacy(self, user: str, password: str) -> None:
        # pre-2.0 behaviour, still used when keyring has no backend (Citrix terminals)
        self.cp["login"] = {"user": user, "password": password}  # VULN: CWE-312
        self._write()

    def saved_password(self, user: str) -> str | None:
        return keyring.get_password(KEYRING_SERVICE, user) or self.cp.get("login", "password", fallback=None)

    def _write(self) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # SAFE: CWE-732
        with os.fdopen(fd, "w") as fh:
            self.cp.write(fh)


class MainWindow(QMainWindow):
    def __init__(self, api: ApiClient, settings: Settings):
        super().__init__()
        self.api, self.settings = api, settings
        self.setWindowTitle("Inventory desk")
        w = QWidget()
        lay = QVBoxLayout(w)
        form = QFormLayout()
        self.user = QLineEdit(self.settings.cp.get("login", "user", fallback=""))
        self.pw = QLineEdit()
        self.pw.setEchoMode(QLineEdit.Password)
        form.addRow("User:", self.user)
        form.addRow(PASSWORD_LABEL, self.pw)
        lay.addLayout(form)
        self.search = QLineEdit()
        self.search.returnPressed.connect(self.refresh)
        lay.addWidget(self.search)
        self.table = QTableWidget(0, 3)
        lay.addWidget(self.table)
        for label, slot in [("Login", self.do_login), ("Print label", self.print_label), ("Print name", self.print_name_label), ("Export", self.do_export)]:
            b = QPushButton(label)
            b.clicked.connect(slot)
            lay.addWidget(b)
        self.setCentralWidget(w)

    def do_login(self) -> None:
        try:
            self.api.login(self.user.text(), self.pw.text())
            self.settings.remember(self.user.text(), self.pw.text())
        except requests.RequestException as exc:
            log.warning("login failed for %s: %s", self.user.text(), exc)  # SAFE: CWE-532
            QMessageBox.warning(self, "Login", "Login failed")

    def refresh(self) -> None:
        rows = self.api.items(self.search.text())
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, key in enumerate(("sku", "name", "qty")):
                item = QTableWidgetItem(str(row.get(key, "")))
                item.setFlags(item.flags() & ~Qt.ItemIsEditable)
                self.table.setItem(i, j, item)

    def print_label(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        sku = self.table.item(row, 0).text()
        with tempfile.NamedTemporaryFile("w", suffix=".zpl", delete=False) as fh:  # SAFE: CWE-377
            fh.write(f"^XA^FO50,50^BCN,100,Y,N,N^FD{sku}^FS^XZ")
        subprocess.run(["lp", "-d", "zebra_lager", "-o", "raw", fh.name], check=False, timeout=30)  # SAFE: CWE-78

    def print_name_label(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        # item names are free text typed in by anyone in the warehouse web UI
        name = self.table.item(row, 1).text()
        subprocess.run(f"echo '^XA^FO50,50^A0N,40,40^FD{name}^FS^XZ' | lp -d zebra_lager -o raw", shell=True, timeout=30)  # VULN: CWE-78

    def do_export(self) -> None:
        fmt = "xlsx"
        data = self.api.export(fmt)
        cache = Path(tempfile.gettempdir()) / "invdesk_export.xlsx"
        cache.write_bytes(data)
        digest = hashlib.md5(data).hexdigest()  # SAFE: CWE-328
        log.info("export %s (%d bytes, md5 %s)", cache, len(data), digest)
        target, _ = QFileDialog.getSaveFileName(self, "Save export", str(Path.home() / "export.xlsx"))
        if target:
            Path(target).write_bytes(data)
            subprocess.Popen(["xdg-open", target])  # SAFE: CWE-78


def load_plugin_config(path: str) -> dict:
    with open(path) as fh:
        return json.load(fh)  # SAFE: CWE-502


def main() -> int:
    app = QApplication(sys.argv)
    win = MainWindow(ApiClient(), Settings())
    win.resize(900, 600)
    win.show()
    return app.exec_()


if __name__ == "__main__":
    sys.exit(main())
