"""django-filter filters whose inputs read what people type (see ``core.fields``).

A FilterSet serves a page and the API: these accept the page's ``dd/mm/yyyy`` and ``1.000`` as well
as the API's ISO dates and plain digits. ``StrictFilterBackend`` is the API's filter backend: it
refuses the values the FilterSets would skip.
"""

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from core.fields import LocalDateField, LocalIntegerField


class LocalDateFilter(django_filters.DateFilter):
    """A date typed ``dd/mm/yyyy`` on the page, ISO ``yyyy-mm-dd`` from the API and links."""

    field_class = LocalDateField


@extend_schema_field(OpenApiTypes.INT)
class LocalIntegerFilter(django_filters.NumberFilter):
    """A whole number (an id, a count): a text input with a numeric keypad, not ``type=number``."""

    field_class = LocalIntegerField


_BOOLEAN_WORDS = {"true": "true", "1": "true", "false": "false", "0": "false"}


class StrictFilterBackend(DjangoFilterBackend):
    """The API's filter backend: a filter value that cannot be read is refused, never ignored.

    django-filter alone skips an empty value (``?status=``) and reads a boolean it does not know
    (``?active=øû``) as "any": the API answers 400 naming the parameter instead. Booleans are
    ``true``/``false`` (or ``1``/``0``); free-text filters may be empty. The pages share the
    FilterSets and keep their lenient reading (an empty select means "any").
    """

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        _read_booleans(filterset)
        errors = strict_errors(filterset)
        if not filterset.is_valid():
            errors.update({name: list(messages) for name, messages in filterset.form.errors.items()})
        if errors:
            raise ValidationError(errors)
        return filterset.qs


def _read_booleans(filterset: django_filters.FilterSet) -> None:
    """Boolean values as both boolean widgets (NullBooleanSelect, BooleanWidget) read them: true/false."""
    data = filterset.data.copy()
    for name, filter_ in filterset.filters.items():
        if isinstance(filter_, django_filters.BooleanFilter) and name in data:
            data.setlist(name, [_BOOLEAN_WORDS.get(v.strip().lower(), v) for v in data.getlist(name)])
    filterset.data = data  # before the form is built from it


def strict_errors(filterset: django_filters.FilterSet) -> dict[str, list[str]]:
    """Errors for the query values a FilterSet would skip: empty, an unknown boolean."""
    errors: dict[str, list[str]] = {}
    data = filterset.data
    for name, filter_ in filterset.filters.items():
        if name not in data:
            continue
        value = data.get(name, "").strip()
        if isinstance(filter_, django_filters.BooleanFilter):
            if value not in ("true", "false"):
                errors[name] = [str(_("Use true or false."))]
        elif not value and not _free_text(filter_):
            errors[name] = [str(_("This field may not be blank."))]
    return errors


def _free_text(filter_: django_filters.Filter) -> bool:
    return isinstance(filter_, django_filters.CharFilter) and not getattr(filter_, "extra", {}).get("choices")
