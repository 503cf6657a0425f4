"""Query counts of the report lists, the review queue, the officer's pages and the API list stay constant."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from reports import services
from tests.factories import OfficerFactory, WardFactory, at, bulk_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"  # pages and API messages are asserted in English (the msgids)
    with translation.override("en"):
        yield


def _wards(n):
    return [WardFactory(code=f"extra-{i}", name=f"Phường {i}") for i in range(n)]


@pytest.mark.parametrize("extra_wards", [0, 135])
def test_list_and_review_query_counts_are_constant(
    committee_client, officer_an_bien, all_wards, extra_wards, django_assert_max_num_queries
):
    wards = all_wards + _wards(extra_wards)
    assert len(wards) in (15, 150)
    bulk_daily(wards, [datetime.date(2020, 3, 16)], officer_an_bien)
    urgent = services.report_create(
        user=officer_an_bien, ward=officer_an_bien.ward, kind="urgent", title="x", severity="info",
        occurred_at=at(datetime.date(2020, 3, 17), 8), description="y",
    )  # fmt: skip
    services.report_submit(report=urgent, user=officer_an_bien)
    for url in (reverse("reports:list"), reverse("reports:review"), reverse("reports:urgent"), "/"):
        with django_assert_max_num_queries(14):
            assert committee_client.get(url).status_code == 200


@pytest.mark.parametrize("extra_wards", [0, 135])
def test_officer_pages_query_counts_are_constant(client, all_wards, extra_wards, django_assert_max_num_queries):
    wards = all_wards + _wards(extra_wards)
    officer = OfficerFactory(ward=wards[0])
    days = [datetime.date(2020, 3, d) for d in range(1, 17)]
    bulk_daily(wards, days, officer)
    client.force_login(officer)
    # The home page is the officer's task list across the rooms (reports, store, inspections):
    # its own budget, at two sizes, is in tests/summary/test_officer_home.py.
    for url, budget in (
        (reverse("reports:list"), 14),
        (reverse("reports:today"), 14),
        (reverse("reports:calendar"), 14),
        ("/", 18),  # + the ward's open assignments (directives)
    ):
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200


def test_api_list_query_count_is_constant(committee_api, officer_an_bien, all_wards, django_assert_max_num_queries):
    days = [datetime.date(2020, 3, d) for d in range(1, 4)]
    bulk_daily(all_wards[:5], days, officer_an_bien)
    with django_assert_max_num_queries(8):
        assert committee_api.get("/api/v1/reports/").status_code == 200
    bulk_daily(all_wards[5:], days, officer_an_bien)
    with django_assert_max_num_queries(8):
        assert committee_api.get("/api/v1/reports/").json()["count"] == 45
