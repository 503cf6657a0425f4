"""Escalation (issue 14 #6): at the deadline a second reminder to the wards still missing (officers
and the ward committee's head), and urgent reports not acknowledged in time alerted to the
committee again, then to the administrators; each step once, at its boundary. Clock-fixed."""

import datetime
from unittest import mock

import pytest
from django.utils import translation

from reports import services, tasks
from reports.choices import NotificationKind, ReportKind, Severity
from reports.models import EmailSent, Notification
from tests.factories import AdminFactory, at, submitted_daily
from wards.models import WardCommittee

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _run(clock, day, hour, minute=0, second=0):
    clock(day, hour, minute, second)
    return tasks.check_escalations.delay().get()


def test_second_reminder_at_the_deadline_to_officers_and_the_committee_head_once(
    people, clock, today, committee_member, django_capture_on_commit_callbacks, mailoutbox
):
    officers, _committee = people
    for code, officer in officers.items():
        if code not in ("an-bien", "vinh-niem"):
            submitted_daily(officer, today)
    committee_member.email = "head@example.org"
    committee_member.save()
    WardCommittee.objects.filter(ward=officers["an-bien"].ward).update(head_user=committee_member)
    assert _run(clock, today, 15, 59, 59)["overdue"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(clock, today, 16, 0)["overdue"] == 3  # two officers and An Biên's head
    assert _run(clock, today, 16, 5)["overdue"] == 0
    notes = Notification.objects.filter(kind=NotificationKind.OVERDUE)
    assert set(notes.values_list("recipient", flat=True)) == {
        officers["an-bien"].pk, officers["vinh-niem"].pk, committee_member.pk,
    }  # fmt: skip
    assert notes.get(recipient=committee_member).text == (
        "The daily report of An Biên for 17/03/2020 was due at 16:00 17/03/2020 and has not been sent."
    )
    assert sorted(m.to[0] for m in mailoutbox) == ["ab@example.org", "head@example.org"]


def _urgent(officer, day):
    report = services.report_create(
        user=officer, ward=officer.ward, kind=ReportKind.URGENT, title="Ổ dịch", severity=Severity.CRITICAL,
        occurred_at=at(day, 9), description="Ba người sốt",
    )  # fmt: skip
    return services.report_submit(report=report, user=officer)


def test_urgent_not_acknowledged_goes_to_the_committee_again_then_the_administrators(people, clock, today):
    officers, committee = people
    admin = AdminFactory(username="admin.esc")
    clock(today, 10)
    report = _urgent(officers["an-bien"], today)
    steps = [
        ((10, 29, 59), 0, 0),
        ((10, 30, 0), 2, 0),  # 30 minutes: the committee again
        ((10, 45, 0), 0, 0),
        ((10, 59, 59), 0, 0),
        ((11, 0, 0), 0, 1),  # 60 minutes: the administrators
        ((11, 30, 0), 0, 0),
    ]
    for (hour, minute, second), to_committee, to_admins in steps:
        result = _run(clock, today, hour, minute, second)
        assert (result["urgent_to_committee"], result["urgent_to_admins"]) == (to_committee, to_admins), (hour, minute)
    notes = Notification.objects.filter(kind=NotificationKind.URGENT_ESCALATED, report=report)
    assert set(notes.values_list("recipient", flat=True)) == {committee[0].pk, committee[1].pk, admin.pk}
    assert notes.get(recipient=admin).text == (
        "Urgent report from An Biên (Critical) not acknowledged after 60 minutes: Ổ dịch"
    )


def test_the_escalation_time_is_configurable_and_acknowledged_reports_stop(people, clock, today, settings):
    officers, committee = people
    settings.URGENT_ACK_ESCALATION_MINUTES = 10
    clock(today, 10)
    waiting = _urgent(officers["an-bien"], today)
    done = _urgent(officers["cat-dai"], today)
    services.report_acknowledge(report=done, user=committee[0])
    assert _run(clock, today, 10, 9)["urgent_to_committee"] == 0
    assert _run(clock, today, 10, 10)["urgent_to_committee"] == 2
    assert not Notification.objects.filter(kind=NotificationKind.URGENT_ESCALATED, report=done).exists()
    assert Notification.objects.filter(kind=NotificationKind.URGENT_ESCALATED, report=waiting).count() == 2
    services.report_acknowledge(report=waiting, user=committee[0])
    assert _run(clock, today, 10, 20)["urgent_to_admins"] == 0
    assert _run(clock, today + datetime.timedelta(days=1), 10)["urgent_to_admins"] == 0


def test_the_head_account_is_chosen_among_the_wards_officers_on_the_ward_edit_page(
    admin_client_, officer_an_bien, officer_cat_dai, an_bien
):
    committee = an_bien.committee
    data = {
        "ward-name": an_bien.name, "ward-population": an_bien.population or "",
        "ward-active_from": an_bien.active_from.isoformat(), "ward-active_until": "",
        "committee-head_name": "Nguyễn Thị Hằng", "committee-deputy_name": committee.deputy_name,
        "committee-phone": committee.phone, "committee-established_on": "",
        "committee-plan_reference": committee.plan_reference,
    }  # fmt: skip
    url = f"/wards/{an_bien.pk}/edit/"
    assert officer_cat_dai.username not in admin_client_.get(url).text  # another ward's officer is not offered
    refused = admin_client_.post(url, {**data, "committee-head_user": officer_cat_dai.pk})
    assert refused.status_code == 400 and "committee-head_user" in refused.text
    assert admin_client_.post(url, {**data, "committee-head_user": officer_an_bien.pk}).status_code == 302
    committee.refresh_from_db()
    assert committee.head_user == officer_an_bien


def test_a_head_without_an_account_is_emailed_at_the_address_once(people, clock, today, mailoutbox):
    officers, _committee = people
    for code, officer in officers.items():
        if code != "vinh-niem":
            submitted_daily(officer, today)
    vinh_niem = officers["vinh-niem"].ward
    WardCommittee.objects.filter(ward=vinh_niem).update(head_email="truongban.vinhniem@example.org")
    WardCommittee.objects.filter(ward=officers["an-bien"].ward).update(head_email="ab.head@example.org")  # reported
    with mock.patch("reports.services.send_mail", side_effect=OSError("SMTP down")):
        _run(clock, today, 16, 0)  # the send fails: no claim is kept
    assert not EmailSent.objects.exists()
    _run(clock, today, 16, 5)
    _run(clock, today, 16, 10)
    to_heads = [m for m in mailoutbox if m.to == ["truongban.vinhniem@example.org"]]
    assert len(to_heads) == 1
    assert to_heads[0].body == (
        "The daily report of Vĩnh Niệm for 17/03/2020 was due at 16:00 17/03/2020 and has not been sent."
    )
    assert not [m for m in mailoutbox if m.to == ["ab.head@example.org"]]
