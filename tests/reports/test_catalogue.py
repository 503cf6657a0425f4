"""The indicator catalogue in the API: filtered by report kind, read-only for everyone."""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"  # pages and API messages are asserted in English (the msgids)
    with translation.override("en"):
        yield


def test_indicators_list_with_kind_filter(officer_api):
    res = officer_api.get("/api/v1/indicators/?kind=daily&page_size=100")
    assert res.status_code == 200
    codes = {row["code"] for row in res.json()["results"]}
    assert "home_quarantine" in codes and "workers_affected" not in codes
    confirmed = officer_api.get("/api/v1/indicators/confirmed_cases/").json()
    assert confirmed["must_not_exceed"] == "samples_tested"
    assert confirmed["aggregation"] == "sum"


def test_indicators_are_read_only_for_everyone(admin_api):
    assert admin_api.post("/api/v1/indicators/", {"code": "x"}).status_code == 405
