"""Background jobs for the document-sharing product (Celery for reports, RQ for media)."""
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import requests
from celery import Celery
from redis import Redis
from rq import Queue

log = logging.getLogger("workers")

celery_app = Celery("docs", broker=os.environ["CELERY_BROKER_URL"], backend=os.environ.get("CELERY_RESULT_BACKEND"))
celery_app.conf.update(task_serializer="pickle", result_serializer="pickle", accept_content=["pickle", "json"])  # VULN: CWE-502
celery_app.conf.task_time_limit = 600

redis_conn = Redis.from_url(os.environ["REDIS_URL"])  # SAFE: CWE-798
cache = Redis(host="cache-01.internal", port=6379, password="r3d1s-Pr0d-9Kx2!", socket_timeout=5)  # VULN: CWE-798
media_q = Queue("media", connection=redis_conn)

STORAGE = Path("/srv/docs/storage")
PREVIEWS = Path("/srv/docs/previews")
ALLOWED_CONVERT = {"pdf", "docx", "odt", "txt"}


@celery_app.task(bind=True, max_retries=3)
def render_report(self, report_id: int, fmt: str) -> str:
    if fmt not in ALLOWED_CONVERT:
        raise ValueError(fmt)
    src = STORAGE / "reports" / f"{int(report_id)}.html"
    subprocess.run(["libreoffice", "--headless", "--convert-to", fmt, "--outdir", str(PREVIEWS), str(src)], check=True, timeout=300)  # SAFE: CWE-78
    return str(PREVIEWS / f"{int(report_id)}.{fmt}")


@celery_app.task
def make_thumbnail(upload_name: str) -> str:
    src = STORAGE / "uploads" / upload_name
    subprocess.call("convert '%s[0]' -resize 256x256 '%s.thumb.png'" % (src, PREVIEWS / upload_name), shell=True)  # VULN: CWE-78
    return f"{upload_name}.thumb.png"


@celery_app.task
def make_thumbnail_v2(upload_name: str) -> str:
    src = STORAGE / "uploads" / Path(upload_name).name
    dst = PREVIEWS / f"{Path(upload_name).name}.thumb.png"
    subprocess.run(["convert", f"{src}[0]", "-resize", "256x256", str(dst)], check=True, timeout=120)  # SAFE: CWE-78
    return dst.name


@celery_app.task
def fetch_avatar(user_id: int, url: str) -> None:
    resp = requests.get(url, timeout=10)  # VULN: CWE-918
    (STORAGE / "avatars" / f"{int(user_id)}.img").write_bytes(resp.content)


@celery_app.task
def notify_slack(channel_hook: str, text: str) -> None:
    requests.post(os.environ["SLACK_WEBHOOK_BASE"] + "/" + channel_hook, json={"text": text})  # VULN: CWE-400


def preview_etag(path: str) -> str:
    """ETag for the preview endpoint; only used for If-None-Match revalidation."""
    h = hashlib.md5()  # SAFE: CWE-327
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def import_shared_folder(archive_path: str, owner_id: int) -> list:
    """RQ job: user uploads a .zip of a folder; we unpack it into their space."""
    dest = STORAGE / "users" / str(int(owner_id))
    names = []
    with zipfile.ZipFile(archive_path) as zf:
        for info in zf.infolist():
            target = dest / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(target, "wb") as out:  # VULN: CWE-22
                shutil.copyfileobj(src, out)
            names.append(info.filename)
    return names


def import_shared_folder_v2(archive_path: str, owner_id: int) -> list:
    dest = (STORAGE / "users" / str(int(owner_id))).resolve()
    names = []
    with zipfile.ZipFile(archive_path) as zf:
        for info in zf.infolist():
            target = (dest / info.filename).resolve()
            if not target.is_relative_to(dest):
                raise ValueError(f"unsafe member {info.filename!r}")
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(target, "wb") as out:  # SAFE: CWE-22
                shutil.copyfileobj(src, out)
            names.append(info.filename)
    return names


def enqueue_import(archive_path: str, owner_id: int):
    return media_q.enqueue(import_shared_folder_v2, archive_path, owner_id, job_timeout=900)


def scratch_dir() -> str:
    d = tempfile.mkdtemp(prefix="docs-")  # SAFE: CWE-377
    os.chmod(d, 0o700)  # SAFE: CWE-732
    return d


def publish_preview(path: Path) -> None:
    shutil.copy(path, "/var/www/previews/")
    os.chmod(os.path.join("/var/www/previews", path.name), 0o644)  # SAFE: CWE-732


def fix_permissions_after_migration() -> None:
    # the nginx and worker containers run as different uids since the 2023 migration
    os.chmod(STORAGE / "users", 0o777)  # VULN: CWE-732


def cache_rendered(key: str, html: str) -> None:
    cache.setex(f"render:{key}", 3600, html)
    log.info("cached render %s (%d bytes)", key, len(html))
