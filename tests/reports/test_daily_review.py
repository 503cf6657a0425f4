"""A daily report in under a minute (issue 12 #11): the figures of people currently in a state are
carried over from the ward's last sent report, flows start empty, and "Review before sending"
saves the draft and shows what changed against the previous report and the unusual values before
the one "Submit" button."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from reports.choices import ReportStatus
from reports.models import Report
from tests.factories import daily

pytestmark = pytest.mark.django_db

USUAL = {"home_quarantine": 12, "central_quarantine": 3, "samples_tested": 8, "confirmed_cases": 0, "masks_given": 150}


@pytest.fixture(autouse=True)
def _english(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def history(officer_an_bien, today):
    """Ten sent days of the usual figures, the last (yesterday) with 13 under home quarantine."""
    for n in range(10, 1, -1):
        daily(officer_an_bien.ward, today - datetime.timedelta(days=n), USUAL, officer_an_bien)
    return daily(
        officer_an_bien.ward, today - datetime.timedelta(days=1), USUAL | {"home_quarantine": 13}, officer_an_bien
    )


def _value(html, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, name
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def test_latest_figures_are_carried_over_and_flows_start_empty(officer_client, history):
    html = officer_client.get(reverse("reports:today")).content.decode()
    assert _value(html, "home_quarantine") == "13"  # yesterday's, not an older day's
    assert _value(html, "central_quarantine") == "3"
    assert _value(html, "masks_given") == "" and _value(html, "samples_tested") == ""  # flows
    assert html.count('data-testid="carried-over"') == 2
    assert "carried over from the last report" in html
    assert not Report.objects.filter(period_start=history.period_start + datetime.timedelta(days=1)).exists()


def test_a_draft_or_unsent_report_is_not_a_source_and_stored_values_win(
    officer_client, officer_an_bien, history, today
):
    daily(officer_an_bien.ward, today, {"home_quarantine": 7}, officer_an_bien, status=ReportStatus.DRAFT)
    html = officer_client.get(reverse("reports:today")).content.decode()
    assert _value(html, "home_quarantine") == "7"  # the draft's own value
    assert _value(html, "central_quarantine") == "3"  # still carried where the draft has none
    assert html.count('data-testid="carried-over"') == 1


def test_no_history_no_carry_over(officer_client):
    html = officer_client.get(reverse("reports:today")).content.decode()
    assert 'data-testid="carried-over"' not in html


def test_review_saves_the_draft_and_shows_changes_and_unusual_values(officer_client, officer_an_bien, history, today):
    data = {"action": "review", "home_quarantine": "13", "central_quarantine": "3", "samples_tested": "9",
            "confirmed_cases": "0", "masks_given": "9000"}  # fmt: skip
    response = officer_client.post(reverse("reports:today"), data)
    report = Report.objects.get(ward=officer_an_bien.ward, period_start=today)
    assert response.status_code == 302 and response["Location"] == reverse("reports:confirm", args=[report.pk])
    assert report.status == ReportStatus.DRAFT  # saved, not sent

    html = officer_client.get(response["Location"]).content.decode()
    assert "Check before sending" in html
    rows = dict(re.findall(r'data-code="(\w+)"([^>]*)>', html))
    assert "data-flagged" in rows["masks_given"]  # 9,000 against a usual 150
    assert "data-flagged" not in rows["home_quarantine"]
    assert "data-changed" in rows["samples_tested"] and "data-changed" not in rows["home_quarantine"]
    assert "+1" in html and "before: 8" in html  # samples 8 → 9
    assert "1 value unusual for the ward" in html and "usually 150" in html
    assert f"Compared with the report of {history.period_label}" in html
    assert 'data-testid="submit-report"' in html and reverse("reports:submit", args=[report.pk]) in html

    # "Submit" on the review page sends it, back to today's page.
    sent = officer_client.post(
        reverse("reports:submit", args=[report.pk]), {"version": report.version, "next": reverse("reports:today")}
    )
    assert sent["Location"] == reverse("reports:today")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_review_with_a_bad_value_stays_on_the_form_with_the_summary(officer_client, history):
    response = officer_client.post(reverse("reports:today"), {"action": "review", "masks_given": "-5"})
    assert response.status_code == 400
    assert "data-error-summary" in response.content.decode()
    assert not Report.objects.filter(status=ReportStatus.DRAFT).exists()


def test_the_form_has_no_one_tap_submit(officer_client):
    html = officer_client.get(reverse("reports:today")).content.decode()
    assert 'data-testid="review-report"' in html and 'data-testid="submit-report"' not in html


def test_sent_reports_and_other_users_do_not_get_the_review_page(
    client, officer_an_bien, officer_cat_dai, committee_member, history
):
    client.force_login(officer_an_bien)
    url = reverse("reports:confirm", args=[history.pk])
    assert client.get(url)["Location"] == history.get_absolute_url()  # already sent
    client.force_login(committee_member)
    assert client.get(url).status_code == 302  # may read it, not send it
    client.force_login(officer_cat_dai)
    assert client.get(url).status_code == 404
    client.logout()
    assert "/accounts/login/" in client.get(url)["Location"]
