import os
import stat
import subprocess
from os import chmod
from pathlib import Path

UPLOAD_DIR = "/srv/app/uploads"


def publish(path):
    # ruleid: PY-FILE-PERMISSIONS
    os.chmod(path, 0o777)


def share_log(log_path):
    # ruleid: PY-FILE-PERMISSIONS
    chmod(log_path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)


def make_writable(path):
    mode = os.stat(path).st_mode
    # ruleid: PY-FILE-PERMISSIONS
    os.chmod(path, mode | stat.S_IWOTH)


def prepare_uploads():
    # ruleid: PY-FILE-PERMISSIONS
    Path(UPLOAD_DIR).chmod(0o666)


def save_key(key_path, pem):
    Path(key_path).write_bytes(pem)
    # ruleid: PY-FILE-PERMISSIONS
    os.chmod(key_path, 0o644)


def daemonize():
    # ruleid: PY-FILE-PERMISSIONS
    os.umask(0)


def fix_perms():
    # ruleid: PY-FILE-PERMISSIONS
    subprocess.run(["chmod", "-R", "777", UPLOAD_DIR], check=True)


# --- safe lookalikes -------------------------------------------------------


def publish_safely(path):
    # ok: PY-FILE-PERMISSIONS
    os.chmod(path, 0o644)


def make_executable(script):
    # ok: PY-FILE-PERMISSIONS
    os.chmod(script, 0o755)


def save_key_safely(key_path, pem):
    Path(key_path).write_bytes(pem)
    # ok: PY-FILE-PERMISSIONS
    os.chmod(key_path, 0o600)


def private_dir(path):
    # ok: PY-FILE-PERMISSIONS
    os.makedirs(path, mode=0o777, exist_ok=True)


def strict_umask():
    # ok: PY-FILE-PERMISSIONS
    os.umask(0o077)


def add_exec(path):
    # ok: PY-FILE-PERMISSIONS
    os.chmod(path, os.stat(path).st_mode | stat.S_IEXEC)
