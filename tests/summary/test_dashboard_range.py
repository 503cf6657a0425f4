"""The dashboard's date range, one check for the page and the series endpoint (one default window: 7 days)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from reports.summary.forms import DashboardForm
from reports.summary.selectors import DEFAULT_RANGE_DAYS, MAX_RANGE_DAYS, dashboard_range

TODAY = datetime.date(2020, 3, 17)


def test_no_range_means_the_week_ending_today():
    assert dashboard_range(start=None, end=None, today=TODAY) == (datetime.date(2020, 3, 11), TODAY)
    assert DEFAULT_RANGE_DAYS == 7


def test_an_end_alone_gives_the_week_ending_then():
    end = datetime.date(2020, 2, 29)
    assert dashboard_range(start=None, end=end, today=TODAY) == (datetime.date(2020, 2, 23), end)


def test_a_start_alone_runs_to_today():
    start = datetime.date(2020, 1, 1)
    assert dashboard_range(start=start, end=None, today=TODAY) == (start, TODAY)


def test_a_one_day_range_and_a_year_with_its_leap_day_are_accepted():
    assert dashboard_range(start=TODAY, end=TODAY, today=TODAY) == (TODAY, TODAY)
    start = TODAY - datetime.timedelta(days=MAX_RANGE_DAYS - 1)
    assert dashboard_range(start=start, end=TODAY, today=TODAY) == (start, TODAY)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (datetime.date(2020, 3, 18), TODAY, "The start must not be after the end."),
        (TODAY - datetime.timedelta(days=MAX_RANGE_DAYS), TODAY, "Choose at most 366 days."),
    ],
)
def test_a_reversed_or_too_long_range_is_refused_on_start(start, end, message):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        dashboard_range(start=start, end=end, today=TODAY)
    assert caught.value.message_dict == {"start": [message]}


@pytest.mark.django_db
def test_the_form_shows_the_range_error_on_start():
    with translation.override("en"):
        form = DashboardForm({"start": "2020-03-18", "end": "2020-03-17"})
        assert not form.is_valid()
        assert form.errors == {"start": ["The start must not be after the end."]}


@pytest.mark.django_db
def test_the_series_endpoint_defaults_to_the_dashboard_s_week(committee_api, le_chan, catalogue, clock, today):
    body = committee_api.get("/api/v1/summaries/series/", {"indicator": "confirmed_cases"}).json()
    assert body["start"] == (today - datetime.timedelta(days=6)).isoformat()
    assert body["end"] == today.isoformat()
    assert len(body["values"]) == DEFAULT_RANGE_DAYS


@pytest.mark.django_db
def test_the_series_endpoint_refuses_a_too_long_range_with_the_same_message(committee_api, le_chan, catalogue, clock):
    response = committee_api.get(
        "/api/v1/summaries/series/",
        {"indicator": "confirmed_cases", "start": "2019-01-01", "end": "2020-03-17"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {"start": ["Choose at most 366 days."]}
