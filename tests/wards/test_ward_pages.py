"""Ward list and detail pages, and the committee's plan download, for each role."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.helpers import template_names
from wards.seed import LE_CHAN_WARDS

pytestmark = pytest.mark.django_db


WARD_NAMES = [name for _code, name in LE_CHAN_WARDS]


def test_officer_ward_list_shows_own_ward_only(officer_client, an_bien):
    response = officer_client.get("/wards/")
    assert response.status_code == 200
    assert list(response.context["wards"]) == [an_bien]
    assert "Cát Dài" not in response.text


@pytest.mark.parametrize("role", ["committee", "admin"])
def test_committee_and_admin_ward_list_shows_all_wards(page_client_for, role):
    response = page_client_for(role).get("/wards/")
    assert response.status_code == 200
    assert len(response.context["wards"]) == 15
    for name in WARD_NAMES:
        assert name in response.text


def test_officer_sees_own_ward_detail(officer_client, an_bien):
    response = officer_client.get(f"/wards/{an_bien.pk}/")
    assert response.status_code == 200
    assert "An Biên" in response.text
    assert f"/wards/{an_bien.pk}/edit/" not in response.text  # no edit button for officers


def test_officer_of_an_bien_gets_404_for_cat_dai(officer_client, cat_dai):
    response = officer_client.get(f"/wards/{cat_dai.pk}/")
    assert response.status_code == 404
    assert "404.html" in template_names(response)
    assert "Cát Dài" not in response.text


@pytest.mark.parametrize("role", ["committee", "admin"])
def test_committee_and_admin_see_any_ward_detail(page_client_for, role, cat_dai):
    response = page_client_for(role).get(f"/wards/{cat_dai.pk}/")
    assert response.status_code == 200
    assert "Cát Dài" in response.text
    assert (f"/wards/{cat_dai.pk}/edit/" in response.text) is (role == "admin")


@pytest.mark.parametrize("path", ["/wards/", "/wards/1/", "/wards/1/edit/", "/accounts/password/"])
def test_anonymous_is_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.fixture
def an_bien_plan(an_bien, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    committee = an_bien.committee
    committee.plan_file = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 plan of An Bien")
    committee.save()
    return an_bien


@pytest.mark.parametrize("role", ["officer", "committee", "admin"])
def test_plan_is_downloaded_by_users_who_see_the_ward(page_client_for, role, an_bien_plan):
    detail = page_client_for(role).get(f"/wards/{an_bien_plan.pk}/")
    assert f"/wards/{an_bien_plan.pk}/plan/" in detail.text
    response = page_client_for(role).get(f"/wards/{an_bien_plan.pk}/plan/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plan of An Bien"
    response.close()


def test_plan_of_another_ward_is_404_for_an_officer(page_client_for, an_bien_plan, officer_cat_dai):
    client = Client()
    client.force_login(officer_cat_dai)
    assert client.get(f"/wards/{an_bien_plan.pk}/plan/").status_code == 404


def test_plan_download_needs_login(client, an_bien_plan):
    assert client.get(f"/wards/{an_bien_plan.pk}/plan/")["Location"].startswith("/accounts/login/")


def test_plan_download_is_404_when_no_plan_is_on_file(committee_client, an_bien):
    assert committee_client.get(f"/wards/{an_bien.pk}/plan/").status_code == 404
