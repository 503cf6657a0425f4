"""FilterSets shared by the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.collation import ViCollate
from core.filters import LocalDateFilter, LocalIntegerFilter
from inspections.choices import (
    Action,
    Category,
    EstablishmentStatus,
    InspectionReason,
    Result,
    ScheduleKind,
    ScheduleStatus,
)
from inspections.models import Establishment, Inspection, InspectionSchedule, InspectionTeam
from inspections.selectors import SCHOOLS, category_filter
from wards.models import Ward

CATEGORY_FILTER_CHOICES = [(SCHOOLS, _("All schools")), *Category.choices]


def _wards(request):
    """Ward choices: the user's own ward for an officer, every ward otherwise."""
    qs = Ward.objects.order_by(ViCollate("name"))
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_ward_officer:
        return qs.filter(pk=user.ward_id)
    return qs


class EstablishmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    ward = django_filters.ModelChoiceFilter(queryset=_wards, to_field_name="code", label=_("Ward"))
    category = django_filters.ChoiceFilter(choices=CATEGORY_FILTER_CHOICES, method="by_category", label=_("Category"))
    status = django_filters.ChoiceFilter(choices=EstablishmentStatus.choices, label=_("Status"))

    class Meta:
        model = Establishment
        fields = ["q", "ward", "category", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(address__icontains=value)
            | Q(owner_name__icontains=value)
            | Q(phone__icontains=value)
        )

    def by_category(self, queryset, name, value):
        return queryset.filter(category_filter(value))


class InspectionFilter(django_filters.FilterSet):
    ward = django_filters.ModelChoiceFilter(
        queryset=_wards, field_name="establishment__ward", to_field_name="code", label=_("Ward")
    )
    category = django_filters.ChoiceFilter(choices=CATEGORY_FILTER_CHOICES, method="by_category", label=_("Category"))
    establishment = LocalIntegerFilter(field_name="establishment_id", label=_("Establishment"))
    team = django_filters.ModelChoiceFilter(queryset=InspectionTeam.objects.all(), label=_("Team"))
    result = django_filters.ChoiceFilter(choices=Result.choices, label=_("Result"))
    action = django_filters.ChoiceFilter(choices=Action.choices, label=_("Action"))
    reason = django_filters.ChoiceFilter(choices=InspectionReason.choices, label=_("Reason"))
    repeat_violation = django_filters.BooleanFilter(label=_("Repeat violation"))
    date_from = LocalDateFilter(field_name="inspected_on", lookup_expr="gte", label=_("From"))
    date_to = LocalDateFilter(field_name="inspected_on", lookup_expr="lte", label=_("To"))

    class Meta:
        model = Inspection
        fields = ["ward", "category", "establishment", "team", "result", "action", "reason", "repeat_violation"]

    def by_category(self, queryset, name, value):
        return queryset.filter(**{"establishment__" + k: v for k, v in category_filter(value).children})  # type: ignore[misc]  # keyword lookups: (name, value) pairs


class ScheduleFilter(django_filters.FilterSet):
    ward = django_filters.ModelChoiceFilter(
        queryset=_wards, field_name="establishment__ward", to_field_name="code", label=_("Ward")
    )
    team = django_filters.ModelChoiceFilter(queryset=InspectionTeam.objects.all(), label=_("Team"))
    establishment = LocalIntegerFilter(field_name="establishment_id", label=_("Establishment"))
    status = django_filters.ChoiceFilter(choices=ScheduleStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=ScheduleKind.choices, label=_("Kind"))
    date_from = LocalDateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = LocalDateFilter(field_name="date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = InspectionSchedule
        fields = ["ward", "team", "establishment", "status", "kind"]
