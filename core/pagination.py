"""Pagination shared by every list page and every API list."""

from django.http import HttpRequest
from rest_framework.pagination import PageNumberPagination


class PortalPagination(PageNumberPagination):
    """Page-number pagination on every API list; clients may ask for up to 500 rows."""

    page_size_query_param = "page_size"
    max_page_size = 500


def query_without_page(request: HttpRequest) -> str:
    """The request's query string without its page number: pagination and sort links keep the filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
