"""Saving and submitting the daily report from its page runs a bounded number of queries (issue 12 #12)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from reports.models import Report
from tests.factories import OfficerFactory, WardFactory, bulk_daily

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20


@pytest.fixture(autouse=True)
def _setup(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _post_data(catalogue, version=None, action="save", bump=0):
    data = {"action": action, "situation": "Ổn định", "difficulties": "", "proposals": ""}
    for indicator in catalogue.values():
        if indicator.in_daily:
            data[indicator.code] = str(10 + bump) if indicator.code != "confirmed_cases" else "0"
    if version is not None:
        data["version"] = str(version)
    return data


@pytest.mark.parametrize("scale", [1, 5])
def test_saving_and_submitting_the_daily_report_stay_under_twenty_queries(
    client, catalogue, all_wards, today, scale, django_assert_max_num_queries
):
    wards = all_wards + [WardFactory(code=f"extra-{i}", name=f"Phường {i}") for i in range(15 * (scale - 1))]
    officer = OfficerFactory(ward=all_wards[0])
    days = [today - datetime.timedelta(days=d) for d in range(1, 3 * scale + 1)]
    bulk_daily(
        wards, days, officer, {i.code: 10 for i in catalogue.values() if i.in_daily and i.code != "confirmed_cases"}
    )
    client.force_login(officer)
    url = reverse("reports:today")
    client.get(url)  # session, language: what a real visit already has
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.post(url, _post_data(catalogue))
    assert response.status_code == 302, response.content[:2000]
    report = Report.objects.get(ward=officer.ward, kind="daily", period_start=today)
    assert report.values.count() == sum(1 for i in catalogue.values() if i.in_daily)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.post(url, _post_data(catalogue, version=report.version, bump=1))
    assert response.status_code == 302
    report.refresh_from_db()
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.post(url, _post_data(catalogue, version=report.version, action="submit", bump=2))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
