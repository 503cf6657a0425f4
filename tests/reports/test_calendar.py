"""A ward's reporting calendar: submitted, late, missing and upcoming days; whose calendar one may see."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from reports.selectors import ward_calendar
from tests.factories import submitted_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"  # pages and API messages are asserted in English (the msgids)
    with translation.override("en"):
        yield


def _client_for(user):
    """A second logged-in client (the persona client fixtures share one ``client``)."""
    other = Client()
    other.force_login(user)
    return other


def test_ward_calendar_marks_submitted_late_missing_and_upcoming(officer_an_bien, clock, today):
    ward = officer_an_bien.ward
    clock(datetime.date(2020, 3, 2), 9)
    submitted_daily(officer_an_bien, datetime.date(2020, 3, 2))
    clock(datetime.date(2020, 3, 3), 18)
    submitted_daily(officer_an_bien, datetime.date(2020, 3, 3))
    days = {d["day"].day: d["state"] for d in ward_calendar(ward, datetime.date(2020, 3, 1), today)}
    assert days[2] == "submitted"
    assert days[3] == "late"
    assert days[4] == "missing"
    assert days[17] == "upcoming"
    assert days[31] == "upcoming"


def test_calendar_for_officer_and_committee(officer_client, committee_member, officer_an_bien, cat_dai, today):
    committee_client = _client_for(committee_member)
    submitted_daily(officer_an_bien, today - datetime.timedelta(days=1))
    html = officer_client.get(reverse("reports:calendar") + "?month=2020-03").content.decode()
    assert 'data-state="late"' in html and 'data-state="missing"' in html  # yesterday, sent this morning
    assert officer_client.get(reverse("reports:calendar") + f"?ward={cat_dai.pk}").status_code == 404
    assert committee_client.get(reverse("reports:calendar") + f"?ward={cat_dai.pk}").status_code == 200
