"""The morning brief (issue 14 #2): compiled and sent at the administrators' time, exactly once per
day and recipient (beat run twice, a worker restarted, an e-mail server down), what it says, its
PDF read back, and the low-stock notices once per store, item and day. Clock-fixed."""

import datetime
import io
import threading
from unittest import mock

import pytest
from django.db import IntegrityError, connection, connections, transaction
from pypdf import PdfReader

from core import beat as embedded
from reports import services as report_services
from reports.choices import NotificationKind, ReportKind, Severity
from reports.models import Notification
from reports.summary import brief
from reports.summary.models import MorningBrief, MorningBriefDelivery, MorningBriefSettings
from reports.summary.pdf import brief_pdf
from reports.summary.tasks import morning_brief
from supplies import services as supply_services
from supplies.models import SupplyItem
from supplies.seed import load_items
from tests.factories import AdminFactory, at, daily, distribution

pytestmark = pytest.mark.django_db

DAY = datetime.date(2020, 3, 17)  # the closed day the brief of 18 March reports on
MORNING = DAY + datetime.timedelta(days=1)


@pytest.fixture
def world(catalogue, people, le_chan):
    officers, committee = people
    admin = AdminFactory(username="admin.brief", email="admin@example.org")
    return officers, committee, admin


@pytest.fixture
def beat(clock, django_capture_on_commit_callbacks):
    """Run the beat task at ``hour:minute`` on the brief's morning; what it queues on commit runs
    (as a worker would) unless ``worker_alive=False``."""

    def run(hour, minute=0, *, worker_alive=True):
        clock(MORNING, hour, minute)
        with django_capture_on_commit_callbacks(execute=worker_alive):
            return morning_brief.delay().get()

    return run


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_sent_at_the_time_once_even_when_beat_runs_twice(world, beat, mailoutbox):
    _officers, committee, admin = world
    assert beat(6, 25)["compiled"] == 0  # before its time
    assert MorningBrief.objects.count() == 0
    first = beat(6, 30)
    second = beat(6, 30)  # a second beat at the same minute
    third = beat(7, 0)
    assert (first["compiled"], first["claimed"]) == (1, 3)
    assert (second["compiled"], third["compiled"], third["sent"]) == (0, 0, 0)
    brief_row = MorningBrief.objects.get()
    assert brief_row.day == DAY
    assert MorningBriefDelivery.objects.filter(sent_at__isnull=False).count() == 3
    # E-mail to those with an address, the PDF attached; in-app to everyone, linking to the PDF.
    assert sorted(m.to[0] for m in mailoutbox) == ["admin@example.org", "c1@example.org"]
    name, content, mimetype = mailoutbox[0].attachments[0]
    assert (name, mimetype) == ("ban-tin-sang-2020-03-17.pdf", "application/pdf")
    assert "BẢN TIN SÁNG" in _pdf_text(content)
    notes = Notification.objects.filter(kind=NotificationKind.BRIEF)
    assert set(notes.values_list("recipient", flat=True)) == {committee[0].pk, committee[1].pk, admin.pk}
    assert {n.link for n in notes} == {"/dashboard/brief/2020-03-17.pdf"}
    # The notification's own e-mail is not sent on top of the brief's.
    assert not notes.filter(emailed_at__isnull=True, recipient__email__gt="").exists()


def test_claim_held_but_not_sent_is_sent_by_the_sweep_once(world, beat, mailoutbox):
    # The worker dies after the claim: the sends queued on commit never run.
    assert beat(6, 30, worker_alive=False)["claimed"] == 3
    assert MorningBriefDelivery.objects.filter(sent_at__isnull=True).count() == 3
    assert beat(6, 33)["sent"] == 0  # too soon: its task may still be running
    assert beat(6, 35)["sent"] == 3  # the restarted worker's beat sweeps it
    assert beat(6, 40)["sent"] == 0
    assert len(mailoutbox) == 2
    assert Notification.objects.filter(kind=NotificationKind.BRIEF).count() == 3


def test_a_copy_whose_email_failed_is_retried_by_the_sweep(world, beat, mailoutbox):
    with mock.patch("reports.summary.brief.EmailMessage.send", side_effect=OSError("SMTP down")):
        beat(6, 30)  # each send task fails (and would retry with backoff)
        assert beat(6, 35)["failed"] == 2  # the two with an address
    failed = MorningBriefDelivery.objects.filter(sent_at__isnull=True)
    assert failed.count() == 2 and {d.attempts for d in failed} == {1}
    assert "SMTP down" in failed.first().last_error
    # No in-app notice either for an unsent copy (it is sent with the e-mail, in one transaction).
    assert Notification.objects.filter(kind=NotificationKind.BRIEF).count() == 1
    assert beat(6, 40)["sent"] == 2
    assert len(mailoutbox) == 2
    assert Notification.objects.filter(kind=NotificationKind.BRIEF).count() == 3


def test_one_copy_per_day_and_recipient_is_a_database_rule(world, clock):
    clock(MORNING, 6, 30)
    brief.brief_due()
    claim = MorningBriefDelivery.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        MorningBriefDelivery.objects.create(
            brief=claim.brief, day=claim.day, recipient=claim.recipient, claimed_at=claim.claimed_at
        )


def test_the_administrators_time_and_recipients(world, beat, mailoutbox):
    _officers, committee, admin = world
    row = brief.brief_settings()
    brief.brief_settings_update(user=admin, send_at=datetime.time(7, 15), low_cover_days=5, recipients=[committee[1]])
    assert beat(6, 30)["compiled"] == 0
    assert beat(7, 15)["claimed"] == 1
    assert list(MorningBriefDelivery.objects.values_list("recipient", flat=True)) == [committee[1].pk]
    assert mailoutbox == []  # c2 has no address: in-app only
    row.refresh_from_db()
    assert (row.send_at, row.low_cover_days) == (datetime.time(7, 15), 5)


def test_a_missed_morning_catches_up_for_half_a_day_only(world, beat):
    assert beat(19, 0)["compiled"] == 0
    assert beat(18, 29)["compiled"] == 1


def test_content_compares_and_lists(world, clock, all_wards, committee_member):
    officers, _committee, _admin = world
    wards = {w.code: w for w in all_wards}
    daily(wards["an-bien"], DAY, {"confirmed_cases": 3, "home_quarantine": 1200}, committee_member)
    daily(wards["an-bien"], DAY - datetime.timedelta(days=1), {"confirmed_cases": 1}, committee_member)
    daily(wards["an-bien"], DAY - datetime.timedelta(days=7), {"confirmed_cases": 5}, committee_member)
    clock(DAY, 10)
    report = report_services.report_create(
        user=officers["an-bien"], ward=wards["an-bien"], kind=ReportKind.URGENT, title="Ổ dịch chợ Cột Đèn",
        severity=Severity.CRITICAL, occurred_at=at(DAY, 9), description="Ba người sốt",
    )  # fmt: skip
    report_services.report_submit(report=report, user=officers["an-bien"])
    clock(MORNING, 6, 30)
    brief.brief_due()
    content = MorningBrief.objects.get().content
    cases = next(f for f in content["figures"] if f["code"] == "confirmed_cases")
    assert (cases["value"], cases["day_before"], cases["last_week"]) == (3, 1, 5)
    assert (content["submitted"], content["expected"]) == (1, 15)
    assert len(content["missing_wards"]) == 14 and "An Biên" not in content["missing_wards"]
    assert [(u["title"], u["acknowledged_at"]) for u in content["urgent"]] == [("Ổ dịch chợ Cột Đèn", None)]
    text = _pdf_text(brief_pdf(MorningBrief.objects.get()))
    assert "Ổ dịch chợ Cột Đèn" in text and "Chưa" in text  # not yet acknowledged
    assert "1.200" in text  # Vietnamese grouping
    assert "+2" in text and "−2" in text  # against the day before and the same day last week
    assert "Trang 1/1" in text


@pytest.fixture
def low_masks(le_chan, an_bien, district_admin, clock):
    """An Biên's store: 30 masks left after giving out 140 over two weeks (3 days of cover)."""
    masks = load_items(SupplyItem)["mask-medical"]
    store = supply_services.holder_for_ward(an_bien)
    clock(DAY - datetime.timedelta(days=3), 9)
    supply_services.stock_receive(item=masks, holder=store, quantity=170, user=district_admin, source="Sở Y tế")
    distribution(holder=store, item=masks, user=district_admin, quantity=140)
    return masks


def test_low_stock_is_in_the_brief_and_notified_once_per_item_and_day(world, low_masks, beat, clock):
    officers, _committee, _admin = world
    assert beat(6, 30)["low_stock_notices"] == 1
    assert beat(6, 35)["low_stock_notices"] == 0
    assert beat(12, 0)["low_stock_notices"] == 0
    note = Notification.objects.get(kind=NotificationKind.LOW_STOCK)
    assert note.recipient == officers["an-bien"]
    low = MorningBrief.objects.get().content["low_cover"]
    assert [(r["item_code"], r["quantity"], r["days_cover"]) for r in low] == [("mask-medical", 30, 3.0)]
    text = _pdf_text(brief_pdf(MorningBrief.objects.get()))
    assert "chiếc" in text and "piece" not in text
    # The next day, once more.
    clock(MORNING + datetime.timedelta(days=1), 6, 30)
    assert brief.low_stock_notify() == 1


def test_settings_row_is_single(world):
    brief.brief_settings()
    with pytest.raises(IntegrityError), transaction.atomic():
        MorningBriefSettings.objects.create(pk=2)


def test_the_in_process_beat_of_the_sqlite_demo_sends_it_too(
    world, clock, django_capture_on_commit_callbacks, mailoutbox
):

    start = clock(MORNING, 6, 0)
    runner = embedded.InProcessBeat(now=start)
    with django_capture_on_commit_callbacks(execute=True):
        runner.run_due(start)  # start-up: every sweep once; too early for the brief
    assert not MorningBrief.objects.exists()
    at_time = clock(MORNING, 6, 30)
    with django_capture_on_commit_callbacks(execute=True):
        ran, _wait = runner.run_due(at_time)
    assert "summaries-morning-brief" in ran
    assert MorningBriefDelivery.objects.filter(sent_at__isnull=False).count() == 3
    assert len(mailoutbox) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_beats_at_the_same_moment_send_each_copy_once(catalogue, people, le_chan, clock, mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent runs need PostgreSQL's row locks")
    AdminFactory(username="admin.race", email="admin@example.org")
    clock(MORNING, 6, 30)
    start = threading.Barrier(2)
    errors = []

    def beat():
        try:
            start.wait(timeout=10)
            brief.brief_due()
            brief.brief_sweep(now=at(MORNING, 6, 40))  # and both sweep at once: the row lock keeps one send
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert MorningBrief.objects.count() == 1
    assert MorningBriefDelivery.objects.filter(sent_at__isnull=False).count() == 3
    assert sorted(m.to[0] for m in mailoutbox) == ["admin@example.org", "c1@example.org"]
    assert Notification.objects.filter(kind=NotificationKind.BRIEF).count() == 3
