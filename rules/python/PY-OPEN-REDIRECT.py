from urllib.parse import urlparse

from django.http import HttpResponseRedirect
from django.shortcuts import redirect as django_redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from flask import Flask, Response, redirect, request, session, url_for

app = Flask(__name__)
api = FastAPI()
ALLOWED_TARGETS = {"/dashboard", "/settings", "/billing"}


@app.route("/login", methods=["POST"])
def login():
    # ruleid: PY-OPEN-REDIRECT
    return redirect(request.args.get("next", "/"))


@app.route("/logout")
def logout():
    next_url = request.args.get("next") or url_for("index")
    # ruleid: PY-OPEN-REDIRECT
    return redirect(next_url)


@app.route("/go")
def go():
    # "/" + value is not same-site: value="/evil.example" gives //evil.example
    # ruleid: PY-OPEN-REDIRECT
    return redirect("/" + request.args["to"])


def django_login(request):
    target = request.POST.get("next", "/")
    # ruleid: PY-OPEN-REDIRECT
    return HttpResponseRedirect(target)


def django_back(request):
    # ruleid: PY-OPEN-REDIRECT
    return django_redirect(request.GET["return_to"])


@api.get("/sso/callback")
async def sso_callback(return_url: str):
    # ruleid: PY-OPEN-REDIRECT
    return RedirectResponse(url=return_url)


@app.route("/legacy")
def legacy():
    # ruleid: PY-OPEN-REDIRECT
    return Response(status=302, headers={"Location": request.args["url"]})


@app.route("/profile/<username>")
def profile_redirect(username):
    # A literal same-site path prefix: the client only picks the rest of the path.
    # ok: PY-OPEN-REDIRECT
    return redirect("/users/" + username)


@app.route("/after-login")
def after_login():
    # ok: PY-OPEN-REDIRECT
    return redirect(url_for("dashboard", tab=request.args.get("tab")))


def django_safe_login(request):
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=True):
        target = reverse("home")
    # ok: PY-OPEN-REDIRECT
    return HttpResponseRedirect(target)


@app.route("/safe/logout")
def safe_logout():
    target = request.args.get("next", "").replace("\\", "/")
    if urlparse(target).netloc or not target.startswith("/") or target.startswith("//"):
        target = url_for("index")
    # ok: PY-OPEN-REDIRECT
    return redirect(target)


@app.route("/safe/go")
def safe_go():
    target = request.args.get("to", "/dashboard")
    if target not in ALLOWED_TARGETS:
        target = "/dashboard"
    # ok: PY-OPEN-REDIRECT
    return redirect(target)


@app.route("/upload", methods=["POST"])
def upload():
    if "file" not in request.files:
        # Redirecting back to the page itself (Flask's upload example).
        # ok: PY-OPEN-REDIRECT
        return redirect(request.url)
    return "ok"


@app.route("/search")
def search_redirect():
    # ok: PY-OPEN-REDIRECT
    return redirect(url_for("search") + "?q=" + request.args.get("q", ""))


@app.route("/sso/start")
def sso_start():
    session["next"] = request.args.get("next", "/")
    session["home"] = url_for("index")
    return redirect("https://idp.example.com/authorize")


@app.route("/sso/callback")
def sso_callback():
    # The session only carries the ?next= of /sso/start through the identity provider.
    # ruleid: PY-OPEN-REDIRECT
    return redirect(session.pop("next", "/"))


@app.route("/sso/callback/v2")
def sso_callback_v2():
    target = session.pop("next", "/")
    if urlparse(target).netloc or not target.startswith("/") or target.startswith("//"):
        target = "/"
    # ok: PY-OPEN-REDIRECT
    return redirect(target)


@app.route("/sso/home")
def sso_home():
    # ok: PY-OPEN-REDIRECT
    return redirect(session.get("home", "/"))


# AWS Lambda behind API Gateway: the returned dict is the HTTP response.
def lambda_login_redirect(event, context):
    target = (event.get("queryStringParameters") or {}).get("redirect_uri", "/")
    # ruleid: PY-OPEN-REDIRECT
    return {"statusCode": 302, "headers": {"Location": target}, "body": ""}


def lambda_next(event, context):
    params = event["queryStringParameters"]
    # ruleid: PY-OPEN-REDIRECT
    return {"statusCode": 303, "multiValueHeaders": {"Location": [params["next"]]}}


def lambda_home(event, context):
    # ok: PY-OPEN-REDIRECT
    return {"statusCode": 302, "headers": {"Location": "https://app.example.com/"}, "body": ""}


def lambda_checked(event, context):
    target = (event.get("queryStringParameters") or {}).get("redirect_uri", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={"app.example.com"}, require_https=True):
        target = "/"
    # ok: PY-OPEN-REDIRECT
    return {"statusCode": 302, "headers": {"Location": target}, "body": ""}
