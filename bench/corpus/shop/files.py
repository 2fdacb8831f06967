"""Invoice upload and download, report exports and theme imports."""
import json
import os
import stat
import tarfile
import tempfile
import zipfile
from pathlib import Path

from flask import Blueprint, abort, jsonify, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

bp = Blueprint("files", __name__, url_prefix="/files")

UPLOAD_DIR = "/srv/shop/uploads"
EXPORT_DIR = Path("/srv/shop/exports")
THEME_DIR = "/srv/shop/themes"
ALLOWED_EXTENSIONS = {".pdf", ".png", ".jpg"}


@bp.route("/upload", methods=["POST"])
def upload():
    f = request.files["file"]
    name = secure_filename(f.filename)
    if os.path.splitext(name)[1].lower() not in ALLOWED_EXTENSIONS:
        abort(400)
    f.save(os.path.join(UPLOAD_DIR, name))  # SAFE: CWE-22
    return jsonify(name=name)


@bp.route("/upload-raw", methods=["POST"])
def upload_raw():
    f = request.files["file"]
    f.save(os.path.join(UPLOAD_DIR, f.filename))  # VULN: CWE-22
    return jsonify(ok=True)


@bp.route("/download/<path:name>")
def download(name):
    return send_from_directory(UPLOAD_DIR, name, as_attachment=True)  # SAFE: CWE-22


@bp.route("/download-legacy")
def download_legacy():
    name = request.args.get("file", "")
    return send_file(os.path.join(UPLOAD_DIR, name))  # VULN: CWE-22


@bp.route("/log")
def view_log():
    logname = request.args.get("name", "app.log")
    with open("/var/log/shop/" + logname) as fh:  # VULN: CWE-22
        return fh.read(), 200, {"Content-Type": "text/plain"}


@bp.route("/export/<report_id>")
def export(report_id):
    path = EXPORT_DIR / (secure_filename(report_id) + ".csv")
    with open(path, "rb") as fh:  # SAFE: CWE-22
        data = fh.read()
    return data, 200, {"Content-Type": "text/csv"}


@bp.route("/export-json")
def export_json():
    name = request.args.get("name", "")
    target = EXPORT_DIR / name
    return target.read_text(), 200, {"Content-Type": "application/json"}  # VULN: CWE-22


@bp.route("/import-theme", methods=["POST"])
def import_theme():
    archive = request.files["theme"]
    workdir = tempfile.mkdtemp(prefix="theme-")  # SAFE: CWE-377
    path = os.path.join(workdir, "theme.tar.gz")
    archive.save(path)
    with tarfile.open(path) as tar:
        tar.extractall(THEME_DIR)  # VULN: CWE-22
    return jsonify(ok=True)


@bp.route("/import-theme-v2", methods=["POST"])
def import_theme_v2():
    archive = request.files["theme"]
    with tempfile.NamedTemporaryFile(suffix=".tar.gz") as tmp:  # SAFE: CWE-377
        archive.save(tmp.name)
        with tarfile.open(tmp.name) as tar:
            tar.extractall(THEME_DIR, filter="data")  # SAFE: CWE-22
    return jsonify(ok=True)


@bp.route("/import-icons", methods=["POST"])
def import_icons():
    upload = request.files["icons"]
    with zipfile.ZipFile(upload.stream) as zf:
        zf.extractall(os.path.join(THEME_DIR, "icons"))  # SAFE: CWE-22
    return jsonify(ok=True)


@bp.route("/import-fonts", methods=["POST"])
def import_fonts():
    upload = request.files["fonts"]
    dest = os.path.join(THEME_DIR, "fonts")
    with zipfile.ZipFile(upload.stream) as zf:
        for member in zf.namelist():
            with open(os.path.join(dest, member), "wb") as out:  # VULN: CWE-22
                out.write(zf.read(member))
    return jsonify(ok=True)


def render_pdf(html):
    out = tempfile.mktemp(suffix=".pdf")  # VULN: CWE-377
    Path(out).write_text(html)
    return out


def render_pdf_safe(html):
    fd, out = tempfile.mkstemp(suffix=".pdf")  # SAFE: CWE-377
    with os.fdopen(fd, "w") as fh:
        fh.write(html)
    return out


def write_debug_dump(data):
    with open("/tmp/shop_debug.json", "w") as fh:  # VULN: CWE-377
        json.dump(data, fh)


def publish_export(path):
    os.chmod(path, 0o777)  # VULN: CWE-732


def publish_export_readonly(path):
    os.chmod(path, 0o644)  # SAFE: CWE-732


def share_with_workers(path):
    os.chmod(path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)  # VULN: CWE-732


def protect_key(path):
    Path(path).chmod(0o600)  # SAFE: CWE-732


def make_cache_dir():
    os.makedirs(os.path.join(UPLOAD_DIR, ".cache"), mode=0o755, exist_ok=True)  # SAFE: CWE-732
