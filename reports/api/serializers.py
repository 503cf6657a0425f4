"""API representations of indicators, deadlines, reports and notifications; input serializers for the actions."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reports.choices import ReportKind, Severity
from reports.models import Indicator, Notification, Report, ReportDeadline, ReportReview, format_value
from wards.models import Ward


class IndicatorSerializer(serializers.ModelSerializer):
    must_not_exceed: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    kinds = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "code", "name_vi", "name_en", "unit_vi", "unit_en", "value_type", "kinds", "min_value", "max_value",
            "must_not_exceed", "group", "order", "aggregation", "active",
        ]  # fmt: skip

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), help_text=_("daily, weekly, monthly")))
    def get_kinds(self, obj) -> list[str]:
        return [k for k, on in (("daily", obj.in_daily), ("weekly", obj.in_weekly), ("monthly", obj.in_monthly)) if on]


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$", "example": "16:00:00"})
class LocalTimeField(serializers.TimeField):
    """A wall-clock time in Asia/Ho_Chi_Minh (no offset), e.g. 16:00:00."""


class ReportDeadlineSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=_("daily, weekly or monthly"))
    time = LocalTimeField(help_text=_("Local time of the deadline on that day."))

    class Meta:
        model = ReportDeadline
        fields = ["kind", "days_after_period_end", "time", "reminder_minutes"]


class ReviewSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = ReportReview
        fields = ["decision", "comment", "field_comments", "user", "at"]


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "number", "nullable": True},
        "example": {"home_quarantine": 12, "confirmed_cases": 0},
    }
)
class ValuesField(serializers.Field):
    """{"indicator_code": value}. Input values are checked by the service (same rules as the pages)."""

    def to_representation(self, report):
        return {v.indicator.code: format_value(v.value) for v in report.values.all()}

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(_("Values must be an object keyed by indicator code."))
        return data


class ReportSerializer(serializers.ModelSerializer):
    ward_code = serializers.CharField(source="ward.code", read_only=True)
    ward_name = serializers.CharField(source="ward.name", read_only=True)
    values = ValuesField(source="*", read_only=True)
    flags = serializers.SerializerMethodField(help_text=_("Indicator codes whose value is unusual for the ward."))
    reviews = ReviewSerializer(many=True, read_only=True)
    severity = serializers.ChoiceField(
        choices=Severity.choices, allow_blank=True, read_only=True, help_text=_("Urgent reports only; empty otherwise.")
    )

    class Meta:
        model = Report
        fields = [
            "id", "ward", "ward_code", "ward_name", "kind", "status", "period_start", "period_end", "version",
            "values", "flags", "situation", "difficulties", "proposals",
            "title", "severity", "occurred_at", "location", "description", "acknowledged_at",
            "submitted_at", "deadline", "is_late", "approved_at", "created_at", "updated_at", "reviews",
        ]  # fmt: skip
        read_only_fields = fields

    def get_flags(self, obj) -> list[str]:
        return [v.indicator.code for v in obj.values.all() if v.is_outlier]


class ReportCreateSerializer(serializers.Serializer):
    ward = serializers.PrimaryKeyRelatedField(
        queryset=Ward.objects.all(), required=False, help_text=_("Defaults to the officer's own ward.")
    )
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    period_start = serializers.DateField(required=False, allow_null=True)
    values = ValuesField(required=False)
    situation = serializers.CharField(required=False, allow_blank=True)
    difficulties = serializers.CharField(required=False, allow_blank=True)
    proposals = serializers.CharField(required=False, allow_blank=True)
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False, allow_blank=True)
    occurred_at = serializers.DateTimeField(required=False, allow_null=True)
    location = serializers.CharField(required=False, allow_blank=True, max_length=255)
    description = serializers.CharField(required=False, allow_blank=True)


class ReportUpdateSerializer(serializers.Serializer):
    partial_on_patch = False  # the PATCH body needs ``version`` (core.schema documents it so)

    version = serializers.IntegerField(help_text=_("The version you read; a newer one on the server gives 409."))
    values = ValuesField(required=False)
    situation = serializers.CharField(required=False, allow_blank=True)
    difficulties = serializers.CharField(required=False, allow_blank=True)
    proposals = serializers.CharField(required=False, allow_blank=True)
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False, allow_blank=True)
    occurred_at = serializers.DateTimeField(required=False, allow_null=True)
    location = serializers.CharField(required=False, allow_blank=True, max_length=255)
    description = serializers.CharField(required=False, allow_blank=True)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text=_("Optional: refuse with 409 if the report moved on."))


class ApproveSerializer(VersionSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReturnSerializer(VersionSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    field_comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict,
        help_text=_("Indicator code or narrative field → comment."),
    )  # fmt: skip


class ConflictSerializer(serializers.Serializer):
    version = serializers.ListField(child=serializers.CharField())
    current_version = serializers.IntegerField()


class NotificationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    text = serializers.CharField(read_only=True, help_text=_("The message in the language of the request."))
    link = serializers.CharField(
        read_only=True, help_text=_("Path of the page the notification points to (empty when there is none).")
    )

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "text", "link", "report", "created_at", "read_at"]
        read_only_fields = fields
        extra_kwargs = {"report": {"help_text": _("The report it is about, if any.")}}


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("How many notifications were marked read."))
