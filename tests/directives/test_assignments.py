"""Tasks and assignments: state at the due-date boundary, repeating tasks, reply / accept / return."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from directives import services
from directives.choices import AssignmentState, AssignmentStatus, Repeat, Weekday
from directives.models import Assignment, Evidence
from tests.directives.conftest import JPEG, PDF, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages checked below are the English source strings."""
    with translation.override("en"):
        yield


def test_a_task_for_all_wards_makes_one_assignment_per_ward(task, all_wards):
    assert Assignment.objects.filter(task=task).count() == len(all_wards) == 15


def test_a_task_for_chosen_wards(directive, district_admin, an_bien, cat_dai, today):
    t = services.task_create(
        user=district_admin, directive=directive, title="x", due_on=today, all_wards=False, wards=[an_bien, cat_dai],
        today=today,
    )  # fmt: skip
    assert set(Assignment.objects.filter(task=t).values_list("ward__code", flat=True)) == {"an-bien", "cat-dai"}


def test_due_date_before_the_signed_date_is_refused(directive, district_admin, today):
    with pytest.raises(ValidationError) as exc:
        services.task_create(user=district_admin, directive=directive, title="x", due_on=datetime.date(2020, 3, 9))
    assert "due_on" in exc.value.message_dict
    assert not directive.tasks.exists()


def test_state_changes_at_the_due_date_boundary(mine, clock, officer_an_bien, committee_member):
    due = mine.due_on  # Wednesday 18 March 2020
    clock(due, 23, 59, 59)
    assert mine.state == AssignmentState.NOT_STARTED
    clock(due + datetime.timedelta(days=1), 0, 0, 0)
    assert mine.state == AssignmentState.OVERDUE
    mine = services.assignment_reply(assignment=mine, user=officer_an_bien, reply="Đã rà soát", number=12)
    assert mine.state == AssignmentState.IN_PROGRESS
    mine = services.assignment_return(assignment=mine, user=committee_member, comment="Thiếu danh sách")
    assert mine.state == AssignmentState.OVERDUE  # back with the ward, and late
    mine = services.assignment_reply(assignment=mine, user=officer_an_bien, reply="Bổ sung danh sách", number=12)
    mine = services.assignment_accept(assignment=mine, user=committee_member)
    assert mine.state == AssignmentState.DONE


def test_daily_repeating_task_makes_one_assignment_per_day(directive, district_admin, an_bien, today):
    t = services.task_create(
        user=district_admin, directive=directive, title="Báo cáo hằng ngày", due_on=today, repeat=Repeat.DAILY,
        all_wards=False, wards=[an_bien], today=today,
    )  # fmt: skip
    days = list(Assignment.objects.filter(task=t).values_list("due_on", flat=True))
    assert days == [today + datetime.timedelta(days=n) for n in range(services.HORIZON_DAYS + 1)]
    # The daily top-up adds the next days, never twice.
    assert services.assignments_generate_due(today=today + datetime.timedelta(days=1)) == 1
    assert services.assignments_generate_due(today=today + datetime.timedelta(days=1)) == 0


def test_weekly_repeating_task_until_a_date(directive, district_admin, an_bien, today):
    t = services.task_create(
        user=district_admin, directive=directive, title="Tổng hợp mỗi thứ Hai", due_on=today, repeat=Repeat.WEEKLY,
        weekday=Weekday.MONDAY, repeat_until=datetime.date(2020, 4, 6), all_wards=False, wards=[an_bien],
        today=today,
    )  # fmt: skip
    services.assignments_generate_due(today=datetime.date(2020, 4, 30))
    days = list(Assignment.objects.filter(task=t).values_list("due_on", flat=True))
    assert days == [datetime.date(2020, 3, 23), datetime.date(2020, 3, 30), datetime.date(2020, 4, 6)]
    with pytest.raises(ValidationError):
        services.task_create(user=district_admin, directive=directive, title="x", due_on=today, repeat=Repeat.WEEKLY)


def test_reply_with_evidence_then_accept(mine, officer_an_bien, committee_member, clock, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = services.assignment_reply(
        assignment=mine, user=officer_an_bien, reply="Đã rà soát 12 người", number=12,
        files=[upload("anh.jpg", JPEG), upload("bien-ban.pdf", PDF, "application/pdf")],
    )  # fmt: skip
    assert a.status == AssignmentStatus.REPLIED
    assert sorted(Evidence.objects.filter(assignment=a).values_list("content_type", flat=True)) == [
        "application/pdf", "image/jpeg"
    ]  # fmt: skip
    a = services.assignment_accept(assignment=a, user=committee_member, comment="Tốt")
    assert a.status == AssignmentStatus.ACCEPTED
    with pytest.raises(ValidationError) as exc:  # accepting twice
        services.assignment_accept(assignment=a, user=committee_member)
    assert "already been accepted" in str(exc.value)
    assert LogEntry.objects.filter(content_type__model="assignment", object_pk=str(a.pk)).count() >= 3
    assert LogEntry.objects.filter(content_type__model="evidence").count() == 2


def test_return_needs_a_comment(mine, officer_an_bien, committee_member, clock):
    a = services.assignment_reply(assignment=mine, user=officer_an_bien, reply="x", number=1)
    with pytest.raises(ValidationError):
        services.assignment_return(assignment=a, user=committee_member, comment=" ")
    a.refresh_from_db()
    assert a.status == AssignmentStatus.REPLIED


def test_reply_from_another_ward_is_refused(theirs, officer_an_bien, clock):
    with pytest.raises(PermissionDenied):
        services.assignment_reply(assignment=theirs, user=officer_an_bien, reply="x", number=1)
    theirs.refresh_from_db()
    assert theirs.status == AssignmentStatus.NEW


def test_the_committee_does_not_reply_and_officers_do_not_review(mine, officer_an_bien, committee_member, clock):
    with pytest.raises(PermissionDenied):
        services.assignment_reply(assignment=mine, user=committee_member, reply="x", number=1)
    a = services.assignment_reply(assignment=mine, user=officer_an_bien, reply="x", number=1)
    with pytest.raises(PermissionDenied):
        services.assignment_accept(assignment=a, user=officer_an_bien)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.jpg", b"MZ\x90\x00 not an image", "photo"),  # the extension lies
        ("notes.pdf", b"just text", "photo"),
        ("big.jpg", JPEG + b"\x00" * (10 * 1024 * 1024), "10 MB"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_changes(mine, officer_an_bien, clock, name, content, message):
    with pytest.raises(ValidationError) as exc:
        services.assignment_reply(
            assignment=mine, user=officer_an_bien, reply="x", number=1, files=[upload(name, content)]
        )
    assert message in str(exc.value)
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.NEW
    assert not Evidence.objects.exists()


def test_reply_needs_the_number_the_task_asks_for(mine, officer_an_bien, clock):
    with pytest.raises(ValidationError) as exc:
        services.assignment_reply(assignment=mine, user=officer_an_bien, reply="x")
    assert "number" in exc.value.message_dict
