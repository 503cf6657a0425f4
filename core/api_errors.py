"""The API's one exception handler: services' Django errors become DRF's JSON errors.

Set in ``REST_FRAMEWORK["EXCEPTION_HANDLER"]``, so API views call services directly and let
their errors propagate:

- ``ValidationError`` → 400 with field names: ``{"field": ["message", ...]}``; errors without a
  field under ``non_field_errors``; facts attached by ``core.service_errors.with_details`` beside
  them (``"existing_report": {...}``); a view's ``service_errors_nested`` (a ``Nested``) groups the
  errors of a nested object (a report's values by indicator code) under its key.
- ``PermissionDenied`` → 403 ``{"detail": reason}``; ``Http404`` → 404 ``{"detail": ...}``.
- Anything else goes to DRF's own handler unchanged.

The project's ``handler403``/``handler404``/``handler500`` are ``permission_denied``,
``page_not_found`` and ``server_error`` here: under ``/api/`` they answer JSON
``{"detail": ...}`` in the request's language (a URL no route matches, an exception no handler
caught), elsewhere the portal's HTML pages (``core.views``).
"""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core import views as page_views
from core.service_errors import Nested, details_of

ErrorBody = dict[str, Any]


def error_body(exc: DjangoValidationError, *, nested: Nested | None = None) -> ErrorBody:
    """A service's ValidationError as the API's JSON body: field name → messages.

    Errors without a field go under ``non_field_errors``; with ``nested``, errors on the nested
    object's names go under ``{nested.key: {name: messages}}`` (and errors on ``nested.key``
    itself under its ``non_field_errors`` when both occur).
    """
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    if not hasattr(exc, "error_dict"):
        return {non_field: exc.messages}
    body: ErrorBody = {}
    for name, messages in exc.message_dict.items():
        if name == NON_FIELD_ERRORS:
            body[non_field] = messages
        elif nested is not None and name == nested.key:
            group = body.get(name)
            if isinstance(group, dict):
                group[non_field] = messages
            else:
                body[name] = messages
        elif nested is not None and nested.owns(name):
            group = body.get(nested.key)
            if group is None:
                group = body[nested.key] = {}
            elif isinstance(group, list):
                group = body[nested.key] = {non_field: group}
            group[name] = messages
        else:
            body[name] = messages
    return body


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler, with services' Django errors as 400/403/404 JSON."""
    if isinstance(exc, DjangoValidationError):
        nested = getattr(context.get("view"), "service_errors_nested", None)
        response = drf_exception_handler(exceptions.ValidationError(error_body(exc, nested=nested)), context)
        if response is not None:  # facts beside the messages, as typed (DRF would make them strings)
            response.data.update(details_of(exc))
        return response
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    return drf_exception_handler(exc, context)


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": str(exceptions.PermissionDenied.default_detail)}, status=403)
    return page_views.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)
    return page_views.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": str(exceptions.APIException.default_detail)}, status=500)
    return page_views.server_error(request)
