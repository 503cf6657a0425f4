"""Periods and deadlines: pure functions of dates and the deadline settings (no database)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from reports.choices import ReportKind


@dataclass(frozen=True)
class DeadlineRule:
    """A deadline: ``days_after_period_end`` days after the period's last day, at ``time`` (local)."""

    days_after_period_end: int
    time: datetime.time
    reminder_minutes: int = 60


# The defaults the data migration seeds and the fallback when a row is missing:
# daily same day 16:00, weekly the Monday after 10:00, monthly the 3rd of the next month 10:00.
DEFAULT_DEADLINES: dict[str, DeadlineRule] = {
    ReportKind.DAILY: DeadlineRule(0, datetime.time(16, 0)),
    ReportKind.WEEKLY: DeadlineRule(1, datetime.time(10, 0)),
    ReportKind.MONTHLY: DeadlineRule(3, datetime.time(10, 0)),
}


def period_bounds(kind: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period of ``kind`` that contains ``day``: (first day, last day)."""
    if kind == ReportKind.DAILY:
        return day, day
    if kind == ReportKind.WEEKLY:
        start = day - datetime.timedelta(days=day.weekday())
        return start, start + datetime.timedelta(days=6)
    if kind == ReportKind.MONTHLY:
        start = day.replace(day=1)
        next_month = (start + datetime.timedelta(days=32)).replace(day=1)
        return start, next_month - datetime.timedelta(days=1)
    raise ValueError(f"{kind!r} reports have no period")


def is_period_start(kind: str, day: datetime.date) -> bool:
    """True when ``day`` is how a period of ``kind`` is named (any day, a Monday, a 1st)."""
    return period_bounds(kind, day)[0] == day


def deadline_of(rule: DeadlineRule, period_end: datetime.date) -> datetime.datetime:
    """The aware local datetime at which a period ending on ``period_end`` is due."""
    day = period_end + datetime.timedelta(days=rule.days_after_period_end)
    return timezone.make_aware(datetime.datetime.combine(day, rule.time))


def period_deadline(kind: str, period_start: datetime.date, rule: DeadlineRule | None = None) -> datetime.datetime:
    """Deadline of the period of ``kind`` starting on ``period_start`` (defaults when no rule is given)."""
    rule = rule or DEFAULT_DEADLINES[kind]
    return deadline_of(rule, period_bounds(kind, period_start)[1])


def periods_due_near(
    kind: str, rule: DeadlineRule, now: datetime.datetime
) -> list[tuple[datetime.date, datetime.datetime]]:
    """Periods whose deadline lies within a day of ``now``: [(period_start, deadline)], oldest first."""
    today = timezone.localtime(now).date()
    anchor = today - datetime.timedelta(days=rule.days_after_period_end)
    starts = sorted({period_bounds(kind, anchor + datetime.timedelta(days=k))[0] for k in (-1, 0, 1)})
    result = []
    for start in starts:
        deadline = deadline_of(rule, period_bounds(kind, start)[1])
        if abs(deadline - now) <= datetime.timedelta(days=1):
            result.append((start, deadline))
    return result
