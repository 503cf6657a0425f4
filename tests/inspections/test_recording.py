"""Recording inspections: follow-ups, repeat violations, closures and bad input."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from inspections.choices import Action, EstablishmentStatus, InspectionReason, Result, ScheduleKind, ScheduleStatus
from inspections.models import ChecklistAnswer, Inspection, InspectionSchedule
from inspections.services import inspection_record, schedule_cancel, schedule_create
from tests.factories import EstablishmentFactory, InspectionFactory, TeamFactory
from tests.inspections.conftest import all_yes, at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _noon():
    """The clock stands at noon of the real local day: visits recorded at 08:00 today are in the
    past whatever hour the suite runs (just after midnight they were in the future)."""
    noon = at(timezone.localtime(timezone.now()).date(), 12)
    with mock.patch("django.utils.timezone.now", return_value=noon):
        yield


@pytest.fixture
def visit(district_admin, team, restaurant, today):
    return schedule_create(user=district_admin, team=team, establishment=restaurant, date=today)


def record(user, schedule, **kw):
    est = schedule.establishment if schedule else kw["establishment"]
    defaults = {
        "inspected_at": at(schedule.date if schedule else kw.pop("day"), 8),
        "members_present": list(schedule.team.members.all() if schedule else kw["team"].members.all()),
        "answers": all_yes(est),
        "findings": "",
        "result": Result.COMPLIANT,
    }
    defaults.update(kw)
    return inspection_record(user=user, schedule=schedule, **defaults)


def test_team_member_records_a_compliant_visit(inspector, visit):
    insp = record(inspector, visit)
    visit.refresh_from_db()
    assert visit.status == ScheduleStatus.DONE
    assert insp.team == visit.team and insp.reason == InspectionReason.SCHEDULED
    assert ChecklistAnswer.objects.filter(inspection=insp).count() == len(all_yes(visit.establishment))
    assert not InspectionSchedule.objects.filter(kind=ScheduleKind.FOLLOW_UP).exists()


def test_violation_plans_a_follow_up_on_the_correct_by_date(inspector, visit, today):
    correct_by = today + datetime.timedelta(days=5)
    insp = record(
        inspector,
        visit,
        result=Result.VIOLATION,
        action=Action.WARNING,
        correct_by=correct_by,
        findings="Không đeo khẩu trang",
    )
    follow = InspectionSchedule.objects.get(follow_up_of=insp)
    assert follow.kind == ScheduleKind.FOLLOW_UP and follow.date == correct_by and follow.team == visit.team
    assert follow.establishment == visit.establishment and follow.status == ScheduleStatus.PLANNED


def test_follow_up_moves_to_the_next_day_with_room_when_the_team_is_full(
    district_admin, inspector, visit, team, an_bien, today
):
    correct_by = today + datetime.timedelta(days=3)
    for _ in range(team.daily_capacity):
        schedule_create(
            user=district_admin, team=team, establishment=EstablishmentFactory(ward=an_bien), date=correct_by
        )
    insp = record(inspector, visit, result=Result.VIOLATION, action=Action.REMINDER, correct_by=correct_by)
    assert InspectionSchedule.objects.get(follow_up_of=insp).date == correct_by + datetime.timedelta(days=1)


def test_follow_up_reuses_a_visit_already_planned_on_that_day(district_admin, inspector, visit, team, today):
    correct_by = today + datetime.timedelta(days=2)
    planned = schedule_create(user=district_admin, team=team, establishment=visit.establishment, date=correct_by)
    insp = record(inspector, visit, result=Result.VIOLATION, action=Action.WARNING, correct_by=correct_by)
    planned.refresh_from_db()
    assert planned.follow_up_of == insp and planned.kind == ScheduleKind.FOLLOW_UP
    assert InspectionSchedule.objects.filter(establishment=visit.establishment, date=correct_by).count() == 1


@pytest.mark.parametrize(("days_before", "repeat"), [(90, True), (91, False), (0, True)])
def test_repeat_violation_within_90_days_is_flagged(inspector, team, restaurant, today, days_before, repeat):
    earlier = today - datetime.timedelta(days=days_before)
    InspectionFactory(establishment=restaurant, team=team, inspected_on=earlier, result=Result.VIOLATION,
                      action=Action.WARNING, correct_by=earlier)  # fmt: skip
    insp = record(inspector, None, establishment=restaurant, team=team, day=today, result=Result.VIOLATION,
                  action=Action.REMINDER, correct_by=today, reason=InspectionReason.COMPLAINT)  # fmt: skip
    assert insp.repeat_violation is repeat


def test_an_earlier_compliant_visit_is_not_a_repeat(inspector, team, restaurant, today):
    InspectionFactory(establishment=restaurant, team=team, inspected_on=today - datetime.timedelta(days=10))
    insp = record(inspector, None, establishment=restaurant, team=team, day=today, result=Result.VIOLATION,
                  action=Action.REMINDER, correct_by=today)  # fmt: skip
    assert insp.repeat_violation is False


def test_closure_order_closes_the_establishment_temporarily(inspector, visit, today):
    record(
        inspector, visit, result=Result.VIOLATION, action=Action.CLOSURE, correct_by=today + datetime.timedelta(days=14)
    )
    visit.establishment.refresh_from_db()
    assert visit.establishment.status == EstablishmentStatus.CLOSED_BY_ORDER


def test_fine_stores_its_amount(inspector, visit, today):
    insp = record(
        inspector, visit, result=Result.VIOLATION, action=Action.FINE, fine_amount=2_000_000, correct_by=today
    )
    assert insp.fine_amount == 2_000_000


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (
            {"result": Result.VIOLATION, "action": Action.FINE, "fine_amount": None, "correct_by": "today"},
            "fine_amount",
        ),
        (
            {"result": Result.VIOLATION, "action": Action.FINE, "fine_amount": -500_000, "correct_by": "today"},
            "fine_amount",
        ),
        ({"result": Result.VIOLATION, "action": Action.FINE, "fine_amount": 0, "correct_by": "today"}, "fine_amount"),
        ({"result": Result.COMPLIANT, "action": Action.NONE, "fine_amount": 100_000}, "fine_amount"),
        ({"result": Result.VIOLATION, "action": Action.WARNING, "correct_by": "yesterday"}, "correct_by"),
        ({"result": Result.VIOLATION, "action": Action.WARNING}, "correct_by"),
        ({"result": Result.COMPLIANT, "action": Action.CLOSURE}, "action"),
        ({"result": Result.VIOLATION, "action": Action.NONE, "correct_by": "today"}, "action"),
        ({"result": "maybe"}, "result"),
        ({"members_present": []}, "members_present"),
        ({"answers": {}}, "answers"),
        ({"answers": {"masks": "perhaps"}}, "answers"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(inspector, visit, today, changes, field):
    days = {"today": today, "yesterday": today - datetime.timedelta(days=1)}
    changes = {k: days.get(v, v) if isinstance(v, str) else v for k, v in changes.items()}
    if field == "answers" and changes["answers"]:
        changes["answers"] = {**all_yes(visit.establishment), **changes["answers"]}
    with pytest.raises(ValidationError) as exc:
        record(inspector, visit, **changes)
    assert field in exc.value.message_dict
    visit.refresh_from_db()
    assert visit.status == ScheduleStatus.PLANNED
    assert not Inspection.objects.exists() and not ChecklistAnswer.objects.exists()


def test_a_visit_cannot_be_recorded_twice(inspector, visit):
    record(inspector, visit)
    with pytest.raises(ValidationError) as exc:
        record(inspector, visit)
    assert "already recorded" in exc.value.messages[0]
    assert Inspection.objects.count() == 1


def test_members_of_another_team_cannot_be_present(inspector, visit):
    stranger = TeamFactory().members.create(name="Người ngoài")
    with pytest.raises(ValidationError) as exc:
        record(inspector, visit, members_present=[stranger])
    assert "members_present" in exc.value.message_dict


def test_future_time_is_refused(inspector, visit, today):
    with pytest.raises(ValidationError) as exc:
        record(inspector, visit, inspected_at=at(today + datetime.timedelta(days=2)))
    assert "inspected_at" in exc.value.message_dict


@pytest.mark.parametrize("persona", ["officer_an_bien", "committee_member"])
def test_only_team_members_and_admins_record(request, persona, visit):
    with pytest.raises(PermissionDenied):
        record(request.getfixturevalue(persona), visit)


def test_admin_records_for_any_team(district_admin, visit):
    assert record(district_admin, visit).recorded_by == district_admin


def test_unscheduled_visit_after_a_complaint(inspector, team, restaurant, today):
    insp = record(inspector, None, establishment=restaurant, team=team, day=today, reason=InspectionReason.COMPLAINT)
    assert insp.schedule is None and insp.reason == InspectionReason.COMPLAINT


def test_closed_establishment_cannot_be_recorded(inspector, team, an_bien, today):
    closed = EstablishmentFactory(ward=an_bien, status=EstablishmentStatus.CLOSED)
    with pytest.raises(ValidationError):
        record(inspector, None, establishment=closed, team=team, day=today)


def test_cancelled_visit_cannot_be_recorded(district_admin, inspector, visit):
    schedule_cancel(user=district_admin, schedule=visit, reason="Hoãn")
    with pytest.raises(ValidationError):
        record(inspector, visit)
