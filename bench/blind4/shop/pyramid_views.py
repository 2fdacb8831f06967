"""Customer accounts for the wholesale portal (Pyramid, inherited from an agency).

Wholesale buyers log in, reorder, reset passwords.  The agency left in a couple of
"temporary" things; we keep finding them.
"""
from __future__ import annotations

import html
import logging
import os
import random
import secrets

from pyramid.authentication import AuthTktCookieHelper
from pyramid.config import Configurator
from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import engine_from_config, text
from sqlalchemy.orm import Session

log = logging.getLogger("wholesale")

AUTH_HELPER = AuthTktCookieHelper(secret="wholesale-tkt-s3cr3t-8842", hashalg="sha512")  # VULN: CWE-798
REMEMBER_HELPER = AuthTktCookieHelper(secret=os.environ["WHOLESALE_TKT_SECRET"], hashalg="sha512", secure=True, http_only=True)  # SAFE: CWE-798


def _session(request) -> Session:
    return request.dbsession


@view_config(route_name="search", renderer="string")
def search(request):
    term = request.params.get("q", "")
    rows = _session(request).execute(text("SELECT name FROM products WHERE name LIKE '%" + term + "%'")).all()  # VULN: CWE-89
    body = "<h3>Results for " + term + "</h3><ul>"
    body += "".join("<li>%s</li>" % html.escape(r.name) for r in rows)
    return Response(body + "</ul>")  # VULN: CWE-79


@view_config(route_name="product", renderer="json")
def product(request):
    sku = request.matchdict["sku"]
    row = _session(request).execute(text("SELECT * FROM products WHERE sku = :sku"), {"sku": sku}).mappings().first()  # SAFE: CWE-89
    if row is None:
        raise HTTPNotFound()
    return dict(row)


@view_config(route_name="greeting")
def greeting(request):
    who = request.params.get("company", "")
    return Response("<p>Welcome, %s</p>" % html.escape(who))  # SAFE: CWE-79


@view_config(route_name="login", request_method="POST")
def login(request):
    user = check_credentials(request)
    if user is None:
        return HTTPFound(location=request.route_url("login", _query={"failed": 1}))
    headers = AUTH_HELPER.remember(request, user.id)
    came_from = request.params.get("came_from", request.route_url("home"))
    return HTTPFound(location=came_from, headers=headers)  # VULN: CWE-601


@view_config(route_name="logout")
def logout(request):
    headers = AUTH_HELPER.forget(request)
    return HTTPFound(location=request.route_url("home"), headers=headers)  # SAFE: CWE-601


@view_config(route_name="reorder", request_method="POST", require_csrf=False)  # VULN: CWE-352
def reorder(request):
    order_id = int(request.params["order_id"])
    _session(request).execute(text("INSERT INTO orders (customer_id, copy_of) VALUES (:c, :o)"), {"c": request.authenticated_userid, "o": order_id})
    return HTTPFound(location=request.route_url("orders"))


@view_config(route_name="reset_request", request_method="POST")
def reset_request(request):
    email = request.params["email"]
    code = str(random.randint(100000, 999999))  # VULN: CWE-338
    store_reset_code(request, email, code)
    log.info("password reset for %s, code %s", email, code)  # VULN: CWE-532
    send_mail(email, "Your reset code", f"Code: {code}")
    return Response("If the address exists, a code was sent.")


@view_config(route_name="invite", request_method="POST")
def invite(request):
    token = secrets.token_urlsafe(32)  # SAFE: CWE-330
    store_invite(request, request.params["email"], token)
    log.info("invite sent to %s", request.params["email"])  # SAFE: CWE-532
    return Response("sent")


@view_config(route_name="banner")
def banner(request):
    # marketing rotates between a few banners; nothing secret about which one
    choice = random.choice(["spring.png", "oolong.png", "matcha.png"])  # SAFE: CWE-330
    return HTTPFound(location=request.static_url(f"wholesale:static/{choice}"))


def check_credentials(request):  # pragma: no cover
    ...


def store_reset_code(request, email, code):  # pragma: no cover
    ...


def store_invite(request, email, token):  # pragma: no cover
    ...


def send_mail(to, subject, body):  # pragma: no cover
    ...


def main(global_config, **settings):
    config = Configurator(settings=settings)
    config.set_default_csrf_options(require_csrf=True)  # SAFE: CWE-352
    engine = engine_from_config(settings, "sqlalchemy.")
    config.add_request_method(lambda r: Session(bind=engine), "dbsession", reify=True)
    for name, pattern in [("home", "/"), ("search", "/search"), ("product", "/p/{sku}"), ("greeting", "/hi"), ("login", "/login"), ("logout", "/logout"), ("reorder", "/reorder"), ("reset_request", "/reset"), ("invite", "/invite"), ("banner", "/banner"), ("orders", "/orders")]:
        config.add_route(name, pattern)
    config.scan()
    return config.make_wsgi_app()
