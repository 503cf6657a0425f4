"""Every response to a signed-in user is ``Cache-Control: private, no-store``: pages, exports, API."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


@pytest.mark.parametrize(
    "path",
    ["/", "/wards/", "/reports/", "/inspections/establishments/", "/supplies/", "/api/v1/wards/", "/nowhere/"],
)
def test_pages_and_api_of_a_signed_in_officer_are_not_cached(officer_client, path):
    response = officer_client.get(path)
    assert response["Cache-Control"] == PRIVATE, (path, response.status_code)


def test_exports_are_not_cached(committee_client):
    response = committee_client.get(reverse("supplies:ledger-export", args=["csv"]))
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def test_token_authenticated_api_answers_are_not_cached(officer_an_bien):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer_an_bien).key}")
    response = api.get("/api/v1/reports/")
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def test_a_refused_token_answer_is_not_cached_either(db):
    response = APIClient(HTTP_AUTHORIZATION="Token not-a-real-token").get("/api/v1/reports/")
    assert response.status_code == 401
    assert response["Cache-Control"] == PRIVATE


def test_static_files_stay_cacheable(client):
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
