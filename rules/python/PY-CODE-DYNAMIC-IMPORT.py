import importlib
from importlib import import_module

from django.http import JsonResponse
from flask import Flask, abort, request

from . import exporters

app = Flask(__name__)

EXPORTERS = {"csv": exporters.to_csv, "json": exporters.to_json}
ALLOWED_BACKENDS = {"redis", "memcached"}


@app.route("/export")
def export():
    # ruleid: PY-CODE-DYNAMIC-IMPORT
    module = importlib.import_module(request.args["format"])
    return module.export()


def load_backend(request):
    name = request.GET.get("backend", "redis")
    # ruleid: PY-CODE-DYNAMIC-IMPORT
    backend = __import__(name)
    return JsonResponse({"backend": backend.__name__})


@app.route("/call")
def call():
    # ruleid: PY-CODE-DYNAMIC-IMPORT
    func = getattr(exporters, request.args["func"])
    return func()


@app.route("/action/<action>")
def action(action):
    handler = Handlers()
    # ruleid: PY-CODE-DYNAMIC-IMPORT
    return getattr(handler, action)()


@app.route("/export-safe")
def export_safe():
    handler = EXPORTERS.get(request.args.get("format", ""))
    if handler is None:
        abort(400)
    # ok: PY-CODE-DYNAMIC-IMPORT
    return handler()


@app.route("/backend")
def backend():
    name = request.args["name"]
    if name not in ALLOWED_BACKENDS:
        abort(400)
    # ok: PY-CODE-DYNAMIC-IMPORT
    return import_module(name).status()


@app.route("/plugin/<name>")
def plugin(name):
    # limited to the application's own package
    # ok: PY-CODE-DYNAMIC-IMPORT
    return import_module(f"myapp.plugins.{name}").render()


@app.route("/do/<action>")
def do(action):
    handler = Handlers()
    # ok: PY-CODE-DYNAMIC-IMPORT
    return getattr(handler, "handle_" + action)()


def load_configured(settings):
    # ok: PY-CODE-DYNAMIC-IMPORT
    return importlib.import_module(settings.CACHE_BACKEND)


class Handlers:
    def handle_ping(self):
        return "pong"
