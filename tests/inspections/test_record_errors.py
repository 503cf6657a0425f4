"""A failed save of the inspection record form shows the error summary at its top (issue 12 #2)."""

import pytest
from django.utils import timezone

from inspections.services import schedule_create

pytestmark = pytest.mark.django_db


def test_record_form_shows_the_summary_linking_to_the_checklist_and_keeps_the_findings(
    client, inspector, team, restaurant, district_admin
):
    visit = schedule_create(user=district_admin, team=team, establishment=restaurant, date=timezone.localdate())
    client.force_login(inspector)
    response = client.post(f"/inspections/record/{visit.pk}/", {"findings": "Đã ghi chép"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "data-error-summary" in html and 'role="alert"' in html
    start = html.index("data-error-summary")
    assert html.index("Đã ghi chép</textarea>") > start  # the summary is above the fields; the text is kept
    summary = html[start : html.index("</div>", start)]
    assert 'href="#id_result"' in summary or 'href="#id_result_0"' in summary
    assert "_0" in summary  # a checklist question (radios) links to its first answer
