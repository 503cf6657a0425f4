"""The dashboard's live completeness (one LEFT JOIN aggregate) counts as the reports app does."""

import datetime

import pytest

from reports.choices import ReportKind, ReportStatus
from reports.selectors import completeness
from reports.summary.selectors import live_completeness
from tests.factories import WardFactory, daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    yield


def test_live_completeness_equals_the_reports_apps_count(le_chan, all_wards, committee_member, today):
    yesterday = today - datetime.timedelta(days=1)
    daily(all_wards[0], today, {"confirmed_cases": 1}, committee_member)
    daily(all_wards[1], today, {"confirmed_cases": 1}, committee_member, late=True)
    daily(all_wards[2], today, {}, committee_member, status=ReportStatus.DRAFT)
    daily(all_wards[3], today, {}, committee_member, status=ReportStatus.RETURNED, late=True)
    daily(all_wards[4], today, {}, committee_member, status=ReportStatus.APPROVED)
    daily(all_wards[5], yesterday, {"confirmed_cases": 1}, committee_member)
    WardFactory(district=le_chan, active_from=today + datetime.timedelta(days=1))
    WardFactory(district=le_chan, active_from=today - datetime.timedelta(days=30), active_until=yesterday)
    WardFactory(district=le_chan, active_from=today)
    for day in (today, yesterday):
        live = live_completeness(district=le_chan, day=day)
        assert live == completeness(ReportKind.DAILY, day, le_chan)
    live = live_completeness(district=le_chan, day=today)
    assert (live["expected"], live["submitted"], live["late"], live["missing"]) == (16, 4, 2, 12)
