"""Content-Security-Policy: the header on HTML responses, its nonce, and pages that run under it."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import browser_login

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],  # + the request's nonce when the page uses one
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],  # the service worker, /sw.js (issue 13)
    "manifest-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
NONCE = re.compile(r"'nonce-([A-Za-z0-9_-]{16,})'")


def parse_policy(header: str) -> dict[str, list[str]]:
    """The directives of a policy, nonces left out."""
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = [v for v in values if not NONCE.fullmatch(v)]
    return directives


def header_nonce(response) -> str:
    match = NONCE.search(response["Content-Security-Policy"])
    assert match, response["Content-Security-Policy"]
    return match.group(1)


@pytest.fixture
def pages(client, officer_an_bien):
    """(name, response) of the home page (logged in), the login page and a 404 page."""

    def fetch():
        client.logout()
        anonymous = client.get(reverse("login"))
        missing = client.get("/no-such-page/")
        client.force_login(officer_an_bien)
        home = client.get(reverse("home"))
        return {"login": anonymous, "404": missing, "home": home}

    return fetch


@pytest.mark.django_db
def test_html_pages_carry_the_policy(pages):
    responses = pages()
    assert responses["404"].status_code == 404
    for name, response in responses.items():
        assert parse_policy(response["Content-Security-Policy"]) == POLICY, name


@pytest.mark.django_db
def test_html_pages_carry_a_fresh_nonce_that_their_script_tags_use(pages):
    first, second = pages(), pages()
    for name in first:
        nonce = header_nonce(first[name])
        html = first[name].content.decode()
        # The layout's scripts (the vendored Bootstrap bundle) carry this response's nonce.
        bundle = re.search(r"<script\b[^>]*bootstrap\.bundle\.min\.js[^>]*>", html)
        assert bundle, name
        assert f'nonce="{nonce}"' in bundle.group(0), (name, bundle.group(0))
        assert header_nonce(second[name]) != nonce, name


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style_without_the_nonce(pages):
    for name, response in pages().items():
        html = response.content.decode()
        match = NONCE.search(response["Content-Security-Policy"])
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
            assert "src=" in tag or (match and f'nonce="{match.group(1)}"' in tag), (name, tag)
        assert not re.search(r"\son[a-z]+=", html), name  # no onclick= handlers
        assert not re.search(r"\sstyle=", html), name  # no style="" attributes


@pytest.mark.django_db
def test_api_docs_page_has_no_inline_script_and_its_style_uses_the_nonce(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    nonce = header_nonce(response)
    assert f'<style nonce="{nonce}">' in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


@pytest.mark.django_db
def test_api_json_responses_carry_the_policy_without_a_nonce(officer_api):
    response = officer_api.get("/api/v1/wards/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "nonce-" not in policy  # nothing in a JSON body could use one


def test_report_only_switch_keeps_the_same_policy():
    # CSP_REPORT_ONLY=1 moves the same policy to the report-only header (used while rolling out).
    assert settings.SECURE_CSP and not settings.SECURE_CSP_REPORT_ONLY


# ---- In a real browser: no CSP violations on the pages that carry the most script and style ----

VIOLATIONS_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def _watch(page):
    console = []
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    page.add_init_script(VIOLATIONS_LISTENER)
    return console


def _assert_no_violations(page, console, where):
    violations = page.evaluate("window.__cspViolations")
    csp_console = [text for text in console if "Content Security Policy" in text]
    assert violations == [], (where, violations)
    assert csp_console == [], (where, csp_console)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_api_docs_and_admin_run_without_csp_violations(phone_page, district_admin, an_bien):
    page = phone_page
    console = _watch(page)
    browser_login(page, district_admin.username)
    _assert_no_violations(page, console, "home")

    page.goto("/api/docs/")
    # Swagger UI builds its page from the schema: proof that its scripts ran.
    page.wait_for_selector(".swagger-ui .opblock-tag", timeout=20_000)
    assert page.locator(".swagger-ui .opblock-tag").count() > 0
    _assert_no_violations(page, console, "api docs")

    for path in ("/admin/", "/admin/wards/ward/", f"/admin/wards/ward/{an_bien.pk}/change/"):
        page.goto(path)
        page.wait_for_selector("#content")
        _assert_no_violations(page, console, path)
    # The admin's own JavaScript ran (it builds the "Show/Hide" navigation sidebar toggle).
    page.goto("/admin/wards/ward/")
    assert page.locator("#toggle-nav-sidebar").count() == 1
    _assert_no_violations(page, console, "ward changelist")
