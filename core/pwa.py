"""The installable web app (issue 13): what the service worker precaches and the version of that app shell.

The service worker (``/sw.js``, ``core.views.service_worker``) caches the app shell under a name that
carries ``shell_version()``: a hash of the precached files' contents and of the offline page's
template, so a deploy that changes any of them installs a new worker, which deletes the old caches.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from django.urls import reverse

# The officer's shell: every page's CSS/JS and favicons (templates/base.html), the icons subset
# (scripts/icon_subset.py) and the scripts of the officer's forms. Left out (issue 13 #5, light on
# data): Chart.js and dashboard.js (the committee's charts; the worker caches them on first use),
# htmx (no page loads it), the manifest's icons (the phone fetches them when installing), source maps
# and licences.
SHELL_STATIC = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons-portal.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons-portal.woff",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "css/portal.css",
    "js/portal.js",
    "js/outbox.js",
    "js/forms.js",
    "js/reports.js",
    "js/inspections.js",
    "js/supplies.js",
    "img/favicon.svg",
    "img/favicon-32.png",
)
OFFLINE_TEMPLATE = Path(__file__).resolve().parent / "templates" / "core" / "offline.html"


def shell_urls() -> list[str]:
    """The URLs the service worker precaches: the static files above (hashed names in production) and the offline page."""
    return [static(name) for name in SHELL_STATIC] + [reverse("offline")]


def _read_static(name: str) -> bytes:
    found = finders.find(name)
    if isinstance(found, str):
        return Path(found).read_bytes()
    with staticfiles_storage.open(name) as handle:
        data: bytes = handle.read()
    return data


def _compute_version() -> str:
    digest = hashlib.sha256()
    for name in SHELL_STATIC:
        digest.update(name.encode())
        digest.update(_read_static(name))
    digest.update(OFFLINE_TEMPLATE.read_bytes())
    digest.update(settings.PWA_SHELL_VERSION.encode())
    return digest.hexdigest()[:12]


_cached_version = lru_cache(maxsize=1)(_compute_version)


def shell_version() -> str:
    """The app shell's version (12 hex digits); read once per process, except under DEBUG where files change."""
    return _compute_version() if settings.DEBUG else _cached_version()
