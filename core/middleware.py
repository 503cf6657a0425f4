"""Project middleware: request ids for logs, the session idle timeout, and the client address.

- :class:`RequestIdMiddleware` (first in ``MIDDLEWARE``) gives each request an id, taken from
  the ``X-Request-ID`` header when it is a sane token (nginx sets ``$request_id``) and made up
  otherwise; it is sent back in the ``X-Request-ID`` response header and put on every log line.
- :class:`SessionIdleTimeoutMiddleware` ends a session after ``SESSION_COOKIE_AGE`` seconds of
  inactivity by moving the expiry forward while the user is active.
- :class:`PortalLocaleMiddleware` keeps pages in Vietnamese unless the user switches language.
- :class:`CompressionMiddleware` gzips pages and JSON (after WhiteNoise, which serves static files).
- :func:`client_ip` is the client address django-axes locks out (``AXES_CLIENT_IP_CALLABLE``).
"""

import contextlib
import re
import threading
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from core.logging import request_id_var, request_var

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits, dot, underscore, dash; 1 to 128 characters. Anything else (spaces, quotes,
# newlines, very long values) is replaced, so a client cannot forge log lines through it.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")


# The requests this process is serving, by thread: what a worker killed for a timeout was doing
# (read by gunicorn's worker_abort hook in deploy/gunicorn.conf.py, which runs in a signal handler).
_in_flight: dict[int, dict] = {}


def requests_in_flight() -> list[dict]:
    """The requests being served now: request id, method, path, seconds so far."""
    now = time.monotonic()
    return [
        {**{k: v for k, v in entry.items() if k != "started"}, "seconds": round(now - entry["started"], 3)}
        for entry in list(_in_flight.values())
    ]


def request_id_from(value: str | None) -> str:
    """The incoming id if it is sane, else a new random one (32 hex digits)."""
    if value and _SANE_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Tag the request, its log lines and its response with one request id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]  # an attribute of ours on Django's request
        id_token = request_id_var.set(request_id)
        request_token = request_var.set(request)
        thread = threading.get_ident()
        _in_flight[thread] = {
            "request_id": request_id,
            "method": request.method,
            "path": request.path,
            "started": time.monotonic(),
        }
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            return response
        finally:
            _in_flight.pop(thread, None)
            request_var.reset(request_token)
            request_id_var.reset(id_token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        """Resolve the user before Django logs the error, so the log line names them."""
        user = getattr(request, "user", None)
        if user is not None:
            # The database may be what failed: then the line is logged without the user.
            with contextlib.suppress(Exception):
                _ = user.pk  # loads the lazy user (session lookup) if no one did yet


# The session key holding when the expiry was last pushed forward (seconds since the epoch).
SESSION_REFRESHED_AT = "_refreshed_at"


class SessionIdleTimeoutMiddleware:
    """End sessions after ``SESSION_COOKIE_AGE`` seconds without a request.

    Django sets a session's expiry only when the session is saved. Saving on every request
    (``SESSION_SAVE_EVERY_REQUEST``) costs a database write per page; instead, when a request
    used the session and the last refresh is older than ``SESSION_REFRESH_INTERVAL`` seconds,
    this marks the session modified, so SessionMiddleware saves it with a new expiry and sends
    a fresh cookie. An idle user is logged out between ``SESSION_COOKIE_AGE -
    SESSION_REFRESH_INTERVAL`` and ``SESSION_COOKIE_AGE`` seconds after their last request.
    Must come after SessionMiddleware (and AuthenticationMiddleware) in ``MIDDLEWARE``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only sessions this request already loaded (a logged-in page view); never load one here.
        if session is None or not session.accessed or session.is_empty():
            return response
        now = int(time.time())
        refreshed_at = session.get(SESSION_REFRESHED_AT)
        # A session without the stamp (just logged in: it is being saved anyway) gets one now.
        if refreshed_at is None or now - int(refreshed_at) >= settings.SESSION_REFRESH_INTERVAL:
            session[SESSION_REFRESHED_AT] = now
        return response


class PrivateResponsesMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in user.

    Pages, exports and API answers of a signed-in user hold ward data: no browser cache, proxy
    or shared computer may keep them. The user is read after the view, so a token
    authenticated by DRF counts too; a request that sent credentials but was refused (an
    ``Authorization`` header or a session cookie) is covered as well. Static files are answered
    by WhiteNoise before this runs and stay cacheable, and so do the few responses a view marks
    ``same_for_everyone`` (the service worker and the manifest: nothing of the user is in them).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if (signed_in or "HTTP_AUTHORIZATION" in request.META) and not getattr(response, "same_for_everyone", False):
            response["Cache-Control"] = "private, no-store"
        return response


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: from X-Forwarded-For behind ``TRUSTED_PROXY_COUNT`` proxies, else REMOTE_ADDR.

    Each trusted proxy appends the address it received the request from, so with N proxies the
    client is the N-th entry from the right; entries further left are whatever the client sent
    and are never trusted. Same rule as DRF's ``NUM_PROXIES`` for throttling.
    """
    remote_addr: str | None = request.META.get("REMOTE_ADDR")
    count: int = settings.TRUSTED_PROXY_COUNT
    forwarded: str | None = request.META.get("HTTP_X_FORWARDED_FOR")
    if count <= 0 or not forwarded:
        return remote_addr
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote_addr
    return addresses[-min(count, len(addresses))]


class PortalLocaleMiddleware(LocaleMiddleware):
    """Vietnamese first: pages follow the language switch (its cookie), else Vietnamese.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many officers'
    phones are set to English; the portal speaks Vietnamese unless the user switches. API
    clients may still ask for English with Accept-Language.
    """

    def process_request(self, request: HttpRequest) -> None:
        supported = {code for code, _name in settings.LANGUAGES}
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in supported:
            language = settings.LANGUAGE_CODE
            if request.path.startswith("/api/"):
                language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class CompressionMiddleware(GZipMiddleware):
    """Django's gzip middleware (issue 13 #5, light on data) for text only: HTML, JSON, CSV, scripts.

    Pages shrink to about a fifth on a phone's connection, with the demo's runserver and gunicorn
    alike. Django's own BREACH mitigations stay: CSRF tokens are masked afresh on every response,
    and this middleware adds up to 100 random bytes to each compressed response ("Heal the Breach").
    Static files never reach it (WhiteNoise answers them before, precompressed); downloads that are
    already compressed (XLSX, PDF, photos) are left alone.
    """

    compressible = ("text/", "application/json", "application/javascript", "application/manifest+json")

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith(self.compressible):
            return response
        return super().process_response(request, response)
