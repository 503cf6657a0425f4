"""Our error pages: 404 for everyone (with the navigation once logged in), 500 without the database."""

import pytest
from django.test import RequestFactory

from core.views import server_error
from tests.helpers import t, template_names

pytestmark = pytest.mark.django_db


def test_unknown_url_shows_our_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in template_names(response)
    assert t("Page not found") in response.text
    assert t("The page you asked for does not exist or you may not see it.") in response.text


def test_logged_in_unknown_url_shows_our_404_page_with_navigation(officer_client):
    response = officer_client.get("/wards/no-such-thing/")
    assert response.status_code == 404
    assert t("Page not found") in response.text
    assert 'data-testid="user-menu"' in response.text


def test_server_error_page_renders_without_database_or_request_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    content = response.content.decode()
    assert "500" in content and t("Server error") in content
