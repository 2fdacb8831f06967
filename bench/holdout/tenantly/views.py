import json
import logging
import os
import traceback
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .billing import verify_stripe_signature
from .forms import InvoiceFilterForm, MemberProfileForm
from .models import Invoice, Member, Tenant

logger = logging.getLogger(__name__)

INVOICE_SORTS = {"number", "-number", "issued_at", "-issued_at", "total", "-total"}


def tenant_from_host(request):
    slug = request.get_host().split(".")[0]
    return Tenant.objects.raw(f"SELECT * FROM tenants_tenant WHERE slug = '{slug}' LIMIT 1")  # VULN: CWE-89


def tenant_home(request):
    tenant = request.tenant
    greeting = request.GET.get("welcome", "")
    banner = mark_safe(f"<div class='banner'>{tenant.announcement}</div>")  # VULN: CWE-79
    logo = format_html("<img src='{}' alt='{}'>", tenant.logo_url, tenant.display_name)  # SAFE: CWE-79
    divider = mark_safe("<hr class='section'>")  # SAFE: CWE-79
    return render(request, "tenant/home.html", {"banner": banner, "logo": logo, "divider": divider, "greeting": greeting})


def hello(request):
    name = request.GET.get("name", "there")
    return HttpResponse(f"<h1>Hello {name}, welcome back to {request.tenant.display_name}</h1>")  # VULN: CWE-79


@login_required
def invoice_list(request):
    form = InvoiceFilterForm(request.GET or None)
    qs = Invoice.objects.filter(tenant=request.tenant)
    if form.is_valid() and form.cleaned_data.get("customer"):
        qs = qs.filter(customer__name__icontains=form.cleaned_data["customer"])  # SAFE: CWE-89
    sort = request.GET.get("sort", "-issued_at")
    qs = qs.order_by(sort if sort in INVOICE_SORTS else "-issued_at")  # SAFE: CWE-89
    min_total = request.GET.get("min_total")
    if min_total:
        qs = qs.extra(where=[f"total >= {min_total}"])  # VULN: CWE-89
    return render(request, "billing/invoices.html", {"invoices": qs[:200], "form": form})


@login_required
def revenue_report(request):
    status = request.GET.get("status", "paid")
    group = request.GET.get("group", "month")
    with connection.cursor() as cur:
        cur.execute("SELECT date_trunc(%s, issued_at), sum(total) FROM billing_invoice WHERE tenant_id = %s AND status = %s GROUP BY 1", [group, request.tenant.id, status])  # SAFE: CWE-89
        rows = cur.fetchall()
        cur.execute("SELECT customer_id, sum(total) FROM billing_invoice WHERE tenant_id = %s GROUP BY customer_id ORDER BY " + request.GET.get("order", "2 DESC"), [request.tenant.id])  # VULN: CWE-89
        top = cur.fetchall()
    return JsonResponse({"series": [[str(d), str(v)] for d, v in rows], "top": top})


@login_required
def invoice_pdf(request, number):
    invoice = get_object_or_404(Invoice, tenant=request.tenant, number=number)
    assert isinstance(invoice.total, Decimal)  # SAFE: CWE-617
    path = os.path.join(settings.MEDIA_ROOT, "invoices", str(request.tenant.id), f"{invoice.number}.pdf")
    return FileResponse(open(path, "rb"), content_type="application/pdf")  # SAFE: CWE-22


@login_required
def attachment(request):
    base = os.path.join(settings.MEDIA_ROOT, "attachments", str(request.tenant.id))
    wanted = request.GET["file"]
    return FileResponse(open(os.path.join(base, wanted), "rb"), as_attachment=True)  # VULN: CWE-22


@login_required
def attachment_v2(request):
    base = os.path.realpath(os.path.join(settings.MEDIA_ROOT, "attachments", str(request.tenant.id)))
    full = os.path.realpath(os.path.join(base, request.GET["file"]))
    if os.path.commonpath([base, full]) != base:
        raise Http404("no such attachment")
    return FileResponse(open(full, "rb"), as_attachment=True)  # SAFE: CWE-22


def switch_tenant(request):
    next_url = request.GET.get("next", "/")
    request.session["tenant_id"] = request.GET.get("tenant")
    return redirect(next_url)  # VULN: CWE-601


def logout_then(request):
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    return HttpResponseRedirect(target)  # SAFE: CWE-601


@login_required
def update_member(request, pk):
    member = get_object_or_404(Member, pk=pk, tenant=request.tenant)
    assert request.user.has_perm("tenants.change_member"), "not allowed"  # VULN: CWE-617
    Member.objects.filter(pk=member.pk).update(**request.POST.dict())  # VULN: CWE-915
    return JsonResponse({"ok": True})


@login_required
def update_profile(request):
    member = request.user.member
    form = MemberProfileForm(request.POST, instance=member)
    if form.is_valid():
        form.save()
    return redirect("profile")  # SAFE: CWE-601


@login_required
@require_POST
def api_update_member(request, pk):
    member = get_object_or_404(Member, pk=pk, tenant=request.tenant)
    payload = json.loads(request.body)
    for field, value in payload.items():
        setattr(member, field, value)  # VULN: CWE-915
    member.save()
    return JsonResponse({"id": member.pk})


@csrf_exempt  # VULN: CWE-352
@login_required
def delete_workspace(request):
    if request.method == "POST":
        request.tenant.schedule_deletion(by=request.user)
    return redirect("/")


@csrf_exempt  # SAFE: CWE-352
@require_POST
def stripe_webhook(request):
    if not verify_stripe_signature(request.body, request.headers.get("Stripe-Signature", "")):
        return HttpResponse(status=400)
    event = json.loads(request.body)
    logger.info("stripe event %s for customer %s", event["type"], event["data"]["object"].get("customer"))
    return HttpResponse(status=204)


def login_view(request):
    username = request.POST.get("username", "")
    password = request.POST.get("password", "")
    logger.info("login attempt user=%s password=%s ip=%s", username, password, request.META.get("REMOTE_ADDR"))  # VULN: CWE-532
    logger.info("password reset link requested for %s", username)  # SAFE: CWE-532
    return render(request, "account/login.html", {"username": username})


def handle_error(request, exc):
    return JsonResponse({"error": str(exc), "trace": traceback.format_exc()}, status=500)  # VULN: CWE-209


def handle_error_v2(request, exc):
    logger.exception("unhandled error on %s", request.path)
    return JsonResponse({"error": "internal error", "request_id": request.META.get("HTTP_X_REQUEST_ID")}, status=500)  # SAFE: CWE-209
