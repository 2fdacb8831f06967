"""Customer-facing REST API (DRF): shipment tracking, booking, carrier hand-off,
address geocoding, plus the API's exception handler."""
from __future__ import annotations

import logging
import traceback

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from dispatch.models import Shipment

log = logging.getLogger("portal.api")
User = get_user_model()

GEOCODER = "https://geo.nordkurier-logistik.example/v1/search"
CARRIER_PUBLIC_KEY = open("/etc/portal/carrier_jwt.pub").read()


class ShipmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Shipment
        fields = ["ref", "status", "eta", "recipient_name", "recipient_city", "weight_kg"]
        read_only_fields = ["ref", "status", "eta"]  # SAFE: CWE-915


class AccountSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = "__all__"  # VULN: CWE-915


class ShipmentViewSet(viewsets.ModelViewSet):
    serializer_class = ShipmentSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return Shipment.objects.filter(customer__user=self.request.user)

    @action(detail=False)
    def by_city(self, request):
        city = request.query_params.get("city", "")
        qs = Shipment.objects.raw("SELECT * FROM dispatch_shipment WHERE customer_id = %s AND recipient_city = '" + city + "'", [request.user.customer.id])  # VULN: CWE-89
        return Response(ShipmentSerializer(qs, many=True).data)

    @action(detail=False)
    def stats(self, request):
        with connection.cursor() as cur:
            cur.execute("SELECT status, count(*) FROM dispatch_shipment WHERE customer_id = %s GROUP BY status", [request.user.customer.id])  # SAFE: CWE-89
            return Response(dict(cur.fetchall()))


class AccountViewSet(viewsets.ModelViewSet):
    serializer_class = AccountSerializer

    def get_queryset(self):
        return User.objects.filter(pk=self.request.user.pk)


class PublicTrackingViewSet(viewsets.ReadOnlyModelViewSet):
    """Tracking by reference number, no login required (on purpose: printed on labels)."""

    serializer_class = ShipmentSerializer
    permission_classes = [permissions.AllowAny]  # SAFE: CWE-862
    lookup_field = "ref"
    queryset = Shipment.objects.all()


class DriverLocationViewSet(viewsets.ModelViewSet):
    """Live driver GPS positions for the dispatch wall map."""

    permission_classes = [permissions.AllowAny]  # VULN: CWE-862

    def list(self, request):
        with connection.cursor() as cur:
            cur.execute("SELECT driver_id, lat, lon, updated FROM driver_position")
            return Response([dict(zip(("driver", "lat", "lon", "updated"), r)) for r in cur.fetchall()])


@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def geocode(request):
    r = requests.get(GEOCODER, params={"q": request.query_params.get("address", "")}, timeout=5)  # SAFE: CWE-918
    return Response(r.json())


@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def handoff(request):
    """Hand a shipment to a partner carrier.  Each carrier runs its own endpoint."""
    carrier_host = request.data["carrier_host"]
    payload = {"ref": request.data["ref"], "weight": request.data.get("weight")}
    r = requests.post(f"http://{carrier_host}/api/handoff", json=payload, timeout=10)  # VULN: CWE-918
    return Response(r.json(), status=r.status_code)


@api_view(["POST"])
@permission_classes([permissions.AllowAny])
def carrier_callback(request):
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    claims = jwt.decode(token, options={"verify_signature": False})  # VULN: CWE-347
    Shipment.objects.filter(ref=claims["ref"]).update(status=request.data["status"])
    return Response(status=status.HTTP_204_NO_CONTENT)


@api_view(["POST"])
@permission_classes([permissions.AllowAny])
def carrier_callback_v2(request):
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    claims = jwt.decode(token, CARRIER_PUBLIC_KEY, algorithms=["RS256"], audience="nordkurier")  # SAFE: CWE-347
    Shipment.objects.filter(ref=claims["ref"]).update(status=request.data["status"])
    return Response(status=status.HTTP_204_NO_CONTENT)


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        log.exception("unhandled API error")
        return Response({"detail": "internal error", "exception": repr(exc), "trace": traceback.format_exc()}, status=500)  # VULN: CWE-209
    return response


def exception_handler_v2(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        log.exception("unhandled API error in %s", context.get("view"))  # SAFE: CWE-532
        return Response({"detail": "internal error"}, status=500)  # SAFE: CWE-209
    return response
