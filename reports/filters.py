"""FilterSets of the reports app: reports (ward, kind, status, period) for the list page and the
API; notifications (unread, kind) for the API."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from core.collation import ViCollate
from core.filters import LocalDateFilter
from reports.choices import NotificationKind, ReportKind, ReportStatus
from reports.models import Notification, Report
from wards.access import scope_to_user
from wards.models import Ward


def _wards(request):
    user = getattr(request, "user", None)
    return scope_to_user(Ward.objects.order_by(ViCollate("name")), user, "pk")


class ReportFilter(django_filters.FilterSet):
    ward = django_filters.ModelChoiceFilter(queryset=_wards, label=_("Ward"))
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    period_start = LocalDateFilter(label=_("Period"))
    period_from = LocalDateFilter(field_name="period_start", lookup_expr="gte", label=_("Period from"))
    period_to = LocalDateFilter(field_name="period_start", lookup_expr="lte", label=_("Period to"))
    is_late = django_filters.BooleanFilter(label=_("Late"))

    class Meta:
        model = Report
        fields = ["ward", "kind", "status", "period_start", "period_from", "period_to", "is_late"]


class NotificationFilter(django_filters.FilterSet):
    """The caller's notifications: ``?unread=1`` (or ``true``) the unread ones, ``0`` the read ones."""

    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", widget=BooleanWidget, label=_("Unread")
    )
    kind = django_filters.ChoiceFilter(choices=NotificationKind.choices, label=_("Kind"))

    class Meta:
        model = Notification
        fields = ["unread", "kind"]
