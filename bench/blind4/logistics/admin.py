"""Admin extensions for dispatch: bulk status actions, label downloads, manifest
import from the depots' XML exports, and a few convenience columns."""
from __future__ import annotations

import csv
import io
import os

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import connection, connections
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.crypto import get_random_string
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from lxml import etree

from dispatch.models import Depot, Driver, Shipment

STATUS_CHOICES = [("picked", "Picked up"), ("transit", "In transit"), ("delivered", "Delivered"), ("held", "Held at depot")]


class StatusForm(forms.Form):
    _selected_action = forms.CharField(widget=forms.MultipleHiddenInput)
    status = forms.CharField(max_length=20)
    note = forms.CharField(required=False)


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    list_display = ("ref", "customer", "status", "tracking_link", "depot")
    search_fields = ("ref", "customer__name")
    actions = ["set_status", "export_csv"]

    @admin.display(description="Tracking")
    def tracking_link(self, obj: Shipment):
        # tracking_url is entered by the customer in the booking form
        return mark_safe(f'<a href="{obj.tracking_url}" target="_blank">{obj.ref}</a>')  # VULN: CWE-79

    @admin.display(description="Depot")
    def depot_badge(self, obj: Shipment):
        return format_html('<span class="badge badge-{}">{}</span>', obj.depot.code, obj.depot.name)  # SAFE: CWE-79

    @admin.action(description="Set status of selected shipments")
    def set_status(self, request, queryset):
        form = StatusForm(request.POST)
        if not form.is_valid():
            return render(request, "admin/set_status.html", {"form": form, "shipments": queryset})
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        status = form.cleaned_data["status"]
        with connection.cursor() as cur:
            cur.execute("UPDATE dispatch_shipment SET status = '%s' WHERE id IN (%s)" % (status, ids))  # VULN: CWE-89
        messages.success(request, f"{queryset.count()} shipments updated")

    @admin.action(description="Export selected as CSV")
    def export_csv(self, request, queryset):
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["ref", "customer", "status"])
        for s in queryset:
            w.writerow([s.ref, s.customer.name, s.status])
        return HttpResponse(buf.getvalue(), content_type="text/csv")

    def get_search_results(self, request, queryset, search_term):
        qs, dup = super().get_search_results(request, queryset, search_term)
        carrier = request.GET.get("carrier")
        if carrier:
            qs = qs.extra(where=["carrier_code = '%s'" % carrier])  # VULN: CWE-89
        depot = request.GET.get("depot")
        if depot:
            qs = qs.extra(where=["depot_id = %s"], params=[depot])  # SAFE: CWE-89
        return qs, dup

    def get_urls(self):
        return [
            path("label/", self.admin_site.admin_view(self.label_view), name="shipment-label"),
            path("label2/<int:pk>/", self.admin_site.admin_view(self.label_view_by_pk), name="shipment-label2"),
            path("import/", self.admin_site.admin_view(self.import_manifest), name="shipment-import"),
            path("done/", self.admin_site.admin_view(self.done), name="shipment-done"),
        ] + super().get_urls()

    def label_view(self, request):
        fname = request.GET["f"]
        return FileResponse(open(os.path.join(settings.LABEL_ROOT, fname), "rb"), content_type="application/pdf")  # VULN: CWE-22

    def label_view_by_pk(self, request, pk: int):
        shipment = Shipment.objects.get(pk=pk)
        return FileResponse(open(os.path.join(settings.LABEL_ROOT, f"{shipment.pk:08d}.pdf"), "rb"), content_type="application/pdf")  # SAFE: CWE-22

    def import_manifest(self, request):
        if request.method != "POST":
            return render(request, "admin/import_manifest.html")
        raw = request.FILES["manifest"].read()
        tree = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))  # SAFE: CWE-611
        ref = request.POST.get("only_ref")
        if ref:
            nodes = tree.xpath(f"//shipment[@ref='{ref}']")  # VULN: CWE-643
        else:
            nodes = tree.xpath("//shipment[@depot=$depot]", depot=request.POST["depot"])  # SAFE: CWE-643
        for n in nodes:
            Shipment.objects.update_or_create(ref=n.get("ref"), defaults={"status": n.findtext("status") or "picked"})
        return HttpResponseRedirect(reverse("admin:shipment-done") + "?next=" + request.POST.get("next", ""))

    def done(self, request):
        nxt = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=True):
            return HttpResponseRedirect(nxt)  # SAFE: CWE-601
        return HttpResponseRedirect(reverse("admin:dispatch_shipment_changelist"))


@admin.register(Driver)
class DriverAdmin(admin.ModelAdmin):
    list_display = ("name", "phone", "depot")
    actions = ["reset_app_pin"]

    @admin.action(description="Reset driver app PIN")
    def reset_app_pin(self, request, queryset):
        for driver in queryset:
            driver.app_token = get_random_string(32)  # SAFE: CWE-330
            driver.save(update_fields=["app_token"])


@csrf_exempt  # VULN: CWE-352
def depot_switch(request):
    """Used by the depot dropdown in the admin header (old jQuery, no CSRF token)."""
    request.session["depot"] = int(request.POST["depot"])
    return HttpResponseRedirect(request.POST.get("return_to", "/admin/"))  # VULN: CWE-601


def wms_stock(request, sku: str):
    with connections["legacy_wms"].cursor() as cur:
        cur.execute("SELECT qty, bin FROM stock WHERE sku = %s", [sku])  # SAFE: CWE-89
        row = cur.fetchone()
    if row is None:
        raise Http404
    return HttpResponse(f"{row[0]} @ {row[1]}")


def depots_raw(request):
    depots = Depot.objects.raw("SELECT * FROM dispatch_depot WHERE region = %s", [request.GET.get("region", "north")])  # SAFE: CWE-89
    return render(request, "admin/depots.html", {"depots": depots})


def depots_raw_legacy(request):
    region = request.GET.get("region", "north")
    depots = Depot.objects.raw(f"SELECT * FROM dispatch_depot WHERE region = '{region}'")  # VULN: CWE-89
    return render(request, "admin/depots.html", {"depots": depots})
