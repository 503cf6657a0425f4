"""The health check, the error pages (403, 404, 500) every URL falls back on, and the installable
web app's manifest, service worker, offline page and outbox page (issue 13)."""

import hashlib
import json
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import gettext, pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from core.health import health
from core.pwa import shell_urls, shell_version

# The header's blue (static/css/portal.css, .navbar-portal) and the page's light grey.
THEME_COLOUR = "#0a4fb4"
BACKGROUND_COLOUR = "#f8f9fa"


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


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """``/manifest.webmanifest``: the web app manifest, in Vietnamese (the district's name from its row)."""
    with translation.override("vi"):
        # The district's name comes from the context processor (wards.context_processors), as on the footer.
        name = loader.render_to_string("core/app_name.txt", request=request).strip()
        icons: list[dict[str, Any]] = [
            {"src": static(f"img/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
            for size in (192, 512)
        ] + [
            {
                "src": static(f"img/icon-maskable-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "maskable",
            }
            for size in (192, 512)
        ]
        body = {
            "name": name,
            "short_name": pgettext("short name of the installed app", "Epidemic prevention"),
            "description": gettext("Daily reports, urgent reports and dashboards for COVID-19 prevention."),
            "lang": "vi",
            "dir": "ltr",
            "id": "/",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "theme_color": THEME_COLOUR,
            "background_color": BACKGROUND_COLOUR,
            "icons": icons,
        }
    response = HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    response.same_for_everyone = True  # type: ignore[attr-defined]  # core.middleware.PrivateResponsesMiddleware
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """``/sw.js``: the service worker, scope ``/``, with the app shell's URLs and version written in.

    ``no-cache`` with an ``ETag``: the browser asks again on each check for an update (on every
    navigation, at least daily) and, the worker unchanged, gets a bodiless 304 instead of the script.
    The same for every user, so it stays out of ``no-store`` (``same_for_everyone``).
    """
    text = loader.render_to_string(
        "core/sw.js",
        {
            "version": shell_version(),
            "shell_urls": json.dumps(shell_urls(), ensure_ascii=False),
            "static_prefix": json.dumps(settings.STATIC_URL),
        },
    )
    etag = quote_etag(hashlib.sha256(text.encode()).hexdigest()[:32])
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        text, content_type="text/javascript; charset=utf-8"
    )
    response["ETag"] = etag
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    response.same_for_everyone = True  # type: ignore[attr-defined]  # core.middleware.PrivateResponsesMiddleware
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """``/offline/``: shown by the service worker for a page it has not kept. Nothing of the user is on it
    (it is precached and shown to whoever uses the phone), in Vietnamese and English whatever the language."""
    response = render(request, "core/offline.html")
    response["Cache-Control"] = "no-cache"
    return response


class LogoutView(auth_views.LogoutView):
    """Log out and tell the browser to forget what it cached (``Clear-Site-Data: "cache"``): the next
    user of the phone never sees the pages of the previous one. The service worker empties its page
    cache on the logout too (core/templates/core/sw.js)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache"'
        return response


# ---- The offline outbox (issue 13) ---------------------------------------------------------------


class OutboxView(LoginRequiredMixin, TemplateView):
    """``/outbox/``: the entries this phone keeps for the signed-in user until the server has them.

    The list lives in the browser (IndexedDB, static/js/outbox.js); the page is its frame and its
    words, kept by the service worker so it opens offline. Nothing of another user is on it."""

    template_name = "core/outbox.html"


@never_cache
@require_GET
def outbox_session(request: HttpRequest) -> HttpResponse:
    """``/outbox/session/``: who is signed in and a fresh CSRF token, asked before the outbox sends.

    A session that ended answers 401 (not a redirect): the outbox keeps its entries and asks the user
    to log in again. The user's id lets it send only that user's entries."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": gettext("Log in again to send what is waiting.")}, status=401)
    return JsonResponse({"user": request.user.pk, "csrf": get_token(request)})
