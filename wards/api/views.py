from typing import Any

from auditlog.context import set_actor
from django.db.models import F, Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.collation import ViCollate
from core.middleware import client_ip
from wards.access import scope_to_user
from wards.api.serializers import TokenRequestSerializer, TokenResponseSerializer, WardSerializer
from wards.models import Ward, WardLeader


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token (``Authorization: Token …``)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth-token"

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenResponseSerializer})
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        # The request is anonymous until now: the audit entry of a new token names its owner as the actor.
        with set_actor(user, remote_addr=client_ip(request)):
            token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class WardViewSet(viewsets.ReadOnlyModelViewSet):
    """Wards. Committee members and administrators see all; a ward officer sees their own."""

    serializer_class = WardSerializer
    filterset_fields = ["district__code", "code"]

    def get_queryset(self) -> QuerySet[Any]:
        leaders = WardLeader.objects.order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-pk")
        qs = (
            Ward.objects.select_related("district", "committee")
            .prefetch_related(Prefetch("leaders", queryset=leaders))
            .order_by(ViCollate("name"))
        )
        return scope_to_user(qs, self.request.user, "pk")
