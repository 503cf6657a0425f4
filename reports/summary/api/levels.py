"""API of the epidemic levels: ``ward-levels/`` (each ward's current level, and its history) and
``level-criteria/`` (the criteria kept as data; administrators add a set)."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from core.idempotency import IdempotentPostMixin
from core.permissions import IsAdminOrReadOnly
from reports.summary import levels
from reports.summary.choices import EpidemicLevel
from reports.summary.models import LevelCriteria

# The longest history one request returns (a year, leap day included), and the default.
MAX_HISTORY_DAYS = 366
DEFAULT_HISTORY_DAYS = 90


class WardLevelSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", help_text="The ward's id.")
    code = serializers.CharField()
    name = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)
    level = serializers.IntegerField(allow_null=True, help_text="1–4; null: no level (no population, not compiled).")
    level_label = serializers.SerializerMethodField()
    day = serializers.DateField(source="level_day", allow_null=True, help_text="The day the level was computed for.")
    rate = serializers.FloatField(source="level_rate", allow_null=True, help_text="Per the criteria's residents.")

    def get_level_label(self, obj: Any) -> str:
        return str(EpidemicLevel(obj.level).label) if obj.level else _("No level")


class LevelDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    level = serializers.IntegerField()
    cases = serializers.FloatField()
    rate = serializers.FloatField()
    criteria_from = serializers.DateField(help_text="valid_from of the criteria that judged the day.")
    changed = serializers.BooleanField(help_text="The level differs from the day before.")


class WardLevelDetailSerializer(WardLevelSerializer):
    history = serializers.SerializerMethodField()

    def get_history(self, obj: Any) -> LevelDaySerializer(many=True):  # type: ignore[valid-type]  # the schema drf-spectacular shows
        start, end = self.context["range"]
        return LevelDaySerializer(levels.level_history(ward_id=obj.pk, start=start, end=end), many=True).data


class HistoryQuerySerializer(serializers.Serializer):
    start = serializers.DateField(
        required=False,
        help_text=f"Defaults to {DEFAULT_HISTORY_DAYS} days before end; at most {MAX_HISTORY_DAYS} days are returned "
        "(the last ones); a start after the end gives an empty history.",
    )
    end = serializers.DateField(required=False, help_text="Defaults to today.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        end = attrs.get("end") or timezone.localdate()
        start = attrs.get("start") or end - datetime.timedelta(days=DEFAULT_HISTORY_DAYS - 1)
        # A read never refuses a range: a start after the end is an empty history, and a range longer
        # than MAX_HISTORY_DAYS is its last MAX_HISTORY_DAYS days.
        start = max(start, end - datetime.timedelta(days=MAX_HISTORY_DAYS - 1))
        return {"start": start, "end": end}


class WardLevelViewSet(viewsets.ReadOnlyModelViewSet):
    """Each ward's current epidemic level (its latest computed day up to today); the detail adds the
    ward's history (``?start=&end=``, 90 days by default, a year at most). Officers see their own ward."""

    serializer_class = WardLevelSerializer
    filter_backends: list[Any] = []
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Any]:
        return levels.ward_levels_for(self.request.user, day=timezone.localdate())

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return WardLevelDetailSerializer if self.action == "retrieve" else WardLevelSerializer

    @extend_schema(parameters=[HistoryQuerySerializer])
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = HistoryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        ward = self.get_object()
        context = {
            **self.get_serializer_context(),
            "range": (query.validated_data["start"], query.validated_data["end"]),
        }
        return Response(WardLevelDetailSerializer(ward, context=context).data)


class LevelCriteriaSerializer(serializers.ModelSerializer):
    class Meta:
        model = LevelCriteria
        fields = [
            "id", "valid_from", "indicator", "days", "per_residents", "level_2_from", "level_3_from", "level_4_from",
            "note", "created_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at"]
        validators: list[Any] = []  # the service checks (one set per day, thresholds increasing), in words


class LevelCriteriaViewSet(
    IdempotentPostMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The epidemic level criteria, newest first: anyone signed in reads; administrators add a set
    applying from today or later (past days keep their level; one set per day)."""

    serializer_class = LevelCriteriaSerializer
    permission_classes = [IsAdminOrReadOnly]
    filter_backends: list[Any] = []
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Any]:
        return levels.criteria_list()

    @extend_schema(responses={201: LevelCriteriaSerializer, 400: OpenApiResponse(description="Field errors")})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = LevelCriteriaSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            criteria = levels.level_criteria_add(user=request.user, **data.validated_data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
        return Response(LevelCriteriaSerializer(criteria).data, status=status.HTTP_201_CREATED)
