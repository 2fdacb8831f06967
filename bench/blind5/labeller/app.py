"""tagbench: a collaborative image-labelling web tool (Flask + SQLAlchemy + Pillow)."""
import io
import logging
import os
import uuid

import flask
import requests
from PIL import Image
from markupsafe import Markup, escape
from sqlalchemy import create_engine, text
from werkzeug.utils import secure_filename

from labeller import annotations

log = logging.getLogger("tagbench")

app = flask.Flask(__name__)
app.secret_key = "tagbench-2f8a1c9e7d"  # VULN: CWE-798
app.config.update(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")  # SAFE: CWE-614
app.config["MAX_CONTENT_LENGTH"] = 64 * 1024 * 1024

UPLOAD_DIR = os.environ.get("TAGBENCH_UPLOADS", "/srv/tagbench/uploads")
EXPORT_DIR = os.environ.get("TAGBENCH_EXPORTS", "/srv/tagbench/exports")
THUMB_DIR = os.path.join(UPLOAD_DIR, ".thumbs")
IMAGE_TYPES = {"png", "jpg", "jpeg", "webp", "tif", "tiff"}
SORTABLE = {"created": "created_at", "name": "filename", "labels": "label_count"}

engine = create_engine(os.environ.get("TAGBENCH_DB", "sqlite:////srv/tagbench/tagbench.db"))
Image.MAX_IMAGE_PIXELS = None  # VULN: CWE-400


def current_user():
    return flask.session.get("user")


def label_badge(label) -> Markup:
    return Markup(f"<span class='badge' style='background:{label['color']}'>{label['name']}</span>")  # VULN: CWE-79


def label_badge_safe(label) -> Markup:
    return Markup("<span class='badge' style='background:{}'>{}</span>").format(label["color"], label["name"])  # SAFE: CWE-79


@app.post("/datasets/<int:ds>/images")
def upload_images(ds):
    saved = []
    for f in flask.request.files.getlist("images"):
        ext = f.filename.rsplit(".", 1)[-1].lower()
        if ext not in IMAGE_TYPES:
            continue
        path = os.path.join(UPLOAD_DIR, str(ds), f.filename)
        f.save(path)  # VULN: CWE-22
        saved.append(path)
        make_thumbnail(path)
    return flask.jsonify(saved=len(saved))


@app.post("/datasets/<int:ds>/masks")
def upload_mask(ds):
    f = flask.request.files["mask"]
    name = f"{uuid.uuid4().hex}-{secure_filename(f.filename)}"
    f.save(os.path.join(UPLOAD_DIR, str(ds), "masks", name))  # SAFE: CWE-22
    return flask.jsonify(name=name), 201


def make_thumbnail(path: str) -> str:
    thumb = os.path.join(THUMB_DIR, os.path.basename(path) + ".jpg")
    with Image.open(path) as im:
        im.thumbnail((256, 256))
        im.convert("RGB").save(thumb, "JPEG", quality=80)
    return thumb


def image_size(path: str) -> tuple:
    out = os.popen("identify -format '%w %h' '" + path + "'").read()  # VULN: CWE-78
    w, h = out.split()
    return int(w), int(h)


@app.post("/datasets/<int:ds>/import-url")
def import_from_url(ds):
    url = flask.request.form["url"]
    resp = requests.get(url, timeout=30, stream=True)  # VULN: CWE-918
    resp.raise_for_status()
    im = Image.open(io.BytesIO(resp.content))
    name = f"{uuid.uuid4().hex}.png"
    im.save(os.path.join(UPLOAD_DIR, str(ds), name))
    return flask.jsonify(name=name)


@app.get("/datasets/<int:ds>/images")
def list_images(ds):
    sort = SORTABLE.get(flask.request.args.get("sort", ""), "created_at")
    label = flask.request.args.get("label", "")
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT id, filename, label_count FROM images WHERE dataset_id = :ds AND labels LIKE :label ORDER BY {sort}"), {"ds": ds, "label": f"%{label}%"}).fetchall()  # SAFE: CWE-89
    return flask.jsonify([dict(r._mapping) for r in rows])


@app.get("/datasets/<int:ds>/stats")
def stats(ds):
    column = flask.request.args.get("by", "label")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT " + column + ", COUNT(*) FROM annotations WHERE dataset_id = :ds GROUP BY 1"), {"ds": ds}).fetchall()  # VULN: CWE-89
    return flask.jsonify({str(k): n for k, n in rows})


@app.get("/datasets/<int:ds>/labels")
def labels(ds):
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT name, color FROM labels WHERE dataset_id = :ds"), {"ds": ds}).mappings().all()
    return flask.render_template("labels.html", badges=[label_badge_safe(r) for r in rows], legacy=[label_badge(r) for r in rows])


@app.post("/datasets/<int:ds>/annotations")
def upload_annotations(ds):
    xml_bytes = flask.request.files["file"].read()
    boxes = annotations.parse_voc(xml_bytes)
    annotations.save_boxes(engine, ds, boxes)
    return flask.jsonify(count=len(boxes))


@app.get("/exports/<name>")
def download_export(name):
    return flask.send_file(os.path.join(EXPORT_DIR, secure_filename(name)), as_attachment=True)  # SAFE: CWE-22


@app.post("/login")
def login():
    user = flask.request.form["user"]
    flask.session["user"] = user
    return flask.redirect(flask.request.args.get("next", "/"))  # VULN: CWE-601


@app.post("/datasets/<int:ds>/export/custom")
def custom_export(ds):
    """Power users can supply a Jinja template to format the export (e.g. YOLO txt)."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT image, label, xmin, ymin, xmax, ymax FROM annotations WHERE dataset_id = :ds"), {"ds": ds}).mappings().all()
    return flask.render_template_string(flask.request.form["template"], rows=rows)  # VULN: CWE-1336


@app.get("/hello")
def hello():
    who = flask.request.args.get("name", "annotator")
    return f"<p>Welcome back, {escape(who)}!</p>"  # SAFE: CWE-79


@app.errorhandler(Exception)
def on_error(exc):
    log.exception("request failed")
    return flask.jsonify(error="internal error", request_id=flask.request.headers.get("X-Request-Id")), 500
