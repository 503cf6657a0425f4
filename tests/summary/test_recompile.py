"""Recompiles: the outbox row, debouncing, the broker being down, the beat sweeps and the tasks."""

import datetime
from unittest import mock

import pytest
from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError

from reports import services as report_services
from reports.choices import ReportKind
from reports.models import Report
from reports.summary import services, tasks
from reports.summary.models import DistrictSummary, SummaryRecompile
from tests.factories import at, daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    yield


def submit_daily(officer, day, values):
    """An officer's report through the reports workflow, plus the summary hook, in one transaction."""
    with transaction.atomic():
        report = report_services.report_create(
            user=officer, ward=officer.ward, kind=ReportKind.DAILY, period_start=day, values=values
        )
        report = report_services.report_submit(report=report, user=officer)
        services.summary_report_changed(report=report)
    return report


def test_late_submission_recompiles_the_summary_after_commit(
    le_chan, officer_an_bien, today, clock, django_capture_on_commit_callbacks
):
    services.summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    clock(today, 18)
    with django_capture_on_commit_callbacks(execute=True):
        report = submit_daily(officer_an_bien, today, {"confirmed_cases": 4})
    assert report.is_late
    summary = DistrictSummary.objects.get()
    assert (summary.totals, summary.late) == ({"confirmed_cases": 4}, 1)
    assert not SummaryRecompile.objects.exists()


def test_a_burst_of_edits_leaves_one_pending_row_and_sends_one_task(
    le_chan, officer_an_bien, today, clock, django_capture_on_commit_callbacks
):
    clock(today, 18)
    with mock.patch.object(tasks.compile_requested, "apply_async") as send:
        with django_capture_on_commit_callbacks(execute=True):
            report = submit_daily(officer_an_bien, today, {"confirmed_cases": 1})
        for value in (2, 3, 4, 5):
            clock(today, 18, value)
            with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
                report = report_services.report_update(
                    report=report, user=officer_an_bien, version=report.version, values={"confirmed_cases": value}
                )
                services.summary_report_changed(report=report)
    assert send.call_count == 1
    assert send.call_args.kwargs["countdown"] == 30
    row = SummaryRecompile.objects.get()
    assert (row.created_at, row.requested_at) == (at(today, 18), at(today, 18, 5))
    # The one task, run after the burst, compiles once with the last value and clears the row.
    clock(today, 18, 6)
    result = tasks.compile_requested.apply(args=send.call_args.kwargs["args"]).get()
    assert result["state"] == "compiled"
    assert DistrictSummary.objects.get().totals == {"confirmed_cases": 5}
    assert not SummaryRecompile.objects.exists()
    assert tasks.compile_requested.apply(args=send.call_args.kwargs["args"]).get() == {"state": "nothing pending"}


def test_the_requested_task_waits_while_edits_keep_coming(le_chan, today, clock):
    clock(today, 18, 0, 0)
    services.summary_request_recompile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    clock(today, 18, 0, 20)
    task = tasks.compile_requested
    with mock.patch.object(task, "apply_async") as again:
        # Not eager (as in a worker): 10 s of the 30 s delay are left, so it puts itself back.
        task.push_request(is_eager=False)
        try:
            result = task.run(le_chan.pk, ReportKind.DAILY, today.isoformat())
        finally:
            task.pop_request()
    assert result == {"state": "deferred", "seconds": 10}
    assert again.call_args.kwargs["countdown"] == 10
    assert not DistrictSummary.objects.exists()


@pytest.mark.parametrize(
    "failure",
    [KombuOperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused."), ConnectionError("refused")],
)
def test_broker_down_does_not_fail_the_submission_and_the_sweep_catches_up(
    le_chan, officer_an_bien, today, clock, django_capture_on_commit_callbacks, failure
):
    services.summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    clock(today, 18)
    with (
        mock.patch.object(tasks.compile_requested, "apply_async", side_effect=failure) as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        report = submit_daily(officer_an_bien, today, {"confirmed_cases": 6})
    assert send.called
    report.refresh_from_db()
    assert report.status == "submitted"
    assert SummaryRecompile.objects.count() == 1
    assert DistrictSummary.objects.get().totals == {}
    # The beat sweep (a few minutes later) compiles what the lost task would have.
    clock(today, 18, 5)
    assert services.recompile_pending() == {"compiled": 1, "failed": 0}
    assert DistrictSummary.objects.get().totals == {"confirmed_cases": 6}
    assert not SummaryRecompile.objects.exists()


def test_sweep_leaves_recent_requests_to_their_task_and_records_failures(le_chan, today, clock):
    clock(today, 18, 0)
    services.summary_request_recompile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    clock(today, 18, 0, 10)
    assert services.recompile_pending() == {"compiled": 0, "failed": 0}
    clock(today, 18, 5)
    with mock.patch.object(services, "ward_figures", side_effect=RuntimeError("boom")):
        assert services.recompile_pending() == {"compiled": 0, "failed": 1}
    row = SummaryRecompile.objects.get()
    assert (row.attempts, row.last_error) == (1, "boom")
    assert services.recompile_pending() == {"compiled": 1, "failed": 0}


def test_urgent_report_acknowledgement_requests_the_summaries_of_its_day(le_chan, an_bien, officer_an_bien, today):
    report = Report(
        ward=an_bien,
        kind=ReportKind.URGENT,
        status="submitted",
        submitted_at=at(today, 23, 30),
        created_by=officer_an_bien,
    )
    services.summary_report_changed(report=report)
    assert sorted(SummaryRecompile.objects.values_list("kind", "period_start")) == [
        ("daily", today), ("monthly", today.replace(day=1)), ("weekly", today - datetime.timedelta(days=today.weekday())),
    ]  # fmt: skip


def test_drafts_request_nothing(an_bien, officer_an_bien, today):
    services.summary_report_changed(
        report=Report(
            ward=an_bien, kind=ReportKind.DAILY, status="draft", period_start=today, created_by=officer_an_bien
        )
    )
    assert not SummaryRecompile.objects.exists()


# ---- beat: compiles at the deadlines -----------------------------------------------------------


def test_daily_summary_is_compiled_at_the_deadline_and_again_at_20h(le_chan, all_wards, committee_member, today, clock):
    clock(today, 15, 59)
    services.compile_due()  # catches up yesterday's 20:00 compile, not today's yet
    assert not DistrictSummary.objects.filter(period_start=today).exists()
    daily(all_wards[0], today, {"confirmed_cases": 1}, committee_member)
    clock(today, 16, 0)
    assert services.compile_due() == {"compiled": 1}
    assert DistrictSummary.objects.get(kind="daily", period_start=today).totals == {"confirmed_cases": 1}
    clock(today, 16, 5)
    assert services.compile_due() == {"compiled": 0}  # already compiled since the deadline
    daily(all_wards[1], today, {"confirmed_cases": 2}, committee_member, late=True)
    clock(today, 20, 1)
    assert services.compile_due() == {"compiled": 1}
    assert DistrictSummary.objects.get(kind="daily", period_start=today).totals == {"confirmed_cases": 3}
    assert DistrictSummary.objects.filter(period_start=today).count() == 1


def test_weekly_and_monthly_summaries_are_compiled_after_their_deadlines(le_chan, today, clock):
    monday = datetime.date(2020, 3, 23)
    clock(monday, 10, 5)
    services.compile_due()
    assert DistrictSummary.objects.filter(kind="weekly", period_start=datetime.date(2020, 3, 16)).exists()
    clock(datetime.date(2020, 4, 3), 10, 5)
    services.compile_due()
    assert DistrictSummary.objects.filter(kind="monthly", period_start=datetime.date(2020, 3, 1)).exists()


def test_a_missed_compile_is_caught_up_within_a_day(le_chan, today, clock):
    clock(today + datetime.timedelta(days=1), 9)  # beat was down from 16:00 to the next morning
    services.compile_due()
    assert DistrictSummary.objects.filter(kind="daily", period_start=today).exists()


def test_compile_task_is_idempotent(le_chan, all_wards, committee_member, today):
    daily(all_wards[0], today, {"masks_given": 50}, committee_member)
    first = tasks.compile_summary.delay(le_chan.pk, "daily", today.isoformat()).get()
    second = tasks.compile_summary.delay(le_chan.pk, "daily", today.isoformat()).get()
    assert first["summary_id"] == second["summary_id"]
    assert DistrictSummary.objects.get().totals == {"masks_given": 50}


def test_compile_task_options():
    for task in (tasks.compile_summary, tasks.compile_requested):
        assert task.acks_late is True
        assert task.max_retries == 5 and task.retry_backoff
        assert task.time_limit == 300 and task.soft_time_limit == 240
