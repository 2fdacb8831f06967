import logging
import os
import traceback

import ariadne
import tornado.web
from ariadne.asgi import GraphQL

from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from flask import Flask, abort, jsonify
from pydantic import ValidationError

from .reports import build_report

app = Flask(__name__)
api = FastAPI()
log = logging.getLogger(__name__)


class QuotaExceeded(Exception):
    """Raised with a message meant for the user."""


@app.route("/api/export")
def export():
    try:
        return jsonify(build_export())
    except Exception as e:
        # ruleid: PY-DEBUG-TRACEBACK
        return jsonify(error=str(e)), 500


@app.route("/api/sync", methods=["POST"])
def sync():
    try:
        run_sync()
    except Exception:
        # ruleid: PY-DEBUG-TRACEBACK
        return traceback.format_exc(), 500
    return "ok"


def report(request):
    try:
        rows = load_report(request.GET["id"])
    except DatabaseError as exc:
        # ruleid: PY-DEBUG-TRACEBACK
        return JsonResponse({"error": f"database error: {exc}"}, status=500)
    return JsonResponse({"rows": rows})


@api.get("/items/{item_id}")
async def get_item(item_id: int):
    try:
        return await fetch_item(item_id)
    except Exception as err:
        # ruleid: PY-DEBUG-TRACEBACK
        raise HTTPException(status_code=500, detail=repr(err))


@app.route("/api/import", methods=["POST"])
def import_data():
    try:
        run_import()
    except OSError as e:
        message = "import failed: " + str(e)
        # ruleid: PY-DEBUG-TRACEBACK
        abort(500, description=message)
    return "ok"


@app.errorhandler(Exception)
def handle_unexpected(error):
    # ruleid: PY-DEBUG-TRACEBACK
    return jsonify(error=str(error)), 500


@api.exception_handler(Exception)
async def unhandled(request: Request, exc: Exception):
    # ruleid: PY-DEBUG-TRACEBACK
    return JSONResponse(status_code=500, content={"detail": str(exc)})


class ApiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/"):
            # ruleid: PY-DEBUG-TRACEBACK
            return HttpResponse("<pre>%s</pre>" % traceback.format_exc(), status=500)
        # ok: PY-DEBUG-TRACEBACK
        return HttpResponse("Something went wrong.", status=500)


@app.route("/api/export/safe")
def export_safe():
    try:
        return jsonify(build_export())
    except Exception as e:
        app.logger.exception("export failed: %s", e)
        # ok: PY-DEBUG-TRACEBACK
        return jsonify(error="internal error"), 500


def validate_view(request):
    try:
        payload = parse_payload(request.body)
    except ValidationError as e:
        # Validation messages are meant for the client.
        # ok: PY-DEBUG-TRACEBACK
        return JsonResponse({"errors": str(e)}, status=400)
    return JsonResponse(payload)


@app.route("/api/upload", methods=["POST"])
def upload():
    try:
        store_upload()
    except QuotaExceeded as e:
        # ok: PY-DEBUG-TRACEBACK
        return jsonify(error=str(e)), 413
    except Exception:
        log.exception("upload failed")
        # ok: PY-DEBUG-TRACEBACK
        return jsonify(error="upload failed"), 500
    return "ok"


def health(request):
    try:
        ping_database()
    except DatabaseError as exc:
        log.error("health check failed: %s", exc)
        # ok: PY-DEBUG-TRACEBACK
        return HttpResponse("unavailable", status=503)
    return HttpResponse("ok")


def nightly_job():
    # Not a web view: a CLI/cron job printing its own errors.
    try:
        run_sync()
    except Exception as e:
        # ok: PY-DEBUG-TRACEBACK
        return f"sync failed: {e}\n{traceback.format_exc()}"


def handle_error(request, exc):
    # An exception handler registered outside this file (Starlette's `exception_handlers=`,
    # Django's `handler500`): it runs for every unexpected error.
    # ruleid: PY-DEBUG-TRACEBACK
    return JsonResponse({"error": "internal error", "trace": traceback.format_exc()}, status=500)


def handle_error_v2(request, exc):
    log.exception("unhandled error on %s", request.path)
    # ok: PY-DEBUG-TRACEBACK
    return JsonResponse({"error": "internal error", "request_id": request.META.get("HTTP_X_REQUEST_ID")}, status=500)


def handle_validation_error(request, exc: ValidationError):
    # A handler for errors meant for the client.
    # ok: PY-DEBUG-TRACEBACK
    return JsonResponse({"errors": str(exc)}, status=422)


def job_status(request, job_id):
    job = load_job(job_id)
    details = {"state": job.state, "trace": traceback.format_exc()}
    # A stack trace is never a message for the client, inside an except block or not.
    # ruleid: PY-DEBUG-TRACEBACK
    return JsonResponse(details)


def server_error(request):
    log.error("500 on %s", request.path)
    # ok: PY-DEBUG-TRACEBACK
    return HttpResponse("Something went wrong on our side.", status=500)


handler500 = server_error


def render_error(request, error):
    # A helper the views call with a message of their own, not an exception handler.
    # ok: PY-DEBUG-TRACEBACK
    return JsonResponse({"error": error}, status=400)


def archive_view(request):
    return render_error(request, "This item cannot be archived.")


schema = ariadne.make_executable_schema("type Query { hello: String }")
# Ariadne's debug mode adds each error's exception and traceback to the response.
# ruleid: PY-DEBUG-TRACEBACK
graphql_app = GraphQL(schema, debug=True)
# ok: PY-DEBUG-TRACEBACK
internal_graphql_app = GraphQL(schema, debug=os.environ.get("GQL_DEBUG") == "1")
# ok: PY-DEBUG-TRACEBACK
public_graphql_app = GraphQL(schema)


def graphql_endpoint(request):
    # ruleid: PY-DEBUG-TRACEBACK
    ok, result = ariadne.graphql_sync(schema, request.json, context_value={"request": request}, debug=True)
    return JsonResponse(result, status=200 if ok else 400)


class ReportHandler(tornado.web.RequestHandler):
    def get(self, name):
        try:
            self.write(build_report(name))
        except Exception as e:
            self.set_status(500)
            # ruleid: PY-DEBUG-TRACEBACK
            self.finish({"error": str(e)})


class ExportHandler(tornado.web.RequestHandler):
    def get(self, name):
        try:
            self.write(build_report(name))
        except Exception:
            log.exception("export %s failed", name)
            # ok: PY-DEBUG-TRACEBACK
            self.send_error(500, reason="internal error")


# Falcon responders write the response by assigning resp.media / resp.text.
import falcon


class Checkout:
    def on_post(self, req, resp):
        order = req.get_media()
        try:
            resp.media = {"client_secret": charge(order)}
        except Exception as exc:
            resp.status = falcon.HTTP_500
            # ruleid: PY-DEBUG-TRACEBACK
            resp.media = {"error": str(exc), "trace": traceback.format_exc()}

    def on_put(self, req, resp):
        try:
            resp.media = {"client_secret": charge(req.get_media())}
        except Exception:
            logging.exception("checkout failed")
            resp.status = falcon.HTTP_500
            # ok: PY-DEBUG-TRACEBACK
            resp.media = {"error": "payment failed, try again later"}

    def on_delete(self, req, resp):
        try:
            cancel(req.get_param("id"))
        except KeyError as exc:
            resp.status = falcon.HTTP_404
            # ok: PY-DEBUG-TRACEBACK
            resp.text = "no such order"
