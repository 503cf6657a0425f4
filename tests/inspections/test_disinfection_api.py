"""API of the disinfection rounds (issue 15 #6): ``disinfection-rounds/`` with its coverage, its
sites and marking a site done; who may do what; bad input answers 4xx JSON and changes nothing."""

import datetime

import pytest
from auditlog.models import LogEntry
from rest_framework.test import APIClient

from inspections.choices import Category
from inspections.models import DisinfectionRound, DisinfectionTarget
from tests.factories import EstablishmentFactory, UserFactory
from tests.inspections.disinfection import target_of
from wards.choices import Role

pytestmark = pytest.mark.django_db
URL = "/api/v1/disinfection-rounds/"


def _body(round_, target, **change):
    data = {"site": target.pk, "done_on": round_.start.isoformat(), "done_by": "Tổ phản ứng nhanh", "product": "Cloramin B 2%", "quantity": "12.5", "unit": "lít"}  # fmt: skip
    return data | change


def test_committee_reads_rounds_with_coverage(committee_api, the_round):
    rows = committee_api.get(URL).json()["results"]
    assert [(r["title"], r["sites_total"], r["sites_done"]) for r in rows] == [(the_round.title, 6, 0)]
    detail = committee_api.get(f"{URL}{the_round.pk}/").json()
    assert detail["coverage"]["total"] == 6
    assert {r["category"] for r in detail["coverage"]["by_category"]} == {
        "kindergarten",
        "primary_school",
        "market",
        "ward_hq",
    }
    assert {r["ward_name"] for r in detail["coverage"]["by_ward"]} == {"An Biên", "Cát Dài"}
    sites = committee_api.get(f"{URL}{the_round.pk}/sites/").json()
    assert sites["count"] == 6


def test_officer_reads_their_wards_sites_only(officer_api, the_round):
    assert officer_api.get(URL).json()["results"][0]["sites_total"] == 4
    sites = officer_api.get(f"{URL}{the_round.pk}/sites/").json()["results"]
    assert {s["ward_name"] for s in sites} == {"An Biên"}
    assert officer_api.get(f"{URL}{the_round.pk}/").json()["coverage"]["total"] == 4


def test_officer_marks_their_wards_site(officer_api, officer_an_bien, the_round, places):
    target = target_of(the_round, places["market_ab"])
    response = officer_api.post(f"{URL}{the_round.pk}/mark/", _body(the_round, target), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["is_done"] is True and response.json()["quantity"] == "12.50"
    assert officer_api.get(f"{URL}{the_round.pk}/sites/?state=done").json()["count"] == 1
    assert officer_api.get(f"{URL}{the_round.pk}/sites/?state=pending").json()["count"] == 3
    assert officer_api.get(f"{URL}{the_round.pk}/sites/?state=maybe").status_code == 400
    entry = LogEntry.objects.get_for_object(target).order_by("-pk").first()
    assert entry.actor == officer_an_bien


def _unchanged(target):
    target.refresh_from_db()
    return target.done_on is None


def test_another_wards_site_is_refused(other_officer_api, the_round, places):
    target = target_of(the_round, places["market_ab"])
    response = other_officer_api.post(f"{URL}{the_round.pk}/mark/", _body(the_round, target), format="json")
    assert response.status_code == 403
    assert _unchanged(target)


def test_committee_and_leader_cannot_mark(committee_api, the_round, places):
    target = target_of(the_round, places["market_ab"])
    assert committee_api.post(f"{URL}{the_round.pk}/mark/", _body(the_round, target), format="json").status_code == 403
    leader = APIClient()
    leader.force_authenticate(UserFactory(role=Role.LEADER))
    assert leader.get(f"{URL}{the_round.pk}/").status_code == 200
    assert leader.post(f"{URL}{the_round.pk}/mark/", _body(the_round, target), format="json").status_code == 403
    assert _unchanged(target)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"done_on": "2020-01-01"}, "done_on", "Ngày phải nằm trong thời gian của đợt"),
        ({"quantity": "-1"}, "quantity", "Lượng dùng phải lớn hơn 0"),
        ({"product": ""}, "product", ""),
        ({"site": 999999}, "site", "Điểm này không thuộc đợt phun khử khuẩn này."),
    ],
)
def test_bad_marking_answers_400_in_vietnamese(officer_api, the_round, places, change, field, message):
    target = target_of(the_round, places["market_ab"])
    response = officer_api.post(
        f"{URL}{the_round.pk}/mark/", _body(the_round, target, **change), format="json", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 400
    body = response.json()
    assert field in str(body) and message in str(body)
    assert _unchanged(target)


def test_marking_twice_and_a_site_of_another_round(officer_api, district_admin, the_round, places, today):
    from inspections import services  # noqa: PLC0415

    target = target_of(the_round, places["market_ab"])
    assert officer_api.post(f"{URL}{the_round.pk}/mark/", _body(the_round, target), format="json").status_code == 200
    again = officer_api.post(f"{URL}{the_round.pk}/mark/", _body(the_round, target, product="Khác"), format="json")
    assert again.status_code == 400
    target.refresh_from_db()
    assert target.product == "Cloramin B 2%"
    second = services.round_create(user=district_admin, data={"title": "Đợt 2", "start": today, "end": today, "categories": [Category.MARKET]})  # fmt: skip
    other = target_of(second, places["market_ab"])
    response = officer_api.post(f"{URL}{the_round.pk}/mark/", _body(the_round, other), format="json")
    assert response.status_code == 400
    assert _unchanged(other)


def test_administrators_create_rounds(admin_api, committee_api, officer_api, places, today):
    body = {"title": "Đợt chợ", "start": today.isoformat(), "end": today.isoformat(), "categories": ["market"]}
    for api in (committee_api, officer_api):
        assert api.post(URL, body, format="json").status_code == 403
    response = admin_api.post(URL, body, format="json")
    assert response.status_code == 201
    assert response.json()["coverage"]["total"] == 2
    bad = admin_api.post(URL, body | {"categories": []}, format="json", HTTP_ACCEPT_LANGUAGE="vi")
    assert bad.status_code == 400 and "Hãy chọn ít nhất một loại." in str(bad.json())
    bad = admin_api.post(URL, body | {"end": (today - datetime.timedelta(days=1)).isoformat()}, format="json")
    assert bad.status_code == 400
    assert DisinfectionRound.objects.count() == 1


def test_anonymous_gets_401_or_403(anon_api, the_round):
    assert anon_api.get(URL).status_code in (401, 403)


def test_api_query_counts_constant(
    committee_api, officer_api, the_round, district_admin, all_wards, django_assert_max_num_queries
):
    from inspections import services  # noqa: PLC0415

    def read():
        for api in (committee_api, officer_api):
            for url in (URL, f"{URL}{the_round.pk}/", f"{URL}{the_round.pk}/sites/"):
                with django_assert_max_num_queries(8):
                    assert api.get(url).status_code == 200

    read()
    for ward in all_wards:
        for n in range(3):
            EstablishmentFactory(ward=ward, name=f"Chợ {ward.code} {n}", category=Category.MARKET)
    services.round_targets_refresh(user=district_admin, round_=the_round)
    assert DisinfectionTarget.objects.filter(round=the_round).count() > 45
    read()
