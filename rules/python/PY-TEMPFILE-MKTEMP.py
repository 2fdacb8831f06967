import json
import subprocess
import tempfile
import tempfile as tf
from tempfile import mktemp


def export_report(rows):
    # ruleid: PY-TEMPFILE-MKTEMP
    path = tempfile.mktemp(suffix=".json")
    with open(path, "w") as fh:
        json.dump(rows, fh)
    return path


def render_pdf(html):
    # ruleid: PY-TEMPFILE-MKTEMP
    out = tf.mktemp(".pdf", "report-")  # scratch output
    subprocess.run(["wkhtmltopdf", "-", out], input=html.encode(), check=True)
    return out


class Exporter:
    def start(self, fd):
        # ruleid: PY-TEMPFILE-MKTEMP
        self.target = mktemp(dir="/var/cache/exporter")
        return fd


def upload(data):
    # ruleid: PY-TEMPFILE-MKTEMP
    with open(tempfile.mktemp(), "wb") as fh:
        fh.write(data)


def workdir():
    # ruleid: PY-TEMPFILE-MKTEMP
    scratch = tempfile.mktemp()
    import os

    os.mkdir(scratch)
    return scratch


# --- safe lookalikes -------------------------------------------------------


def export_safely(rows):
    # ok: PY-TEMPFILE-MKTEMP
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(rows, fh)
    return fh.name


def scratch_dir():
    # ok: PY-TEMPFILE-MKTEMP
    return tempfile.mkdtemp(prefix="job-")


def secure_file():
    # ok: PY-TEMPFILE-MKTEMP
    fd, path = tempfile.mkstemp(suffix=".csv")
    return fd, path
