"""The series endpoint's trends (issue 14 #5, #8): ``average=7`` (a 7-day moving average, a gap or
an open day gives null) and ``per=100000`` (rates per 100,000 residents of the ward or district)."""

import datetime

import pytest

from reports.choices import ReportKind
from reports.summary.services import summary_compile
from tests.factories import daily

pytestmark = pytest.mark.django_db

SERIES = "/api/v1/summaries/series/"


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    yield


@pytest.fixture
def fortnight(le_chan, all_wards, committee_member, today, clock):
    """Ward 0 reports k confirmed cases k days before today (k = 0..13), every day compiled."""
    for k in range(14):
        day = today - datetime.timedelta(days=k)
        daily(all_wards[0], day, {"confirmed_cases": k}, committee_member)
        summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=day)
    for n, ward in enumerate(all_wards):
        ward.population = 10_000 if n else 20_000  # the district: 14 × 10,000 + 20,000 = 160,000
        ward.save(update_fields=["population"])
    clock(today, 21)
    return all_wards


def ask(api, today, **extra):
    params = {"indicator": "confirmed_cases", "start": (today - datetime.timedelta(days=2)).isoformat()}
    params.update(extra)
    response = api.get(SERIES, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_without_options_nothing_changes(committee_api, fortnight, today):
    data = ask(committee_api, today)
    assert data["values"] == [2, 1, 0]
    assert data["average"] is None and data["per"] is None and data["population"] is None


def test_the_seven_day_average_reads_the_days_before_the_range(committee_api, fortnight, today):
    data = ask(committee_api, today, average=7)
    assert data["values"] == [2, 1, 0]
    # 15/03: mean of 2..8 = 5; 16/03: mean of 1..7 = 4; 17/03: mean of 0..6 = 3.
    assert data["average"] == [5, 4, 3]


def test_a_gap_gives_no_average(committee_api, fortnight, today):
    data = ask(committee_api, today, average=7, start=(today - datetime.timedelta(days=14)).isoformat())
    # The first days' windows reach before the first compiled day: a gap, not a guess.
    assert data["average"][:6] == [None] * 6 and data["average"][-1] == 3


def test_today_before_the_deadline_is_left_out_of_the_average(committee_api, fortnight, today, clock):
    clock(today, 9)
    data = ask(committee_api, today, average=7)
    assert data["open_from"] == today.isoformat()
    assert data["average"] == [5, 4, None]


def test_rates_per_100000_residents(committee_api, fortnight, today):
    district = ask(committee_api, today, per=100000)
    assert district["population"] == 160_000
    assert district["values"] == [1.25, 0.62, 0]  # 2 / 160,000 × 100,000 = 1.25; 1 → 0.625 → 0.62
    ward = ask(committee_api, today, per=100000, ward=fortnight[0].pk, average=7)
    assert ward["population"] == 20_000
    assert ward["values"] == [10, 5, 0] and ward["average"] == [25, 20, 15]


def test_no_rate_without_every_population(committee_api, fortnight, today):
    fortnight[3].population = None
    fortnight[3].save(update_fields=["population"])
    data = ask(committee_api, today, per=100000)
    assert data["population"] is None and data["values"] == [None, None, None]


@pytest.mark.parametrize("params", [{"average": "3"}, {"average": "x"}, {"per": "1000"}])
def test_other_options_are_refused(committee_api, le_chan, params):
    response = committee_api.get(SERIES, {"indicator": "confirmed_cases", **params})
    assert response.status_code == 400
    assert set(params) <= set(response.json())


def test_officers_cannot_read_the_series(officer_api, anon_api, le_chan):
    for api in (officer_api, anon_api):
        response = api.get(SERIES, {"indicator": "confirmed_cases", "average": "7", "per": "100000"})
        assert response.status_code in (401, 403)


def test_query_count_is_the_same_for_a_week_and_a_year(committee_api, fortnight, today, django_assert_max_num_queries):
    for days in (7, 365):
        start = (today - datetime.timedelta(days=days - 1)).isoformat()
        with django_assert_max_num_queries(5):
            ask(committee_api, today, start=start, average=7, per=100000)
