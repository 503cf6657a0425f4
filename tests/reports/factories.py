"""Factories and builders for reports. Workflow tests go through the services; bulk builders
write rows directly for data-size tests (query counts, baselines)."""

from reports import services
from reports.choices import ReportKind, ReportStatus
from reports.models import Indicator, Report, ReportValue
from tests.factories import at

DAILY_VALUES = {"home_quarantine": 12, "samples_tested": 8, "confirmed_cases": 0, "masks_given": 150}


def draft_daily(officer, day, values=None, **fields):
    return services.report_create(
        user=officer, ward=officer.ward, kind=ReportKind.DAILY, period_start=day,
        values=DAILY_VALUES if values is None else values, **fields,
    )  # fmt: skip


def submitted_daily(officer, day, values=None):
    report = draft_daily(officer, day, values)
    return services.report_submit(report=report, user=officer)


def bulk_daily(wards, days, creator, values=None, status=ReportStatus.SUBMITTED, late=False):
    """Write daily reports with values straight to the database (no workflow), for data-size tests."""
    values = DAILY_VALUES if values is None else values
    ids = dict(Indicator.objects.filter(code__in=values).values_list("code", "id"))
    reports = Report.objects.bulk_create(
        [
            Report(
                ward=w, kind=ReportKind.DAILY, period_start=d, period_end=d, status=status, created_by=creator,
                submitted_at=None if status == ReportStatus.DRAFT else at(d, 15), submitted_by=creator, is_late=late,
            )
            for w in wards
            for d in days
        ]
    )  # fmt: skip
    if any(r.pk is None for r in reports):  # SQLite before 3.35 returns no ids
        reports = list(Report.objects.filter(ward__in=wards, period_start__in=days, kind=ReportKind.DAILY))
    ReportValue.objects.bulk_create(
        [ReportValue(report=r, indicator_id=ids[c], value=v) for r in reports for c, v in values.items()]
    )
    return reports
