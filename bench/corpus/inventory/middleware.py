"""Project middleware: tenancy, CORS for the internal dashboard, error pages."""
import logging
import re
import traceback

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from psycopg2 import sql

log = logging.getLogger(__name__)

TENANT_RE = re.compile(r"[a-z][a-z0-9_]{0,30}")


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenant = request.headers.get("X-Tenant", "public")
        with connection.cursor() as cur:
            cur.execute(f"SET search_path TO {tenant}")  # VULN: CWE-89
        return self.get_response(request)


class SafeTenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenant = request.headers.get("X-Tenant", "public")
        if not TENANT_RE.fullmatch(tenant):
            return HttpResponseBadRequest("bad tenant")
        with connection.cursor() as cur:
            cur.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(tenant)))  # SAFE: CWE-89
        return self.get_response(request)


class DashboardCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")  # VULN: CWE-942
        response["Access-Control-Allow-Credentials"] = "true"
        return response


class StaticCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/static/"):
            response["Access-Control-Allow-Origin"] = "*"  # SAFE: CWE-942
        return response


class InternalTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/internal/"):
            if request.headers.get("X-Internal-Token") != settings.INTERNAL_TOKEN:  # VULN: CWE-208
                return HttpResponseForbidden()
        return self.get_response(request)


class StaffOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/ops/"):
            assert request.user.is_staff, "staff only"  # VULN: CWE-617
        return self.get_response(request)


class ErrorPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        log.error("unhandled exception on %s", request.path, exc_info=exception)
        if request.path.startswith("/api/"):
            return HttpResponse("<pre>%s</pre>" % traceback.format_exc(), status=500)  # VULN: CWE-209
        return HttpResponse("Something went wrong. The team has been notified.", status=500)  # SAFE: CWE-209
