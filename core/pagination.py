"""Pagination shared by every list page and every API list."""

import re
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")
MAX_PAGE = 999_999_999  # a bound for the schema; any page past the last one is 404 anyway


class PortalPagination(PageNumberPagination):
    """Page-number pagination on every API list; clients may ask for up to 500 rows.

    ``page`` and ``page_size`` are whole numbers from 1 (``page_size`` up to ``max_page_size``):
    anything else is refused with 400 naming the parameter, not replaced by the default. A page
    past the last one is DRF's 404.
    """

    page_size_query_param = "page_size"
    max_page_size = 500
    last_page_strings = ()  # ``page`` is a number: "last" is refused like any other word

    def _number(self, request: Request, name: str, maximum: int) -> int | None:
        raw = request.query_params.get(name)
        if raw is None:
            return None
        value = int(raw) if _WHOLE_NUMBER.fullmatch(raw) else 0
        if not 1 <= value <= maximum:
            message = _("Enter a whole number from 1 to %(maximum)s.") % {"maximum": maximum}
            raise ValidationError({name: [message]})
        return value

    def get_page_size(self, request: Request) -> int | None:
        size = self._number(request, self.page_size_query_param, self.max_page_size)
        return size if size is not None else self.page_size

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any] | None:
        self._number(request, self.page_query_param, MAX_PAGE)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            parameter["schema"]["maximum"] = (
                self.max_page_size if parameter["name"] == self.page_size_query_param else MAX_PAGE
            )
        return parameters


def query_without_page(request: HttpRequest) -> str:
    """The request's query string without its page number: pagination and sort links keep the filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
