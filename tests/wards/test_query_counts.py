"""Query counts of the home and ward pages stay the same for 15 and 150 wards."""

import datetime

import pytest

from wards.models import Ward, WardCommittee

pytestmark = pytest.mark.django_db


# Session, user, the page's one query (+ the officer's ward for the navigation) and the other apps'
# home-page panels (the reports panel adds about 8). A query per ward would add 15 or 150.
MAX_PAGE_QUERIES = 20


def add_wards(district, count: int) -> None:
    wards = Ward.objects.bulk_create(
        Ward(district=district, code=f"extra-{i}", name=f"Phường {i}", active_from=datetime.date(2020, 1, 22))
        for i in range(count)
    )
    WardCommittee.objects.bulk_create(WardCommittee(ward=w, head_name=f"Trưởng ban {w.name}") for w in wards)


def count_queries(client, path: str, max_queries) -> int:
    client.get(path)  # warm up: the first request of a session also refreshes the session row
    with max_queries(MAX_PAGE_QUERIES) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["/", "/wards/"])
def test_district_pages_run_the_same_queries_for_15_and_150_wards(
    committee_client, le_chan, path, django_assert_max_num_queries
):
    with_15 = count_queries(committee_client, path, django_assert_max_num_queries)
    add_wards(le_chan, 135)
    with_150 = count_queries(committee_client, path, django_assert_max_num_queries)
    assert with_150 == with_15
    assert len(committee_client.get(path).context["wards"]) == 150


def test_officer_home_runs_the_same_queries_for_15_and_150_wards(
    officer_client, le_chan, django_assert_max_num_queries
):
    with_15 = count_queries(officer_client, "/", django_assert_max_num_queries)
    add_wards(le_chan, 135)
    assert count_queries(officer_client, "/", django_assert_max_num_queries) == with_15
