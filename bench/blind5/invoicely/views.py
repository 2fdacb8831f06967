"""Billing views: invoices, customer portal, Stripe webhooks."""
import base64
import json
import pickle
import logging
import os
import subprocess
import traceback

import stripe
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing.models import Customer, Invoice, WebhookEvent

logger = logging.getLogger("billing")
stripe.api_key = settings.STRIPE_SECRET_KEY

INVOICE_SORTS = {"date": "issued_at", "-date": "-issued_at", "amount": "total_cents", "-amount": "-total_cents"}


@login_required
def invoice_list(request):
    tenant = request.user.tenant
    sort = INVOICE_SORTS.get(request.GET.get("sort"), "-issued_at")
    invoices = Invoice.objects.filter(tenant=tenant).order_by(sort)
    status = request.GET.get("status")
    if status:
        invoices = invoices.extra(where=["status = '%s'" % status])  # VULN: CWE-89
    return render(request, "billing/invoice_list.html", {"invoices": invoices})


@login_required
def revenue_report(request):
    group_by = request.GET.get("group", "month")
    sql = "SELECT date_trunc('" + group_by + "', issued_at) AS bucket, SUM(total_cents) FROM billing_invoice"
    sql += " WHERE tenant_id = %s GROUP BY bucket ORDER BY bucket"
    with connection.cursor() as cur:
        cur.execute(sql, [request.user.tenant_id])  # VULN: CWE-89
        rows = cur.fetchall()
    return JsonResponse({"rows": [[str(b), int(t or 0)] for b, t in rows]})


@login_required
def overdue(request):
    days = int(request.GET.get("days", "30"))
    qs = Invoice.objects.raw("SELECT * FROM billing_invoice WHERE tenant_id = %s AND due_at < now() - (%s * interval '1 day')", [request.user.tenant_id, days])  # SAFE: CWE-89
    return render(request, "billing/overdue.html", {"invoices": list(qs)})


@login_required
def invoice_detail(request, pk):
    invoice = get_object_or_404(Invoice, pk=pk, tenant=request.user.tenant)
    note = mark_safe(f"<p class='note'>{invoice.customer_note}</p>")  # VULN: CWE-79
    lines = format_html_join("\n", "<tr><td>{}</td><td>{}</td></tr>", ((l.description, l.amount_display) for l in invoice.lines.all()))  # SAFE: CWE-79
    badge = format_html("<span class='badge badge-{}'>{}</span>", invoice.status, invoice.get_status_display())  # SAFE: CWE-79
    return render(request, "billing/invoice_detail.html", {"invoice": invoice, "note": note, "lines": lines, "badge": badge})


def widget_status(request, token):
    invoice = get_object_or_404(Invoice, public_token=token)
    resp = JsonResponse({"number": invoice.number, "status": invoice.status, "customer": invoice.customer.name})
    resp["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")  # VULN: CWE-942
    resp["Access-Control-Allow-Credentials"] = "true"
    return resp


def public_invoice(request, token):
    invoice = get_object_or_404(Invoice, public_token=token)
    payer = request.GET.get("name", "")
    if payer:
        return HttpResponse(f"<h2>Thanks {payer}, your payment for {invoice.number} is processing.</h2>")  # VULN: CWE-79
    return render(request, "billing/public_invoice.html", {"invoice": invoice})


def invoice_text(request, token):
    invoice = get_object_or_404(Invoice, public_token=token)
    body = f"Invoice {invoice.number}\nCustomer: {invoice.customer.name}\nTotal: {invoice.total_display}\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")  # SAFE: CWE-79


@login_required
def invoice_pdf(request, pk):
    invoice = get_object_or_404(Invoice, pk=pk, tenant=request.user.tenant)
    out = os.path.join(settings.MEDIA_ROOT, "pdf", f"{invoice.pk}.pdf")
    src = request.build_absolute_uri(f"/invoices/{invoice.pk}/print/")
    subprocess.run(["wkhtmltopdf", "--quiet", "--print-media-type", src, out], check=True, timeout=60)  # SAFE: CWE-78
    with open(out, "rb") as fh:
        return HttpResponse(fh.read(), content_type="application/pdf")


@login_required
def receipt_pdf(request, pk):
    invoice = get_object_or_404(Invoice, pk=pk, tenant=request.user.tenant)
    footer = request.GET.get("footer", "Thank you for your business")
    out = os.path.join(settings.MEDIA_ROOT, "pdf", f"receipt-{invoice.pk}.pdf")
    os.system('wkhtmltopdf --footer-center "%s" %s %s' % (footer, request.build_absolute_uri(), out))  # VULN: CWE-78
    with open(out, "rb") as fh:
        return HttpResponse(fh.read(), content_type="application/pdf")


def portal_login_done(request):
    next_url = request.GET.get("next", "/")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(next_url)  # SAFE: CWE-601
    return redirect("dashboard")


def checkout_cancelled(request):
    return redirect(request.GET.get("return_url", "/billing/"))  # VULN: CWE-601


@csrf_exempt  # SAFE: CWE-352
@require_POST
def stripe_webhook(request):
    sig = request.META.get("HTTP_STRIPE_SIGNATURE", "")
    try:
        event = stripe.Webhook.construct_event(request.body, sig, settings.STRIPE_WEBHOOK_SECRET)
    except (ValueError, stripe.error.SignatureVerificationError):
        return HttpResponseBadRequest("bad signature")
    WebhookEvent.objects.get_or_create(stripe_id=event["id"], defaults={"payload": json.dumps(event)})
    if event["type"] == "invoice.paid":
        Invoice.objects.filter(stripe_id=event["data"]["object"]["id"]).update(status="paid")
    return HttpResponse(status=204)


@csrf_exempt  # VULN: CWE-352
@login_required
@require_POST
def update_billing_email(request):
    customer = Customer.objects.get(tenant=request.user.tenant)
    customer.billing_email = request.POST["email"]
    customer.save(update_fields=["billing_email"])
    stripe.Customer.modify(customer.stripe_id, email=customer.billing_email)
    return redirect("billing-settings")


@login_required
def sync_customer(request):
    customer = Customer.objects.get(tenant=request.user.tenant)
    try:
        remote = stripe.Customer.retrieve(customer.stripe_id)
    except stripe.error.StripeError as exc:
        logger.warning("stripe sync failed for tenant %s: %s", request.user.tenant_id, exc)
        return JsonResponse({"ok": False, "error": str(exc), "trace": traceback.format_exc()}, status=502)  # VULN: CWE-209
    customer.name = remote.get("name") or customer.name
    customer.save()
    return JsonResponse({"ok": True})


def cart_summary(request):
    raw = request.COOKIES.get("inv_cart")
    cart = pickle.loads(base64.urlsafe_b64decode(raw)) if raw else {"items": []}  # VULN: CWE-502
    return JsonResponse({"count": len(cart.get("items", []))})


@login_required
def dashboard(request):
    stats = {"open": Invoice.objects.filter(tenant=request.user.tenant, status="open").count()}
    boot = json.dumps({"tenant": request.user.tenant.name, "stats": stats})
    script = mark_safe("<script>window.BOOT = " + boot + ";</script>")  # VULN: CWE-79
    return render(request, "billing/dashboard.html", {"boot_script": script, "stats": stats})
