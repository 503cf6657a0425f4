"""The home page for each role: the officer's own ward today, the district's fifteen wards, the navigation."""

import pytest
from django.utils import timezone

from tests.helpers import t, template_names
from wards.seed import LE_CHAN_WARDS

pytestmark = pytest.mark.django_db


WARD_NAMES = [name for _code, name in LE_CHAN_WARDS]


def test_anonymous_home_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/")


def test_officer_home_shows_own_ward_today(officer_client):
    response = officer_client.get("/")
    assert response.status_code == 200
    assert "wards/home_officer.html" in template_names(response)
    assert response.context["ward"].code == "an-bien"
    assert response.context["today"] == timezone.localdate()
    html = response.text
    assert "An Biên" in html
    assert "Cát Dài" not in html  # nothing of another ward


@pytest.mark.parametrize("role", ["committee", "admin"])
def test_committee_and_admin_home_shows_all_fifteen_wards(page_client_for, role):
    response = page_client_for(role).get("/")
    assert response.status_code == 200
    assert "wards/home_district.html" in template_names(response)
    for name in WARD_NAMES:
        assert name in response.text
    assert len(response.context["wards"]) == 15


def test_navigation_offers_administration_only_to_administrators(page_client_for):
    assert 'href="/admin/"' in page_client_for("admin").get("/").text
    assert 'href="/admin/"' not in page_client_for("committee").get("/").text
    assert 'href="/admin/"' not in page_client_for("officer").get("/").text


def test_navigation_names_the_officers_ward_page_my_ward(page_client_for):
    assert t("My ward") in page_client_for("officer").get("/").text
    assert t("My ward") not in page_client_for("committee").get("/").text
