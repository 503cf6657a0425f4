"""The health check and the error pages (403, 404, 500) every URL falls back on."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone

from core.health import health


def healthz(request: HttpRequest) -> JsonResponse:
    """JSON health: database, broker and the apps' probes. 200 when the database answers, 503 when not."""
    ok, answer = health(timezone.now())
    return JsonResponse(answer, status=200 if ok else 503)


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """``/favicon.ico``, asked for by browsers and bookmarks whatever the page links: the static icon
    (a temporary redirect, as the static file's hashed name changes with each release)."""
    response = HttpResponseRedirect(static("img/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: no context processors, so it works when the database is down.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
