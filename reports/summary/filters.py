"""One FilterSet for the summary list page and the API (district, kind, period range)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.collation import ViCollate
from core.filters import LocalDateFilter
from reports.summary.models import KIND_CHOICES, DistrictSummary
from wards.models import District


class SummaryFilter(django_filters.FilterSet):
    district = django_filters.ModelChoiceFilter(
        queryset=District.objects.order_by(ViCollate("name")), label=_("District")
    )
    kind = django_filters.ChoiceFilter(choices=KIND_CHOICES, label=_("Kind"))
    period_start = LocalDateFilter(label=_("Period"))
    start = LocalDateFilter(field_name="period_start", lookup_expr="gte", label=_("Period from"))
    end = LocalDateFilter(field_name="period_start", lookup_expr="lte", label=_("Period to"))

    class Meta:
        model = DistrictSummary
        fields = ["district", "kind", "period_start", "start", "end"]
