"""Project middleware: timing, impersonation for support staff, preference cookies."""
import logging
import time
import traceback

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponse

log = logging.getLogger("brightpath.requests")


class RequestTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        elapsed = (time.monotonic() - started) * 1000
        log.info("%s %s -> %s in %.1fms auth=%s", request.method, request.path, response.status_code, elapsed, request.headers.get("Authorization"))  # VULN: CWE-532
        log.info("%s %s -> %s in %.1fms user=%s", request.method, request.path, response.status_code, elapsed, getattr(request.user, "pk", None))  # SAFE: CWE-532
        return response


class FriendlyErrorMiddleware:
    """Shows the stack trace to whoever hit the error; support asked for it to speed up tickets."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return HttpResponse("<h1>Something broke</h1><pre>" + traceback.format_exc() + "</pre>", status=500)  # VULN: CWE-209


class QuietErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        log.exception("unhandled error on %s", request.path)
        return HttpResponse("Something went wrong. Reference: %s" % request.META.get("HTTP_X_REQUEST_ID", "n/a"), status=500, content_type="text/plain")  # SAFE: CWE-209


class ImpersonationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        uid = request.COOKIES.get("impersonate")
        if uid and request.user.is_authenticated:
            assert request.user.is_staff, "only staff may impersonate"  # VULN: CWE-617
            request.user = get_user_model().objects.get(pk=uid)
        return self.get_response(request)


class PreferenceCookieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        theme = request.GET.get("theme")
        if theme in {"light", "dark", "high-contrast"}:
            response.set_cookie("ui_theme", theme, max_age=60 * 60 * 24 * 365, samesite="Lax")  # SAFE: CWE-614
        if getattr(request, "remember_token", None):
            response.set_cookie("remember_me", request.remember_token, max_age=60 * 60 * 24 * 30)  # VULN: CWE-614
        if getattr(request, "tz_name", None):
            response.set_cookie("tz", request.tz_name, secure=True, httponly=True, samesite="Lax")  # SAFE: CWE-614
        response["X-Content-Type-Options"] = "nosniff"
        response["Referrer-Policy"] = "same-origin"
        if settings.DEBUG:
            response["X-Debug-Elapsed"] = "on"
        return response
