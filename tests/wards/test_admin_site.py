"""The Django admin: open to administrators only, for browsing and for logging in."""

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_admin_site_opens_for_administrators(admin_client_):
    response = admin_client_.get("/admin/")
    assert response.status_code == 200
    assert admin_client_.get("/admin/wards/ward/").status_code == 200
    assert admin_client_.get("/admin/wards/user/").status_code == 200


@pytest.mark.parametrize("role", ["committee", "officer"])
def test_admin_site_refuses_committee_and_officers(page_client_for, role):
    client = page_client_for(role)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/wards/ward/").status_code == 302


@pytest.mark.parametrize("persona", ["committee_member", "officer_an_bien"])
def test_committee_and_officers_cannot_log_in_to_the_admin(client, request, persona):
    user = request.getfixturevalue(persona)
    response = client.post("/admin/login/?next=/admin/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200  # the form again, with an error
    assert client.get("/admin/").status_code == 302


def test_administrator_logs_in_to_the_admin(client, district_admin):
    response = client.post("/admin/login/?next=/admin/", {"username": district_admin.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
