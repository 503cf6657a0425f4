"""API of the morning brief's settings: administrators read and change them (one object, ``current``)."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from core.permissions import IsDistrictAdmin
from reports.summary import brief
from reports.summary.models import MorningBriefSettings
from wards.models import User
from wards.types import SignedInAPIRequest


class _Recipients(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
        return brief.eligible_recipients()


@extend_schema_field(
    {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$", "example": "06:30"}
)
class _LocalTime(serializers.TimeField):
    """A local time of day written ``HH:MM`` (read also as ``HH:MM:SS``), documented as such: the
    schema's ``format: time`` would promise RFC 3339's ``HH:MM:SS`` and an offset."""


class MorningBriefSettingsSerializer(serializers.ModelSerializer):
    """The brief's time (local, ``HH:MM``), its low-cover threshold (days, 1–90) and its recipients
    (user ids of committee members and administrators; empty: all of them)."""

    send_at = _LocalTime(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"])
    low_cover_days = serializers.IntegerField(min_value=1, max_value=90)
    recipients = _Recipients(many=True, required=False)

    class Meta:
        model = MorningBriefSettings
        fields = ["send_at", "low_cover_days", "recipients", "updated_at"]
        read_only_fields = ["updated_at"]


@extend_schema_view(
    retrieve=extend_schema(responses=MorningBriefSettingsSerializer),
    update=extend_schema(request=MorningBriefSettingsSerializer, responses=MorningBriefSettingsSerializer),
    partial_update=extend_schema(request=MorningBriefSettingsSerializer, responses=MorningBriefSettingsSerializer),
)
class MorningBriefSettingsViewSet(viewsets.GenericViewSet):
    """``GET``/``PUT``/``PATCH /api/v1/morning-brief-settings/current/``: administrators only."""

    request: SignedInAPIRequest

    serializer_class = MorningBriefSettingsSerializer
    permission_classes = [IsDistrictAdmin]
    filter_backends: list = []
    lookup_value_regex = "current"
    queryset = MorningBriefSettings.objects.none()

    def retrieve(self, request: Request, pk: str = "current") -> Response:
        return Response(MorningBriefSettingsSerializer(brief.brief_settings()).data)

    def update(self, request: Request, pk: str = "current", partial: bool = False) -> Response:
        row = brief.brief_settings()
        data = MorningBriefSettingsSerializer(row, data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        recipients: list[User] = values.get("recipients", list(row.recipients.all()))
        row = brief.brief_settings_update(
            user=self.request.user,
            send_at=values.get("send_at", row.send_at),
            low_cover_days=values.get("low_cover_days", row.low_cover_days),
            recipients=recipients,
        )
        return Response(MorningBriefSettingsSerializer(row).data)

    def partial_update(self, request: Request, pk: str = "current") -> Response:
        return self.update(request, pk, partial=True)
