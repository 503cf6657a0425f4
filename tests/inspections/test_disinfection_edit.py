"""Correcting a disinfection round (issue 15 #4): administrators change its title, days, categories,
reference and team on the page and the API; sites already marked done keep the round's days and
categories; bad input keeps what was typed; nothing changes for anyone else; every change audited."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inspections import services
from inspections.choices import Category, SiteKind
from inspections.models import DisinfectionRound, DisinfectionTarget
from tests.factories import EstablishmentFactory, UserFactory
from tests.inspections.disinfection import mark, target_of
from wards.choices import Role

pytestmark = pytest.mark.django_db


def _edit_url(round_):
    return reverse("inspections:disinfection_edit", args=[round_.pk])


def _form(round_, **change):
    data = {
        "title": round_.title, "scope": round_.scope, "start": round_.start.strftime("%d/%m/%Y"),
        "end": round_.end.strftime("%d/%m/%Y"), "categories": round_.categories,
        "directive_reference": round_.directive_reference, "team": "",
    }  # fmt: skip
    return data | change


def _snapshot(round_):
    round_.refresh_from_db()
    targets = sorted(DisinfectionTarget.objects.filter(round=round_).values_list("pk", "category", "done_on"))
    return (round_.title, round_.start, round_.end, round_.categories, round_.team_id), targets


# ---- the service -----------------------------------------------------------------------------


def test_fields_change_and_the_change_is_audited(the_round, district_admin, today):
    services.round_update(
        user=district_admin,
        round_=the_round,
        data={"title": "Đợt phun khử khuẩn lần 2", "end": today + datetime.timedelta(days=10)},
    )
    the_round.refresh_from_db()
    assert the_round.title == "Đợt phun khử khuẩn lần 2" and the_round.end == today + datetime.timedelta(days=10)
    entry = LogEntry.objects.get_for_object(the_round).filter(action=LogEntry.Action.UPDATE).get()
    assert set(entry.changes_dict) == {"title", "end"}


def test_a_category_added_lists_its_sites_and_one_removed_takes_its_sites_to_do_off(the_round, places, district_admin):
    restaurant_count = DisinfectionTarget.objects.filter(round=the_round, category=Category.RESTAURANT).count()
    assert restaurant_count == 0
    categories = [c for c in the_round.categories if c != Category.KINDERGARTEN] + [Category.RESTAURANT]
    services.round_update(user=district_admin, round_=the_round, data={"categories": categories})
    listed = set(DisinfectionTarget.objects.filter(round=the_round).values_list("category", flat=True))
    assert Category.RESTAURANT in listed and Category.KINDERGARTEN not in listed
    kinder = places["kinder_ab"]
    assert not DisinfectionTarget.objects.filter(round=the_round, establishment=kinder).exists()
    deleted = LogEntry.objects.filter(action=LogEntry.Action.DELETE, content_type__model="disinfectiontarget")
    assert deleted.count() == 1  # the kindergarten's site, one entry


def test_a_category_with_a_site_done_stays(the_round, places, district_admin, officer_an_bien):
    mark(officer_an_bien, the_round, target_of(the_round, places["kinder_ab"]))
    before = _snapshot(the_round)
    categories = [c for c in the_round.categories if c != Category.KINDERGARTEN]
    with pytest.raises(ValidationError) as error:
        services.round_update(user=district_admin, round_=the_round, data={"categories": categories})
    assert "already marked done" in error.value.message_dict["categories"][0]
    assert _snapshot(the_round) == before


def test_the_days_keep_every_site_marked_done(the_round, places, district_admin, officer_an_bien, today):
    mark(
        officer_an_bien,
        the_round,
        target_of(the_round, places["market_ab"]),
        done_on=today - datetime.timedelta(days=2),
    )
    before = _snapshot(the_round)
    for data, field in (
        ({"start": today - datetime.timedelta(days=1)}, "start"),
        ({"start": today - datetime.timedelta(days=5), "end": today - datetime.timedelta(days=3)}, "end"),
        ({"end": the_round.start - datetime.timedelta(days=1)}, "end"),  # before the first day
    ):
        with pytest.raises(ValidationError) as error:
            services.round_update(user=district_admin, round_=the_round, data=data)
        assert field in error.value.message_dict, data
        assert _snapshot(the_round) == before
    # Up to the day the site was done, on either side: accepted.
    services.round_update(
        user=district_admin, round_=the_round,
        data={"start": today - datetime.timedelta(days=2), "end": today - datetime.timedelta(days=2)},
    )  # fmt: skip
    the_round.refresh_from_db()
    assert the_round.start == the_round.end == today - datetime.timedelta(days=2)


@pytest.mark.parametrize(
    "data", [{"categories": []}, {"categories": ["no-such-kind"]}, {"title": ""}], ids=["none", "unknown", "title"]
)
def test_bad_changes_are_refused_and_nothing_changes(the_round, district_admin, data):
    before = _snapshot(the_round)
    with pytest.raises(ValidationError):
        services.round_update(user=district_admin, round_=the_round, data=data)
    assert _snapshot(the_round) == before


def test_only_administrators_correct_rounds(the_round, committee_member, officer_an_bien):
    before = _snapshot(the_round)
    for user in (committee_member, officer_an_bien, UserFactory(role=Role.LEADER)):
        with pytest.raises(PermissionDenied):
            services.round_update(user=user, round_=the_round, data={"title": "Đổi tên"})
    assert _snapshot(the_round) == before


# ---- the page ----------------------------------------------------------------------------------


def test_administrator_edits_on_the_page(admin_client_, the_round, today):
    page = admin_client_.get(the_round.get_absolute_url()).content.decode()
    assert _edit_url(the_round) in page
    form = admin_client_.get(_edit_url(the_round)).content.decode()
    assert the_round.title in form and the_round.start.strftime("%d/%m/%Y") in form
    new_end = today + datetime.timedelta(days=14)
    response = admin_client_.post(_edit_url(the_round), _form(the_round, end=new_end.strftime("%d/%m/%Y")))
    assert response.status_code == 302 and response.url == the_round.get_absolute_url()
    the_round.refresh_from_db()
    assert the_round.end == new_end


def test_a_refused_edit_keeps_what_was_typed_with_the_error_by_the_field(
    admin_client_, the_round, places, officer_an_bien, today
):
    mark(
        officer_an_bien,
        the_round,
        target_of(the_round, places["market_ab"]),
        done_on=today - datetime.timedelta(days=2),
    )
    before = _snapshot(the_round)
    typed = (today - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = admin_client_.post(_edit_url(the_round), _form(the_round, title="Tên mới đã gõ", start=typed))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tên mới đã gõ" in html and typed in html
    assert "không thể bắt đầu sau ngày đó" in html  # next to the first day's field
    assert _snapshot(the_round) == before


def test_others_cannot_open_or_post_the_edit_page(client, the_round, committee_member, officer_an_bien):
    before = _snapshot(the_round)
    for user in (committee_member, officer_an_bien, UserFactory(role=Role.LEADER)):
        client.force_login(user)
        assert client.get(_edit_url(the_round)).status_code == 403
        assert client.post(_edit_url(the_round), _form(the_round, title="Đổi tên")).status_code == 403
        assert _edit_url(the_round) not in client.get(the_round.get_absolute_url()).content.decode()
    client.logout()
    assert client.get(_edit_url(the_round)).status_code == 302  # to the login page
    assert _snapshot(the_round) == before


def test_unknown_round_is_404_for_administrators(admin_client_):
    assert admin_client_.get(reverse("inspections:disinfection_edit", args=[999999])).status_code == 404


# ---- the API -----------------------------------------------------------------------------------


def _api_url(round_):
    return f"/api/v1/disinfection-rounds/{round_.pk}/"


def test_administrators_patch_and_put_a_round(admin_api, the_round, places, today):
    response = admin_api.patch(_api_url(the_round), {"title": "Đợt 2", "categories": [SiteKind.WARD_HQ]}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Đợt 2"
    assert set(DisinfectionTarget.objects.filter(round=the_round).values_list("category", flat=True)) == {
        SiteKind.WARD_HQ
    }
    body = {
        "title": "Đợt 3", "start": today.isoformat(), "end": today.isoformat(), "categories": [Category.MARKET],
    }  # fmt: skip
    response = admin_api.put(_api_url(the_round), body, format="json")
    assert response.status_code == 200, response.content
    the_round.refresh_from_db()
    assert (the_round.title, the_round.start, the_round.categories) == ("Đợt 3", today, [Category.MARKET])


def test_a_bad_patch_is_a_400_in_vietnamese_and_changes_nothing(admin_api, the_round, places, officer_an_bien, today):
    mark(officer_an_bien, the_round, target_of(the_round, places["market_ab"]))
    before = _snapshot(the_round)
    response = admin_api.patch(
        _api_url(the_round), {"end": (the_round.start - datetime.timedelta(days=1)).isoformat()}, format="json"
    )
    assert response.status_code == 400 and "end" in response.json()
    response = admin_api.patch(_api_url(the_round), {"categories": [SiteKind.WARD_HQ]}, format="json")
    assert response.status_code == 400 and "đợt phải giữ loại này" in str(response.json()["categories"])
    response = admin_api.put(_api_url(the_round), {"title": "Thiếu ngày"}, format="json")
    assert response.status_code == 400 and {"start", "end", "categories"} <= set(response.json())
    assert _snapshot(the_round) == before


def test_others_cannot_change_a_round_on_the_api(committee_api, officer_api, anon_api, the_round):
    before = _snapshot(the_round)
    for api in (committee_api, officer_api):
        assert api.patch(_api_url(the_round), {"title": "Đổi tên"}, format="json").status_code == 403
    assert anon_api.patch(_api_url(the_round), {"title": "Đổi tên"}, format="json").status_code in (401, 403)
    assert _snapshot(the_round) == before


def test_a_new_establishment_joins_when_its_category_is_added(admin_api, the_round, an_bien):
    bar = EstablishmentFactory(ward=an_bien, name="Quán bar Biển Xanh", category=Category.BAR)
    categories = [*the_round.categories, Category.BAR]
    assert admin_api.patch(_api_url(the_round), {"categories": categories}, format="json").status_code == 200
    assert DisinfectionTarget.objects.filter(round=the_round, establishment=bar).exists()
    assert DisinfectionRound.objects.get(pk=the_round.pk).categories == categories
