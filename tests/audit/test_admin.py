"""Nobody edits the audit trail in the admin, not even a district administrator."""

import pytest
from auditlog.context import set_actor
from django.urls import reverse

from tests.audit.conftest import entries_of
from tests.factories import WardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(district_admin):
    with set_actor(district_admin):
        ward = WardFactory(name="Phường kiểm thử")
    [created] = entries_of(ward)
    return created


def test_administrator_reads_entries_in_the_admin(admin_client_, entry):
    assert admin_client_.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
    response = admin_client_.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
    assert response.status_code == 200
    assert b'name="_save"' not in response.content  # read only


def test_administrator_cannot_change_an_entry(admin_client_, entry):
    response = admin_client_.post(
        reverse("admin:auditlog_logentry_change", args=[entry.pk]), {"object_repr": "sửa lén"}
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.object_repr == "Phường kiểm thử"


def test_administrator_cannot_delete_or_add_entries(admin_client_, entry):
    assert (
        admin_client_.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert admin_client_.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    response = admin_client_.post(
        reverse("admin:auditlog_logentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    entry.refresh_from_db()  # still there


def test_committee_cannot_enter_the_admin_log(committee_client, entry):
    response = committee_client.get(reverse("admin:auditlog_logentry_changelist"))
    assert response.status_code == 302 and "login" in response["Location"]
