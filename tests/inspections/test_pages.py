"""Pages: role access on every path, another ward's objects, forms keep input, constant queries."""

import datetime

import pytest
from django.urls import reverse

from inspections.choices import Action, Category, EstablishmentStatus, Result, ScheduleStatus, SuggestionStatus
from inspections.models import Establishment, EstablishmentUpdateSuggestion, Inspection, InspectionSchedule
from inspections.services import schedule_create, suggestion_create
from tests.factories import EstablishmentFactory, InspectionFactory, ScheduleFactory, TeamFactory
from tests.inspections.conftest import all_yes

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(district_admin, team, restaurant, today):
    return schedule_create(user=district_admin, team=team, establishment=restaurant, date=today)


@pytest.fixture
def inspector_client(client, inspector):
    client.force_login(inspector)
    return client


def url(name, *args):
    return reverse(f"inspections:{name}", args=args)


READ_PAGES = ["coverage", "establishment_list", "due", "calendar", "team_list", "inspection_list"]
ADMIN_PAGES = ["establishment_create", "establishment_import", "schedule_create", "campaign_create", "suggestion_list"]


@pytest.mark.parametrize("name", READ_PAGES + ADMIN_PAGES)
def test_anonymous_is_sent_to_login(client, name):
    r = client.get(url(name))
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


@pytest.mark.parametrize("persona", ["officer_client", "committee_client", "admin_client_"])
@pytest.mark.parametrize("name", READ_PAGES)
def test_every_role_reads_the_lists(request, persona, name, visit):
    assert request.getfixturevalue(persona).get(url(name)).status_code == 200


@pytest.mark.parametrize("persona", ["officer_client", "committee_client"])
@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_only_admins_open_management_pages(request, persona, name):
    assert request.getfixturevalue(persona).get(url(name)).status_code == 403


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_opens_management_pages(admin_client_, name):
    assert admin_client_.get(url(name)).status_code == 200


def test_officer_sees_own_ward_and_gets_404_for_another(officer_client, restaurant, cat_dai_shop, team):
    r = officer_client.get(url("establishment_list"))
    assert restaurant.name in r.content.decode() and cat_dai_shop.name not in r.content.decode()
    assert officer_client.get(url("establishment_detail", restaurant.pk)).status_code == 200
    assert officer_client.get(url("establishment_detail", cat_dai_shop.pk)).status_code == 404
    assert officer_client.get(url("establishment_suggest", cat_dai_shop.pk)).status_code == 404
    other = InspectionFactory(establishment=cat_dai_shop, team=team)
    assert officer_client.get(url("inspection_detail", other.pk)).status_code == 404


def test_committee_sees_every_ward(committee_client, restaurant, cat_dai_shop):
    body = committee_client.get(url("establishment_list")).content.decode()
    assert restaurant.name in body and cat_dai_shop.name in body


def test_officer_suggests_an_update_and_admin_accepts_it(officer_client, restaurant, district_admin):
    form = {f: getattr(restaurant, f) or "" for f in EstablishmentUpdateSuggestion.FIELDS}
    form.update(phone="0987654321", note="Đổi số")
    r = officer_client.post(url("establishment_suggest", restaurant.pk), form)
    assert r.status_code == 302
    s = EstablishmentUpdateSuggestion.objects.get()
    assert s.changes == {"phone": "0987654321"}
    officer_client.force_login(district_admin)  # the same browser, now as an administrator
    assert officer_client.post(url("suggestion_decide", s.pk, "accept"), {"note": "OK"}).status_code == 302
    restaurant.refresh_from_db()
    s.refresh_from_db()
    assert restaurant.phone == "0987654321" and s.status == SuggestionStatus.ACCEPTED


def test_officer_suggestion_with_unknown_category_shows_the_error(officer_client, restaurant):
    form = {f: getattr(restaurant, f) or "" for f in EstablishmentUpdateSuggestion.FIELDS}
    form["category"] = "casino"
    r = officer_client.post(url("establishment_suggest", restaurant.pk), form)
    assert r.status_code == 400 and "casino" in r.content.decode()
    assert not EstablishmentUpdateSuggestion.objects.exists()


def test_suggestion_decisions_are_admin_only(officer_an_bien, committee_client, restaurant):
    s = suggestion_create(user=officer_an_bien, establishment=restaurant, changes={"phone": "1"})
    assert committee_client.post(url("suggestion_decide", s.pk, "accept")).status_code == 403
    s.refresh_from_db()
    assert s.status == SuggestionStatus.PENDING


def test_admin_creates_edits_and_the_form_keeps_input_on_error(admin_client_, an_bien):
    data = {"ward": an_bien.pk, "name": "Chợ Cột Đèn", "address": "Chợ Con", "category": Category.MARKET, "status": "operating",
            "workers": 10, "foreign_workers": 12}  # fmt: skip
    r = admin_client_.post(url("establishment_create"), data)
    assert r.status_code == 400 and "Chợ Cột Đèn" in r.content.decode()
    assert not Establishment.objects.exists()
    data["foreign_workers"] = 2
    r = admin_client_.post(url("establishment_create"), data)
    est = Establishment.objects.get()
    assert r.status_code == 302 and r["Location"] == url("establishment_detail", est.pk)
    data["status"] = EstablishmentStatus.CLOSED
    assert admin_client_.post(url("establishment_edit", est.pk), data).status_code == 302
    est.refresh_from_db()
    assert est.status == EstablishmentStatus.CLOSED


def test_schedule_page_shows_the_capacity_message(admin_client_, team, an_bien, today, district_admin):
    for _ in range(team.daily_capacity):
        schedule_create(user=district_admin, team=team, establishment=EstablishmentFactory(ward=an_bien), date=today)
    extra = EstablishmentFactory(ward=an_bien)
    r = admin_client_.post(
        url("schedule_create"), {"team": team.pk, "establishment": extra.pk, "date": today.isoformat()}
    )
    assert r.status_code == 400 and "đã kín lịch" in r.content.decode()  # the page speaks Vietnamese


def test_campaign_page_plans_schools_of_a_ward(admin_client_, le_chan, today):
    ward = le_chan.wards.get(code="niem-nghia")
    team = TeamFactory(daily_capacity=6)
    for cat in (Category.KINDERGARTEN, Category.PRIMARY_SCHOOL, Category.LOWER_SECONDARY_SCHOOL):
        EstablishmentFactory(ward=ward, category=cat)
    EstablishmentFactory(ward=ward, category=Category.MARKET)
    monday = today + datetime.timedelta(days=7 - today.weekday())
    r = admin_client_.post(url("campaign_create"), {"name": "Trường học Niệm Nghĩa", "team": team.pk, "ward": ward.pk, "category": "schools",
                                                    "start": monday.isoformat(), "end": (monday + datetime.timedelta(days=4)).isoformat()})  # fmt: skip
    assert r.status_code == 302
    assert InspectionSchedule.objects.filter(campaign__isnull=False).count() == 3


def test_cancel_from_the_calendar(admin_client_, visit):
    assert admin_client_.post(url("schedule_cancel", visit.pk), {"reason": "Cơ sở nghỉ"}).status_code == 302
    visit.refresh_from_db()
    assert visit.status == ScheduleStatus.CANCELLED


def record_form(visit, today, **kw):
    data = {
        "inspected_at": f"{today.isoformat()}T00:01",
        "members_present": list(visit.team.members.values_list("pk", flat=True)),
        "result": Result.VIOLATION,
        "action": Action.FINE,
        "fine_amount": "1500000",
        "correct_by": (today + datetime.timedelta(days=2)).isoformat(),
        "findings": "Không có điểm rửa tay",
    }
    data.update({f"item_{k}": v for k, v in all_yes(visit.establishment).items()})
    data.update(kw)
    return data


def test_team_member_records_from_the_schedule(inspector_client, visit, today):
    r = inspector_client.post(url("record", visit.pk), record_form(visit, today))
    insp = Inspection.objects.get()
    assert r.status_code == 302 and r["Location"] == url("inspection_detail", insp.pk)
    assert insp.fine_amount == 1_500_000
    assert inspector_client.get(url("inspection_detail", insp.pk)).status_code == 200


def test_record_form_errors_keep_input(inspector_client, visit, today):
    r = inspector_client.post(
        url("record", visit.pk), record_form(visit, today, fine_amount="-5", findings="Ghi chú giữ lại")
    )
    body = r.content.decode()
    assert r.status_code == 400 and "Ghi chú giữ lại" in body
    assert not Inspection.objects.exists()


def test_recording_twice_redirects_with_a_message(inspector_client, visit, today):
    inspector_client.post(url("record", visit.pk), record_form(visit, today))
    r = inspector_client.get(url("record", visit.pk), follow=True)
    assert "already recorded" in r.content.decode() or "đã được ghi" in r.content.decode()


@pytest.mark.parametrize("persona", ["officer_client", "committee_client"])
def test_non_members_cannot_open_the_record_form(request, persona, visit):
    assert request.getfixturevalue(persona).get(url("record", visit.pk)).status_code == 403
    assert (
        request.getfixturevalue(persona).get(url("record_new") + f"?establishment={visit.establishment_id}").status_code
        == 403
    )


def test_unscheduled_record_page(inspector_client, team, restaurant, today):
    r = inspector_client.get(url("record_new") + f"?establishment={restaurant.pk}")
    assert r.status_code == 200
    data = record_form(ScheduleFactory.build(team=team, establishment=restaurant), today, team=team.pk, reason="complaint",
                       result=Result.COMPLIANT, action=Action.NONE, fine_amount="", correct_by="")  # fmt: skip
    data["establishment"] = restaurant.pk
    r = inspector_client.post(url("record_new") + f"?establishment={restaurant.pk}", data)
    assert r.status_code == 302, r.content.decode()[:3000]
    assert Inspection.objects.get().schedule is None


def test_team_pages(officer_client, team, visit):
    r = officer_client.get(url("team_detail", team.pk))
    assert (
        r.status_code == 200
        and "Nguyễn Thị Bình" in r.content.decode()
        and visit.establishment.name in r.content.decode()
    )


def test_coverage_page_shows_figures(committee_client, restaurant, team, today):
    InspectionFactory(establishment=restaurant, team=team, inspected_on=today, result=Result.VIOLATION,
                      action=Action.FINE, fine_amount=2_500_000, correct_by=today)  # fmt: skip
    body = committee_client.get(url("coverage")).content.decode()
    assert "2.500.000" in body


def _fill(n, an_bien, cat_dai, team, today):
    for k in range(n):
        e = EstablishmentFactory(ward=an_bien if k % 2 else cat_dai)
        InspectionFactory(establishment=e, team=team, inspected_on=today - datetime.timedelta(days=k % 20))
        ScheduleFactory(establishment=e, team=team, date=today + datetime.timedelta(days=k % 5))


@pytest.mark.parametrize("name", ["establishment_list", "due", "calendar", "inspection_list", "coverage", "team_list"])
def test_query_count_is_constant_at_two_sizes(
    admin_client_, django_assert_max_num_queries, an_bien, cat_dai, team, today, name
):
    _fill(5, an_bien, cat_dai, team, today)
    with django_assert_max_num_queries(14) as small:
        assert admin_client_.get(url(name)).status_code == 200
    _fill(40, an_bien, cat_dai, team, today)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert admin_client_.get(url(name)).status_code == 200


def test_team_page_query_count_is_constant(admin_client_, django_assert_max_num_queries, an_bien, cat_dai, team, today):
    _fill(5, an_bien, cat_dai, team, today)
    with django_assert_max_num_queries(14) as small:
        admin_client_.get(url("team_detail", team.pk))
    _fill(40, an_bien, cat_dai, team, today)
    with django_assert_max_num_queries(len(small.captured_queries)):
        admin_client_.get(url("team_detail", team.pk))
