"""The epidemic levels on the API (issue 14 #8): ward-levels/ (current level, history; officers their own
ward), level-criteria/ (administrators add), and the levels in the summary's detail."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.choices import ReportKind
from reports.summary.models import LevelCriteria
from reports.summary.services import summary_compile
from tests.factories import WardFactory, daily

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
LIST = "/api/v1/ward-levels/"
CRITERIA = "/api/v1/level-criteria/"


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    yield


@pytest.fixture
def compiled(le_chan, all_wards, committee_member, today):
    """All wards 10,000 residents; An Biên at level 2 from yesterday, level 3 today; Cát Dài level 2 today."""
    for ward in all_wards:
        ward.population = 10000
        ward.save(update_fields=["population"])
    by_code = {w.code: w for w in all_wards}
    daily(by_code["an-bien"], today - DAY, {"confirmed_cases": 2}, committee_member)
    daily(by_code["an-bien"], today, {"confirmed_cases": 4}, committee_member)
    daily(by_code["cat-dai"], today, {"confirmed_cases": 2}, committee_member)
    for day in (today - 2 * DAY, today - DAY, today):
        summary = summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=day)
    return summary


def rows_of(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


def test_the_committee_reads_every_wards_current_level(committee_api, compiled, an_bien, today):
    response = committee_api.get(LIST)
    assert response.status_code == 200
    rows = {r["code"]: r for r in rows_of(response)}
    assert len(rows) == 15
    assert (rows["an-bien"]["level"], rows["an-bien"]["day"], rows["an-bien"]["rate"]) == (3, today.isoformat(), 60)
    assert rows["an-bien"]["level_label"] == "Cấp 3 (cam)"
    assert rows["cat-dai"]["level"] == 2 and rows["du-hang"]["level"] == 1


def test_the_detail_has_the_wards_history(committee_api, compiled, an_bien, today):
    body = committee_api.get(f"{LIST}{an_bien.pk}/").json()
    assert [(h["day"], h["level"], h["changed"]) for h in body["history"]] == [
        (today.isoformat(), 3, True),
        ((today - DAY).isoformat(), 2, True),
        ((today - 2 * DAY).isoformat(), 1, False),
    ]
    one_day = committee_api.get(f"{LIST}{an_bien.pk}/", {"start": today.isoformat(), "end": today.isoformat()})
    assert [h["day"] for h in one_day.json()["history"]] == [today.isoformat()]
    reversed_range = committee_api.get(
        f"{LIST}{an_bien.pk}/", {"start": today.isoformat(), "end": (today - DAY).isoformat()}
    )
    assert reversed_range.status_code == 200 and reversed_range.json()["history"] == []
    too_long = committee_api.get(f"{LIST}{an_bien.pk}/", {"start": "1696-09-20", "end": today.isoformat()})
    assert too_long.status_code == 200 and len(too_long.json()["history"]) == 3  # the last 366 days
    assert committee_api.get(f"{LIST}{an_bien.pk}/", {"start": "17/03/2020"}).status_code == 400


def test_an_officer_sees_their_own_ward_only(officer_api, compiled, an_bien, cat_dai):
    rows = rows_of(officer_api.get(LIST))
    assert [r["id"] for r in rows] == [an_bien.pk]
    assert officer_api.get(f"{LIST}{an_bien.pk}/").status_code == 200
    assert officer_api.get(f"{LIST}{cat_dai.pk}/").status_code == 404


def test_anonymous_gets_401(anon_api, compiled, an_bien):
    assert anon_api.get(LIST).status_code == 401
    assert anon_api.get(f"{LIST}{an_bien.pk}/").status_code == 401
    assert anon_api.get(CRITERIA).status_code == 401


def test_the_list_runs_the_same_queries_whatever_the_number_of_wards(committee_api, compiled, le_chan, today):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert committee_api.get(LIST, {"page_size": 100}).status_code == 200
        return len(ctx.captured_queries)

    count()
    small = count()
    WardFactory.create_batch(40, district=le_chan, population=1000, active_from=today - 30 * DAY)
    summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    assert count() == small <= 6


def test_the_summary_detail_carries_the_levels(committee_api, compiled):
    body = committee_api.get(f"/api/v1/summaries/{compiled.pk}/").json()
    levels = {row["ward_name"]: row for row in body["levels"]}
    assert levels["An Biên"]["level"] == 3 and levels["An Biên"]["level_label"] == "Cấp 3 (cam)"
    assert len(levels) == 15


# ---- criteria -----------------------------------------------------------------------------------


def criteria_body(day, **changes):
    return {"valid_from": day.isoformat(), "level_2_from": "10", "level_3_from": "30", "level_4_from": "100", **changes}


def test_everyone_signed_in_reads_the_criteria(officer_api, committee_api):
    for api in (officer_api, committee_api):
        rows = rows_of(api.get(CRITERIA))
        assert [r["valid_from"] for r in rows] == ["2020-01-22"]
        assert rows[0]["level_4_from"] == "150.00"


def test_only_administrators_add_criteria(officer_api, committee_api, admin_api, today):
    for api in (officer_api, committee_api):
        assert api.post(CRITERIA, criteria_body(today + DAY), format="json").status_code == 403
    response = admin_api.post(CRITERIA, criteria_body(today + DAY, note="Hướng dẫn mới"), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["valid_from"] == (today + DAY).isoformat()
    assert LevelCriteria.objects.count() == 2


def test_bad_criteria_are_400_with_the_field(admin_api, today):
    past = admin_api.post(CRITERIA, criteria_body(today - DAY), format="json")
    assert past.status_code == 400 and "valid_from" in past.json()
    unordered = admin_api.post(CRITERIA, criteria_body(today, level_3_from="5"), format="json")
    assert unordered.status_code == 400 and "level_4_from" in unordered.json()
    assert admin_api.post(CRITERIA, criteria_body(today), format="json").status_code == 201
    twice = admin_api.post(CRITERIA, criteria_body(today), format="json")
    assert twice.status_code == 400 and "valid_from" in twice.json()
    assert admin_api.post(CRITERIA, {"valid_from": "x"}, format="json").status_code == 400


def test_a_criteria_post_resent_with_the_same_idempotency_key_records_once(admin_api, today):
    key = str(uuid.uuid4())
    first = admin_api.post(CRITERIA, criteria_body(today + DAY), format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = admin_api.post(CRITERIA, criteria_body(today + DAY), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert LevelCriteria.objects.count() == 2
