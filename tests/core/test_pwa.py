"""The installable web app (issue 13): the manifest, the service worker, the offline page, the logout."""

import json
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from core import pwa
from tests.core.test_csp import parse_policy

pytestmark = pytest.mark.django_db


def test_manifest_names_the_district_in_vietnamese_with_icons_and_the_header_colour(client, an_bien):
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    body = json.loads(response.content)
    assert body["name"] == "Phòng chống dịch – quận Lê Chân"
    assert body["short_name"] == "Phòng dịch"
    assert body["lang"] == "vi" and body["start_url"] == "/" and body["display"] == "standalone"
    assert body["theme_color"] == "#0a4fb4"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in body["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")}
    for icon in body["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_every_page_links_the_manifest_and_the_theme_colour(client):
    html = client.get(reverse("login")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<meta name="theme-color" content="#0a4fb4">' in html


def test_service_worker_is_served_from_the_root_uncached_with_the_shell_and_its_version(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    text = response.content.decode()
    assert f'var VERSION = "{pwa.shell_version()}";' in text
    shell = json.loads(re.search(r"var SHELL_URLS = (\[.*?\]);", text).group(1))
    assert "/offline/" in shell and "/static/vendor/bootstrap/bootstrap.min.css" in shell
    assert "/static/js/portal.js" in shell and "/static/img/favicon-32.png" in shell
    for url in shell:
        assert client.get(url).status_code == 200, url
    assert "{{" not in text and "{%" not in text


def test_an_unchanged_worker_is_a_bodiless_304_for_signed_in_users_too(client, officer_an_bien):
    client.force_login(officer_an_bien)
    first = client.get("/sw.js", HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200 and first["Cache-Control"] == "no-cache"  # not no-store: the browser keeps it
    etag = first["ETag"]  # weak once gzipped
    again = client.get("/sw.js", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["Cache-Control"] == "no-cache" and again["Service-Worker-Allowed"] == "/"
    assert client.get("/sw.js", HTTP_IF_NONE_MATCH='"another-version"').status_code == 200
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Cache-Control"] == "public, max-age=3600"
    assert client.get("/").headers["Cache-Control"] == "private, no-store"  # pages stay unkept


def test_the_shell_version_changes_with_a_deploy(settings):
    settings.DEBUG = True  # computed on each call
    first = pwa.shell_version()
    settings.PWA_SHELL_VERSION = "release-2"
    assert pwa.shell_version() != first and re.fullmatch(r"[0-9a-f]{12}", first)


def test_the_csp_lets_the_worker_and_the_manifest_load(client):
    policy = parse_policy(client.get(reverse("login"))["Content-Security-Policy"])
    assert policy["worker-src"] == ["'self'"] and policy["manifest-src"] == ["'self'"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_offline_page_is_in_vietnamese_then_english_and_holds_nothing_of_the_user(client, officer_an_bien, language):
    client.force_login(officer_an_bien)
    client.cookies["django_language"] = language
    response = client.get("/offline/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Không có kết nối mạng") < html.index("No connection")
    assert "Trang này không mở được khi không có mạng" in html
    assert "This page cannot be opened without the network" in html
    assert officer_an_bien.username not in html and "Lan" not in html
    assert "<script" not in html


def test_logout_tells_the_browser_to_clear_its_cache(client, officer_an_bien):
    client.force_login(officer_an_bien)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache"'
    assert "_auth_user_id" not in client.session


def test_the_worker_never_keeps_the_api_and_forgets_pages_on_logout(client):
    text = client.get("/sw.js").content.decode()
    assert '"/api/"' in text and 'request.method !== "GET"' in text
    assert 'url.pathname === "/accounts/logout/"' in text


@override_settings(DEBUG=False)
def test_manifest_and_worker_answer_without_a_session(client):
    assert client.get("/manifest.webmanifest").status_code == 200
    assert client.get("/sw.js").status_code == 200
    assert client.post("/sw.js").status_code == 405
