"""Completeness: only wards active in the period are expected; the committee's home page shows it."""

import datetime

import pytest
from django.utils import translation

from reports.choices import ReportStatus
from reports.selectors import completeness, daily_completeness, missing_wards
from tests.factories import WardFactory, bulk_daily, submitted_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"  # pages and API messages are asserted in English (the msgids)
    with translation.override("en"):
        yield


def test_completeness_counts_only_wards_active_in_the_period(all_wards, officer_an_bien, today):
    bulk_daily(all_wards[:10], [today], officer_an_bien)
    bulk_daily(all_wards[10:12], [today], officer_an_bien, late=True)
    bulk_daily(all_wards[12:13], [today], officer_an_bien, status=ReportStatus.DRAFT)
    result = completeness("daily", today)
    assert (result["expected"], result["submitted"], result["late"], result["missing"]) == (15, 12, 2, 3)
    assert result["rate"] == 80.0


def test_completeness_with_a_ward_added_mid_month(all_wards, officer_an_bien):
    march = [datetime.date(2020, 3, d) for d in range(1, 17)]
    new_ward = WardFactory(code="phuong-moi", name="Phường Mới", active_from=datetime.date(2020, 3, 10))
    bulk_daily(all_wards, march, officer_an_bien)
    # The new ward reports from its first day; a stray report before that day is not counted.
    bulk_daily([new_ward], [d for d in march if d >= datetime.date(2020, 3, 9)], officer_an_bien)
    days = {row["day"]: row for row in daily_completeness(march[0], march[-1])}
    assert days[datetime.date(2020, 3, 9)]["expected"] == 15
    assert days[datetime.date(2020, 3, 9)]["submitted"] == 15
    assert days[datetime.date(2020, 3, 10)]["expected"] == 16
    assert all(row["rate"] == 100.0 for row in days.values())
    assert completeness("daily", datetime.date(2020, 3, 9))["expected"] == 15
    monthly = completeness("monthly", datetime.date(2020, 3, 1))
    assert monthly["expected"] == 16


def test_ward_that_closed_is_not_expected_afterwards(all_wards, today):
    ward = all_wards[0]
    ward.active_until = today - datetime.timedelta(days=1)
    ward.save()
    assert completeness("daily", today)["expected"] == 14
    assert ward not in missing_wards("daily", today)


def test_committee_home_shows_completeness(committee_client, officer_an_bien, today):
    submitted_daily(officer_an_bien, today)
    html = committee_client.get("/").content.decode()
    assert '<div class="kpi-value" data-testid="completeness">1/15</div>' in html
