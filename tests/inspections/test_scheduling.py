"""Scheduling rules: capacity, closed establishments, past dates, double booking, campaigns."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count

from inspections.choices import Category, EstablishmentStatus, ScheduleKind, ScheduleStatus
from inspections.models import Campaign, InspectionSchedule
from inspections.services import campaign_create, schedule_cancel, schedule_create
from tests.factories import EstablishmentFactory, TeamFactory

pytestmark = pytest.mark.django_db


def next_monday(today):
    return today + datetime.timedelta(days=7 - today.weekday())


def test_admin_schedules_a_visit(district_admin, team, restaurant, today):
    s = schedule_create(user=district_admin, team=team, establishment=restaurant, date=today)
    assert s.status == ScheduleStatus.PLANNED and s.created_by == district_admin


def test_schedule_refuses_a_past_date(district_admin, team, restaurant, today):
    with pytest.raises(ValidationError) as exc:
        schedule_create(
            user=district_admin, team=team, establishment=restaurant, date=today - datetime.timedelta(days=1)
        )
    assert "date" in exc.value.message_dict
    assert "in the past" in exc.value.message_dict["date"][0]
    assert not InspectionSchedule.objects.exists()


def test_schedule_refuses_a_closed_establishment(district_admin, team, an_bien, today):
    closed = EstablishmentFactory(ward=an_bien, status=EstablishmentStatus.CLOSED, name="Karaoke Đóng")
    with pytest.raises(ValidationError) as exc:
        schedule_create(user=district_admin, team=team, establishment=closed, date=today)
    assert "Karaoke Đóng is closed" in exc.value.message_dict["establishment"][0]


def test_schedule_allows_an_establishment_closed_by_order(district_admin, team, an_bien, today):
    shut = EstablishmentFactory(ward=an_bien, status=EstablishmentStatus.CLOSED_BY_ORDER)
    assert schedule_create(user=district_admin, team=team, establishment=shut, date=today).pk


def test_schedule_refuses_beyond_the_team_capacity(district_admin, team, an_bien, today):
    for _ in range(team.daily_capacity):
        schedule_create(user=district_admin, team=team, establishment=EstablishmentFactory(ward=an_bien), date=today)
    with pytest.raises(ValidationError) as exc:
        schedule_create(user=district_admin, team=team, establishment=EstablishmentFactory(ward=an_bien), date=today)
    assert "fully booked" in exc.value.message_dict["date"][0]
    assert "3 of 3" in exc.value.message_dict["date"][0]
    # Another day and another team still have room.
    schedule_create(
        user=district_admin,
        team=team,
        establishment=EstablishmentFactory(ward=an_bien),
        date=today + datetime.timedelta(days=1),
    )
    other = TeamFactory(daily_capacity=1)
    schedule_create(user=district_admin, team=other, establishment=EstablishmentFactory(ward=an_bien), date=today)


def test_cancelled_visits_free_their_place(district_admin, team, an_bien, today):
    first = None
    for _ in range(team.daily_capacity):
        s = schedule_create(
            user=district_admin, team=team, establishment=EstablishmentFactory(ward=an_bien), date=today
        )
        first = first or s
    schedule_cancel(user=district_admin, schedule=first, reason="Cơ sở nghỉ")
    assert schedule_create(user=district_admin, team=team, establishment=first.establishment, date=today).pk


def test_schedule_refuses_the_same_establishment_twice_a_day(district_admin, team, restaurant, today):
    schedule_create(user=district_admin, team=team, establishment=restaurant, date=today)
    other_team = TeamFactory()
    with pytest.raises(ValidationError) as exc:
        schedule_create(user=district_admin, team=other_team, establishment=restaurant, date=today)
    assert "already scheduled" in exc.value.message_dict["date"][0]


def test_schedule_refuses_an_inactive_team(district_admin, restaurant, today):
    team = TeamFactory(active=False)
    with pytest.raises(ValidationError) as exc:
        schedule_create(user=district_admin, team=team, establishment=restaurant, date=today)
    assert "team" in exc.value.message_dict


@pytest.mark.parametrize("persona", ["officer_an_bien", "committee_member", "inspector"])
def test_only_administrators_schedule(request, persona, team, restaurant, today):
    with pytest.raises(PermissionDenied):
        schedule_create(user=request.getfixturevalue(persona), team=team, establishment=restaurant, date=today)


def test_cancel_needs_a_reason_and_a_planned_visit(district_admin, team, restaurant, today):
    s = schedule_create(user=district_admin, team=team, establishment=restaurant, date=today)
    with pytest.raises(ValidationError):
        schedule_cancel(user=district_admin, schedule=s, reason=" ")
    schedule_cancel(user=district_admin, schedule=s, reason="Trùng lịch")
    with pytest.raises(ValidationError):
        schedule_cancel(user=district_admin, schedule=s, reason="Again")


# ---- Campaigns ------------------------------------------------------------------------------------


def test_campaign_spreads_evenly_over_working_days_within_capacity(district_admin, le_chan, today):
    niem_nghia = le_chan.wards.get(code="niem-nghia")
    team = TeamFactory(daily_capacity=4)  # Monday to Friday
    schools = [EstablishmentFactory(ward=niem_nghia, category=Category.PRIMARY_SCHOOL) for _ in range(12)]
    monday = next_monday(today)
    campaign = campaign_create(
        user=district_admin, team=team, name="Trường học Niệm Nghĩa", establishments=schools,
        start=monday, end=monday + datetime.timedelta(days=6), per_day=3,
    )  # fmt: skip
    per_day = dict(campaign.schedules.values_list("date").annotate(n=Count("pk")))
    # 12 visits over 5 working days: 3,3,2,2,2 — never on the weekend, never above per_day.
    assert sorted(per_day) == [monday + datetime.timedelta(days=i) for i in range(5)]
    assert sorted(per_day.values(), reverse=True) == [3, 3, 2, 2, 2]
    assert set(campaign.schedules.values_list("kind", flat=True)) == {ScheduleKind.CAMPAIGN}
    assert campaign.schedules.count() == 12


def test_campaign_counts_visits_already_booked(district_admin, le_chan, today):
    ward = le_chan.wards.get(code="niem-nghia")
    team = TeamFactory(daily_capacity=2)
    monday = next_monday(today)
    schedule_create(user=district_admin, team=team, establishment=EstablishmentFactory(ward=ward), date=monday)
    schedule_create(user=district_admin, team=team, establishment=EstablishmentFactory(ward=ward), date=monday)
    targets = [EstablishmentFactory(ward=ward) for _ in range(2)]
    campaign = campaign_create(
        user=district_admin,
        team=team,
        name="Đợt 1",
        establishments=targets,
        start=monday,
        end=monday + datetime.timedelta(days=1),
    )
    assert set(campaign.schedules.values_list("date", flat=True)) == {monday + datetime.timedelta(days=1)}


def test_campaign_that_does_not_fit_plans_nothing(district_admin, an_bien, today):
    team = TeamFactory(daily_capacity=2)
    monday = next_monday(today)
    targets = [EstablishmentFactory(ward=an_bien) for _ in range(5)]
    with pytest.raises(ValidationError) as exc:
        campaign_create(
            user=district_admin,
            team=team,
            name="Quá tải",
            establishments=targets,
            start=monday,
            end=monday + datetime.timedelta(days=1),
        )
    assert "5 visits do not fit" in exc.value.messages[0]
    assert "4 free places" in exc.value.messages[0]
    assert not Campaign.objects.exists() and not InspectionSchedule.objects.exists()


def test_campaign_skips_closed_and_already_planned_establishments(district_admin, an_bien, today):
    team = TeamFactory(daily_capacity=5)
    monday = next_monday(today)
    closed = EstablishmentFactory(ward=an_bien, status=EstablishmentStatus.CLOSED)
    planned = EstablishmentFactory(ward=an_bien)
    schedule_create(user=district_admin, team=team, establishment=planned, date=monday + datetime.timedelta(days=2))
    fresh = EstablishmentFactory(ward=an_bien)
    campaign = campaign_create(
        user=district_admin,
        team=team,
        name="Đợt 2",
        establishments=[closed, planned, fresh],
        start=monday,
        end=monday + datetime.timedelta(days=4),
    )
    assert list(campaign.schedules.values_list("establishment", flat=True)) == [fresh.pk]


def test_campaign_refuses_past_start_and_more_per_day_than_capacity(district_admin, an_bien, today):
    team = TeamFactory(daily_capacity=2)
    targets = [EstablishmentFactory(ward=an_bien)]
    with pytest.raises(ValidationError) as exc:
        campaign_create(
            user=district_admin,
            team=team,
            name="x",
            establishments=targets,
            start=today - datetime.timedelta(days=1),
            end=today,
        )
    assert "start" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        campaign_create(
            user=district_admin,
            team=team,
            name="x",
            establishments=targets,
            start=today,
            end=today + datetime.timedelta(days=3),
            per_day=3,
        )
    assert "per_day" in exc.value.message_dict
