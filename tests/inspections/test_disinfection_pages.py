"""Pages of the disinfection rounds (issue 15 #4): the list, a round's coverage and sites, marking
a site on a phone, creating a round; who may see and do what; query counts at two sizes."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from inspections.choices import Category
from inspections.models import DisinfectionRound, DisinfectionTarget
from tests.factories import EstablishmentFactory, UserFactory
from tests.inspections.disinfection import mark, target_of
from wards.choices import Role

pytestmark = pytest.mark.django_db


def _mark_url(round_, target):
    return reverse("inspections:disinfection_mark", args=[round_.pk, target.pk])


def _post(round_, **change):
    data = {"done_on": round_.start.strftime("%d/%m/%Y"), "done_by": "Tổ phản ứng nhanh", "product": "Cloramin B 2%", "quantity": "12,5", "unit": "lít"}  # fmt: skip
    return data | change


def test_list_and_detail_for_every_reader(client, the_round, officer_an_bien, committee_member, district_admin):
    leader = UserFactory(role=Role.LEADER)
    for user in (officer_an_bien, committee_member, district_admin, leader):
        client.force_login(user)
        listing = client.get(reverse("inspections:disinfection_list")).content.decode()
        assert the_round.title in listing
        page = client.get(the_round.get_absolute_url()).content.decode()
        assert 'data-testid="coverage-by-category"' in page and "Chợ An Biên" in page
    client.logout()
    assert client.get(reverse("inspections:disinfection_list")).status_code == 302


def test_detail_shows_coverage_per_category_and_ward(committee_client, the_round, places, officer_an_bien):
    mark(officer_an_bien, the_round, target_of(the_round, places["market_ab"]))
    page = committee_client.get(the_round.get_absolute_url()).content.decode()
    assert "1/6" in page.replace(" ", "")  # 1 of 6 sites
    assert "An Biên" in page and "Cát Dài" in page
    assert "Chợ Cát Dài" in page
    assert 'data-testid="mark-' not in page  # the committee marks nothing


def test_officer_sees_their_wards_sites_with_mark_buttons(officer_client, the_round, places):
    page = officer_client.get(the_round.get_absolute_url()).content.decode()
    assert "Chợ An Biên" in page and "Chợ Cát Dài" not in page
    assert f'data-testid="mark-{target_of(the_round, places["market_ab"]).pk}"' in page


def test_officer_marks_a_site_from_the_phone_form(officer_client, the_round, places, officer_an_bien):
    target = target_of(the_round, places["market_ab"])
    assert officer_client.get(_mark_url(the_round, target)).status_code == 200
    response = officer_client.post(_mark_url(the_round, target), _post(the_round))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.done_on == the_round.start and str(target.quantity) == "12.50"
    entry = LogEntry.objects.get_for_object(target).order_by("-pk").first()
    assert entry.actor == officer_an_bien  # audited, with who did it
    page = officer_client.get(response["Location"]).content.decode()
    assert f'data-testid="site-{target.pk}"' not in page  # back to the sites still to do


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"done_on": "01/01/2020"}, "Ngày phải nằm trong thời gian của đợt"),
        ({"product": ""}, "Trường này là bắt buộc"),
        ({"quantity": "0"}, "Lượng dùng phải lớn hơn 0"),
        ({"quantity": "abc"}, ""),
    ],
)
def test_bad_marking_shows_translated_errors_and_keeps_what_was_typed(
    officer_client, the_round, places, change, message
):
    target = target_of(the_round, places["market_ab"])
    response = officer_client.post(_mark_url(the_round, target), _post(the_round, **change), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    html = response.content.decode()
    assert "data-error-summary" in html and message in html
    assert "Tổ phản ứng nhanh" in html  # kept
    target.refresh_from_db()
    assert target.done_on is None


def test_marking_twice_shows_the_first_marking(officer_client, the_round, places, officer_an_bien):
    target = target_of(the_round, places["market_ab"])
    mark(officer_an_bien, the_round, target)
    page = officer_client.get(_mark_url(the_round, target)).content.decode()
    assert 'data-testid="mark-form"' not in page and "Đội phun phường" in page
    response = officer_client.post(_mark_url(the_round, target), _post(the_round, product="Khác"))
    assert response.status_code == 400
    target.refresh_from_db()
    assert target.product == "Cloramin B 2%"


def test_another_wards_site_is_not_found_and_committee_gets_403(
    client, the_round, places, officer_an_bien, committee_member
):
    other = target_of(the_round, places["market_cd"])
    client.force_login(officer_an_bien)
    assert client.get(_mark_url(the_round, other)).status_code == 404
    assert client.post(_mark_url(the_round, other), _post(the_round)).status_code == 404
    client.force_login(committee_member)
    assert client.post(_mark_url(the_round, other), _post(the_round)).status_code == 403
    other.refresh_from_db()
    assert other.done_on is None


def test_a_site_of_another_round_through_this_rounds_url_is_not_found(
    officer_client, the_round, places, district_admin, today
):
    from inspections import services  # noqa: PLC0415

    second = services.round_create(user=district_admin, data={"title": "Đợt 2", "start": today, "end": today, "categories": [Category.MARKET]})  # fmt: skip
    target = target_of(second, places["market_ab"])
    assert officer_client.post(_mark_url(the_round, target), _post(the_round)).status_code == 404
    target.refresh_from_db()
    assert target.done_on is None


def test_only_administrators_create_rounds(client, officer_an_bien, committee_member, district_admin, places, today):
    url = reverse("inspections:disinfection_create")
    for user in (officer_an_bien, committee_member):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(district_admin)
    assert client.get(url).status_code == 200
    data = {"title": "Đợt bến xe", "start": today.strftime("%d/%m/%Y"), "end": today.strftime("%d/%m/%Y"), "categories": [Category.MARKET, "ward_hq"]}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    round_ = DisinfectionRound.objects.get(title="Đợt bến xe")
    assert DisinfectionTarget.objects.filter(round=round_).count() == 4
    bad = client.post(url, data | {"end": (today - datetime.timedelta(days=1)).strftime("%d/%m/%Y"), "title": "Sai"}, HTTP_ACCEPT_LANGUAGE="vi")  # fmt: skip
    assert bad.status_code == 400 and "data-error-summary" in bad.content.decode()
    assert not DisinfectionRound.objects.filter(title="Sai").exists()


def test_refresh_adds_new_sites_for_administrators_only(client, the_round, district_admin, committee_member, an_bien):
    EstablishmentFactory(ward=an_bien, name="Chợ Mới", category=Category.MARKET)
    url = reverse("inspections:disinfection_refresh", args=[the_round.pk])
    client.force_login(committee_member)
    assert client.post(url).status_code == 403
    client.force_login(district_admin)
    assert client.post(url).status_code == 302
    assert DisinfectionTarget.objects.filter(round=the_round).count() == 7


def test_query_counts_constant_at_two_sizes(
    client, the_round, district_admin, officer_an_bien, all_wards, django_assert_max_num_queries
):
    from inspections import services  # noqa: PLC0415

    def pages():
        for user in (district_admin, officer_an_bien):
            client.force_login(user)
            for url in (reverse("inspections:disinfection_list"), the_round.get_absolute_url()):
                with django_assert_max_num_queries(14):
                    assert client.get(url).status_code == 200

    pages()
    for ward in all_wards:
        for n in range(4):
            EstablishmentFactory(ward=ward, name=f"Chợ {ward.code} {n}", category=Category.MARKET)
    services.round_targets_refresh(user=district_admin, round_=the_round)
    for target in DisinfectionTarget.objects.filter(round=the_round, ward=officer_an_bien.ward)[:3]:
        mark(officer_an_bien, the_round, target)
    assert DisinfectionTarget.objects.filter(round=the_round).count() > 60
    pages()


def test_admin_pages_for_administrators_only(client, the_round, places, district_admin, committee_member):
    urls = [
        "/admin/inspections/disinfectionsite/",
        f"/admin/inspections/disinfectionsite/{places['hq_ab'].pk}/change/",
        "/admin/inspections/disinfectionround/",
        f"/admin/inspections/disinfectionround/{the_round.pk}/change/",
        "/admin/wards/wardleader/",
    ]
    client.force_login(district_admin)
    for url in urls:
        assert client.get(url).status_code == 200, url
    client.force_login(committee_member)
    for url in urls:
        assert client.get(url).status_code in (302, 403), url
