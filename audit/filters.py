"""The audit log's FilterSet, shared by the page and the API."""

import datetime
import json

import django_filters
from auditlog.models import LogEntry
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.registration import tracked_models
from core.collation import vi_sort_key
from core.filters import LocalDateFilter

ACTION_CHOICES = [
    (LogEntry.Action.CREATE, pgettext_lazy("audit", "Created")),
    (LogEntry.Action.UPDATE, pgettext_lazy("audit", "Changed")),
    (LogEntry.Action.DELETE, pgettext_lazy("audit", "Deleted")),
]


def model_choices():
    """(``"app_label.modelname"``, label) of every audited model, sorted by label."""
    choices = [
        (key, f"{model._meta.app_config.verbose_name} · {model._meta.verbose_name}")
        for key, model in tracked_models().items()
    ]
    return sorted(choices, key=lambda c: vi_sort_key(str(c[1])))


def _start_of(day: datetime.date) -> datetime.datetime:
    """The first instant of ``day`` in the portal's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class LogEntryFilter(django_filters.FilterSet):
    model = django_filters.ChoiceFilter(
        choices=model_choices, method="by_model", label=pgettext_lazy("audit", "Kind of object")
    )
    object_id = django_filters.CharFilter(method="by_object_id", label=pgettext_lazy("audit", "Object id"))
    user = django_filters.CharFilter(method="by_user", label=pgettext_lazy("audit", "User"))
    action = django_filters.TypedChoiceFilter(
        choices=ACTION_CHOICES, coerce=int, label=pgettext_lazy("audit", "Action")
    )
    date_from = LocalDateFilter(method="by_date_from", label=_("From"))
    date_to = LocalDateFilter(method="by_date_to", label=_("To"))
    q = django_filters.CharFilter(method="search", label=pgettext_lazy("audit", "Text in changes"))

    class Meta:
        model = LogEntry
        fields = ["model", "object_id", "user", "action", "date_from", "date_to", "q"]

    def by_model(self, queryset, name, value: str):
        app_label, _dot, model = value.partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)

    def by_object_id(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(object_pk=value) if value else queryset

    def by_user(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(actor__username__icontains=value)
            | Q(actor__first_name__icontains=value)
            | Q(actor__last_name__icontains=value)
            | Q(additional_data__actor_username__icontains=value)
        )

    def by_date_from(self, queryset, name, value):
        # A range on the indexed timestamp, in the portal's time zone (not a __date cast).
        return queryset.filter(timestamp__gte=_start_of(value))

    def by_date_to(self, queryset, name, value):
        return queryset.filter(timestamp__lt=_start_of(value + datetime.timedelta(days=1)))

    def search(self, queryset, name, value):
        """Text in the changed values, the object's name or the acting user's name.

        SQLite keeps JSON with non-ASCII letters escaped (``\\u1ea1``), PostgreSQL as
        written; both spellings are searched.
        """
        value = value.strip()
        if not value:
            return queryset
        condition = Q(changes__icontains=value) | Q(object_repr__icontains=value)
        escaped = json.dumps(value)[1:-1]
        if escaped != value:
            condition |= Q(changes__icontains=escaped)
        return queryset.filter(condition)
