"""API: role access on every endpoint, filters, and recording through the same services."""

import datetime

import pytest
from rest_framework.test import APIClient

from inspections.choices import Action, EstablishmentStatus, Result, ScheduleKind, SuggestionStatus
from inspections.models import Establishment, EstablishmentUpdateSuggestion, Inspection, InspectionSchedule
from inspections.services import schedule_create
from tests.factories import EstablishmentFactory, InspectionFactory
from tests.inspections.conftest import all_yes, at

pytestmark = pytest.mark.django_db

E = "/api/v1/establishments/"
T = "/api/v1/inspection-teams/"
S = "/api/v1/inspection-schedules/"
I = "/api/v1/inspections/"  # noqa: E741


@pytest.fixture
def inspector_api(inspector):
    api = APIClient()
    api.force_authenticate(inspector)
    return api


@pytest.fixture
def visit(district_admin, team, restaurant, today):
    return schedule_create(user=district_admin, team=team, establishment=restaurant, date=today)


def names(response):
    return {row.get("name") or row.get("establishment_name") for row in response.json()["results"]}


def test_anonymous_gets_401_everywhere(anon_api, restaurant, team):
    for url in (E, f"{E}{restaurant.pk}/", T, f"{T}{team.pk}/", S, I):
        assert anon_api.get(url).status_code in (401, 403), url
    assert anon_api.post(I, {}, format="json").status_code in (401, 403)


def test_officer_lists_only_their_ward_and_gets_404_for_another(officer_api, restaurant, cat_dai_shop):
    assert names(officer_api.get(E)) == {restaurant.name}
    assert officer_api.get(f"{E}{cat_dai_shop.pk}/").status_code == 404
    assert officer_api.get(f"{E}{restaurant.pk}/").json()["ward"] == "an-bien"


def test_committee_lists_every_ward(committee_api, restaurant, cat_dai_shop):
    assert names(committee_api.get(E)) == {restaurant.name, cat_dai_shop.name}


def test_establishment_filters_and_search(admin_api, restaurant, cat_dai_shop, an_bien):
    EstablishmentFactory(ward=an_bien, category="kindergarten", name="Trường Mầm non Hoa Sen")
    assert names(admin_api.get(E, {"ward": "cat-dai"})) == {cat_dai_shop.name}
    assert names(admin_api.get(E, {"category": "schools"})) == {"Trường Mầm non Hoa Sen"}
    assert names(admin_api.get(E, {"q": "biển xanh"})) == {restaurant.name}


def test_admin_creates_and_updates_an_establishment(admin_api):
    body = {"ward": "cat-dai", "name": "Karaoke Ánh Sao", "address": "12 Hai Bà Trưng", "category": "karaoke"}
    r = admin_api.post(E, body, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["status"] == EstablishmentStatus.OPERATING and r.json()["due_on"]
    r = admin_api.patch(f"{E}{r.json()['id']}/", {"status": "closed"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "closed"


def test_unknown_category_is_a_400_with_the_field(admin_api):
    r = admin_api.post(E, {"ward": "cat-dai", "name": "X", "address": "Y", "category": "casino"}, format="json")
    assert r.status_code == 400 and "category" in r.json()
    assert not Establishment.objects.exists()


@pytest.mark.parametrize("persona", ["officer_api", "committee_api"])
def test_only_admins_create_establishments(request, persona):
    api = request.getfixturevalue(persona)
    r = api.post(E, {"ward": "an-bien", "name": "X", "address": "Y", "category": "bar"}, format="json")
    assert r.status_code == 403


def test_officer_suggests_an_update_for_their_ward_only(officer_api, restaurant, cat_dai_shop):
    r = officer_api.post(
        f"{E}{restaurant.pk}/suggest-update/", {"changes": {"phone": "0912345678"}, "note": "Số mới"}, format="json"
    )
    assert r.status_code == 201, r.json()
    s = EstablishmentUpdateSuggestion.objects.get()
    assert s.changes == {"phone": "0912345678"} and s.status == SuggestionStatus.PENDING
    assert (
        officer_api.post(
            f"{E}{cat_dai_shop.pk}/suggest-update/", {"changes": {"phone": "1"}}, format="json"
        ).status_code
        == 404
    )


def test_suggestion_with_an_unknown_category_is_refused(officer_api, restaurant):
    r = officer_api.post(f"{E}{restaurant.pk}/suggest-update/", {"changes": {"category": "casino"}}, format="json")
    assert r.status_code == 400 and "category" in r.json()


def test_teams_with_members_and_calendar(officer_api, team, visit, cat_dai_shop, district_admin, today):
    r = officer_api.get(f"{T}{team.pk}/")
    assert {m["display_name"] for m in r.json()["members"]} >= {"Nguyễn Thị Bình"}
    schedule_create(user=district_admin, team=team, establishment=cat_dai_shop, date=today)
    r = officer_api.get(f"{T}{team.pk}/calendar/", {"start": today.isoformat(), "days": 1})
    # The officer sees only their ward's visits in the team's calendar.
    assert [row["establishment"] for row in r.json()] == [visit.establishment_id]
    assert officer_api.get(f"{T}{team.pk}/calendar/", {"start": "yesterday"}).status_code == 400


def test_admin_schedules_and_errors_name_the_field(admin_api, team, restaurant, today):
    r = admin_api.post(S, {"team": team.pk, "establishment": restaurant.pk, "date": today.isoformat()}, format="json")
    assert r.status_code == 201
    r = admin_api.post(
        S,
        {"team": team.pk, "establishment": restaurant.pk, "date": (today - datetime.timedelta(days=1)).isoformat()},
        format="json",
    )
    assert r.status_code == 400 and "date" in r.json()


def test_officer_cannot_schedule(officer_api, team, restaurant, today):
    r = officer_api.post(S, {"team": team.pk, "establishment": restaurant.pk, "date": today.isoformat()}, format="json")
    assert r.status_code == 403


def test_campaign_endpoint(admin_api, team, an_bien, today):
    targets = [EstablishmentFactory(ward=an_bien).pk for _ in range(4)]
    r = admin_api.post(f"{S}campaign/", {"name": "Đợt kiểm tra", "team": team.pk, "establishments": targets,
                                         "start": today.isoformat(), "end": (today + datetime.timedelta(days=1)).isoformat()}, format="json")  # fmt: skip
    assert r.status_code == 201, r.json()
    assert len(r.json()["schedules"]) == 4 and {s["kind"] for s in r.json()["schedules"]} == {ScheduleKind.CAMPAIGN}


def test_cancel_endpoint(admin_api, officer_api, visit):
    assert officer_api.post(f"{S}{visit.pk}/cancel/", {"reason": "x"}, format="json").status_code == 403
    r = admin_api.post(f"{S}{visit.pk}/cancel/", {"reason": ""}, format="json")
    assert r.status_code == 400 and "reason" in r.json()
    assert admin_api.post(f"{S}{visit.pk}/cancel/", {"reason": "Hoãn"}, format="json").json()["status"] == "cancelled"


def record_body(visit, today, **kw):
    body = {
        "schedule": visit.pk,
        "inspected_at": at(today, 0).isoformat(),
        "members_present": list(visit.team.members.values_list("pk", flat=True)),
        "answers": all_yes(visit.establishment),
        "result": Result.VIOLATION,
        "action": Action.FINE,
        "fine_amount": 3_000_000,
        "correct_by": (today + datetime.timedelta(days=3)).isoformat(),
        "findings": "Không có sổ khử khuẩn",
    }
    body.update(kw)
    return body


def test_team_member_records_a_violation_through_the_api(inspector_api, visit, today):
    r = inspector_api.post(I, record_body(visit, today), format="json")
    assert r.status_code == 201, r.json()
    data = r.json()
    assert data["fine_amount"] == 3_000_000 and data["answers"]["masks"] == "yes"
    assert data["follow_ups"][0]["date"] == (today + datetime.timedelta(days=3)).isoformat()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"fine_amount": None}, "fine_amount"),
        ({"fine_amount": -1}, "fine_amount"),
        ({"correct_by": "2000-01-01"}, "correct_by"),
    ],
)
def test_bad_records_are_400_with_field_names_and_nothing_saved(inspector_api, visit, today, changes, field):
    r = inspector_api.post(I, record_body(visit, today, **changes), format="json")
    assert r.status_code == 400 and field in r.json()
    assert (
        not Inspection.objects.exists() and not InspectionSchedule.objects.filter(kind=ScheduleKind.FOLLOW_UP).exists()
    )


def test_recording_twice_is_a_400(inspector_api, visit, today):
    assert inspector_api.post(I, record_body(visit, today), format="json").status_code == 201
    r = inspector_api.post(I, record_body(visit, today), format="json")
    assert r.status_code == 400 and "Lượt kiểm tra này đã được ghi nhận." in str(r.json())  # Vietnamese by default


def test_officer_cannot_record_and_another_wards_schedule_is_not_found(officer_api, other_officer_api, visit, today):
    assert officer_api.post(I, record_body(visit, today), format="json").status_code == 403
    r = other_officer_api.post(I, record_body(visit, today), format="json")
    assert r.status_code == 400 and "schedule" in r.json()  # "does not exist": not revealed


def test_inspection_list_scoped_and_filtered(officer_api, committee_api, team, restaurant, cat_dai_shop, today):
    InspectionFactory(
        establishment=restaurant, team=team, result=Result.VIOLATION, action=Action.WARNING, correct_by=today
    )
    other = InspectionFactory(establishment=cat_dai_shop, team=team)
    assert names(officer_api.get(I)) == {restaurant.name}
    assert officer_api.get(f"{I}{other.pk}/").status_code == 404
    assert names(committee_api.get(I, {"result": "violation"})) == {restaurant.name}
    assert names(committee_api.get(I, {"ward": "cat-dai"})) == {cat_dai_shop.name}


def test_team_member_officer_sees_their_teams_visits_in_other_wards(officer_cat_dai, team, visit):
    team.members.create(user=officer_cat_dai)
    api = APIClient()
    api.force_authenticate(officer_cat_dai)
    assert [s["id"] for s in api.get(S).json()["results"]] == [visit.pk]
