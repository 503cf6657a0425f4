"""Editing a ward and its steering committee (administrators only): saving, the plan upload, errors."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.helpers import t, template_names
from wards.models import Ward, WardCommittee

pytestmark = pytest.mark.django_db


def edit_data(ward: Ward, **changes) -> dict:
    committee = ward.committee
    data = {
        "ward-name": ward.name,
        "ward-population": ward.population or "",
        "ward-active_from": ward.active_from.isoformat(),
        "ward-active_until": "",
        "committee-head_name": committee.head_name,
        "committee-deputy_name": committee.deputy_name,
        "committee-phone": committee.phone,
        "committee-established_on": "",
        "committee-plan_reference": committee.plan_reference,
    }
    data.update(changes)
    return data


def test_admin_opens_the_ward_edit_page(admin_client_, an_bien):
    response = admin_client_.get(f"/wards/{an_bien.pk}/edit/")
    assert response.status_code == 200
    assert 'name="ward-name"' in response.text and 'name="committee-head_name"' in response.text


def test_admin_saves_ward_and_committee(admin_client_, an_bien):
    data = edit_data(
        an_bien,
        **{
            "ward-population": "14250",
            "committee-head_name": "Nguyễn Thị Hằng",
            "committee-deputy_name": "Trần Văn Bình",
            "committee-phone": "0225 3855 123",
            "committee-established_on": "2020-01-30",
            "committee-plan_reference": "12/KH-BCĐ",
        },
    )
    response = admin_client_.post(f"/wards/{an_bien.pk}/edit/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/wards/{an_bien.pk}/"
    an_bien.refresh_from_db()
    committee = WardCommittee.objects.get(ward=an_bien)
    assert an_bien.population == 14250
    assert (committee.head_name, committee.deputy_name) == ("Nguyễn Thị Hằng", "Trần Văn Bình")
    assert committee.established_on == datetime.date(2020, 1, 30)
    assert committee.has_plan


def test_admin_uploads_the_plan_pdf(admin_client_, an_bien, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = edit_data(an_bien)
    data["committee-plan_file"] = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    response = admin_client_.post(f"/wards/{an_bien.pk}/edit/", data)
    assert response.status_code == 302
    committee = WardCommittee.objects.get(ward=an_bien)
    assert committee.plan_file.name.startswith("ward-plans/")
    assert committee.has_plan


def test_ward_edit_refuses_a_plan_that_is_not_a_pdf(admin_client_, an_bien, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = edit_data(an_bien)
    data["committee-plan_file"] = SimpleUploadedFile("plan.exe", b"MZ", content_type="application/octet-stream")
    response = admin_client_.post(f"/wards/{an_bien.pk}/edit/", data)
    assert response.status_code == 400
    assert response.context["committee_form"].errors["plan_file"] == [t("The plan file must be a PDF.")]
    assert not WardCommittee.objects.get(ward=an_bien).plan_file


def test_ward_edit_error_keeps_typed_values_and_saves_nothing(admin_client_, an_bien):
    data = edit_data(
        an_bien,
        **{
            "ward-name": "An Biên mới",
            "ward-population": "nhiều",  # not a number
            "ward-active_until": "2019-12-31",  # before active_from
            "committee-head_name": "Phạm Thị Thu",
        },
    )
    response = admin_client_.post(f"/wards/{an_bien.pk}/edit/", data)
    assert response.status_code == 400
    form = response.context["ward_form"]
    assert "population" in form.errors
    html = response.text
    assert 'value="An Biên mới"' in html
    assert 'value="nhiều"' in html
    assert 'value="Phạm Thị Thu"' in html
    an_bien.refresh_from_db()
    assert an_bien.name == "An Biên"
    assert WardCommittee.objects.get(ward=an_bien).head_name == ""


def test_ward_edit_refuses_an_end_date_before_the_start(admin_client_, an_bien):
    response = admin_client_.post(
        f"/wards/{an_bien.pk}/edit/", edit_data(an_bien, **{"ward-active_until": "2019-12-31"})
    )
    assert response.status_code == 400
    assert t("The end date must not be before the start date.") in response.text
    an_bien.refresh_from_db()
    assert an_bien.active_until is None


@pytest.mark.parametrize("role", ["committee", "officer"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_administrators_edit_wards(page_client_for, role, method, an_bien):
    client = page_client_for(role)
    response = getattr(client, method)(
        f"/wards/{an_bien.pk}/edit/", edit_data(an_bien, **{"ward-name": "X"}) if method == "post" else None
    )
    assert response.status_code == 403
    assert "403.html" in template_names(response)
    assert t("Access denied") in response.text
    an_bien.refresh_from_db()
    assert an_bien.name == "An Biên"


def test_admin_gets_404_for_editing_a_missing_ward(admin_client_):
    assert admin_client_.get("/wards/999999/edit/").status_code == 404
