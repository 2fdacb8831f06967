"""The taint tracker: which request data reaches a sink, through what, and what stops it.

Each case is a small module; every ``sink(expr)`` call in it is a probe, and the expected
result lists, in source order, whether request data reaches that probe's argument for the
given kind of sink.
"""

from __future__ import annotations

import ast
import textwrap

import pytest
from seclint.engines.pyast.module import ModuleInfo
from seclint.engines.pyast.taint import TaintAnalyzer


def probes(code: str, kind: str = "path") -> list[bool]:
    tree = ast.parse(textwrap.dedent(code))
    info = ModuleInfo(tree)
    analyzer = TaintAnalyzer(info)
    calls = [
        n for n in info.nodes if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "sink"
    ]
    calls.sort(key=lambda c: (c.lineno, c.col_offset))
    return [analyzer.expr_taint(c.args[0], kind) is not None for c in calls]


def source(code: str, kind: str = "path"):
    tree = ast.parse(textwrap.dedent(code))
    info = ModuleInfo(tree)
    analyzer = TaintAnalyzer(info)
    call = next(n for n in info.nodes if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "sink")
    return analyzer.expr_taint(call.args[0], kind)


# -- sources -------------------------------------------------------------------------


def test_flask_request_attributes():
    code = """
        from flask import request

        def view():
            sink(request.args["q"])
            sink(request.args.get("q"))
            sink(request.form["name"])
            sink(request.values.get("v"))
            sink(request.json["url"])
            sink(request.get_json()["url"])
            sink(request.get_json(silent=True) or {})
            sink(request.cookies.get("theme"))
            sink(request.headers.get("X-Forwarded-Host"))
            sink(request.view_args["slug"])
            sink(request.data)
            sink(request.files["f"].filename)
            sink(request.method)
            sink(request.args.get("page", type=int))
    """
    assert probes(code, "html") == [True] * 12 + [False, False]


def test_flask_request_through_module_and_alias():
    code = """
        import flask
        from flask import request as req

        def view():
            sink(flask.request.args["a"])
            sink(req.form["b"])
    """
    assert probes(code, "html") == [True, True]


def test_django_request_attributes():
    code = """
        def view(request):
            sink(request.GET["q"])
            sink(request.POST.get("name"))
            sink(request.body)
            sink(request.COOKIES["c"])
            sink(request.META["HTTP_X_TARGET"])
            sink(request.FILES["f"].read())
            sink(request.user.username)
            sink(request.method)
            return HttpResponse("")
    """
    assert probes(code, "html") == [True] * 6 + [False, False]


def test_drf_and_class_based_views():
    code = """
        class ItemView(APIView):
            def get(self, request, slug):
                sink(request.query_params["q"])
                sink(request.data.get("url"))
                sink(self.request.GET.get("x"))
                sink(slug)

            def helper(self, value):
                sink(value)
    """
    assert probes(code, "html") == [True, True, True, True, False]


def test_fastapi_parameters_and_request_body():
    code = """
        from enum import Enum
        from typing import Annotated, Optional
        from uuid import UUID
        from fastapi import Depends, FastAPI, Query, Request, UploadFile

        app = FastAPI()

        class Color(str, Enum):
            red = "red"

        @app.get("/items/{item_id}")
        async def read(item_id: int, q: str | None = None, color: Color = Color.red, key: UUID = None,
                       name: Annotated[str, Query()] = "", n: Optional[int] = None, db=Depends(get_db),
                       raw=None):
            sink(item_id)
            sink(q)
            sink(color)
            sink(key)
            sink(name)
            sink(n)
            sink(db)
            sink(raw)

        @app.post("/upload")
        async def upload(request: Request, file: UploadFile):
            body = await request.json()
            sink(body["url"])
            sink(request.query_params["x"])
            sink(file.filename)
    """
    assert probes(code, "html") == [False, True, False, False, True, False, False, True, True, True, True]


def test_fastapi_body_models_named_req_and_their_declared_fields():
    code = """
        from enum import Enum
        from typing import Annotated, Literal
        from fastapi import Depends, FastAPI, Request
        from pydantic import BaseModel, Field
        from .schemas import ImportedBody

        app = FastAPI()

        class Mode(str, Enum):
            fast = "fast"

        class PredictRequest(BaseModel):
            label_pattern: str | None = None
            top_k: int = 5
            mode: Mode = Mode.fast
            order: Literal["asc", "desc"] = "asc"
            model_id: str = Field(pattern=r"^[a-f0-9]{32}$")
            note: str = Field(pattern=r"^.*$")

        @app.post("/predict")
        async def predict(req: PredictRequest, tenant: Annotated[str, Depends(get_tenant)]):
            sink(req.label_pattern)
            sink(req.top_k)
            sink(req.mode)
            sink(req.order)
            sink(req.model_id)
            sink(req.note)
            sink(tenant)

        @app.post("/raw")
        async def raw(request: Request):
            sink(request.client.host)
            sink(request.query_params["q"])

        @app.post("/imported")
        async def imported(req: ImportedBody):
            sink(req.anything)
    """
    assert probes(code, "regex") == [True, False, False, False, False, True, False, False, True, True]


def test_request_dataclasses_passed_to_helpers():
    code = """
        from dataclasses import dataclass

        @dataclass
        class ReleaseRequest:
            repo: str
            ref: str
            replicas: int = 1

        class Settings:
            repo: str = "x"

        class Deployer:
            def checkout(self, req: ReleaseRequest):
                sink(req.ref)
                sink(req.repo)
                sink(req.replicas)
                sink(req.to_json())

            def plain(self, spec: ReleaseRequest, req: Settings):
                sink(spec.repo)
                sink(req.repo)
    """
    assert probes(code, "cmd") == [True, True, False, False, False, False]


def test_argv_kind_accepts_prefix_checks():
    code = """
        from flask import abort, request

        ALLOWED = ("https://git.example/", "https://github.com/acme/")

        def view():
            repo = request.args["repo"]
            ref = request.args["ref"]
            other = request.args["other"]
            if not repo.startswith(ALLOWED) or ref.startswith("-"):
                abort(400)
            sink(repo)
            sink(ref)
            sink(other)
    """
    assert probes(code, "argv") == [False, False, True]
    assert probes(code, "cmd") == [True, True, True]


def test_celery_task_arguments_are_sources_for_urls_only():
    code = """
        import ipaddress
        from celery import Celery, shared_task
        from invoke import task

        celery = Celery("worker")

        def _is_public(url):
            return not ipaddress.ip_address(resolve(url)).is_private

        @celery.task(bind=True)
        def deliver(self, url: str, attempt: int):
            sink(url)
            sink(attempt)
            sink(self)

        @shared_task
        def fetch(avatar_url):
            sink(avatar_url)

        @celery.task
        def deliver_checked(url):
            if not _is_public(url):
                return
            sink(url)

        @task
        def build(c, url):
            sink(url)

        def plain(url):
            sink(url)
    """
    assert probes(code, "url") == [True, False, False, True, False, False, False]
    assert probes(code, "cmd") == [False] * 7


def test_stored_webhook_urls_are_sources_for_urls():
    code = """
        from django.conf import settings

        WEBHOOK_URL = "https://hooks.example/x"
        config = load()

        def notify(tenant, hook, payload):
            sink(tenant.webhook_url)
            sink(hook.url)
            sink(settings.WEBHOOK_URL)
            sink(WEBHOOK_URL)
            sink(config.webhook_url)
            if is_allowed_webhook(tenant.callback_url):
                sink(tenant.callback_url)

        class Client:
            def send(self):
                sink(self.webhook_url)
                sink(self.settings.webhook_url)
                sink(self.subscription.callback_url)
    """
    assert probes(code, "url") == [True, True, False, False, False, False, False, False, True]
    assert probes(code, "path") == [False] * 9


def test_session_values_stored_from_request_data():
    code = """
        from flask import request, session, url_for

        def login():
            session["next"] = request.args.get("next", "/")
            session["home"] = url_for("index")
            session["user"] = request.form["user"]

        def callback():
            sink(session.pop("next", "/"))
            sink(session.get("home"))
            sink(session["next"])

        def django_view(request):
            request.session["back"] = request.GET.get("back")
            sink(request.session.get("back"))
    """
    assert probes(code, "redirect") == [True, False, True, True]
    assert probes(code, "html") == [False, False, False, False]


def test_flask_route_converters():
    code = """
        @app.route("/a/<name>/<int:item_id>/<path:rest>/<uuid:key>")
        def view(name, item_id, rest, key):
            sink(name)
            sink(item_id)
            sink(rest)
            sink(key)
    """
    assert probes(code) == [True, False, True, False]


def test_cli_code_and_plain_functions_are_not_sources():
    code = """
        import sys
        import argparse

        def main():
            args = argparse.ArgumentParser().parse_args()
            sink(sys.argv[1])
            sink(args.path)
            sink(input("file? "))

        def helper(request_data, name):
            sink(name)
    """
    assert probes(code) == [False, False, False, False]


def test_local_variables_named_request_are_not_incoming_requests():
    code = """
        import urllib.request
        import requests

        def fetch(url):
            req = urllib.request.Request(url)
            sink(req.data)
            req = requests.get(url)
            sink(req.json())

        class Adapter:
            def send(self, request: PreparedRequest):
                sink(request.url)
    """
    assert probes(code, "url") == [False, False, False]


def test_django_helpers_taking_the_request_do_not_taint_their_other_parameters():
    code = """
        def paginate(request, queryset):
            sink(queryset)
            sink(request.GET.get("page"))
            return queryset[:10]

        def view(request, slug, pk):
            sink(slug)
            sink(pk)
            return render(request, "x.html")
    """
    assert probes(code, "html") == [False, True, True, False]


# -- propagation ---------------------------------------------------------------------


def test_propagation_through_strings_containers_and_methods():
    code = """
        import os
        from flask import request

        def view():
            name = request.args.get("name", "").strip()
            sink(f"/srv/{name}")
            sink("/srv/" + name)
            sink("/srv/%s" % name)
            sink("/srv/{}".format(name))
            sink(os.path.join("/srv", name))
            sink([name, "x"])
            sink({"file": name}["file"])
            sink(name.lower().replace(" ", "_"))
            sink(str(name))
            data = request.get_json()
            sink(data["nested"]["path"])
            first, second = data["pair"]
            sink(second)
            for item in request.args.getlist("f"):
                sink(item)
            sink([x.upper() for x in request.args.getlist("f")])
            sink(len(name))
            sink(name.startswith("/"))
    """
    assert probes(code) == [True] * 13 + [False, False]


def test_flow_sensitive_reassignment():
    code = """
        from flask import request
        from werkzeug.utils import secure_filename

        def view(flag):
            name = request.args["name"]
            sink(name)
            name = secure_filename(name)
            sink(name)
            other = request.args["other"]
            if flag:
                other = "default"
            sink(other)
            third = request.args["third"]
            if flag:
                third = "a"
            else:
                third = "b"
            sink(third)
    """
    assert probes(code) == [True, False, True, False]


def test_lookups_keyed_by_request_data_return_stored_data():
    code = """
        from flask import request

        FILES = {"a": "/srv/a.txt"}

        def view():
            key = request.args["key"]
            sink(FILES.get(key))
            sink(FILES[key])
            user = User.query.filter_by(name=key).first()
            sink(user.avatar_path)
            doc = Document.objects.get(slug=key)
            sink(doc.path)
            sink(request.args.get(key))
    """
    assert probes(code) == [False, False, False, False, True]


def test_helper_functions_in_the_module():
    code = """
        import os
        from flask import request

        def build(name):
            return os.path.join("/srv", name)

        def lookup(name):
            return CACHE.get(name)

        def current_file():
            return request.args["file"]

        def view():
            value = request.form["v"]
            sink(build(value))
            sink(lookup(value))
            sink(current_file())
            sink(build("constant"))
    """
    assert probes(code) == [True, False, True, False]


def test_closures_and_comprehensions():
    code = """
        from flask import request

        def view():
            path = request.args["p"]

            def inner():
                sink(path)

            sink([p.strip() for p in [path]])
            sink({k: v for k, v in request.form.items()})
    """
    assert probes(code) == [True, True, True]


def test_uploaded_archive_member_names_are_file_names():
    code = """
        import zipfile
        from flask import request

        def view():
            upload = request.files["archive"]
            sink(upload)
            with zipfile.ZipFile(upload.stream) as zf:
                for member in zf.namelist():
                    sink(member)
    """
    assert probes(code, "path") == [False, True]


def test_archive_member_names_are_sources_for_paths():
    code = """
        import os
        import tarfile
        import zipfile

        def unpack(archive_path, dest):
            with zipfile.ZipFile(archive_path) as zf:
                for info in zf.infolist():
                    sink(os.path.join(dest, info.filename))
                for name in zf.namelist():
                    sink(os.path.join(dest, os.path.basename(name)))
                for entry in zf.namelist():
                    if ".." in entry or entry.startswith("/"):
                        continue
                    sink(dest / entry)
                for raw in zf.namelist():
                    sink(dest / raw)
                for part in zf.namelist():
                    if ".." in part.split("/") or part.startswith("/"):
                        raise ValueError(part)
                    sink(os.path.join(dest, part))
                info = zf.getinfo("manifest.json")
                sink(info.filename)
            with tarfile.open(archive_path) as tf:
                for member in tf.getmembers():
                    sink(os.path.join(dest, member.name))
                for member in tf:
                    sink(dest / member.name)
                    target = (dest / member.name).resolve()
                    if not target.is_relative_to(dest):
                        raise ValueError(member.name)
                    sink(target)
                for member in sorted(tf.getmembers(), key=len):
                    sink(member.name)
                    sink(member.size)
    """
    assert probes(code, "path") == [True, False, False, True, False, True, True, True, False, True, False]
    # A file name chosen by the archive's author matters to file paths only.
    assert probes(code, "html") == [False] * 11


def test_archive_like_methods_of_modules_are_not_sources():
    code = """
        import inspect
        import os

        def describe(obj, dest):
            for name, value in inspect.getmembers(obj):
                sink(os.path.join(dest, name))
            for entry in os.scandir(dest):
                sink(entry.name)
    """
    assert probes(code, "path") == [False, False]


def test_tornado_handler_arguments():
    code = """
        import tornado.web
        import tornado.websocket

        class BaseHandler(tornado.web.RequestHandler):
            pass

        class RoomHandler(BaseHandler):
            def get(self, room):
                sink(room)
                sink(self.get_argument("q"))
                sink(self.request.body)
                sink(self.get_secure_cookie("agent"))
                sink(self.path_args[0])

        class UserHandler(BaseHandler):
            def get(self, user_id, tab):
                sink(user_id)
                sink(tab)

        class NamedHandler(tornado.web.RequestHandler):
            def post(self, slug, rest):
                sink(slug)
                sink(rest)

        class ChatSocket(tornado.websocket.WebSocketHandler):
            def open(self, room):
                sink(room)

            def on_message(self, message):
                sink(message)

        class Plain:
            def get(self, key):
                sink(key)

        ROUTES = [
            (r"/rooms/([^/]+)", RoomHandler),
            (r"/users/([0-9]+)/([a-z_-]+)", UserHandler),
            (r"/pages/(?P<slug>[\\w-]+)/(?P<rest>.*)", NamedHandler),
            (r"/ws/([a-z0-9-]+)", ChatSocket),
        ]
    """
    assert probes(code, "html") == [True, True, True, False, True, False, False, False, True, False, True, False]


def test_tornado_handler_arguments_without_routes_in_the_module():
    code = """
        from tornado.web import RequestHandler
        from .base import AuthedHandler

        class ReportHandler(AuthedHandler):
            def get(self, name):
                sink(name)

        class ExportHandler(RequestHandler):
            async def get(self, fmt: int):
                sink(fmt)
    """
    assert probes(code, "path") == [True, False]


def test_graphql_resolver_arguments():
    code = """
        import graphene
        import strawberry
        from ariadne import MutationType, QueryType
        from strawberry.types import Info

        query = QueryType()
        mutation = MutationType()

        @query.field("volunteer")
        async def resolve_volunteer(obj, info, id: int, name: str = ""):
            sink(id)
            sink(name)
            sink(info.context["user"])
            sink(obj)

        @mutation.field("importRoster")
        async def resolve_import(_, info, **kwargs):
            sink(kwargs["url"])

        @strawberry.type
        class Query:
            @strawberry.field
            def user(self, info: Info, handle: str, limit: int = 10) -> str:
                sink(handle)
                sink(limit)
                sink(info)

        class GQuery(graphene.ObjectType):
            profile = graphene.String(url=graphene.String())

            def resolve_profile(root, info, url):
                sink(url)
                sink(root)

        class CreateUser(graphene.Mutation):
            @staticmethod
            def mutate(root, info, name):
                sink(name)

        def resolve_helper(obj, info, value):
            sink(value)
    """
    assert probes(code, "url") == [False, True, False, False, True, True, False, False, True, False, True, False]


def test_django_upload_names_are_base_names():
    code = """
        def view(request):
            f = request.FILES["doc"]
            sink(f.name)
            sink(request.FILES["doc"].name)
            return HttpResponse("")
    """
    assert probes(code, "path") == [False, False]
    assert probes(code, "html") == [True, True]


# -- sanitisers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "wrapped", "expected"),
    [
        ("path", "secure_filename(v)", False),
        ("path", "os.path.basename(v)", False),
        ("path", "Path(v).name", False),
        ("path", "safe_join('/srv', v)", False),
        ("path", "escape(v)", True),
        ("html", "escape(v)", False),
        ("html", "html.escape(v)", False),
        ("html", "format_html('<b>{}</b>', v)", False),
        ("html", "render_template('x.html', v=v)", False),
        ("html", "secure_filename(v)", True),
        ("redirect", "url_for('index', next=v)", False),
        ("redirect", "reverse('home')", False),
        ("regex", "re.escape(v)", False),
        ("regex", "v.lower()", True),
        ("cmd", "shlex.quote(v)", False),
        ("sql", "int(v)", False),
        ("url", "uuid.UUID(v)", False),
    ],
)
def test_sanitisers(kind, wrapped, expected):
    code = f"""
        import html, os, re, shlex, uuid
        from pathlib import Path
        from flask import escape, render_template, request, url_for
        from django.urls import reverse
        from django.utils.html import format_html
        from werkzeug.utils import safe_join, secure_filename

        def view():
            v = request.args["v"]
            sink({wrapped})
    """
    assert probes(code, kind) == [expected]


def test_mass_assignment_kind_looks_at_keys():
    code = """
        from flask import request

        def view():
            data = request.get_json()
            sink(data)
            sink({"name": data["name"]})
            sink({**data, "owner": 1})
            sink({k: v for k, v in data.items() if k in ALLOWED})
            sink(form.cleaned_data)
    """
    assert probes(code, "mass") == [True, False, True, False, False]


# -- guards ----------------------------------------------------------------------------


def test_allow_list_and_charset_guards():
    code = """
        import re
        from flask import abort, request

        def a():
            name = request.args["name"]
            if name not in ALLOWED:
                abort(404)
            sink(name)

        def b():
            name = request.args["name"]
            if not name.isalnum():
                abort(400)
            sink(name)

        def c():
            name = request.args["name"]
            if not re.fullmatch(r"[a-z]+", name):
                abort(400)
            sink(name)

        def d():
            name = request.args["name"]
            if name == "" or not name:
                abort(400)
            sink(name)

        def e():
            f = request.files["f"]
            if f.filename == "":
                abort(400)
            if "x" in request.args:
                pass
            sink(f.filename)
    """
    assert probes(code, "path") == [False, False, False, True, True]


def test_path_containment_guards():
    code = """
        import os
        from pathlib import Path
        from flask import abort, request

        BASE = "/srv/files"

        def realpath_check():
            full = os.path.realpath(os.path.join(BASE, request.args["f"]))
            if not full.startswith(BASE + os.sep):
                abort(404)
            sink(full)

        def commonpath_check():
            full = os.path.abspath(os.path.join(BASE, request.args["f"]))
            if os.path.commonpath([full, BASE]) != BASE:
                abort(404)
            sink(full)

        def pathlib_check():
            target = (Path(BASE) / request.args["f"]).resolve()
            if not target.is_relative_to(BASE):
                abort(404)
            sink(target)

        def naive_startswith():
            full = os.path.join(BASE, request.args["f"])
            if not full.startswith(BASE):
                abort(404)
            sink(full)

        def extension_only():
            name = request.args["f"]
            if not allowed_file(name):
                abort(400)
            sink(name)
    """
    assert probes(code, "path") == [False, False, False, True, True]


def test_redirect_guards():
    code = """
        from urllib.parse import urlparse
        from django.utils.http import url_has_allowed_host_and_scheme
        from flask import request

        def a():
            target = request.args.get("next", "/")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.host}):
                target = "/"
            sink(target)

        def b():
            target = request.args.get("next", "/")
            if urlparse(target).netloc:
                target = "/"
            sink(target)

        def c():
            target = request.args.get("next", "/")
            if not target.startswith("/"):
                target = "/"
            sink(target)

        def d():
            target = request.args.get("next", "/")
            if not target.startswith("/") or target.startswith("//"):
                target = "/"
            sink(target)

        def e():
            sink(request.url)
            sink(request.referrer)
            sink(request.headers.get("Referer"))
    """
    assert probes(code, "redirect") == [False, False, True, False, False, False, False]


def test_ssrf_host_guards():
    code = """
        from urllib.parse import urlparse
        from flask import abort, request

        def a():
            url = request.args["url"]
            if urlparse(url).hostname not in ALLOWED_HOSTS:
                abort(400)
            sink(url)

        def b():
            url = request.args["url"]
            parsed = urlparse(url)
            if parsed.scheme != "https" or parsed.netloc != "api.example.com":
                abort(400)
            sink(url)

        def c():
            url = request.args["url"]
            if not url.startswith("https://cdn.example.com/"):
                abort(400)
            sink(url)

        def d():
            url = request.args["url"]
            if not url.startswith("https://cdn.example.com"):
                abort(400)
            sink(url)

        def e():
            url = request.args["url"]
            if not urlparse(url).hostname:
                abort(400)
            sink(url)
    """
    assert probes(code, "url") == [False, False, False, True, True]


def test_validated_read_of_the_same_expression():
    code = """
        from flask import request

        def view():
            sink(request.args.get("next") if is_safe_url(request.args.get("next")) else "/")
            sink(request.args.get("other"))
    """
    assert probes(code, "redirect") == [False, True]


# -- reporting ---------------------------------------------------------------------------


def test_source_description_names_the_read():
    hit = source(
        """
        from flask import request

        def view():
            name = request.args.get("file")
            sink(name)
        """
    )
    assert hit is not None and "request.args.get('file')" in hit.description
    hit = source(
        """
        @app.route("/<name>")
        def view(name):
            sink(name)
        """
    )
    assert hit is not None and "route parameter `name`" in hit.description


def test_modules_without_sources_exit_early_and_odd_code_does_not_raise():
    code = """
        def f(*args, **kwargs):
            x = y = z = lambda q: q
            sink(x(*args, **kwargs))
            sink(f"{x!r:>10}")
            sink([*args][0])
            sink((yield))
    """
    assert probes(code) == [False, False, False, False]
    deep = "from flask import request\ndef v():\n    x = request.args['a']\n    sink(" + "x + " * 2000 + "x)\n"
    assert probes(deep) == [True]


def test_falcon_responders():
    code = """
        import falcon

        class Items:
            def on_get(self, req, resp, item_id):
                sink(req.get_param("q"))
                sink(req.get_param_as_list("tags"))
                sink(req.media["name"])
                sink(req.get_media().get("name"))
                sink(req.get_header("X-Return-To"))
                sink(item_id)
                sink(req.get_param_as_int("page"))
                sink(req.method)

            def helper(self, req, resp, item_id):
                sink(item_id)
    """
    assert probes(code, "html") == [True] * 6 + [False, False, False]


def test_lambda_event_is_request_data():
    code = """
        import json

        def handler(event, context):
            sink(event["queryStringParameters"]["q"])
            sink((event.get("queryStringParameters") or {}).get("q", ""))
            sink(json.loads(event["body"])["url"])
            sink(context.function_name)

        def on_click(event, widget, context):
            sink(event.x)

        class Listener:
            def handle(self, event, context):
                sink(event)
    """
    assert probes(code, "html") == [True, True, True, False, False, False]


def test_bot_command_arguments():
    code = """
        import discord
        from discord.ext import commands
        from telegram import Update

        bot = commands.Bot(command_prefix="!")

        @bot.command()
        async def fetch(ctx, url: str, count: int, member: discord.Member, *, note: str = ""):
            sink(url)
            sink(note)
            sink(count)
            sink(member)
            sink(ctx.author.name)

        async def tail(update: Update, context):
            sink(context.args[0])
            sink(" ".join(context.args))
            sink(update.message.text)
            sink(update.effective_user.id)
            sink(context.bot_data["root"])
    """
    assert probes(code, "html") == [True, True, False, False, False, True, True, True, False, False]


def test_click_commands_are_not_bot_commands():
    code = """
        import click

        @click.command()
        @click.pass_context
        def fetch(ctx, url):
            sink(url)
    """
    assert probes(code, "html") == [False]


def test_aiogram_and_telebot_messages():
    code = """
        import telebot
        from aiogram import Router
        from aiogram.filters import CommandObject
        from aiogram.types import Message

        router = Router()
        bot = telebot.TeleBot("x")

        @router.message()
        async def echo(message: Message, command: CommandObject):
            sink(message.text)
            sink(command.args)
            sink(message.from_user.id)

        @bot.message_handler(commands=["fetch"])
        def fetch(message):
            sink(message.text)
            sink(message.chat.id)

        def helper(message):
            sink(message.text)
    """
    assert probes(code, "html") == [True, True, False, True, False, False]
