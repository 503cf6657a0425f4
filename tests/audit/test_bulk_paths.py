"""Writes made in bulk are audited like any other: one entry per object, with the actor, the
address and the request id (an import, a campaign's visits, a team's members)."""

import datetime

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from inspections.choices import Category
from inspections.models import Establishment, InspectionSchedule, InspectionTeam, TeamMember
from inspections.services import establishments_import
from reports.models import ReportValue
from supplies.choices import HolderKind
from supplies.models import Holder
from tests.audit.conftest import ADDRESS, entries_of, entries_of_model
from tests.factories import (
    CommitteeFactory,
    EstablishmentFactory,
    MemberFactory,
    TeamFactory,
    WardFactory,
    bulk_daily,
    submitted_daily,
)

pytestmark = pytest.mark.django_db

CREATE, UPDATE, DELETE = LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE


def _csv(rows: int) -> SimpleUploadedFile:
    lines = ["name,ward_code,address,category,workers"]
    lines += [f"Cửa hàng số {n},an-bien,{n} Tô Hiệu,restaurant,{n % 7}" for n in range(1, rows + 1)]
    return SimpleUploadedFile("co-so.csv", "\n".join(lines).encode("utf-8"))


def _token_api(user) -> APIClient:
    token = Token.objects.create(user=user)
    return APIClient(REMOTE_ADDR=ADDRESS, HTTP_AUTHORIZATION=f"Token {token.key}")


def _assert_same_request(entries, actor) -> None:
    """Every entry is the request's: its actor, its address, its request id."""
    assert entries
    assert {e.actor_id for e in entries} == {actor.pk}
    assert {e.remote_addr for e in entries} == {ADDRESS}
    cids = {e.cid for e in entries}
    assert len(cids) == 1 and None not in cids and "" not in cids
    assert {e.additional_data["actor_username"] for e in entries} == {actor.username}


# ---- Import -------------------------------------------------------------------------------------


def test_imported_establishments_get_one_creation_entry_each_with_the_importing_admin(
    admin_client_, district_admin, le_chan, an_bien
):
    response = admin_client_.post(reverse("inspections:establishment_import"), {"file": _csv(50)}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302, response.content.decode()[:2000]
    establishments = list(Establishment.objects.all())
    assert len(establishments) == 50
    entries = entries_of_model(Establishment, CREATE)
    assert sorted(int(e.object_pk) for e in entries) == sorted(e.pk for e in establishments)
    _assert_same_request(entries, district_admin)
    sample = Establishment.objects.get(name="Cửa hàng số 12")
    [entry] = entries_of(sample, CREATE)
    # The same entry a single creation writes: the object's name and every field, None → value.
    assert entry.object_repr == "Cửa hàng số 12" and entry.object_id == sample.pk
    assert entry.changes["name"] == ["None", "Cửa hàng số 12"]
    assert entry.changes["ward"] == ["None", str(an_bien.pk)]
    assert entry.changes["category"] == ["None", Category.RESTAURANT]
    assert entry.changes["workers"] == ["None", "5"]
    assert "updated_at" not in entry.changes


def test_an_import_with_a_bad_row_records_nothing(admin_client_, le_chan):
    before = LogEntry.objects.count()
    upload = SimpleUploadedFile("co-so.csv", b"name,ward_code,address,category\nA,an-bien,1,bar\nB,nowhere,2,bar\n")
    response = admin_client_.post(reverse("inspections:establishment_import"), {"file": upload})
    assert response.status_code == 400
    assert not Establishment.objects.exists() and LogEntry.objects.count() == before


def test_an_import_inserts_its_entries_in_batches_not_one_statement_per_row(district_admin, le_chan):

    with set_actor(district_admin, remote_addr=ADDRESS), CaptureQueriesContext(connection) as queries:
        report = establishments_import(user=district_admin, uploaded=_csv(1200))
    assert report.ok and report.created == 1200
    entry_inserts = [q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "auditlog_logentry"')]
    assert 1 <= len(entry_inserts) <= 3  # 500 entries a statement (SQLite may split further; still few)
    entries = entries_of_model(Establishment, CREATE)
    assert len(entries) == 1200
    assert {e.actor_id for e in entries} == {district_admin.pk} and {e.remote_addr for e in entries} == {ADDRESS}


# ---- Campaigns ----------------------------------------------------------------------------------


def test_a_campaigns_visits_are_audited_in_each_establishments_history(admin_client_, district_admin, le_chan):
    ward = le_chan.wards.get(code="niem-nghia")
    team = TeamFactory(daily_capacity=6)
    schools = [EstablishmentFactory(ward=ward, category=c) for c in (Category.KINDERGARTEN, Category.PRIMARY_SCHOOL)]
    today = datetime.date.today()
    monday = today + datetime.timedelta(days=7 - today.weekday())
    response = admin_client_.post(
        reverse("inspections:campaign_create"),
        {
            "name": "Trường học Niệm Nghĩa",
            "team": team.pk,
            "ward": ward.pk,
            "category": "schools",
            "start": monday.isoformat(),
            "end": (monday + datetime.timedelta(days=4)).isoformat(),
        },
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    schedules = list(InspectionSchedule.objects.filter(campaign__isnull=False))
    assert len(schedules) == 2
    entries = entries_of_model(InspectionSchedule, CREATE)
    assert sorted(int(e.object_pk) for e in entries) == sorted(s.pk for s in schedules)
    _assert_same_request(entries, district_admin)
    for schedule in schedules:
        [entry] = entries_of(schedule, CREATE)
        assert entry.changes["campaign"] == ["None", str(schedule.campaign_id)]
        assert entry.changes["date"] == ["None", schedule.date.isoformat()]
        # Shown in the establishment's history, like a visit planned one at a time.
        assert entry.additional_data["parent"] == f"inspections.establishment:{schedule.establishment_id}"
    assert {s.establishment_id for s in schedules} == {s.pk for s in schools}


# ---- Teams and their members --------------------------------------------------------------------


@pytest.fixture
def inspectors(db):
    return [CommitteeFactory(username=f"inspector.{n}", first_name=f"Thanh tra {n}") for n in (1, 2, 3)]


def test_a_team_created_with_members_records_each_member(district_admin, inspectors):
    api = _token_api(district_admin)
    response = api.post(
        "/api/v1/inspection-teams/",
        {
            "name": "Đoàn liên ngành",
            "leader": "inspector.1",
            "daily_capacity": 4,
            "members": ["inspector.2"],
            "outside_members": [{"name": "Vũ Thị Hoa", "unit": "Trạm Y tế phường An Biên", "phone": "0904 111 222"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    team = InspectionTeam.objects.get(name="Đoàn liên ngành")
    members = list(TeamMember.objects.filter(team=team))
    assert len(members) == 3  # the leader, a portal user, an outside member
    entries = entries_of_model(TeamMember, CREATE)
    assert sorted(int(e.object_pk) for e in entries) == sorted(m.pk for m in members)
    _assert_same_request(entries + entries_of(team, CREATE), district_admin)
    assert {e.additional_data["parent"] for e in entries} == {f"inspections.inspectionteam:{team.pk}"}
    outside = next(m for m in members if m.user_id is None)
    [entry] = entries_of(outside, CREATE)
    assert entry.changes["name"] == ["None", "Vũ Thị Hoa"] and entry.changes["phone"] == ["None", "0904 111 222"]
    leader = next(m for m in members if m.user_id == inspectors[0].pk)
    assert entries_of(leader, CREATE)[0].changes["user"] == ["None", str(inspectors[0].pk)]


def test_a_team_edit_records_members_added_removed_and_changed(district_admin, inspectors):
    team = TeamFactory(name="Đoàn 1", daily_capacity=3)
    kept = MemberFactory(team=team, user=inspectors[0])
    dropped = MemberFactory(team=team, user=inspectors[1])
    outside = MemberFactory(team=team, name="Nguyễn Thị Bình", unit="Trung tâm Y tế quận", phone="")
    api = _token_api(district_admin)
    last = LogEntry.objects.order_by("pk").last().pk  # the factories' own entries come before
    response = api.patch(
        f"/api/v1/inspection-teams/{team.pk}/",
        {
            "members": ["inspector.1", "inspector.3"],
            "outside_members": [
                {"id": outside.pk, "name": "Nguyễn Thị Bình", "unit": "Trung tâm Y tế quận", "phone": "0225 3 111"},
                {"name": "Trần Văn Cường", "unit": "Công an quận"},
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    added = list(TeamMember.objects.filter(team=team).exclude(pk__in=[kept.pk, outside.pk]))
    assert {m.user_id for m in added} == {inspectors[2].pk, None}
    created = [e for e in entries_of_model(TeamMember, CREATE) if e.pk > last]
    assert sorted(int(e.object_pk) for e in created) == sorted(m.pk for m in added)
    [removed] = entries_of(dropped, DELETE)
    [changed] = entries_of(outside, UPDATE)
    assert removed.pk > last and changed.pk > last
    assert changed.changes == {"phone": ["", "0225 3 111"]}
    assert not entries_of(kept, UPDATE) and not entries_of(kept, DELETE)
    _assert_same_request([*created, removed, changed], district_admin)
    parent = f"inspections.inspectionteam:{team.pk}"
    assert {e.additional_data["parent"] for e in [*created, removed, changed]} == {parent}


# ---- Other bulk paths on audited models ---------------------------------------------------------


def test_outlier_flags_written_with_the_values_are_audited(catalogue, officer_an_bien):

    today = datetime.date.today()
    days = [today - datetime.timedelta(days=k) for k in range(1, 15)]
    bulk_daily([officer_an_bien.ward], days, officer_an_bien, values={"masks_given": 150, "home_quarantine": 12})
    with set_actor(officer_an_bien, remote_addr=ADDRESS):
        report = submitted_daily(officer_an_bien, today, {"masks_given": 5000, "home_quarantine": 12})
    masks = ReportValue.objects.get(report=report, indicator__code="masks_given")
    assert masks.is_outlier
    # The flag is judged as the value is written (issue 12 #12), so it is in the entry that writes it.
    [flagged] = [e for e in LogEntry.objects.get_for_object(masks) if "is_outlier" in e.changes]
    assert flagged.changes["is_outlier"][1] == "True"
    assert flagged.changes["baseline_count"][1] == "14"
    assert flagged.actor == officer_an_bien and flagged.remote_addr == ADDRESS
    assert flagged.additional_data["parent"] == f"reports.report:{report.pk}"


def test_a_ward_store_created_on_demand_is_audited(admin_client_, district_admin, le_chan):

    ward = WardFactory(district=le_chan, code="phuong-moi", name="Phường Mới")
    Holder.objects.filter(ward=ward).delete()  # a ward added after the stores were made
    response = admin_client_.get(reverse("supplies:transfer"), REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    store = Holder.objects.get(kind=HolderKind.WARD, ward=ward)
    [entry] = entries_of(store, CREATE)
    assert entry.actor == district_admin and entry.remote_addr == ADDRESS
    assert entry.changes["ward"] == ["None", str(ward.pk)]
