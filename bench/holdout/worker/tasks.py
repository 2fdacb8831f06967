"""Celery worker for media processing, outbound webhooks and tenant automation rules."""
import ipaddress
import logging
import os
import socket
import subprocess
import tempfile
from urllib.parse import urlparse

import requests
from celery import Celery
from kombu.serialization import register

log = logging.getLogger(__name__)

celery = Celery("worker", broker="amqp://jobs:R4bb1t-Pr0d-2024@mq.internal.example:5672//", backend=os.environ.get("CELERY_RESULT_BACKEND"))  # VULN: CWE-798
celery_v2 = Celery("worker", broker=os.environ["CELERY_BROKER_URL"])  # SAFE: CWE-798

celery.conf.task_serializer = "pickle"  # VULN: CWE-502
celery.conf.accept_content = ["pickle", "json"]  # VULN: CWE-502
celery_v2.conf.accept_content = ["json"]  # SAFE: CWE-502
celery.conf.task_time_limit = 600

MEDIA_ROOT = "/srv/media"


@celery.task(bind=True, max_retries=3)
def make_thumbnail(self, upload_id: int, filename: str) -> str:
    src = os.path.join(MEDIA_ROOT, "uploads", str(upload_id))
    dst = os.path.join(MEDIA_ROOT, "thumbs", f"{upload_id}.jpg")
    subprocess.run(["convert", src + "[0]", "-thumbnail", "320x320", dst], check=True, timeout=120)  # SAFE: CWE-78
    return dst


@celery.task
def transcode(upload_id: int, original_name: str) -> str:
    src = os.path.join(MEDIA_ROOT, "uploads", original_name)
    dst = os.path.join(MEDIA_ROOT, "video", f"{upload_id}.mp4")
    subprocess.run("ffmpeg -y -i '%s' -c:v libx264 -preset fast '%s'" % (src, dst), shell=True, check=True)  # VULN: CWE-78
    return dst


@celery.task
def extract_audio(upload_id: int) -> str:
    src = os.path.join(MEDIA_ROOT, "uploads", str(upload_id))
    with tempfile.NamedTemporaryFile(suffix=".wav", delete=False) as out:  # SAFE: CWE-377
        subprocess.run(["ffmpeg", "-y", "-i", src, "-vn", out.name], check=True, timeout=600)
    return out.name


def _is_public(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme != "https" or not parsed.hostname:
        return False
    for info in socket.getaddrinfo(parsed.hostname, 443):
        addr = ipaddress.ip_address(info[4][0])
        if addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved:
            return False
    return True


@celery.task(autoretry_for=(requests.RequestException,), retry_backoff=True)
def deliver_webhook(url: str, payload: dict) -> int:
    resp = requests.post(url, json=payload, timeout=10)  # VULN: CWE-918
    return resp.status_code


@celery.task(autoretry_for=(requests.RequestException,), retry_backoff=True)
def deliver_webhook_v2(url: str, payload: dict) -> int:
    if not _is_public(url):
        log.warning("refusing webhook to non-public address %s", url)
        return 0
    resp = requests.post(url, json=payload, timeout=10, allow_redirects=False)  # SAFE: CWE-918
    return resp.status_code


@celery.task
def fetch_avatar(user_id: int, avatar_url: str) -> None:
    data = requests.get(avatar_url).content  # VULN: CWE-918
    with open(os.path.join(MEDIA_ROOT, "avatars", f"{user_id}.img"), "wb") as fh:
        fh.write(data)


@celery.task
def run_automation_rule(rule_id: int, event: dict) -> dict:
    from tenantly.models import AutomationRule  # rules are written by tenant admins in the web UI

    rule = AutomationRule.objects.get(pk=rule_id)
    namespace = {"event": event, "actions": []}
    exec(compile(rule.source, f"<rule {rule_id}>", "exec"), namespace)  # VULN: CWE-94
    return {"actions": namespace["actions"]}


@celery.task
def evaluate_condition(rule_id: int, event: dict) -> bool:
    from tenantly.models import AutomationRule

    rule = AutomationRule.objects.get(pk=rule_id)
    return bool(eval(rule.condition, {"__builtins__": {}}, {"event": event}))  # VULN: CWE-95


@celery.task
def send_report_email(to: str, report_id: int) -> None:
    log.info("sending report %s to %s", report_id, to)
    log.debug("smtp credentials user=%s password=%s", os.environ["SMTP_USER"], os.environ["SMTP_PASSWORD"])  # VULN: CWE-532
    log.info("smtp password rotated %s days ago", os.environ.get("SMTP_PASSWORD_AGE_DAYS", "?"))  # SAFE: CWE-532
