"""The server's side of the offline outbox (issue 13): the outbox page, the session/CSRF endpoint the
outbox asks before sending, and the report forms' conflict answer (X-Conflict-Report)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.pwa import shell_urls
from reports.models import Report
from tests.factories import OfficerFactory, draft_daily, submitted_daily

pytestmark = pytest.mark.django_db


def test_outbox_page_needs_a_login_and_carries_only_the_signed_in_users_id(officer_client, officer_an_bien):
    assert Client().get(reverse("outbox")).status_code == 302
    response = officer_client.get(reverse("outbox"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<meta name="pcd-user" content="{officer_an_bien.pk}">' in html
    assert "data-outbox-page" in html and "data-outbox-badge" in html


def test_session_endpoint_gives_the_user_and_a_fresh_token_and_401_when_the_session_ended(
    officer_client, officer_an_bien
):
    ended = Client().get(reverse("outbox-session"))
    assert ended.status_code == 401 and ended["Content-Type"] == "application/json"
    answer = officer_client.get(reverse("outbox-session"))
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
    body = answer.json()
    assert body["user"] == officer_an_bien.pk and len(body["csrf"]) >= 32
    assert officer_client.post(reverse("outbox-session")).status_code == 405


@pytest.fixture
def today():
    return timezone.localdate()


def test_an_outbox_post_without_version_while_the_report_now_exists_is_a_conflict_not_an_overwrite(
    officer_client, officer_an_bien, catalogue, today
):
    colleague = OfficerFactory(username="officer2.an-bien.test", ward=officer_an_bien.ward)
    theirs = submitted_daily(colleague, today, {"home_quarantine": 9})
    data = {"action": "submit", "version": "", "home_quarantine": "15", "idempotency_key": "k-1"}
    response = officer_client.post(reverse("reports:today"), data, HTTP_X_OUTBOX="1")
    assert response.status_code == 400
    assert response["X-Conflict-Report"] == str(theirs.pk)
    theirs.refresh_from_db()
    assert theirs.values.get(indicator__code="home_quarantine").value == 9
    assert Report.objects.count() == 1


def test_a_stale_version_names_the_report_in_conflict(officer_client, officer_an_bien, catalogue, today):
    report = draft_daily(officer_an_bien, today, {"home_quarantine": 9})
    data = {"action": "save", "version": report.version - 1 if report.version > 1 else 99, "home_quarantine": "15"}
    response = officer_client.post(reverse("reports:edit", args=[report.pk]), data)
    assert response.status_code == 400 and response["X-Conflict-Report"] == str(report.pk)


def test_a_broken_rule_is_a_refusal_without_conflict(officer_client, catalogue):
    data = {"action": "submit", "confirmed_cases": "5", "samples_tested": "3"}
    response = officer_client.post(reverse("reports:today"), data, HTTP_X_OUTBOX="1")
    assert response.status_code == 400 and "X-Conflict-Report" not in response
    assert Report.objects.count() == 0


def test_the_service_worker_imports_the_outbox_and_the_shell_keeps_it(client):
    body = client.get("/sw.js").content.decode()
    assert 'importScripts("/static/js/outbox.js")' in body
    assert 'self.addEventListener("sync"' in body
    assert "/static/js/outbox.js" in shell_urls()
