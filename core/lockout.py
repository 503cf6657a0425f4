"""The answer to a locked-out login (django-axes' ``AXES_LOCKOUT_CALLABLE``): the lockout page with ``Retry-After``.

Axes renders ``AXES_LOCKOUT_TEMPLATE`` with status 429 but no ``Retry-After``; a 429 should say
when to try again (RFC 6585), as the token endpoint already does.
"""

from typing import Any

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_timedelta": cool_off,
    }
    response = render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
