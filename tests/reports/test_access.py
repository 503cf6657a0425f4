"""Who sees which report: an officer only their ward's (404 for another's), the committee every
ward's, an anonymous visitor nothing; pages and API."""

import pytest
from django.urls import reverse
from django.utils import translation

from reports.choices import ReportStatus
from tests.factories import draft_daily, submitted_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"  # pages and API messages are asserted in English (the msgids)
    with translation.override("en"):
        yield


def _detail(pk, action=""):
    return f"/api/v1/reports/{pk}/" + (f"{action}/" if action else "")


# ---- the pages -------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    res = client.get(reverse("reports:list"))
    assert res.status_code == 302 and "/accounts/login/" in res.url


def test_officer_cannot_open_other_ward_report(officer_client, officer_cat_dai, today):
    report = draft_daily(officer_cat_dai, today)
    assert officer_client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert officer_client.get(reverse("reports:edit", args=[report.pk])).status_code == 404
    assert officer_client.post(reverse("reports:submit", args=[report.pk])).status_code == 404


# ---- the API ---------------------------------------------------------------------------------


def test_anonymous_gets_401_or_403(anon_api):
    assert anon_api.get("/api/v1/reports/").status_code in (401, 403)


def test_list_is_scoped_and_filterable(officer_api, committee_api, officer_an_bien, officer_cat_dai, today):
    submitted_daily(officer_an_bien, today)
    draft_daily(officer_cat_dai, today)
    mine = officer_api.get("/api/v1/reports/").json()
    assert [r["ward_code"] for r in mine["results"]] == ["an-bien"]
    everyone = committee_api.get("/api/v1/reports/").json()
    assert everyone["count"] == 2
    submitted = committee_api.get(f"/api/v1/reports/?status=submitted&kind=daily&period_start={today}").json()
    assert [r["ward_code"] for r in submitted["results"]] == ["an-bien"]
    by_ward = committee_api.get(f"/api/v1/reports/?ward={officer_cat_dai.ward_id}").json()
    assert [r["ward_code"] for r in by_ward["results"]] == ["cat-dai"]


def test_officer_gets_404_for_other_ward_report(officer_api, officer_cat_dai, today):
    report = draft_daily(officer_cat_dai, today)
    assert officer_api.get(_detail(report.pk)).status_code == 404
    assert officer_api.post(_detail(report.pk, "submit"), {}, format="json").status_code == 404
    assert officer_api.patch(_detail(report.pk), {"version": 1, "values": {}}, format="json").status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_unknown_report_id_in_the_url_is_404(officer_api):
    assert officer_api.get("/api/v1/reports/false/").status_code == 404
    assert officer_api.post("/api/v1/reports/false/submit/").status_code == 404
