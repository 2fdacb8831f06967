import hashlib
import hmac
import os

from django.http import HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST
from flask import Flask, request
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from rest_framework.authentication import SessionAuthentication

app = Flask(__name__)
csrf = CSRFProtect(app)


# ruleid: PY-CSRF-DISABLED
@csrf_exempt
def update_profile(request):
    request.user.email = request.POST["email"]
    request.user.save()
    return JsonResponse({"ok": True})


# ruleid: PY-CSRF-DISABLED
@method_decorator(csrf_exempt, name="dispatch")
class TransferView(View):
    def post(self, request):
        request.user.account.transfer(request.POST["to"], request.POST["amount"])
        return JsonResponse({"ok": True})


@app.post("/settings")
# ruleid: PY-CSRF-DISABLED
@csrf.exempt
def change_settings():
    return {"ok": True}


class ProductionConfig:
    # ruleid: PY-CSRF-DISABLED
    WTF_CSRF_ENABLED = False


# ruleid: PY-CSRF-DISABLED
app.config["WTF_CSRF_ENABLED"] = False


class CommentForm(FlaskForm):
    class Meta:
        # ruleid: PY-CSRF-DISABLED
        csrf = False


class CsrfExemptSessionAuthentication(SessionAuthentication):
    def enforce_csrf(self, request):
        # ruleid: PY-CSRF-DISABLED
        return


INSTALLED_APPS = ["django.contrib.sessions", "django.contrib.auth", "shop"]
# ruleid: PY-CSRF-DISABLED
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]


def urls(views, path):
    # ruleid: PY-CSRF-DISABLED
    return [path("profile/", csrf_exempt(views.update_profile))]


# --- safe lookalikes -------------------------------------------------------


# ok: PY-CSRF-DISABLED
@csrf_protect
@require_POST
def delete_account(request):
    request.user.delete()
    return HttpResponse(status=204)


# ok: PY-CSRF-DISABLED
@csrf_exempt
def stripe_webhook(request):
    signature = request.META["HTTP_STRIPE_SIGNATURE"]
    expected = hmac.new(os.environ["WEBHOOK_SECRET"].encode(), request.body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        return HttpResponse(status=400)
    return HttpResponse(status=200)


class TestingConfig:
    TESTING = True
    # ok: PY-CSRF-DISABLED
    WTF_CSRF_ENABLED = False


class HardenedConfig:
    # ok: PY-CSRF-DISABLED
    WTF_CSRF_ENABLED = True


def make_test_app():
    test_app = Flask("test")
    test_app.config["TESTING"] = True
    # ok: PY-CSRF-DISABLED
    test_app.config["WTF_CSRF_ENABLED"] = False
    return test_app


@app.post("/search")
def search():
    # ok: PY-CSRF-DISABLED
    return {"q": request.form.get("q", "")}


# Pyramid
from pyramid.config import Configurator
from pyramid.view import view_config


# ruleid: PY-CSRF-DISABLED
@view_config(route_name="reorder", request_method="POST", require_csrf=False)
def reorder(request):
    return {"ok": True}


# ok: PY-CSRF-DISABLED
@view_config(route_name="reorder2", request_method="POST", require_csrf=True)
def reorder_checked(request):
    return {"ok": True}


def make_app(settings):
    config = Configurator(settings=settings)
    # ok: PY-CSRF-DISABLED
    config.set_default_csrf_options(require_csrf=True)
    # ruleid: PY-CSRF-DISABLED
    config.add_view(reorder, route_name="legacy_reorder", require_csrf=False)
    return config.make_wsgi_app()


# ok: PY-CSRF-DISABLED
@view_config(route_name="feed", request_method="GET", require_csrf=False)
def feed(request):
    return {"items": []}
