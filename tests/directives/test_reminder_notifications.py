"""Directive reminders reach the bell (and e-mail) through the summary's relay, once; the leader in
charge of a ward gets the overdue list of their own wards (issue 15 #3, #7)."""

import datetime

import pytest

from directives import services
from directives.choices import ReminderKind
from directives.models import Reminder
from reports.choices import NotificationKind
from reports.models import Notification
from tests.factories import UserFactory
from wards.choices import LeaderRole, Role
from wards.models import WardLeader

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader_of_cat_dai(cat_dai):
    user = UserFactory(username="leader.cat-dai", role=Role.LEADER, last_name="Nguyễn", first_name="Thanh Bình")
    WardLeader.objects.create(
        ward=cat_dai, role=LeaderRole.IN_CHARGE, name="Nguyễn Thanh Bình", title="Ủy viên Ban Thường vụ Quận ủy",
        started_on=datetime.date(2020, 2, 3), user=user,
    )  # fmt: skip
    return user


def test_due_tomorrow_reaches_the_officers_bell_once(mine, officer_an_bien, today):
    services.reminders_send(today=today)
    services.reminders_send(today=today)  # run again: nothing more
    notes = Notification.objects.filter(recipient=officer_an_bien, kind=NotificationKind.TASK_DUE)
    assert notes.count() == 1
    note = notes.get()
    assert note.link == f"/directives/assignments/{mine.pk}/"
    assert note.params == {"task": mine.task.title, "ward": "An Biên", "due": "18/03/2020"}


def test_the_overdue_list_reaches_the_committee_and_the_leader_of_those_wards_only(
    mine, theirs, committee_member, leader_of_cat_dai, officer_an_bien
):
    day_after = mine.due_on + datetime.timedelta(days=1)
    assert services.reminders_send(today=day_after)["overdue_lists"] == 2
    assert services.reminders_send(today=day_after)["overdue_lists"] == 0
    committee_list = Reminder.objects.get(recipient=committee_member, kind=ReminderKind.OVERDUE_LIST)
    leader_list = Reminder.objects.get(recipient=leader_of_cat_dai, kind=ReminderKind.OVERDUE_LIST)
    assert committee_list.assignments.count() == 15
    assert list(leader_list.assignments.all()) == [theirs]
    committee_note = Notification.objects.get(recipient=committee_member, kind=NotificationKind.TASKS_OVERDUE)
    leader_note = Notification.objects.get(recipient=leader_of_cat_dai, kind=NotificationKind.TASKS_OVERDUE)
    assert committee_note.params["count"] == 15 and leader_note.params == {"count": 1, "wards": "Cát Dài"}
    assert leader_note.link == "/directives/overdue/"
    assert not Notification.objects.filter(recipient=officer_an_bien, kind=NotificationKind.TASKS_OVERDUE).exists()


def test_an_ended_leader_or_an_inactive_account_gets_no_list(mine, theirs, committee_member, leader_of_cat_dai):
    WardLeader.objects.filter(user=leader_of_cat_dai).update(ended_on=mine.due_on)
    services.reminders_send(today=mine.due_on + datetime.timedelta(days=1))
    assert not Reminder.objects.filter(recipient=leader_of_cat_dai).exists()
    assert not Notification.objects.filter(recipient=leader_of_cat_dai).exists()


def test_the_notification_reads_in_vietnamese(mine, officer_an_bien, today, client):
    services.reminders_send(today=today)
    client.force_login(officer_an_bien)
    page = client.get("/reports/notifications/").content.decode()
    assert "Rà soát người về từ vùng dịch" in page


def test_a_ward_a_task_was_given_to_has_data(task):
    """Relations without a reverse accessor (a task's chosen wards, ``related_name="+"``) count as data."""
    from tests.factories import WardFactory  # noqa: PLC0415 - only this test makes a ward
    from wards.services import ward_has_data  # noqa: PLC0415 - only this test asks

    later = WardFactory(name="Phường mới")
    assert not ward_has_data(later)
    task.wards.add(later)
    assert ward_has_data(later)
