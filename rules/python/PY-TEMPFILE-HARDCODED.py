import logging
import os
import shutil
import sqlite3
import tempfile
import uuid
from pathlib import Path

import pandas as pd

# ruleid: PY-TEMPFILE-HARDCODED
handler = logging.FileHandler("/tmp/app.log")

# ruleid: PY-TEMPFILE-HARDCODED
CACHE_FILE = "/var/tmp/myapp-cache.json"


def save_upload(data, name):
    # ruleid: PY-TEMPFILE-HARDCODED
    with open(f"/tmp/{name}.upload", "wb") as fh:
        fh.write(data)


def write_pid():
    # ruleid: PY-TEMPFILE-HARDCODED
    Path("/tmp/worker.pid").write_text(str(os.getpid()))


def cache(data):
    with open(CACHE_FILE, "w") as fh:
        fh.write(data)


def stage(src, name):
    # ruleid: PY-TEMPFILE-HARDCODED
    dest = os.path.join("/tmp", name)
    shutil.copy(src, dest)
    return dest


def export(df):
    # ruleid: PY-TEMPFILE-HARDCODED
    df.to_csv("/tmp/export.csv", index=False)


def scratch_db():
    # ruleid: PY-TEMPFILE-HARDCODED
    return sqlite3.connect("/dev/shm/session.db")


def shared_dir():
    # ruleid: PY-TEMPFILE-HARDCODED
    os.makedirs("/tmp/myapp", exist_ok=True)


# --- safe lookalikes -------------------------------------------------------


def save_upload_safely(data):
    # ok: PY-TEMPFILE-HARDCODED
    with tempfile.NamedTemporaryFile("wb", suffix=".upload", delete=False) as fh:
        fh.write(data)
    return fh.name


def in_private_dir(data):
    with tempfile.TemporaryDirectory() as workdir:
        # ok: PY-TEMPFILE-HARDCODED
        Path(workdir, "data.bin").write_bytes(data)


def in_temp_dir(name):
    # ok: PY-TEMPFILE-HARDCODED
    with open(os.path.join(tempfile.gettempdir(), name), "w") as fh:
        fh.write("x")


def write_report_legacy(lines):
    # ruleid: PY-TEMPFILE-HARDCODED
    path = "/tmp/maintenance-report.txt"
    with open(path, "w") as fh:
        fh.write("\n".join(lines))
    return path


def unguessable_name(data):
    # ok: PY-TEMPFILE-HARDCODED
    with open(f"/tmp/{uuid.uuid4().hex}.json", "w") as fh:
        fh.write(data)


def read_fixture():
    # ok: PY-TEMPFILE-HARDCODED
    with open("/tmp/fixture.json") as fh:
        return fh.read()


def secure_in_tmp():
    # ok: PY-TEMPFILE-HARDCODED
    fd, path = tempfile.mkstemp(dir="/tmp", suffix=".csv")
    return fd, path


# ok: PY-TEMPFILE-HARDCODED
DEFAULT_TMP_DIR = "/tmp"


def reader(df_path):
    # ok: PY-TEMPFILE-HARDCODED
    return pd.read_csv("/tmp/export.csv")
