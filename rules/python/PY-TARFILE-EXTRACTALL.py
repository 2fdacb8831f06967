import os
import shutil
import tarfile
import tarfile as tf
import tempfile
import zipfile

from flask import Flask, request

app = Flask(__name__)
UPLOAD_DIR = "/srv/themes"


@app.post("/themes")
def install_theme():
    upload = request.files["theme"]
    with tarfile.open(fileobj=upload.stream, mode="r:gz") as tar:
        # ruleid: PY-TARFILE-EXTRACTALL
        tar.extractall(UPLOAD_DIR)
    return "ok"


def unpack_release(path, dest):
    archive = tf.open(path)
    # ruleid: PY-TARFILE-EXTRACTALL
    archive.extractall(path=dest)
    archive.close()


def unpack_inline(path):
    # ruleid: PY-TARFILE-EXTRACTALL
    tarfile.open(path, "r:*").extractall()


def unpack_trusting(path, dest):
    with tarfile.open(path) as tar:
        # ruleid: PY-TARFILE-EXTRACTALL
        tar.extractall(dest, filter="fully_trusted")


def one_member(path, name, dest):
    with tarfile.open(path) as tar:
        member = tar.getmember(name)
        # ruleid: PY-TARFILE-EXTRACTALL
        tar.extract(member, dest)


def text_files_only(path, dest):
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            if member.name.endswith(".txt"):
                # ruleid: PY-TARFILE-EXTRACTALL
                tar.extract(member, dest)


def typed(archive: tarfile.TarFile, dest: str) -> None:
    # ruleid: PY-TARFILE-EXTRACTALL
    archive.extractall(dest, members=archive.getmembers())


def unpack_upload(saved_path):
    dest = tempfile.mkdtemp()
    # ruleid: PY-TARFILE-EXTRACTALL
    shutil.unpack_archive(saved_path, dest)
    return dest


def unpack_bundle(dest):
    # ruleid: PY-TARFILE-EXTRACTALL
    shutil.unpack_archive("vendor/bundle.tar.gz", dest)


def unpack_bundle(bundle, dest):
    with tarfile.open(bundle, "r:*") as tf_:
        # ruleid: PY-TARFILE-EXTRACTALL
        tf_.extractall(dest, members=[m for m in tf_.getmembers() if not m.name.startswith("/")])


def unpack_regular_files(path, dest):
    with tarfile.open(path) as tar:
        # ruleid: PY-TARFILE-EXTRACTALL
        tar.extractall(dest, members=filter(lambda m: m.isfile() and not os.path.isabs(m.name), tar))


def unpack_files_one_by_one(path, dest):
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            if member.isfile() and not member.name.startswith("/"):
                # ruleid: PY-TARFILE-EXTRACTALL
                tar.extract(member, dest)


# --- lookalikes -----------------------------------------------------------------

def unpack_safely(path, dest):
    with tarfile.open(path) as tar:
        # ok: PY-TARFILE-EXTRACTALL
        tar.extractall(dest, filter="data")


def safe_members(tar, dest):
    base = os.path.realpath(dest)
    for member in tar.getmembers():
        target = os.path.realpath(os.path.join(dest, member.name))
        if target.startswith(base + os.sep) and (member.isfile() or member.isdir()):
            yield member


def unpack_checked(path, dest):
    with tarfile.open(path) as tar:
        # ok: PY-TARFILE-EXTRACTALL
        tar.extractall(dest, members=safe_members(tar, dest))


def unpack_each(path, dest):
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            if member.name.startswith(("/", "..")) or member.issym() or member.islnk():
                continue
            # ok: PY-TARFILE-EXTRACTALL
            tar.extract(member, dest)


def unpack_zip(path, dest):
    with zipfile.ZipFile(path) as zf:
        # ok: PY-TARFILE-EXTRACTALL
        zf.extractall(dest)


def unpack_zip_archive(path, dest):
    # ok: PY-TARFILE-EXTRACTALL
    shutil.unpack_archive(path, dest, format="zip")


def unpack_with_filter(path, dest):
    # ok: PY-TARFILE-EXTRACTALL
    shutil.unpack_archive(path, dest, filter="data")


def unpack_no_dotdot(path, dest):
    with tarfile.open(path) as tar:
        # ok: PY-TARFILE-EXTRACTALL
        tar.extractall(dest, members=[m for m in tar.getmembers() if ".." not in m.name.split("/") and not m.issym()])


def _inside(dest, member):
    target = os.path.realpath(os.path.join(dest, member.name))
    return os.path.commonpath([target, os.path.realpath(dest)]) == os.path.realpath(dest)


def unpack_resolved(path, dest):
    with tarfile.open(path) as tar:
        # ok: PY-TARFILE-EXTRACTALL
        tar.extractall(dest, members=[m for m in tar.getmembers() if _inside(dest, m)])
