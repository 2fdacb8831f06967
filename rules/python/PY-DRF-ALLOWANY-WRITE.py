from rest_framework import generics, mixins, permissions, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated

from .models import Driver, Shipment, User
from .serializers import DriverSerializer, ShipmentSerializer, UserSerializer


class DriverLocationViewSet(viewsets.ModelViewSet):
    queryset = Driver.objects.all()
    serializer_class = DriverSerializer
    # ruleid: PY-DRF-ALLOWANY-WRITE
    permission_classes = [permissions.AllowAny]


class ShipmentDetail(generics.RetrieveUpdateDestroyAPIView):
    queryset = Shipment.objects.all()
    serializer_class = ShipmentSerializer
    # ruleid: PY-DRF-ALLOWANY-WRITE
    permission_classes = (AllowAny,)


class BaseShipmentViewSet(mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    queryset = Shipment.objects.all()
    serializer_class = ShipmentSerializer


class LabelViewSet(BaseShipmentViewSet):
    # ruleid: PY-DRF-ALLOWANY-WRITE
    permission_classes = [AllowAny]


class PublicTrackingViewSet(viewsets.ReadOnlyModelViewSet):
    """Tracking by reference number, no login required (printed on labels)."""
    queryset = Shipment.objects.all()
    serializer_class = ShipmentSerializer
    # ok: PY-DRF-ALLOWANY-WRITE
    permission_classes = [permissions.AllowAny]


class SignUpView(generics.CreateAPIView):
    queryset = User.objects.all()
    serializer_class = UserSerializer
    # ok: PY-DRF-ALLOWANY-WRITE
    permission_classes = [AllowAny]


class DriverViewSet(viewsets.ModelViewSet):
    queryset = Driver.objects.all()
    serializer_class = DriverSerializer
    # ok: PY-DRF-ALLOWANY-WRITE
    permission_classes = [permissions.IsAuthenticated]


class PublicDriverViewSet(viewsets.ModelViewSet):
    queryset = Driver.objects.all()
    serializer_class = DriverSerializer
    http_method_names = ["get", "head", "options"]
    # ok: PY-DRF-ALLOWANY-WRITE
    permission_classes = [AllowAny]


class MixedDriverViewSet(viewsets.ModelViewSet):
    queryset = Driver.objects.all()
    serializer_class = DriverSerializer
    # ok: PY-DRF-ALLOWANY-WRITE
    permission_classes = [AllowAny]

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [AllowAny()]
        return [IsAuthenticated()]
