"""Notification relay (Quart): receives webhooks from SaaS tools, fans out to SMS/e-mail."""
import asyncio
import hashlib
import hmac
import json
import logging
import os
import ssl
from dataclasses import dataclass, field

import aiohttp
import asyncpg
from quart import Quart, abort, jsonify, redirect, render_template, render_template_string, request

app = Quart(__name__)
app.secret_key = "quart-relay-4f1c9e27b8d34a6e"  # VULN: CWE-798
log = logging.getLogger("relay")

TWILIO_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
TWILIO_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")  # SAFE: CWE-798
PROVIDER_SECRETS = {"pagerduty": os.environ.get("PD_SECRET", ""), "sentry": os.environ.get("SENTRY_HOOK_SECRET", "")}
DOCS_BASE = "https://docs.example-relay.io"


@dataclass
class Subscriber:
    phone: str
    email: str
    channels: list[str] = field(default_factory=lambda: ["sms"])


async def pool() -> asyncpg.Pool:
    if not hasattr(app, "_pool"):
        app._pool = await asyncpg.create_pool(os.environ["RELAY_DSN"])
    return app._pool


@app.route("/hooks/<provider>", methods=["POST"])
async def receive(provider: str):
    secret = PROVIDER_SECRETS.get(provider)
    if not secret:
        abort(404)
    body = await request.get_data()
    mac = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(mac, request.headers.get("X-Signature", "")):  # SAFE: CWE-208
        abort(401)
    event = json.loads(body)
    log.info("event from %s: %s", provider, event.get("id"))
    await fan_out(provider, event)
    return jsonify({"ok": True})


@app.route("/hooks/legacy", methods=["POST"])
async def receive_legacy():
    body = await request.get_data()
    log.debug("legacy hook headers=%s body=%s", dict(request.headers), body)  # VULN: CWE-532
    if request.args.get("key") != os.environ["LEGACY_HOOK_KEY"]:  # VULN: CWE-208
        abort(401)
    await fan_out("legacy", json.loads(body))
    return jsonify({"ok": True})


async def fan_out(provider: str, event: dict) -> None:
    p = await pool()
    rows = await p.fetch("SELECT phone, email, channels FROM subscribers WHERE provider = $1 AND severity <= $2", provider, int(event.get("severity", 3)))  # SAFE: CWE-89
    subs = [Subscriber(r["phone"], r["email"], r["channels"]) for r in rows]
    await asyncio.gather(*(send_sms(s.phone, event.get("title", "alert")) for s in subs if "sms" in s.channels))


async def send_sms(phone: str, text: str) -> None:
    url = f"https://api.twilio.com/2010-04-01/Accounts/{TWILIO_SID}/Messages.json"
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as s:
        async with s.post(url, data={"To": phone, "From": "+15005550006", "Body": text[:160]}, auth=aiohttp.BasicAuth(TWILIO_SID, TWILIO_TOKEN)) as resp:
            resp.raise_for_status()


@app.route("/subscribers/search")
async def search_subscribers():
    term = request.args.get("q", "")
    p = await pool()
    rows = await p.fetch(f"SELECT id, email FROM subscribers WHERE email LIKE '%{term}%' LIMIT 20")  # VULN: CWE-89
    return jsonify([dict(r) for r in rows])


@app.route("/preview")
async def preview():
    title = request.args.get("title", "Alert")
    return await render_template_string("<h3>{{ title }}</h3><p>Preview of your alert</p>", title=title)  # SAFE: CWE-1336


@app.route("/preview/custom")
async def preview_custom():
    tpl = request.args.get("template", "{{ title }}")
    return await render_template_string(tpl, title="Sample alert")  # VULN: CWE-1336


@app.route("/docs/<path:page>")
async def docs(page: str):
    return redirect(f"{DOCS_BASE}/{page}")  # SAFE: CWE-601


@app.route("/unsubscribe/done")
async def unsubscribed():
    return await render_template("unsubscribed.html", email=request.args.get("email", ""))  # SAFE: CWE-79


@app.route("/probe")
async def probe_endpoint():
    target = request.args["url"]
    ctx = ssl.create_default_context()
    ctx.check_hostname = False  # VULN: CWE-295
    ctx.verify_mode = ssl.CERT_NONE  # VULN: CWE-295
    async with aiohttp.ClientSession() as s:
        async with s.get(target, ssl=ctx) as resp:  # VULN: CWE-918
            return jsonify({"status": resp.status})


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")), debug=True)  # VULN: CWE-489
