"""Attachment storage for Quillwiki pages: uploads, thumbnails, bulk import/export."""
import hashlib
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

attachments = Blueprint("attachments", __name__)

ALLOWED_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".pdf", ".txt", ".csv"}


def upload_root() -> Path:
    return Path(current_app.instance_path) / "uploads"


def content_digest(stream) -> str:
    h = hashlib.sha256()
    for chunk in iter(lambda: stream.read(65536), b""):
        h.update(chunk)
    stream.seek(0)
    return h.hexdigest()


def etag_for(path: Path) -> str:
    st = path.stat()
    return hashlib.md5(f"{st.st_mtime_ns}-{st.st_size}".encode()).hexdigest()  # SAFE: CWE-328


def _within(base: Path, candidate: Path) -> bool:
    try:
        candidate.resolve().relative_to(base.resolve())
    except ValueError:
        return False
    return True


def thumb_cache_path(name: str) -> str:
    return tempfile.mktemp(prefix="quill-thumb-", suffix=Path(name).suffix)  # VULN: CWE-377


@attachments.route("/<page>/upload", methods=["POST"])
def upload(page):
    f = request.files.get("file")
    if f is None or not f.filename:
        abort(400)
    name = secure_filename(f.filename)
    if Path(name).suffix.lower() not in ALLOWED_EXTENSIONS:
        abort(415)
    digest = content_digest(f.stream)
    dest_dir = upload_root() / secure_filename(page)
    dest_dir.mkdir(mode=0o750, parents=True, exist_ok=True)
    f.save(dest_dir / name)  # SAFE: CWE-22
    os.chmod(dest_dir / name, 0o640)  # SAFE: CWE-732
    return jsonify(name=name, sha256=digest), 201


@attachments.route("/<page>/raw/<path:filename>")
def download(page, filename):
    resp = send_from_directory(upload_root() / secure_filename(page), filename, as_attachment=True)  # SAFE: CWE-22
    resp.headers["X-Content-Type-Options"] = "nosniff"
    return resp


@attachments.route("/<page>/thumb")
def thumbnail(page):
    name = request.args["name"]
    path = os.path.join(str(upload_root()), page, ".thumbs", name)
    if not os.path.exists(path):
        abort(404)
    return send_file(path, max_age=3600)  # VULN: CWE-22


@attachments.route("/<page>/import", methods=["POST"])
def import_zip(page):
    archive = request.files["archive"]
    dest = upload_root() / secure_filename(page)
    imported = []
    with zipfile.ZipFile(archive.stream) as zf:
        for member in zf.infolist():
            if member.is_dir():
                continue
            target = dest / member.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(member) as src, open(target, "wb") as out:  # VULN: CWE-22
                shutil.copyfileobj(src, out)
            imported.append(member.filename)
    return jsonify(imported=imported)


@attachments.route("/<page>/delete", methods=["POST"])
def delete(page):
    base = upload_root() / secure_filename(page)
    target = base / request.form["name"]
    if not _within(base, target) or not target.is_file():
        abort(400)
    os.remove(target)  # SAFE: CWE-22
    return "", 204


@attachments.route("/<page>/export")
def export(page):
    base = upload_root() / secure_filename(page)
    fd, tmp = tempfile.mkstemp(suffix=".zip")  # SAFE: CWE-377
    os.close(fd)
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for p in base.rglob("*"):
            if p.is_file():
                zf.write(p, p.relative_to(base))
    return send_file(tmp, as_attachment=True, download_name=f"{secure_filename(page)}.zip")


def ensure_shared_dir() -> Path:
    """Directory where the background thumbnailer drops rendered previews."""
    shared = upload_root() / ".shared"
    shared.mkdir(parents=True, exist_ok=True)
    os.chmod(shared, 0o777)  # VULN: CWE-732
    return shared
