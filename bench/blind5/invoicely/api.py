"""REST API (Django REST framework): accounts, team members, invoices, partner SSO."""
import logging

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.db.models.expressions import RawSQL
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.response import Response

from accounts.models import Account
from billing.models import Invoice

User = get_user_model()
log = logging.getLogger("api")

PARTNER_JWKS = jwt.PyJWKClient("https://sso.partner.example.com/.well-known/jwks.json")


class AccountSerializer(serializers.ModelSerializer):
    # Account: name, vat_number, plan, credit_limit_cents, is_suspended, tenant
    class Meta:
        model = Account
        fields = "__all__"  # VULN: CWE-915


class ProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "timezone"]  # SAFE: CWE-915
        read_only_fields = ["id", "email"]


class InvoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invoice
        fields = ["id", "number", "status", "total_cents", "currency", "issued_at", "due_at"]
        read_only_fields = ["id", "number", "status"]


class AccountViewSet(viewsets.ModelViewSet):
    serializer_class = AccountSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return Account.objects.filter(tenant=self.request.user.tenant)

    @action(detail=True, methods=["post"])
    def quick_update(self, request, pk=None):
        account = self.get_object()
        for key, value in request.data.items():
            setattr(account, key, value)  # VULN: CWE-915
        account.save()
        return Response(AccountSerializer(account).data)


class InvoiceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InvoiceSerializer

    def get_queryset(self):
        tenant_id = self.request.user.tenant_id
        paid = RawSQL("SELECT COUNT(*) FROM billing_payment p WHERE p.invoice_id = billing_invoice.id AND p.tenant_id = %s", (tenant_id,))  # SAFE: CWE-89
        return Invoice.objects.filter(tenant_id=tenant_id).annotate(line_count=Count("lines"), paid_elsewhere=paid)

    @action(detail=False)
    def search(self, request):
        term = request.query_params.get("q", "")
        qs = self.get_queryset().extra(where=["number ILIKE %s"], params=[f"%{term}%"])  # SAFE: CWE-89
        return Response(InvoiceSerializer(qs[:50], many=True).data)


@api_view(["GET"])
def team_members(request):
    members = User.objects.filter(tenant=request.user.tenant).order_by("email")
    data = [{"id": u.id, "email": u.email, "role": u.role, "password": u.password, "last_login": u.last_login} for u in members]  # VULN: CWE-200
    return Response(data)


@api_view(["PATCH"])
def update_profile(request):
    ser = ProfileSerializer(request.user, data=request.data, partial=True)
    ser.is_valid(raise_exception=True)
    ser.save()
    return Response(ser.data)


def _partner_claims(token: str) -> dict:
    header = jwt.get_unverified_header(token)  # SAFE: CWE-347
    if header.get("alg") != "RS256":
        raise jwt.InvalidTokenError("unexpected alg")
    key = PARTNER_JWKS.get_signing_key_from_jwt(token).key
    return jwt.decode(token, key, algorithms=["RS256"], audience="invoicely", issuer="https://sso.partner.example.com")  # SAFE: CWE-347


@api_view(["POST"])
@permission_classes([permissions.AllowAny])
def partner_sso(request):
    try:
        claims = _partner_claims(request.data["id_token"])
    except (KeyError, jwt.PyJWTError):
        return Response({"detail": "invalid token"}, status=status.HTTP_401_UNAUTHORIZED)
    user = User.objects.filter(email__iexact=claims["email"]).first()
    if user is None:
        return Response({"detail": "unknown user"}, status=status.HTTP_404_NOT_FOUND)
    return Response({"session": user.issue_session_token()})


@api_view(["POST"])
@permission_classes([permissions.AllowAny])
def mobile_refresh(request):
    """Legacy mobile app (v1.x) sends its own HS256 token; we just re-issue."""
    token = request.data.get("token", "")
    claims = jwt.decode(token, options={"verify_signature": False})  # VULN: CWE-347
    user = User.objects.get(pk=claims["uid"])
    fresh = jwt.encode({"uid": user.pk, "tenant": user.tenant_id}, settings.SECRET_KEY, algorithm="HS256")
    return Response({"token": fresh})


@api_view(["GET"])
def whoami(request):
    log.info("whoami for user %s (tenant %s)", request.user.pk, request.user.tenant_id)  # SAFE: CWE-532
    return Response({"id": request.user.pk, "email": request.user.email, "tenant": request.user.tenant_id})
