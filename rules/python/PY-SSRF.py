import ipaddress
import socket
import urllib.request
from urllib.parse import urljoin, urlparse

import httpx
import requests as rq
import strawberry
import tornado.web
from tornado.httpclient import AsyncHTTPClient
from ariadne import MutationType, ObjectType
from aiohttp import ClientSession
from celery import shared_task
from django.conf import settings as django_settings
from django.http import JsonResponse
from fastapi import FastAPI
from flask import Flask, abort, request

app = Flask(__name__)
api = FastAPI()
API_BASE = "https://api.example.com"
GEOCODER = "https://geocode.example-maps.com/v1/search"
mutation = MutationType()
shift = ObjectType("Shift")
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


@shared_task
def deliver_webhook(url: str, payload: dict):
    # A task's arguments come from whoever enqueued it: here, a URL a user typed into a form.
    # ruleid: PY-SSRF
    return rq.post(url, json=payload, timeout=10).status_code


def _is_public(url: str) -> bool:
    host = urlparse(url).hostname or ""
    for info in socket.getaddrinfo(host, 443):
        addr = ipaddress.ip_address(info[4][0])
        if addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved:
            return False
    return True


@shared_task
def deliver_webhook_checked(url: str, payload: dict):
    if not _is_public(url):
        return 0
    # ok: PY-SSRF
    return rq.post(url, json=payload, timeout=10, allow_redirects=False).status_code


@shared_task
def refresh_feed(feed_id: int):
    # ok: PY-SSRF
    return rq.get(f"{API_BASE}/feeds/{feed_id}", timeout=10).json()


def on_member_created(tenant, member):
    payload = {"event": "member.created", "member": member.email}
    # ok: PY-SSRF
    rq.post(django_settings.SLACK_SIGNUPS_WEBHOOK, json=payload, timeout=5)
    if tenant.webhook_url:
        # Each tenant registers its own webhook URL: it can point at http://169.254.169.254/.
        # ruleid: PY-SSRF
        rq.post(tenant.webhook_url, json=payload, timeout=5)


def notify_subscribers(event, subscriptions):
    for hook in subscriptions:
        # ruleid: PY-SSRF
        rq.post(hook.url, json=event, timeout=5)


class SlackNotifier:
    def __init__(self, webhook_url):
        self.webhook_url = webhook_url

    def send(self, text):
        # Configured by the operator when the notifier is built.
        # ok: PY-SSRF
        rq.post(self.webhook_url, json={"text": text}, timeout=5)


@mutation.field("importRoster")
async def resolve_import_roster(_, info, url: str) -> int:
    # The arguments of a GraphQL resolver after (obj, info) come from the client's query.
    async with httpx.AsyncClient(timeout=20) as client:
        # ruleid: PY-SSRF
        resp = await client.get(url)
    return len(resp.json())


@shift.field("siteMapUrl")
async def resolve_site_map(obj, info) -> str:
    async with httpx.AsyncClient(timeout=5) as client:
        # ok: PY-SSRF
        resp = await client.get(GEOCODER, params={"q": obj["site_address"]})
    return resp.json()["results"][0]["map_url"]


@strawberry.type
class Mutation:
    @strawberry.mutation
    def preview_link(self, info: strawberry.Info, link: str) -> str:
        # ruleid: PY-SSRF
        return rq.get(link, timeout=5).text[:200]

    @strawberry.mutation
    def preview_page(self, info: strawberry.Info, page: int) -> str:
        # ok: PY-SSRF
        return rq.get(f"{API_BASE}/pages/{page}", timeout=5).text[:200]


class ProxyHandler(tornado.web.RequestHandler):
    async def get(self):
        target = self.get_argument("url")
        # ruleid: PY-SSRF
        resp = await AsyncHTTPClient().fetch(target, request_timeout=10)
        self.write(resp.body)


class AvatarHandler(tornado.web.RequestHandler):
    async def get(self, user):
        # ok: PY-SSRF
        resp = await AsyncHTTPClient().fetch(f"{API_BASE}/avatars/{user}", request_timeout=10)
        self.set_header("Content-Type", "image/png")
        self.write(resp.body)


# Chat-bot commands: the arguments are typed by any member of the chat.
import asyncio

import discord
from discord.ext import commands
from telegram import Update
from telegram.ext import ContextTypes

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@bot.command()
async def avatar(ctx: commands.Context, url: str) -> None:
    async with ClientSession() as s:
        # ruleid: PY-SSRF
        async with s.get(url) as r:
            await ctx.send(str(r.status))


@bot.command()
async def status(ctx: commands.Context, service: str) -> None:
    async with ClientSession() as s:
        # ok: PY-SSRF
        async with s.get(f"https://status.example.com/api/{service}") as r:
            await ctx.send(str(r.status))


async def fetch_link(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    url = context.args[0]
    # ruleid: PY-SSRF
    r = await asyncio.to_thread(rq.get, url, timeout=10)
    await update.message.reply_text(str(r.status_code))


async def fetch_status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    # ok: PY-SSRF
    r = await asyncio.to_thread(rq.get, "https://status.example.com/api", params={"q": context.args[0]}, timeout=10)
    await update.message.reply_text(str(r.status_code))
