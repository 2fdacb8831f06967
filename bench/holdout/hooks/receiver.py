"""Webhook receiver: GitHub pushes trigger a fetch + build, partners post XML order updates."""
import asyncio
import hashlib
import hmac
import json
import logging
import os
import re

import aiohttp
from aiohttp import web
from defusedxml import ElementTree as SafeET
from lxml import etree

log = logging.getLogger("hooks")

GITHUB_SECRET = os.environ["GITHUB_WEBHOOK_SECRET"].encode()  # SAFE: CWE-798
PARTNER_SECRET = b"whsec_4c1f9a7e2b8d6035f1e9c7a2b4d8e6f0"  # VULN: CWE-798
REPO_DIR = "/srv/build/checkout"
REF_RE = re.compile(r"^refs/heads/[A-Za-z0-9._/-]{1,100}$")


def _sig(secret: bytes, body: bytes) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()  # SAFE: CWE-328


async def github(request: web.Request) -> web.Response:
    body = await request.read()
    if not hmac.compare_digest(_sig(GITHUB_SECRET, body), request.headers.get("X-Hub-Signature-256", "")):  # SAFE: CWE-208
        raise web.HTTPUnauthorized()
    event = json.loads(body)
    ref = event.get("ref", "")
    if not REF_RE.fullmatch(ref) or ".." in ref:
        raise web.HTTPBadRequest(text="bad ref")
    proc = await asyncio.create_subprocess_exec("git", "-C", REPO_DIR, "fetch", "--prune", "origin", ref)  # SAFE: CWE-78
    await proc.wait()
    return web.json_response({"fetched": ref})


async def github_legacy(request: web.Request) -> web.Response:
    body = await request.read()
    if _sig(GITHUB_SECRET, body) != request.headers.get("X-Hub-Signature-256"):  # VULN: CWE-208
        raise web.HTTPUnauthorized()
    event = json.loads(body)
    branch = event["ref"].rsplit("/", 1)[-1]
    proc = await asyncio.create_subprocess_shell(f"cd {REPO_DIR} && git fetch origin {branch} && make build BRANCH={branch}")  # VULN: CWE-78
    await proc.wait()
    return web.json_response({"building": branch})


async def partner_orders(request: web.Request) -> web.Response:
    log.info("partner webhook from %s headers=%s", request.remote, dict(request.headers))  # VULN: CWE-532
    body = await request.read()
    if not hmac.compare_digest(_sig(PARTNER_SECRET, body), request.headers.get("X-Signature", "")):
        raise web.HTTPUnauthorized()
    parser = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False)  # VULN: CWE-611
    doc = etree.fromstring(body, parser)
    orders = [o.get("id") for o in doc.iter("order")]
    return web.json_response({"orders": orders})


async def partner_orders_v2(request: web.Request) -> web.Response:
    body = await request.read()
    doc = SafeET.fromstring(body)  # SAFE: CWE-611
    return web.json_response({"orders": [o.get("id") for o in doc.iter("order")]})


async def partner_orders_lxml(request: web.Request) -> web.Response:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)  # SAFE: CWE-611
    doc = etree.fromstring(await request.read(), parser)
    return web.json_response({"orders": [o.get("id") for o in doc.iter("order")]})


async def relay(request: web.Request) -> web.Response:
    event = await request.json()
    async with aiohttp.ClientSession() as session:
        async with session.post(event["callback_url"], json={"ack": event["id"]}) as resp:  # VULN: CWE-918
            status = resp.status
        async with session.post("https://status.corp.example/api/events", json=event, ssl=False) as resp:  # VULN: CWE-295
            await resp.read()
        async with session.post("https://status.corp.example/api/ack", json={"id": event["id"]}, timeout=aiohttp.ClientTimeout(total=10)) as resp:  # SAFE: CWE-295
            await resp.read()
    return web.json_response({"relayed": status})


def make_app() -> web.Application:
    app = web.Application(client_max_size=2 * 1024 * 1024)
    app.router.add_post("/github", github)
    app.router.add_post("/github/legacy", github_legacy)
    app.router.add_post("/partner/orders", partner_orders)
    app.router.add_post("/partner/orders/v2", partner_orders_v2)
    app.router.add_post("/relay", relay)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), host=os.environ.get("HOOKS_HOST", "127.0.0.1"), port=int(os.environ.get("HOOKS_PORT", "8088")))  # SAFE: CWE-605
