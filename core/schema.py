"""The OpenAPI schema's error answers, as the API gives them (``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``).

Every operation documents the errors the one exception handler (``core.api_errors``) can answer:

- 400 ``{"field": ["message", ...]}`` (``non_field_errors`` without a field, a nested object's
  errors under its key; a body that does not parse: ``{"detail": ...}``) for operations that read
  a body or query parameters (filters, pagination);
- 401 and 403 ``{"detail": ...}`` for operations that need a signed-in user;
- 404 ``{"detail": ...}`` for operations on one object (a path parameter) and for paginated lists
  (a page past the last one);
- 429 ``{"detail": ...}`` for throttled operations.

An operation's own ``extend_schema(responses=...)`` keeps its answer when that answer has a body.

A request serializer may set ``partial_on_patch = False``: its PATCH body is documented with its
required fields (drf-spectacular documents every PATCH body as partial otherwise).
"""

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import is_serializer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny

ERROR_DETAIL = inline_serializer("ErrorDetail", fields={"detail": serializers.CharField()})

# Field errors: field name → messages; a nested object's errors are an object of the same shape.
FIELD_ERRORS = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description='Invalid input: `{"field": ["message", …]}`, `non_field_errors` for errors without a field; '
    'a body that cannot be read: `{"detail": "…"}`.',
)
ERROR_RESPONSES: dict[str, OpenApiResponse] = {
    "400": FIELD_ERRORS,
    "401": OpenApiResponse(ERROR_DETAIL, description="No credentials, or credentials that are not valid."),
    "403": OpenApiResponse(ERROR_DETAIL, description="Not allowed for this user."),
    "404": OpenApiResponse(ERROR_DETAIL, description="No such object in the caller's scope (or no such page)."),
    "429": OpenApiResponse(ERROR_DETAIL, description="Too many requests: retry after `Retry-After` seconds."),
}


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema with the error answers each operation can give."""

    def _error_codes(self) -> list[str]:
        codes = []
        has_query = bool(self._get_filter_parameters() or self._get_pagination_parameters())
        if self.method in ("POST", "PUT", "PATCH") or has_query or self._get_query_serializer_parameters():
            codes.append("400")
        permissions = getattr(self.view, "permission_classes", [])
        if not all(isinstance(p, type) and issubclass(p, AllowAny) for p in permissions):
            codes += ["401", "403"]
        if "{" in self.path or self._is_paginated_list():
            codes.append("404")
        if getattr(self.view, "throttle_classes", None):
            codes.append("429")
        return codes

    def _get_query_serializer_parameters(self) -> bool:
        """Whether the operation documents query parameters of its own (``extend_schema(parameters=...)``)."""
        return any(is_serializer(p) or getattr(p, "location", None) == "query" for p in self.get_override_parameters())

    def _is_paginated_list(self) -> bool:
        return self.method == "GET" and self._is_list_view() and self._get_paginator() is not None

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses or "content" not in responses[code]:
                responses[code] = self._get_response_for_code(ERROR_RESPONSES[code], code, direction=direction)
        return dict(sorted(responses.items()))

    def _get_request_for_media_type(self, serializer: Any, direction: Any = "request") -> Any:
        if self.method == "PATCH" and getattr(serializer, "partial_on_patch", True) is False:
            # Document the body as the view reads it: with its required fields.
            self.method = "PUT"
            try:
                return super()._get_request_for_media_type(serializer, direction)
            finally:
                self.method = "PATCH"
        return super()._get_request_for_media_type(serializer, direction)
