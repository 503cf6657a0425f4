"""Reminders: due tomorrow to the ward, the overdue list to the committee, each once per day."""

import datetime

import pytest

from directives import services, tasks
from directives.choices import ReminderKind
from directives.hooks import reminders_sent
from directives.models import Reminder
from tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db


def test_due_tomorrow_reminds_the_ward_once(mine, officer_an_bien, officer_cat_dai, today, clock):
    # ``mine`` is due 18/03: on 17/03 An Biên's and Cát Dài's officers are reminded, once.
    first = services.reminders_send(today=today)
    again = services.reminders_send(today=today)
    assert first["due_tomorrow"] == 2
    assert again == {"due_tomorrow": 0, "overdue_lists": 0}
    mine_reminder = Reminder.objects.get(recipient=officer_an_bien)
    assert mine_reminder.kind == ReminderKind.DUE_TOMORROW
    assert list(mine_reminder.assignments.all()) == [mine]


def test_overdue_list_goes_to_the_committee_once_per_day(mine, committee_member, officer_an_bien, clock):
    other = CommitteeFactory(username="committee.2")
    day_after = mine.due_on + datetime.timedelta(days=1)
    clock(day_after, 7)
    calls = []

    def record(**kwargs):
        calls.append(kwargs)

    reminders_sent.register(record)
    try:
        result = tasks.daily.apply().get()
        assert result["overdue_lists"] == 2
        assert tasks.daily.apply().get()["overdue_lists"] == 0  # run twice: sent once
    finally:
        reminders_sent._functions.remove(record)  # only this test's function (the summary's relay stays)
    for person in (committee_member, other):
        reminder = Reminder.objects.get(recipient=person, kind=ReminderKind.OVERDUE_LIST)
        assert reminder.assignments.count() == 15
    assert len(calls) == 1
    # The next day lists them again, once.
    assert services.reminders_send(today=day_after + datetime.timedelta(days=1))["overdue_lists"] == 2


def test_replied_or_accepted_assignments_are_not_listed(mine, officer_an_bien, committee_member, clock):
    services.assignment_reply(assignment=mine, user=officer_an_bien, reply="x", number=1)
    services.reminders_send(today=mine.due_on + datetime.timedelta(days=1))
    listed = Reminder.objects.get(recipient=committee_member).assignments.all()
    assert mine not in listed and listed.count() == 14


def test_overdue_recipients_is_the_committee(all_wards, committee_member, officer_an_bien):
    assert services.overdue_recipients([all_wards[0].pk]) == [(committee_member, None)]
