import os
import shutil
import sys
import tarfile
import zipfile
from pathlib import Path

import flask
from django.http import FileResponse, Http404
from fastapi import FastAPI, UploadFile
from fastapi.responses import FileResponse as StarletteFileResponse
from flask import Flask, abort, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
api = FastAPI()
UPLOAD_DIR = "/srv/app/uploads"
REPORTS = Path("/srv/app/reports")
ALLOWED_EXPORTS = {"daily.csv", "weekly.csv"}


@app.route("/download")
def download():
    name = request.args.get("file", "")
    # ruleid: PY-PATH-TRAVERSAL
    return send_file(os.path.join(UPLOAD_DIR, name))


@app.route("/logs/<path:logname>")
def read_log(logname):
    # ruleid: PY-PATH-TRAVERSAL
    with open(f"/var/log/app/{logname}") as fh:
        return fh.read()


@app.route("/upload", methods=["POST"])
def upload():
    file = request.files["document"]
    # ruleid: PY-PATH-TRAVERSAL
    file.save(os.path.join(UPLOAD_DIR, file.filename))
    return "saved", 201


@app.post("/avatars/delete")
def delete_avatar():
    target = request.form["avatar"]
    # ruleid: PY-PATH-TRAVERSAL
    os.remove(UPLOAD_DIR + "/" + target)
    return "", 204


@app.route("/reports/<name>")
def report(name):
    # ruleid: PY-PATH-TRAVERSAL
    return (REPORTS / name).read_text()


def export_view(request):
    path = os.path.join("/srv/exports", request.GET["path"])
    # ruleid: PY-PATH-TRAVERSAL
    return FileResponse(open(path, "rb"))


@api.get("/files")
async def get_file(filename: str):
    # ruleid: PY-PATH-TRAVERSAL
    return StarletteFileResponse(f"/srv/files/{filename}")


@api.post("/archive")
async def archive(folder: str):
    # ruleid: PY-PATH-TRAVERSAL
    shutil.rmtree(os.path.join("/srv/tmp", folder))
    return {"ok": True}


@app.route("/themes/import", methods=["POST"])
def import_theme():
    upload = request.files["theme"]
    with zipfile.ZipFile(upload.stream) as archive:
        for member in archive.namelist():
            # Zip slip: member names are chosen by whoever built the archive.
            # ruleid: PY-PATH-TRAVERSAL
            with open(os.path.join("/srv/themes", member), "wb") as out:
                out.write(archive.read(member))
    return "imported", 201


@app.route("/safe/download")
def safe_download():
    name = request.args.get("file", "")
    # ok: PY-PATH-TRAVERSAL
    return send_from_directory(UPLOAD_DIR, name)


@app.route("/safe/upload", methods=["POST"])
def safe_upload():
    file = request.files["document"]
    filename = secure_filename(file.filename)
    # ok: PY-PATH-TRAVERSAL
    file.save(os.path.join(UPLOAD_DIR, filename))
    return "saved", 201


@app.route("/safe/logs")
def safe_logs():
    name = request.args["name"]
    full = os.path.realpath(os.path.join("/var/log/app", name))
    if not full.startswith("/var/log/app/"):
        abort(404)
    # ok: PY-PATH-TRAVERSAL
    with open(full) as fh:
        return fh.read()


@app.route("/safe/export")
def safe_export():
    name = request.args["name"]
    if name not in ALLOWED_EXPORTS:
        abort(404)
    # ok: PY-PATH-TRAVERSAL
    return send_file(os.path.join("/srv/exports", name))


@app.route("/safe/reports")
def safe_report():
    path = (REPORTS / request.args["name"]).resolve()
    if not path.is_relative_to(REPORTS):
        abort(404)
    # ok: PY-PATH-TRAVERSAL
    return path.read_text()


@app.route("/invoices/<int:invoice_id>")
def invoice(invoice_id):
    # ok: PY-PATH-TRAVERSAL
    return send_file(f"/srv/invoices/{invoice_id}.pdf")


def django_upload(request):
    upload = request.FILES["attachment"]
    # ok: PY-PATH-TRAVERSAL
    with open(os.path.join(UPLOAD_DIR, upload.name), "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return FileResponse(open(os.path.join(UPLOAD_DIR, upload.name), "rb"))


@app.route("/thumbnail")
def thumbnail():
    name = os.path.basename(request.args["image"])
    # ok: PY-PATH-TRAVERSAL
    return send_file(os.path.join("/srv/thumbs", name), mimetype="image/png")


@api.post("/import")
async def import_file(file: UploadFile):
    data = await file.read()
    # ok: PY-PATH-TRAVERSAL
    with open(os.path.join("/srv/imports", "latest.bin"), "wb") as out:
        out.write(data)


def main():
    # A command-line tool opening the file its own user names: no trust boundary.
    # ok: PY-PATH-TRAVERSAL
    with open(sys.argv[1]) as fh:
        print(fh.read())


def import_shared_folder(archive_path, dest):
    """Background job: unpack a folder a user uploaded as a .zip."""
    with zipfile.ZipFile(archive_path) as zf:
        for info in zf.infolist():
            target = os.path.join(dest, info.filename)
            # ruleid: PY-PATH-TRAVERSAL
            with zf.open(info) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)


def restore_backup(backup_path, dest):
    with tarfile.open(backup_path) as tf:
        for member in tf.getmembers():
            if member.isfile():
                # ruleid: PY-PATH-TRAVERSAL
                shutil.copyfileobj(tf.extractfile(member), open(dest / member.name, "wb"))


def import_shared_folder_checked(archive_path, dest):
    base = Path(dest).resolve()
    with zipfile.ZipFile(archive_path) as zf:
        for info in zf.infolist():
            target = (base / info.filename).resolve()
            if not target.is_relative_to(base):
                raise ValueError(f"unsafe member {info.filename!r}")
            # ok: PY-PATH-TRAVERSAL
            with zf.open(info) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)


def import_flat(archive_path, dest):
    with zipfile.ZipFile(archive_path) as zf:
        for name in zf.namelist():
            # ok: PY-PATH-TRAVERSAL
            with open(os.path.join(dest, os.path.basename(name)), "wb") as out:
                out.write(zf.read(name))


def verify_extraction(archive_path, dest):
    with zipfile.ZipFile(archive_path) as zf:
        for name in zf.namelist():
            # Reading back what zipfile's own extractall() wrote (it sanitises member names).
            # ok: PY-PATH-TRAVERSAL
            with open(os.path.join(dest, name), "rb") as fh:
                assert fh.read() == zf.read(name)


# python-telegram-bot: `context.args` are the words a chat user typed after the command.
from telegram import Update
from telegram.ext import ContextTypes

LOG_DIR = "/var/log/hub"


async def tail(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    name = context.args[0]
    # ruleid: PY-PATH-TRAVERSAL
    with open(os.path.join(LOG_DIR, name)) as fh:
        await update.message.reply_text(fh.read()[-3500:])


async def tail_known(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    name = {"door": "doorlock.log", "mqtt": "mqtt.log"}.get(context.args[0], "hub.log")
    # ok: PY-PATH-TRAVERSAL
    with open(os.path.join(LOG_DIR, "hub.log")) as fh:
        await update.message.reply_text(fh.read()[-3500:] + name)
