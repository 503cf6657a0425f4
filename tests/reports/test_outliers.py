"""Unusual values: accepted but flagged against the ward's own history, shown on the detail
page, in the lists and in the API."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from reports import services
from tests.factories import bulk_daily, submitted_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"  # pages and API messages are asserted in English (the msgids)
    with translation.override("en"):
        yield


def _detail(pk, action=""):
    return f"/api/v1/reports/{pk}/" + (f"{action}/" if action else "")


# ---- the services ----------------------------------------------------------------------------


def test_outlier_check_rule():
    history = [Decimal(v) for v in [10, 12, 11, 9, 10, 13, 11, 10, 12, 11, 10, 9, 11, 12]]
    assert services.outlier_check(Decimal(11), history) is False
    assert services.outlier_check(Decimal(20), history) is True
    zeros = [Decimal(0)] * 14
    assert services.outlier_check(Decimal(1), zeros) is False
    assert services.outlier_check(Decimal(4), zeros) is True
    assert services.outlier_check(Decimal(500), [Decimal(1)] * 4) is False  # too little history


def test_value_far_from_ward_history_is_accepted_but_flagged(officer_an_bien, today):
    days = [today - datetime.timedelta(days=k) for k in range(1, 15)]
    bulk_daily([officer_an_bien.ward], days, officer_an_bien, values={"masks_given": 150, "home_quarantine": 12})
    report = submitted_daily(officer_an_bien, today, {"masks_given": 5000, "home_quarantine": 12})
    flags = dict(report.values.values_list("indicator__code", "is_outlier"))
    assert flags == {"masks_given": True, "home_quarantine": False}
    masks = report.values.get(indicator__code="masks_given")
    assert (masks.baseline_median, masks.baseline_count) == (Decimal(150), 14)
    services.report_update(report=report, user=officer_an_bien, version=report.version, values={"masks_given": 160})
    assert report.values.get(indicator__code="masks_given").is_outlier is False


def test_outlier_baseline_uses_only_the_same_ward(officer_an_bien, cat_dai, today):
    days = [today - datetime.timedelta(days=k) for k in range(1, 15)]
    bulk_daily([cat_dai], days, officer_an_bien, values={"masks_given": 5000})
    bulk_daily([officer_an_bien.ward], days, officer_an_bien, values={"masks_given": 150})
    report = submitted_daily(officer_an_bien, today, {"masks_given": 150})
    assert report.values.get(indicator__code="masks_given").is_outlier is False


# ---- the pages -------------------------------------------------------------------------------


def test_detail_shows_flags_and_history(committee_client, officer_an_bien, today):
    days = [today - datetime.timedelta(days=k) for k in range(1, 15)]
    bulk_daily([officer_an_bien.ward], days, officer_an_bien, values={"masks_given": 100})
    report = submitted_daily(officer_an_bien, today, {"masks_given": 9000})
    services.report_update(report=report, user=officer_an_bien, version=report.version, values={"masks_given": 8000})
    html = committee_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert 'data-testid="flagged-value"' in html
    # history old → new, figures grouped the page language's way (9,000 in English, 9.000 in Vietnamese)
    assert "9,000" in html and "8,000" in html


def test_lists_show_the_number_of_unusual_values_of_each_report(committee_client, officer_an_bien, all_wards):
    flagged, plain = bulk_daily(all_wards[:2], [datetime.date(2020, 3, 16)], officer_an_bien)
    flagged.values.filter(indicator__code__in=["home_quarantine", "masks_given"]).update(is_outlier=True)
    for url in (reverse("reports:list"), reverse("reports:review")):
        counts = {r.pk: r.flag_count for r in committee_client.get(url).context["reports"]}
        assert (counts[flagged.pk], counts[plain.pk]) == (2, 0), url


# ---- the API ---------------------------------------------------------------------------------


def test_flags_are_visible_in_the_api(committee_api, officer_an_bien, today):
    days = [today - datetime.timedelta(days=k) for k in range(1, 15)]
    bulk_daily([officer_an_bien.ward], days, officer_an_bien, values={"masks_given": 100})
    report = submitted_daily(officer_an_bien, today, {"masks_given": 9000})
    assert committee_api.get(_detail(report.pk)).json()["flags"] == ["masks_given"]
