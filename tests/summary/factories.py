"""Builders for summary tests: reports written straight to the database (no workflow), in bulk."""

from reports.choices import ReportKind, ReportStatus
from reports.models import Indicator, Report, ReportValue
from reports.periods import period_bounds
from tests.factories import at


def add_reports(specs, creator, kind=ReportKind.DAILY):
    """Write reports with values. ``specs``: [(ward, period_start, {code: value}, status, is_late)]."""
    codes = {code for _w, _d, values, *_ in specs for code in values}
    ids = dict(Indicator.objects.filter(code__in=codes).values_list("code", "id"))
    reports = []
    for ward, day, _values, status, late in specs:
        start, end = period_bounds(kind, day)
        sent = status != ReportStatus.DRAFT
        reports.append(
            Report(
                ward=ward, kind=kind, period_start=start, period_end=end, status=status, created_by=creator,
                submitted_at=at(end, 17 if late else 15) if sent else None, submitted_by=creator if sent else None,
                is_late=late,
            )
        )  # fmt: skip
    reports = Report.objects.bulk_create(reports)
    ReportValue.objects.bulk_create(
        [
            ReportValue(report=r, indicator_id=ids[code], value=value)
            for r, (_w, _d, values, *_rest) in zip(reports, specs, strict=True)
            for code, value in values.items()
        ]
    )
    return reports


def daily(ward, day, values, creator, *, late=False, status=ReportStatus.SUBMITTED):
    return add_reports([(ward, day, values, status, late)], creator)[0]


def bulk_daily(wards, days, creator, values, *, late=False):
    """Every ward × every day, the same values, submitted (for data-size tests)."""
    return add_reports([(w, d, values, ReportStatus.SUBMITTED, late) for w in wards for d in days], creator)
