"""Serializers of the summary API: summaries (list, detail), compile requests and the chart series."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from reports.models import Indicator
from reports.summary.levels import levels_on
from reports.summary.models import KIND_CHOICES, DistrictSummary, DistrictSummaryWard
from reports.summary.selectors import AVERAGE_DAYS, PER_RESIDENTS, dashboard_range
from wards.models import District, Ward


class CompletenessSerializer(serializers.Serializer):
    expected = serializers.IntegerField()
    submitted = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    completeness_rate = serializers.FloatField(allow_null=True, help_text="submitted / expected, percent")
    timeliness_rate = serializers.FloatField(allow_null=True, help_text="on time / expected, percent")


class SummaryListSerializer(serializers.ModelSerializer):
    district_name = serializers.CharField(source="district.name", read_only=True)
    period_label = serializers.CharField(read_only=True)
    completeness = serializers.SerializerMethodField()

    class Meta:
        model = DistrictSummary
        fields = [
            "id", "district", "district_name", "kind", "period_start", "period_end", "period_label",
            "completeness", "compiled_at",
        ]  # fmt: skip

    def get_completeness(self, obj) -> CompletenessSerializer:  # the schema drf-spectacular shows
        return CompletenessSerializer(obj).data  # type: ignore[return-value]


class SummaryWardSerializer(serializers.ModelSerializer):
    ward_name = serializers.CharField(source="ward.name", read_only=True)
    values = serializers.DictField(child=serializers.FloatField(), help_text="indicator code → value")

    class Meta:
        model = DistrictSummaryWard
        fields = ["ward", "ward_name", "status", "report", "submitted_at", "values"]


class SummaryLevelSerializer(serializers.Serializer):
    ward = serializers.IntegerField(source="ward_id")
    ward_name = serializers.CharField(source="name")
    level = serializers.IntegerField()
    level_label = serializers.CharField(source="label")
    cases = serializers.FloatField()
    rate = serializers.FloatField()


class SummaryDetailSerializer(SummaryListSerializer):
    totals = serializers.DictField(child=serializers.FloatField(), help_text="indicator code → district total")
    wards = SummaryWardSerializer(source="ward_rows", many=True, read_only=True)
    levels = serializers.SerializerMethodField(help_text="Each ward's epidemic level on the period's last day.")

    class Meta(SummaryListSerializer.Meta):
        fields = [
            *SummaryListSerializer.Meta.fields, "totals", "wards", "missing_wards", "late_wards", "urgent",
            "inspections", "supplies", "levels",
        ]  # fmt: skip

    def get_levels(self, obj) -> SummaryLevelSerializer(many=True):  # type: ignore[valid-type]  # the schema drf-spectacular shows
        rows = levels_on(day=obj.period_end, district_id=obj.district_id)
        return SummaryLevelSerializer(rows, many=True).data


def _district(value):
    if value is not None:
        return value
    district = District.objects.default()
    if district is None:
        raise serializers.ValidationError({"district": [_("There is no district yet.")]})
    return district


class CompileRequestSerializer(serializers.Serializer):
    district = serializers.PrimaryKeyRelatedField(
        queryset=District.objects.all(), required=False, help_text="Defaults to the portal's (first) district."
    )
    kind = serializers.ChoiceField(choices=KIND_CHOICES)
    period_start = serializers.DateField(required=False, help_text="Any day of the period; defaults to today.")

    def validate(self, attrs):
        attrs["district"] = _district(attrs.get("district"))
        attrs.setdefault("period_start", timezone.localdate())
        return attrs


class CompileAcceptedSerializer(serializers.Serializer):
    task_id = serializers.CharField(help_text="Empty when the broker was down and the summary was compiled at once.")
    status_url = serializers.CharField()
    requested_at = serializers.DateTimeField()


class CompileStatusQuerySerializer(serializers.Serializer):
    task_id = serializers.CharField(required=False, allow_blank=True)
    district = serializers.PrimaryKeyRelatedField(queryset=District.objects.all())
    kind = serializers.ChoiceField(choices=KIND_CHOICES)
    period_start = serializers.DateField()
    since = serializers.DateTimeField(help_text="When the compile was requested.")


class CompileStatusSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=["PENDING", "STARTED", "RETRY", "FAILURE", "SUCCESS"])
    summary_id = serializers.IntegerField(allow_null=True)
    summary_url = serializers.CharField(allow_null=True)
    compiled_at = serializers.DateTimeField(allow_null=True)


class SeriesQuerySerializer(serializers.Serializer):
    indicator = serializers.SlugField()
    start = serializers.DateField(
        required=False, help_text="Defaults to the first of the 7 days ending at end (the dashboard's week)."
    )
    end = serializers.DateField(required=False, help_text="Defaults to today.")
    ward = serializers.PrimaryKeyRelatedField(queryset=Ward.objects.all(), required=False, allow_null=True)
    district = serializers.PrimaryKeyRelatedField(queryset=District.objects.all(), required=False)
    average = serializers.ChoiceField(
        choices=[(AVERAGE_DAYS, str(AVERAGE_DAYS))],
        required=False,
        help_text="7: also `average`, the 7-day moving average ending on each day (null over a gap or an open day).",
    )
    per = serializers.ChoiceField(
        choices=[(PER_RESIDENTS, str(PER_RESIDENTS))],
        required=False,
        help_text="100000: values per 100,000 residents (the ward's or the district's population; null when unknown).",
    )

    def validate(self, attrs):
        try:
            start, end = dashboard_range(start=attrs.get("start"), end=attrs.get("end"), today=timezone.localdate())
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
        indicator = Indicator.objects.filter(code=attrs["indicator"]).first()
        if indicator is None:
            raise serializers.ValidationError({"indicator": [_("Unknown indicator.")]})
        district = _district(attrs.get("district"))
        ward = attrs.get("ward")
        if ward is not None and ward.district_id != district.pk:
            raise serializers.ValidationError({"ward": [_("The ward is not in this district.")]})
        return {**attrs, "start": start, "end": end, "district": district, "indicator_obj": indicator}


class SeriesSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    ward = serializers.IntegerField(allow_null=True)
    start = serializers.DateField()
    end = serializers.DateField()
    dates = serializers.ListField(child=serializers.DateField())
    labels = serializers.ListField(child=serializers.CharField())
    values = serializers.ListField(child=serializers.FloatField(allow_null=True))
    per = serializers.IntegerField(allow_null=True, help_text="The residents the values are per, when asked.")
    population = serializers.IntegerField(allow_null=True, help_text="The residents the rate is computed over.")
    open_from = serializers.DateField(
        allow_null=True, help_text="The first day whose deadline has not passed (its figures are partial)."
    )
    average = serializers.ListField(
        child=serializers.FloatField(allow_null=True), allow_null=True, help_text="With average=7."
    )
