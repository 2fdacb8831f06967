import urllib.request
from urllib.parse import urljoin, urlparse

import httpx
import requests as rq
from aiohttp import ClientSession
from django.http import JsonResponse
from fastapi import FastAPI
from flask import Flask, abort, request

app = Flask(__name__)
api = FastAPI()
API_BASE = "https://api.example.com"
ALLOWED_HOSTS = {"images.example.com", "cdn.example.com"}


@app.route("/preview")
def preview():
    url = request.args["url"]
    # ruleid: PY-SSRF
    resp = rq.get(url, timeout=5)
    return resp.text


@app.route("/webhook/test", methods=["POST"])
def test_webhook():
    payload = request.get_json()
    # ruleid: PY-SSRF
    rq.post(payload["callback_url"], json={"ping": True}, timeout=5)
    return {"sent": True}


@app.route("/proxy")
def proxy():
    host = request.args.get("host", "localhost")
    # ruleid: PY-SSRF
    data = urllib.request.urlopen("http://" + host + "/status").read()
    return data


def fetch_avatar(request):
    session = rq.Session()
    # ruleid: PY-SSRF
    image = session.get(request.POST["avatar_url"], timeout=10).content
    return JsonResponse({"size": len(image)})


@api.get("/fetch")
async def fetch(target: str):
    async with httpx.AsyncClient() as client:
        # ruleid: PY-SSRF
        resp = await client.get(target)
    return {"status": resp.status_code}


@api.get("/tenant/{tenant}/health")
async def tenant_health(tenant: str):
    async with ClientSession() as session:
        # ruleid: PY-SSRF
        async with session.get(f"https://{tenant}.internal.example.com/health") as resp:
            return {"status": resp.status}


@app.route("/resolve")
def resolve():
    # urljoin with an absolute URL replaces the host entirely.
    # ruleid: PY-SSRF
    return httpx.get(urljoin(API_BASE, request.args["path"])).text


@app.route("/users/<user_id>")
def user_profile(user_id):
    # The host is fixed: the client only picks the path.
    # ok: PY-SSRF
    resp = rq.get(f"https://api.example.com/users/{user_id}", timeout=5)
    return resp.json()


@app.route("/items")
def items():
    item = request.args["item"]
    # ok: PY-SSRF
    return rq.get(f"{API_BASE}/items/{item}", params={"q": request.args.get("q")}, timeout=5).json()


@app.route("/safe/preview")
def safe_preview():
    url = request.args["url"]
    parsed = urlparse(url)
    if parsed.scheme != "https" or parsed.hostname not in ALLOWED_HOSTS:
        abort(400)
    # ok: PY-SSRF
    return rq.get(url, timeout=5, allow_redirects=False).content


@app.route("/safe/cdn")
def safe_cdn():
    url = request.args["url"]
    if not url.startswith("https://cdn.example.com/"):
        abort(400)
    # ok: PY-SSRF
    return httpx.get(url).content


def download_release(version):
    # A constant host; bandit's B310 flags every urlopen.
    # ok: PY-SSRF
    return urllib.request.urlopen(f"https://releases.example.com/app-{version}.tar.gz").read()


def sync_from_config(settings):
    # A URL from configuration, not from the request.
    # ok: PY-SSRF
    return rq.get(settings.UPSTREAM_URL, timeout=10).json()
