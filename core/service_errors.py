"""How a service's errors are named, for the two places that show them (API and forms).

Services raise ``django.core.exceptions.ValidationError`` keyed by field name (or without a
field), and ``PermissionDenied``. ``core.api_errors`` turns them into the API's JSON errors and
``core.forms.apply_service_errors`` puts them on a page's form; both read the same ``Nested``
when a service keys some errors by names that belong to one nested object.
"""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

DETAILS_ATTRIBUTE = "api_details"


def with_details(error: ValidationError, **details: Any) -> ValidationError:
    """``error`` carrying facts a client needs to act on it, beside the messages (the API adds them
    to its 400 body; pages ignore them): e.g. the report that already holds a period, so an offline
    client can open it instead of creating a second one."""
    setattr(error, DETAILS_ATTRIBUTE, details)
    return error


def details_of(error: ValidationError) -> dict[str, Any]:
    """What :func:`with_details` attached to ``error`` (empty when nothing)."""
    return dict(getattr(error, DETAILS_ATTRIBUTE, None) or {})


@dataclass(frozen=True)
class Nested:
    """Errors on names outside ``fields`` belong to the nested object ``key``.

    A report's values are the example: the reports services key a value's error by its indicator
    code next to the report's own fields (``{"home_quarantine": [...], "comment": [...]}``,
    since a ValidationError cannot nest). The API answers
    ``{"values": {"home_quarantine": [...]}, "comment": [...]}``; the report form shows the
    message on the form field ``form_prefix + code``. Errors on ``key`` itself are about the
    object as a whole (``{"values": ["Enter at least one indicator value ..."]}``).
    """

    key: str
    fields: Collection[str]
    form_prefix: str = ""

    def owns(self, name: str) -> bool:
        """Whether an error on ``name`` is one of the nested object's (not a field of the service)."""
        return name != self.key and name not in self.fields
