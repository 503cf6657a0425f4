"""A ward plan must be a PDF by its content, not only by its name."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wards.models import WardCommittee

pytestmark = pytest.mark.django_db


def _edit_data(ward) -> dict:
    return {
        "ward-name": ward.name,
        "ward-population": ward.population or "",
        "ward-active_from": ward.active_from.isoformat(),
        "ward-active_until": "",
        "committee-head_name": "",
        "committee-deputy_name": "",
        "committee-phone": "",
        "committee-established_on": "",
        "committee-plan_reference": "",
    }


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused(admin_client_, an_bien, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = _edit_data(an_bien)
    data["committee-plan_file"] = SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00 an executable", "application/pdf")
    response = admin_client_.post(f"/wards/{an_bien.pk}/edit/", data)
    assert response.status_code == 400
    assert response.context["committee_form"].errors["plan_file"]
    assert not WardCommittee.objects.get(ward=an_bien).plan_file


def test_a_real_pdf_is_accepted(admin_client_, an_bien, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = _edit_data(an_bien)
    data["committee-plan_file"] = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "application/pdf")
    response = admin_client_.post(f"/wards/{an_bien.pk}/edit/", data)
    assert response.status_code == 302
    assert WardCommittee.objects.get(ward=an_bien).plan_file
