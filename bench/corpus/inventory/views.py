"""Inventory views: item search, stock reports, labels and stock updates."""
import hashlib
import hmac
import json
import logging
import os

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Item, Warehouse

log = logging.getLogger(__name__)


@login_required
def item_search(request):
    q = request.GET.get("q", "")
    items = Item.objects.raw("SELECT * FROM inventory_item WHERE name LIKE '%%%s%%'" % q)  # VULN: CWE-89
    return render(request, "inventory/search.html", {"items": items, "q": q})


@login_required
def item_search_v2(request):
    q = request.GET.get("q", "")
    items = Item.objects.raw("SELECT * FROM inventory_item WHERE name LIKE %s", [f"%{q}%"])  # SAFE: CWE-89
    return render(request, "inventory/search.html", {"items": items, "q": q})


@login_required
def items_by_warehouse(request):
    wid = request.GET["warehouse"]
    items = Item.objects.extra(where=[f"warehouse_id = {wid}"])  # VULN: CWE-89
    return render(request, "inventory/list.html", {"items": items})


@login_required
def items_by_warehouse_v2(request):
    wid = int(request.GET["warehouse"])
    items = Item.objects.filter(warehouse_id=wid).order_by("name")  # SAFE: CWE-89
    return render(request, "inventory/list.html", {"items": items})


@login_required
def stock_report(request):
    sku = request.GET.get("sku", "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT sku, qty FROM inventory_stock WHERE sku = '{}'".format(sku))  # VULN: CWE-89
        rows = cursor.fetchall()
    return JsonResponse({"rows": rows})


@login_required
def stock_report_v2(request):
    sku = request.GET.get("sku", "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT sku, qty FROM inventory_stock WHERE sku = %s", [sku])  # SAFE: CWE-89
        rows = cursor.fetchall()
    log.debug("SELECT on inventory_stock returned %d rows for %s", len(rows), sku)  # SAFE: CWE-89
    return JsonResponse({"rows": rows})


@login_required
def bulk_delete(request):
    ids = request.POST.getlist("id")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM inventory_item WHERE id IN (" + ",".join(ids) + ")")  # VULN: CWE-89
    return redirect("inventory:list")


@login_required
def item_label(request, pk):
    item = get_object_or_404(Item, pk=pk)
    note = request.GET.get("note", "")
    return HttpResponse("<div class='label'>" + item.name + " - " + note + "</div>")  # VULN: CWE-79


@login_required
def item_label_v2(request, pk):
    item = get_object_or_404(Item, pk=pk)
    note = request.GET.get("note", "")
    return HttpResponse(format_html("<div class='label'>{} - {}</div>", item.name, note))  # SAFE: CWE-79


@login_required
def item_note(request, pk):
    note = request.GET.get("note", "")
    return HttpResponse("<p>%s</p>" % escape(note))  # SAFE: CWE-79


@login_required
def announcement(request):
    text = request.POST.get("text", "")
    return render(request, "inventory/announce.html", {"text": mark_safe(text)})  # VULN: CWE-79


def maintenance_banner(request):
    return render(request, "inventory/banner.html", {"banner": mark_safe("<strong>Maintenance tonight 22:00 UTC</strong>")})  # SAFE: CWE-79


def search_hint(request):
    q = request.GET.get("q", "")
    hint = mark_safe(f"<em>No results for {q}</em>")  # VULN: CWE-79
    return render(request, "inventory/hint.html", {"hint": hint})


@csrf_exempt  # VULN: CWE-352
@login_required
@require_POST
def update_stock(request):
    item = get_object_or_404(Item, pk=request.POST["item"])
    item.qty = int(request.POST["qty"])
    item.save()
    return JsonResponse({"ok": True})


@csrf_exempt  # SAFE: CWE-352
@require_POST
def supplier_webhook(request):
    signature = request.headers.get("X-Signature", "")
    expected = hmac.new(settings.SUPPLIER_WEBHOOK_KEY.encode(), request.body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):  # SAFE: CWE-208
        return HttpResponseBadRequest("bad signature")
    payload = json.loads(request.body)
    Item.objects.filter(sku=payload["sku"]).update(qty=payload["qty"])
    return JsonResponse({"ok": True})


def login_done(request):
    next_url = request.GET.get("next", "/")
    return HttpResponseRedirect(next_url)  # VULN: CWE-601


def login_done_v2(request):
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    return redirect(next_url)  # SAFE: CWE-601


@login_required
def import_items(request):
    try:
        rows = json.loads(request.body)
        Item.objects.bulk_create([Item(**row) for row in rows])
    except Exception as exc:
        return JsonResponse({"error": repr(exc)}, status=500)  # VULN: CWE-209
    return JsonResponse({"created": len(rows)})


@login_required
def choose_warehouse(request, wid):
    warehouse = get_object_or_404(Warehouse, pk=wid)
    response = redirect("inventory:list")
    response.set_cookie("last_warehouse", str(warehouse.pk), secure=True, httponly=True, samesite="Lax")  # SAFE: CWE-614
    return response


def api_login(request):
    token = os.urandom(24).hex()
    response = JsonResponse({"ok": True})
    response.set_cookie("auth_token", token)  # VULN: CWE-614
    return response
