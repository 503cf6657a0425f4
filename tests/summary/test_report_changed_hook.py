"""The reports workflow reaches the summary only through reports.hooks.report_changed, which the
summary app registers in its AppConfig.ready(): the workflow's own calls request the recompile."""

import pytest

from reports import services as report_services
from reports.choices import ReportKind
from reports.hooks import report_changed
from reports.summary import services
from reports.summary.models import SummaryRecompile

pytestmark = pytest.mark.django_db


def test_the_summary_app_registers_its_recompile_on_the_reports_hook():
    assert services.summary_report_changed in report_changed.functions


def test_a_report_submitted_through_the_workflow_requests_its_summary(
    catalogue, le_chan, officer_an_bien, today, clock, django_capture_on_commit_callbacks
):
    report = report_services.report_create(
        user=officer_an_bien, ward=officer_an_bien.ward, kind=ReportKind.DAILY, period_start=today,
        values={"confirmed_cases": 2},
    )  # fmt: skip
    assert not SummaryRecompile.objects.exists()  # a draft feeds no summary
    with django_capture_on_commit_callbacks(execute=False):
        report_services.report_submit(report=report, user=officer_an_bien)
    assert list(SummaryRecompile.objects.values_list("district_id", "kind", "period_start")) == [
        (le_chan.pk, "daily", today)
    ]
