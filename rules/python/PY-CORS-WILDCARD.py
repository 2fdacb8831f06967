from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from flask import Flask, request
from flask_cors import CORS, cross_origin

app = Flask(__name__)
# ruleid: PY-CORS-WILDCARD
CORS(app, supports_credentials=True)

# ruleid: PY-CORS-WILDCARD
CORS(app, origins="*", supports_credentials=True)

api = FastAPI()
api.add_middleware(
    CORSMiddleware,
    # ruleid: PY-CORS-WILDCARD
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)


@app.route("/api/me")
# ruleid: PY-CORS-WILDCARD
@cross_origin(supports_credentials=True)
def me():
    return {"user": "me"}


@app.after_request
def add_cors(response):
    # ruleid: PY-CORS-WILDCARD
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")
    response.headers["Access-Control-Allow-Credentials"] = "true"
    return response


def django_view(request, HttpResponse):
    response = HttpResponse("{}")
    # ruleid: PY-CORS-WILDCARD
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Credentials"] = "true"
    return response


# ruleid: PY-CORS-WILDCARD
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True

# --- safe lookalikes -------------------------------------------------------

# ok: PY-CORS-WILDCARD
CORS(app)

# ok: PY-CORS-WILDCARD
CORS(app, origins=["https://app.example.com"], supports_credentials=True)

public = FastAPI()
public.add_middleware(
    CORSMiddleware,
    # ok: PY-CORS-WILDCARD
    allow_origins=["*"],
    allow_methods=["GET"],
)

ALLOWED_ORIGINS = {"https://app.example.com", "https://admin.example.com"}


@app.after_request
def add_cors_checked(response):
    origin = request.headers.get("Origin")
    if origin in ALLOWED_ORIGINS:
        # ok: PY-CORS-WILDCARD
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response


def public_feed(request, HttpResponse):
    response = HttpResponse("[]")
    # ok: PY-CORS-WILDCARD
    response["Access-Control-Allow-Origin"] = "*"
    return response


# ok: PY-CORS-WILDCARD
CORS_ALLOWED_ORIGINS = ["https://app.example.com"]


# aiohttp-cors
import aiohttp_cors
from aiohttp import web


def setup_cors(app: web.Application):
    # ruleid: PY-CORS-WILDCARD
    cors = aiohttp_cors.setup(app, defaults={"*": aiohttp_cors.ResourceOptions(allow_credentials=True, expose_headers="*", allow_headers="*")})
    return cors


def setup_cors_listed(app: web.Application):
    # ok: PY-CORS-WILDCARD
    cors = aiohttp_cors.setup(app, defaults={"https://hub.example.com": aiohttp_cors.ResourceOptions(allow_credentials=True, allow_headers="*")})
    return cors


def setup_cors_public(app: web.Application):
    # ok: PY-CORS-WILDCARD
    cors = aiohttp_cors.setup(app, defaults={"*": aiohttp_cors.ResourceOptions(allow_credentials=False, allow_headers="*")})
    return cors


# Falcon middleware
ALLOWED_ORIGINS = {"https://shop.example.com"}


class CORSMiddleware:
    def process_response(self, req, resp, resource, req_succeeded):
        origin = req.get_header("Origin")
        if origin:
            # ruleid: PY-CORS-WILDCARD
            resp.set_header("Access-Control-Allow-Origin", origin)
            resp.set_header("Access-Control-Allow-Credentials", "true")


class CheckedCORSMiddleware:
    def process_response(self, req, resp, resource, req_succeeded):
        origin = req.get_header("Origin")
        if origin in ALLOWED_ORIGINS:
            # ok: PY-CORS-WILDCARD
            resp.set_header("Access-Control-Allow-Origin", origin)
            resp.set_header("Access-Control-Allow-Credentials", "true")
