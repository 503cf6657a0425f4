"""Team management by district administrators: the rules (services), the pages and the API."""

import contextlib
import datetime
import re
import threading
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse

from inspections import services
from inspections.choices import ScheduleStatus
from inspections.models import InspectionTeam, TeamMember
from inspections.services import team_create, team_update, teams
from tests.conftest import browser_login
from tests.factories import (
    AdminFactory,
    CommitteeFactory,
    InspectionFactory,
    MemberFactory,
    OfficerFactory,
    ScheduleFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"inspections:{name}", args=args)


@pytest.fixture
def inspector_b(db):
    return CommitteeFactory(username="inspector.b", first_name="Lan")


def _planned(team, restaurant, today, n):
    for i in range(n):
        ScheduleFactory(team=team, establishment=restaurant, date=today + datetime.timedelta(days=i + 1))


# ---- Rules (services) -------------------------------------------------------------------------------


def test_create_adds_the_leader_as_a_member(district_admin, inspector, inspector_b):
    team = team_create(
        user=district_admin,
        data={
            "name": "Đoàn 5",
            "leader": inspector,
            "daily_capacity": 4,
            "active": True,
            "member_users": [inspector_b],
            "outside_members": [{"name": "Trần Văn Cường", "unit": "Công an quận", "phone": "0912 345 678"}],
        },
    )
    members = TeamMember.objects.filter(team=team)
    assert {m.user_id for m in members if m.user_id} == {inspector.pk, inspector_b.pk}
    outside = members.get(user=None)
    assert (outside.name, outside.unit, outside.phone) == ("Trần Văn Cường", "Công an quận", "0912 345 678")
    assert team.leader == inspector and team.daily_capacity == 4


@pytest.mark.parametrize("capacity", [0, -1, 51])
def test_capacity_is_at_least_one_visit_and_bounded(district_admin, inspector, capacity):
    with pytest.raises(ValidationError) as exc:
        team_create(
            user=district_admin, data={"name": "Đoàn 5", "daily_capacity": capacity, "member_users": [inspector]}
        )
    assert "from 1 to 50" in exc.value.message_dict["daily_capacity"][0]
    assert not InspectionTeam.objects.filter(name="Đoàn 5").exists()


def test_name_is_unique_among_active_teams_ignoring_case(district_admin, team, inspector):
    with pytest.raises(ValidationError) as exc:
        team_create(user=district_admin, data={"name": " đoàn 1 ", "member_users": [inspector]})
    assert "already called" in exc.value.message_dict["name"][0]


def test_an_inactive_team_frees_its_name(district_admin, inspector):
    TeamFactory(name="Đoàn cũ", active=False)
    team = team_create(user=district_admin, data={"name": "Đoàn cũ", "member_users": [inspector]})
    assert team.active and InspectionTeam.objects.filter(name="Đoàn cũ").count() == 2


def test_the_database_refuses_two_active_teams_with_one_name(team):
    with pytest.raises(IntegrityError), transaction.atomic():
        InspectionTeam.objects.create(name=team.name, daily_capacity=2)
    InspectionTeam.objects.create(name=team.name, daily_capacity=2, active=False)


def test_a_team_needs_a_member(district_admin):
    with pytest.raises(ValidationError) as exc:
        team_create(user=district_admin, data={"name": "Đoàn trống", "member_users": [], "outside_members": []})
    assert exc.value.message_dict["member_users"] == ["A team needs at least one member."]


def test_outside_member_needs_name_and_unit_and_a_plausible_phone(district_admin, inspector):
    with pytest.raises(ValidationError) as exc:
        team_create(
            user=district_admin,
            data={
                "name": "Đoàn 6",
                "member_users": [inspector],
                "outside_members": [
                    {"name": "Bình", "unit": "", "phone": ""},
                    {"name": "An", "unit": "Y tế", "phone": "gọi tôi"},
                ],
            },
        )
    errors = exc.value.message_dict["outside_members"]
    assert errors[0].startswith("Row 1:") and "name and a unit" in errors[0]
    assert errors[1].startswith("Row 2:") and "phone" in errors[1]


def test_disabled_accounts_cannot_join(district_admin, inspector_b):
    inspector_b.is_active = False
    inspector_b.save()
    with pytest.raises(ValidationError) as exc:
        team_create(user=district_admin, data={"name": "Đoàn 7", "leader": inspector_b})
    assert "disabled" in exc.value.message_dict["leader"][0]


@pytest.mark.parametrize("persona", ["committee_member", "officer_an_bien"])
def test_only_administrators_manage_teams(request, persona, team):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        team_create(user=user, data={"name": "Đoàn 8", "leader": user})
    with pytest.raises(PermissionDenied):
        team_update(user=user, team=team, data={"daily_capacity": 9})
    team.refresh_from_db()
    assert team.daily_capacity == 3


def test_deactivating_a_team_with_planned_visits_is_refused_naming_how_many(district_admin, team, restaurant, today):
    _planned(team, restaurant, today, 2)
    ScheduleFactory(team=team, establishment=restaurant, date=today - datetime.timedelta(days=3))  # past
    ScheduleFactory(
        team=team, establishment=restaurant, date=today + datetime.timedelta(days=9), status=ScheduleStatus.CANCELLED
    )
    with pytest.raises(ValidationError) as exc:
        team_update(user=district_admin, team=team, data={"active": False})
    assert exc.value.message_dict["active"] == [
        "The team has 2 planned visits from today; cancel them or give them to another team "
        "before deactivating the team."
    ]
    team.refresh_from_db()
    assert team.active


def test_a_team_without_future_visits_is_deactivated(district_admin, team, restaurant, today):
    ScheduleFactory(team=team, establishment=restaurant, date=today - datetime.timedelta(days=1))
    team_update(user=district_admin, team=team, data={"active": False})
    team.refresh_from_db()
    assert not team.active


def test_update_replaces_members_and_edits_outside_members_in_place(district_admin, team, inspector, inspector_b):
    outside = team.members.get(user=None)
    team_update(
        user=district_admin,
        team=team,
        data={
            "member_users": [inspector_b],
            "outside_members": [
                {"id": outside.pk, "name": outside.name, "unit": "Trung tâm Y tế", "phone": "0225 3835 111"},
                {"name": "Phạm Văn Đức", "unit": "Quản lý thị trường", "phone": ""},
            ],
        },
    )
    members = list(team.members.order_by("pk"))
    assert [m.user_id for m in members if m.user_id] == [inspector_b.pk]
    kept = TeamMember.objects.get(pk=outside.pk)
    assert (kept.unit, kept.phone) == ("Trung tâm Y tế", "0225 3835 111")
    assert sorted(m.name for m in members if not m.user_id) == ["Nguyễn Thị Bình", "Phạm Văn Đức"]


def test_partial_update_keeps_the_members(district_admin, team):
    before = set(team.members.values_list("pk", flat=True))
    team_update(user=district_admin, team=team, data={"daily_capacity": 8, "name": "Đoàn 1 mới"})
    team.refresh_from_db()
    assert (team.name, team.daily_capacity) == ("Đoàn 1 mới", 8)
    assert set(team.members.values_list("pk", flat=True)) == before


def test_a_member_present_at_a_recorded_inspection_stays(district_admin, team, restaurant):
    outside = team.members.get(user=None)
    InspectionFactory(team=team, establishment=restaurant).members_present.add(outside)
    with pytest.raises(ValidationError) as exc:
        team_update(user=district_admin, team=team, data={"outside_members": []})
    assert "Nguyễn Thị Bình was present at 1 recorded inspection" in exc.value.message_dict["outside_members"][0]
    assert TeamMember.objects.filter(pk=outside.pk).exists()


def test_another_teams_member_id_is_refused(district_admin, team):
    stranger = MemberFactory(team=TeamFactory(), name="Người ngoài", unit="X")
    with pytest.raises(ValidationError) as exc:
        team_update(
            user=district_admin,
            team=team,
            data={"outside_members": [{"id": stranger.pk, "name": "Đổi tên", "unit": "X"}]},
        )
    assert "not in the team" in exc.value.message_dict["outside_members"][0]
    stranger.refresh_from_db()
    assert stranger.team_id != team.pk and stranger.name == "Người ngoài"


# ---- Pages -----------------------------------------------------------------------------------------


def _post_data(**overrides):
    data = {
        "name": "Đoàn liên ngành",
        "leader": "",
        "daily_capacity": "5",
        "active": "on",
        "member_users": [],
        "outside-TOTAL_FORMS": "1",
        "outside-INITIAL_FORMS": "0",
        "outside-MIN_NUM_FORMS": "0",
        "outside-MAX_NUM_FORMS": "1000",
        "outside-0-id": "",
        "outside-0-name": "",
        "outside-0-unit": "",
        "outside-0-phone": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("name", ["team_create", "team_edit"])
def test_anonymous_is_sent_to_login_from_team_forms(client, team, name):
    r = client.get(url(name, team.pk) if name == "team_edit" else url(name))
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


@pytest.mark.parametrize("persona", ["officer_client", "committee_client"])
def test_only_admins_open_or_post_team_forms(request, persona, team):
    client = request.getfixturevalue(persona)
    assert client.get(url("team_create")).status_code == 403
    assert client.get(url("team_edit", team.pk)).status_code == 403
    assert client.post(url("team_create"), _post_data()).status_code == 403
    assert client.post(url("team_edit", team.pk), _post_data(name="Hack")).status_code == 403
    assert not InspectionTeam.objects.filter(name__in=["Đoàn liên ngành", "Hack"]).exists()


def test_admin_edit_form_is_prefilled(admin_client_, team, inspector):
    r = admin_client_.get(url("team_edit", team.pk))
    assert r.status_code == 200
    form, formset = r.context["form"], r.context["formset"]
    assert form["name"].value() == "Đoàn 1" and list(form["member_users"].value()) == [inspector.pk]
    assert [f["name"].value() for f in formset.forms if f["name"].value()] == ["Nguyễn Thị Bình"]
    assert admin_client_.get(url("team_edit", 999999)).status_code == 404


def test_admin_creates_a_team_on_the_page(admin_client_, inspector, inspector_b):
    data = _post_data(
        leader=str(inspector.pk),
        member_users=[str(inspector_b.pk)],
        **{
            "outside-TOTAL_FORMS": "2",
            "outside-0-name": "Vũ Thị Hoa",
            "outside-0-unit": "Trạm Y tế phường An Biên",
            "outside-0-phone": "0904 111 222",
        },
        **{"outside-1-id": "", "outside-1-name": "", "outside-1-unit": "", "outside-1-phone": ""},
    )
    r = admin_client_.post(url("team_create"), data)
    team = InspectionTeam.objects.get(name="Đoàn liên ngành")
    assert r.status_code == 302 and r["Location"] == url("team_detail", team.pk)
    assert set(team.members.exclude(user=None).values_list("user_id", flat=True)) == {inspector.pk, inspector_b.pk}
    assert list(team.members.filter(user=None).values_list("name", "phone")) == [("Vũ Thị Hoa", "0904 111 222")]
    assert "0904 111 222" in admin_client_.get(url("team_detail", team.pk)).content.decode()


def test_a_refused_form_keeps_what_was_typed_and_shows_the_errors(admin_client_, inspector):
    data = _post_data(
        daily_capacity="0",
        member_users=[str(inspector.pk)],
        **{"outside-0-name": "Lê Văn Tám", "outside-0-unit": "", "outside-0-phone": "0911"},
    )
    r = admin_client_.post(url("team_create"), data)
    assert r.status_code == 400
    body = r.content.decode()
    assert 'value="Đoàn liên ngành"' in body and 'value="Lê Văn Tám"' in body and 'value="0911"' in body
    formset = r.context["formset"]
    assert "unit" in formset.forms[0].errors  # the row's own error, next to the field
    # Row fixed, the service's rule (capacity) is shown next to its field, Vietnamese on the page.
    data["outside-0-unit"] = "Công an phường"
    r = admin_client_.post(url("team_create"), data)
    assert r.status_code == 400 and r.context["form"].errors["daily_capacity"]
    assert "Công an phường" in r.content.decode() and "Lê Văn Tám" in r.content.decode()
    assert "lượt" in r.context["form"].errors["daily_capacity"][0]
    assert not InspectionTeam.objects.filter(name="Đoàn liên ngành").exists()


def test_deactivating_on_the_page_is_refused_with_the_count(admin_client_, team, inspector, restaurant, today):
    _planned(team, restaurant, today, 3)
    outside = team.members.get(user=None)
    data = _post_data(
        name=team.name,
        daily_capacity="3",
        member_users=[str(inspector.pk)],
        **{
            "active": "",
            "outside-INITIAL_FORMS": "1",
            "outside-0-id": str(outside.pk),
            "outside-0-name": outside.name,
            "outside-0-unit": outside.unit,
        },
    )
    data.pop("active")
    r = admin_client_.post(url("team_edit", team.pk), data)
    assert r.status_code == 400
    assert "3" in r.context["form"].errors["active"][0]
    team.refresh_from_db()
    assert team.active


def test_deleting_an_outside_member_row_on_the_page(admin_client_, team, inspector):
    outside = team.members.get(user=None)
    data = _post_data(
        name=team.name,
        daily_capacity="3",
        member_users=[str(inspector.pk)],
        **{
            "outside-INITIAL_FORMS": "1",
            "outside-0-id": str(outside.pk),
            "outside-0-name": outside.name,
            "outside-0-unit": outside.unit,
            "outside-0-DELETE": "on",
        },
    )
    r = admin_client_.post(url("team_edit", team.pk), data)
    assert r.status_code == 302
    assert not TeamMember.objects.filter(pk=outside.pk).exists()


def test_service_row_errors_are_shown_above_the_rows(admin_client_, team, inspector, restaurant):
    outside = team.members.get(user=None)
    InspectionFactory(team=team, establishment=restaurant).members_present.add(outside)
    data = _post_data(
        name=team.name,
        member_users=[str(inspector.pk)],
        **{"outside-INITIAL_FORMS": "1", "outside-0-id": str(outside.pk), "outside-0-DELETE": "on"},
    )
    r = admin_client_.post(url("team_edit", team.pk), data)
    assert r.status_code == 400
    assert "Nguyễn Thị Bình" in r.context["formset"].non_form_errors()[0]


@pytest.mark.parametrize(
    ("persona", "shown"), [("admin_client_", True), ("committee_client", False), ("officer_client", False)]
)
def test_management_buttons_are_for_admins_only(request, persona, shown, team):
    client = request.getfixturevalue(persona)
    assert (url("team_create") in client.get(url("team_list")).content.decode()) is shown
    assert (url("team_edit", team.pk) in client.get(url("team_detail", team.pk)).content.decode()) is shown


@pytest.mark.parametrize("size", [2, 20])
def test_edit_page_queries_do_not_grow_with_members(admin_client_, team, size, django_assert_max_num_queries):
    for i in range(size):
        MemberFactory(team=team, user=CommitteeFactory(username=f"member.{size}.{i}"))
        MemberFactory(team=team, name=f"Thành viên {i}", unit="Y tế", phone="0900000000")
    with django_assert_max_num_queries(11):  # + the district's identity for the footer (then cached)
        r = admin_client_.get(url("team_edit", team.pk))
    assert r.status_code == 200 and len(r.context["formset"].forms) == size + 2


# ---- API -------------------------------------------------------------------------------------------


def test_admin_creates_a_team_on_the_api(admin_api, inspector, inspector_b):
    r = admin_api.post(
        "/api/v1/inspection-teams/",
        {
            "name": "Đoàn API",
            "leader": "inspector.test",
            "daily_capacity": 4,
            "members": ["inspector.b"],
            "outside_members": [{"name": "Hoàng Văn Em", "unit": "Công an quận", "phone": "0987"}],
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["leader"] == "inspector.test" and body["daily_capacity"] == 4 and body["active"] is True
    assert {m["username"] for m in body["members"]} == {"inspector.test", "inspector.b", None}
    assert {"display_name": "Hoàng Văn Em", "phone": "0987"}.items() <= body["members"][2].items()


def test_admin_patches_a_team_and_rules_answer_400_with_field_names(admin_api, team, restaurant, today):
    r = admin_api.patch(f"/api/v1/inspection-teams/{team.pk}/", {"daily_capacity": 5}, format="json")
    assert r.status_code == 200 and r.json()["daily_capacity"] == 5
    assert len(r.json()["members"]) == 2
    assert admin_api.patch(
        f"/api/v1/inspection-teams/{team.pk}/", {"daily_capacity": 0}, format="json"
    ).json().keys() == {"daily_capacity"}
    _planned(team, restaurant, today, 1)
    r = admin_api.patch(f"/api/v1/inspection-teams/{team.pk}/", {"active": False}, format="json")
    assert r.status_code == 400 and "1" in r.json()["active"][0]
    r = admin_api.patch(
        f"/api/v1/inspection-teams/{team.pk}/",
        {"outside_members": [{"name": "Không đơn vị", "unit": ""}]},
        format="json",
    )
    assert r.status_code == 400 and "outside_members" in r.json()
    TeamFactory(name="Đoàn 2")
    r = admin_api.patch(f"/api/v1/inspection-teams/{team.pk}/", {"name": "Đoàn 2"}, format="json")
    assert r.status_code == 400 and list(r.json()) == ["name"]


@pytest.mark.parametrize("persona", ["officer_api", "committee_api"])
def test_others_get_403_on_team_writes_but_read(request, persona, team):
    api = request.getfixturevalue(persona)
    assert api.post("/api/v1/inspection-teams/", {"name": "X"}, format="json").status_code == 403
    assert api.patch(f"/api/v1/inspection-teams/{team.pk}/", {"daily_capacity": 9}, format="json").status_code == 403
    assert api.get(f"/api/v1/inspection-teams/{team.pk}/").status_code == 200
    team.refresh_from_db()
    assert team.daily_capacity == 3


def test_anonymous_cannot_write_teams(anon_api, team):
    assert anon_api.post("/api/v1/inspection-teams/", {"name": "X"}, format="json").status_code in (401, 403)
    assert anon_api.patch(f"/api/v1/inspection-teams/{team.pk}/", {}, format="json").status_code in (401, 403)


def test_an_officer_can_be_a_member(admin_api, an_bien):
    OfficerFactory(username="officer.member", ward=an_bien)
    r = admin_api.post(
        "/api/v1/inspection-teams/", {"name": "Đoàn phường", "members": ["officer.member"]}, format="json"
    )
    assert r.status_code == 201 and [m["username"] for m in r.json()["members"]] == ["officer.member"]


# ---- Browser ---------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_adds_outside_members_with_the_button_on_a_phone(phone_page, district_admin, inspector):
    page = phone_page
    browser_login(page, district_admin.username)
    page.goto(url("team_list"))
    page.click(f"a[href='{url('team_create')}']")
    page.fill("input[name=name]", "Đoàn phản ứng nhanh")
    page.fill("input[name=daily_capacity]", "4")
    page.select_option("select[name=leader]", str(inspector.pk))
    page.fill("input[name=outside-0-name]", "Vũ Thị Hoa")
    page.fill("input[name=outside-0-unit]", "Trung tâm Y tế quận")
    page.click("[data-formset-add]")
    page.fill("input[name=outside-1-name]", "Đặng Văn Minh")
    page.fill("input[name=outside-1-unit]", "Công an phường An Biên")
    page.fill("input[name=outside-1-phone]", "0913 222 333")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.click("[data-testid=team-form] button[type=submit]")

    page.wait_for_url(re.compile(r"/inspections/teams/\d+/$"))  # the new team's page
    team = InspectionTeam.objects.get(name="Đoàn phản ứng nhanh")
    assert page.url.endswith(url("team_detail", team.pk))
    assert "0913 222 333" in page.content()
    assert sorted(team.members.filter(user=None).values_list("name", flat=True)) == ["Vũ Thị Hoa", "Đặng Văn Minh"]
    assert list(team.members.exclude(user=None).values_list("user_id", flat=True)) == [inspector.pk]


# ---- Concurrency (PostgreSQL) ----------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_admins_creating_teams_with_one_name_at_once_get_one_team():

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's unique index under concurrent transactions")
    admins = [AdminFactory(username="admin.one"), AdminFactory(username="admin.two")]
    # Both threads pass the name check before either saves; the partial unique index decides.
    checked = threading.Barrier(2)
    real_clean = teams.full_clean

    def clean_then_wait(obj, **kwargs):
        real_clean(obj, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            checked.wait(timeout=2)

    outcomes = []

    def create(admin):
        try:
            services.team_create(user=admin, data={"name": "Đoàn trùng", "leader": admin})
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(list(exc.message_dict))
        finally:
            connections.close_all()

    with mock.patch.object(teams, "full_clean", clean_then_wait):
        threads = [threading.Thread(target=create, args=(a,)) for a in admins]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(outcomes, key=str) == [["name"], "ok"]
    assert InspectionTeam.objects.filter(name="Đoàn trùng").count() == 1
