"""django-filter filters whose inputs read what people type (see ``core.fields``).

A FilterSet serves a page and the API: these accept the page's ``dd/mm/yyyy`` and ``1.000`` as well
as the API's ISO dates and plain digits.
"""

import django_filters

from core.fields import LocalDateField, LocalIntegerField


class LocalDateFilter(django_filters.DateFilter):
    """A date typed ``dd/mm/yyyy`` on the page, ISO ``yyyy-mm-dd`` from the API and links."""

    field_class = LocalDateField


class LocalIntegerFilter(django_filters.NumberFilter):
    """A whole number (an id, a count): a text input with a numeric keypad, not ``type=number``."""

    field_class = LocalIntegerField
