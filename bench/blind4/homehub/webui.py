"""Local web UI for the home hub (aiohttp + jinja2).  Only reachable on the LAN
and via the family's Tailscale, but the kids' friends are on the guest Wi-Fi..."""
from __future__ import annotations

import base64
import hmac
import json
import logging
import os
import secrets
from pathlib import Path

import aiohttp
import aiohttp_cors
import jinja2
from aiohttp import web
from markupsafe import escape

from homehub.mqtt_bridge import StateStore

log = logging.getLogger("hub.web")

TEMPLATES = Path(__file__).parent / "templates"
SNAPSHOT_DIR = Path("/var/lib/hub/snapshots")
HUB_PIN = os.environ.get("HUB_PIN", "")
WEATHER_URL = "https://api.open-meteo.example/v1/forecast"

env_unsafe = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False)  # VULN: CWE-79
env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape(["html"]))  # SAFE: CWE-79
store = StateStore()
sessions: dict[str, str] = {}


async def index(request: web.Request) -> web.Response:
    tpl = env.get_template("index.html")
    return web.Response(text=tpl.render(devices=store.conn.execute("SELECT DISTINCT device FROM state").fetchall()), content_type="text/html")


async def device_page(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    hours = int(request.query.get("h", "24"))
    rows = store.history(name, hours)
    tpl = env_unsafe.get_template("device.html")
    return web.Response(text=tpl.render(name=name, rows=rows), content_type="text/html")


async def rename(request: web.Request) -> web.Response:
    data = await request.post()
    label = data.get("label", "")
    return web.Response(text=f"<p>Renamed to <b>{label}</b></p>", content_type="text/html")  # VULN: CWE-79


async def rename_ok(request: web.Request) -> web.Response:
    data = await request.post()
    label = str(data.get("label", ""))
    return web.Response(text=f"<p>Renamed to <b>{escape(label)}</b></p>", content_type="text/html")  # SAFE: CWE-79


async def login(request: web.Request) -> web.Response:
    data = await request.post()
    pin = str(data.get("pin", ""))
    if not HUB_PIN or not hmac.compare_digest(pin.encode(), HUB_PIN.encode()):  # SAFE: CWE-208
        raise web.HTTPForbidden()
    sid = secrets.token_hex(16)
    sessions[sid] = "family"
    resp = web.HTTPFound("/")
    resp.set_cookie("hub_session", sid, httponly=False, max_age=30 * 86400)  # VULN: CWE-1004
    return resp


async def snapshot(request: web.Request) -> web.FileResponse:
    # e.g. /snapshot?file=frontdoor/latest.jpg
    return web.FileResponse(SNAPSHOT_DIR / request.query["file"])  # VULN: CWE-22


async def camera_proxy(request: web.Request) -> web.Response:
    """The kitchen tablet can't reach the cameras directly; proxy their MJPEG snapshot."""
    target = request.query["url"]
    async with aiohttp.ClientSession() as s:
        async with s.get(target, ssl=False) as r:  # VULN: CWE-918
            body = await r.read()
    return web.Response(body=body, content_type=r.content_type)


async def weather(request: web.Request) -> web.Response:
    params = {"latitude": "53.55", "longitude": "9.99", "hourly": "temperature_2m"}
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as s:
        async with s.get(WEATHER_URL, params=params) as r:  # SAFE: CWE-918
            data = await r.json()
    return web.json_response(data)


async def inverter(request: web.Request) -> web.Response:
    # solar inverter's local API has a self-signed cert
    async with aiohttp.ClientSession() as s:
        async with s.get("https://192.168.178.44/api/v1/live", ssl=False) as r:  # VULN: CWE-295
            data = await r.json()
    return web.json_response(data)


async def export_state(request: web.Request) -> web.Response:
    blob = base64.b64encode(json.dumps(dict(sessions)).encode()).decode()
    return web.json_response({"sessions": blob})  # VULN: CWE-200


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/", index)
    app.router.add_get("/device/{name}", device_page)
    app.router.add_post("/rename", rename)
    app.router.add_post("/rename2", rename_ok)
    app.router.add_post("/login", login)
    app.router.add_get("/snapshot", snapshot)
    app.router.add_get("/camproxy", camera_proxy)
    app.router.add_get("/weather", weather)
    app.router.add_get("/inverter", inverter)
    app.router.add_get("/debug/sessions", export_state)
    cors = aiohttp_cors.setup(app, defaults={"*": aiohttp_cors.ResourceOptions(allow_credentials=True, expose_headers="*", allow_headers="*")})  # VULN: CWE-942
    for route in list(app.router.routes()):
        cors.add(route)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), port=8123)
