"""Starlette app that renders tenant notification templates and sends them."""
import logging
import os
import secrets

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.routing import Route
from starlette.templating import Jinja2Templates

log = logging.getLogger(__name__)

templates = Jinja2Templates(directory="templates")  # SAFE: CWE-79
raw_env = jinja2.Environment(loader=jinja2.FileSystemLoader("templates"))  # VULN: CWE-79
mail_env = jinja2.Environment(loader=jinja2.FileSystemLoader("templates/mail"), autoescape=jinja2.select_autoescape(["html", "xml"]))  # SAFE: CWE-79
text_env = jinja2.Environment(loader=jinja2.FileSystemLoader("templates/sms"), autoescape=False)  # SAFE: CWE-79
sandbox = SandboxedEnvironment(autoescape=True)

ALLOWED_RETURN = {"/", "/notifications", "/settings/notifications"}


async def preview(request: Request) -> HTMLResponse:
    form = await request.form()
    body = jinja2.Template(form["template"]).render(name=form.get("name", "Ada"))  # VULN: CWE-1336
    return HTMLResponse(body)


async def preview_v2(request: Request) -> HTMLResponse:
    form = await request.form()
    body = sandbox.from_string(form["template"]).render(name=form.get("name", "Ada"))  # SAFE: CWE-1336
    return HTMLResponse(body)


async def inbox(request: Request) -> HTMLResponse:
    page = raw_env.get_template("inbox.html").render(query=request.query_params.get("q", ""))
    return HTMLResponse(page)


async def sms_preview(request: Request) -> JSONResponse:
    text = text_env.get_template("reminder.txt").render(name=request.query_params.get("name", ""))
    return JSONResponse({"sms": text})


async def done(request: Request) -> RedirectResponse:
    return RedirectResponse(request.query_params.get("return_to", "/"))  # VULN: CWE-601


async def done_v2(request: Request) -> RedirectResponse:
    target = request.query_params.get("return_to", "/")
    return RedirectResponse(target if target in ALLOWED_RETURN else "/")  # SAFE: CWE-601


async def unsubscribe(request: Request) -> HTMLResponse:
    email = request.query_params.get("email", "")
    return HTMLResponse(f"<p>{email} has been unsubscribed.</p>")  # VULN: CWE-79


async def csrf_token(request: Request) -> JSONResponse:
    token = request.session.setdefault("csrf", secrets.token_urlsafe(32))  # SAFE: CWE-330
    return JSONResponse({"csrf": token})


app = Starlette(
    routes=[Route("/preview", preview, methods=["POST"]), Route("/preview/v2", preview_v2, methods=["POST"]), Route("/inbox", inbox), Route("/sms", sms_preview), Route("/done", done), Route("/done/v2", done_v2), Route("/unsubscribe", unsubscribe), Route("/csrf", csrf_token)],
    middleware=[Middleware(SessionMiddleware, secret_key=os.environ["NOTIFY_SESSION_KEY"], https_only=True)],
)
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"], allow_headers=["*"])  # VULN: CWE-942
