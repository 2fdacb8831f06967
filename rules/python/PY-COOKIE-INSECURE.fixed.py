from django.http import JsonResponse
from flask import Flask, jsonify, make_response, request

app = Flask(__name__)
# ruleid: PY-COOKIE-INSECURE
app.config["SESSION_COOKIE_SECURE"] = False
# ruleid: PY-COOKIE-INSECURE
app.config.update(SESSION_COOKIE_HTTPONLY=False)

# ruleid: PY-COOKIE-INSECURE
CSRF_COOKIE_SECURE = False
# ruleid: PY-COOKIE-INSECURE
SESSION_COOKIE_SAMESITE = None


@app.post("/login")
def login():
    token = issue_session(request.form["username"], request.form["password"])
    resp = make_response(jsonify(ok=True))
    # ruleid: PY-COOKIE-INSECURE
    resp.set_cookie("session_id", token, secure=True, httponly=True, samesite="Lax")
    return resp


@app.post("/remember")
def remember():
    resp = make_response(jsonify(ok=True))
    resp.set_cookie(
        "remember_token",
        issue_session("me", "x"),
        max_age=30 * 24 * 3600,
        # ruleid: PY-COOKIE-INSECURE
        secure=True,
        httponly=True,
        samesite="Lax",
    )
    return resp


def api_login(request):
    response = JsonResponse({"ok": True})
    # ruleid: PY-COOKIE-INSECURE
    response.set_cookie("auth_token", request.user_token, httponly=True, secure=True, samesite="Lax")
    return response


def csrf_cookie(request, csrf_value):
    response = JsonResponse({"ok": True})
    # ruleid: PY-COOKIE-INSECURE
    response.set_cookie("XSRF-TOKEN", csrf_value, secure=True, samesite="Lax")
    return response


# --- safe lookalikes -------------------------------------------------------


@app.post("/login-safe")
def login_safe():
    token = issue_session(request.form["username"], request.form["password"])
    resp = make_response(jsonify(ok=True))
    # ok: PY-COOKIE-INSECURE
    resp.set_cookie("session_id", token, secure=True, httponly=True, samesite="Lax")
    return resp


@app.get("/theme/<name>")
def theme(name):
    resp = make_response(jsonify(ok=True))
    # ok: PY-COOKIE-INSECURE
    resp.set_cookie("theme", name, max_age=3600)
    return resp


@app.post("/logout")
def logout():
    resp = make_response(jsonify(ok=True))
    # ok: PY-COOKIE-INSECURE
    resp.delete_cookie("session_id")
    return resp


def angular_csrf(request, csrf_value):
    response = JsonResponse({"ok": True})
    # ok: PY-COOKIE-INSECURE
    response.set_cookie("XSRF-TOKEN", csrf_value, secure=True, samesite="Strict")
    return response


def configured(request, settings, token):
    response = JsonResponse({"ok": True})
    # ok: PY-COOKIE-INSECURE
    response.set_cookie("sessionid", token, secure=settings.SESSION_COOKIE_SECURE, httponly=True)
    return response


# ok: PY-COOKIE-INSECURE
SESSION_COOKIE_SECURE = True


def issue_session(user, password):
    return "opaque"
