"""Reads of the reports app: scoped lists, completeness, calendars, baselines. Aggregates run in the database."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language

from core.collation import ViCollate
from core.compiled import CompiledQuery, StandIn
from core.formatting import format_number, separators_for
from reports.choices import (
    REVIEW_STATUSES,
    SENT_STATUSES,
    Aggregation,
    ChangeAction,
    IndicatorGroup,
    ReportKind,
    ReportStatus,
    ReviewDecision,
)
from reports.models import (
    Indicator,
    Notification,
    Report,
    ReportChange,
    ReportDeadline,
    ReportReview,
    ReportValue,
    format_value,
    period_days,
)
from reports.periods import DEFAULT_DEADLINES, DeadlineRule, period_bounds, period_deadline
from reports.rates import period_completeness, reporting_rate
from wards.access import scope_to_user
from wards.models import District, User, Ward, expected_to_report_q, is_active_on
from wards.types import AnyUser


def indicators_for_kind(kind: str) -> list[Indicator]:
    """Active indicators carried by reports of ``kind``, in form order (one query)."""
    fields: dict[str, str] = {
        ReportKind.DAILY: "in_daily",
        ReportKind.WEEKLY: "in_weekly",
        ReportKind.MONTHLY: "in_monthly",
    }
    field = fields.get(kind)
    if field is None:
        return []
    position = {group: index for index, group in enumerate(IndicatorGroup.values)}
    # The bound each is checked against comes along (the cross-indicator rule reads it).
    rows = Indicator.objects.filter(active=True, **{field: True}).select_related("must_not_exceed")
    # Groups in the catalogue's order (surveillance first), not alphabetically.
    return sorted(rows, key=lambda i: (position.get(i.group, len(position)), i.order, i.code))


def deadline_rule(kind: str) -> DeadlineRule:
    """The deadline in force for ``kind``: the administrators' row, else the default."""
    row = ReportDeadline.objects.filter(kind=kind).first()
    if row is None:
        return DEFAULT_DEADLINES[kind]
    return DeadlineRule(row.days_after_period_end, row.time, row.reminder_minutes)


def deadline_rules() -> dict[str, DeadlineRule]:
    """Every periodic kind's deadline (one query)."""
    rules = dict(DEFAULT_DEADLINES)
    for row in ReportDeadline.objects.all():
        rules[row.kind] = DeadlineRule(row.days_after_period_end, row.time, row.reminder_minutes)
    return rules


def reports_for_user(user: AnyUser) -> QuerySet[Report]:
    """Reports ``user`` may see, with ward and the number of unusual values (one query per page).

    The count is a correlated subquery (index ``reports_value_outliers``), evaluated only for the
    rows of the page: a JOIN with GROUP BY over the values made every list, and the paginator's
    COUNT, aggregate all 20 values of every report in scope (1.7 million rows at 200 wards).
    """
    outliers = (
        ReportValue.objects.filter(report=OuterRef("pk"), is_outlier=True)
        .order_by()
        .values(n=Func(F("report"), function="COUNT"))
    )
    qs = Report.objects.select_related("ward").annotate(flag_count=Subquery(outliers, output_field=IntegerField()))
    return scope_to_user(qs, user, "ward")


def review_queue(user: AnyUser) -> QuerySet[Report]:
    """Periodic reports waiting for the committee, oldest submission first."""
    return (
        reports_for_user(user)
        .filter(status__in=REVIEW_STATUSES)
        .exclude(kind=ReportKind.URGENT)
        .order_by("submitted_at", "pk")
    )


def urgent_feed(user: AnyUser) -> QuerySet[Report]:
    """Sent urgent reports, unacknowledged first, newest first."""
    return (
        reports_for_user(user)
        .filter(kind=ReportKind.URGENT)
        .exclude(status=ReportStatus.DRAFT)
        .select_related("acknowledged_by")
        .order_by(F("acknowledged_at").asc(nulls_first=True), "-submitted_at")
    )


def urgent_awaiting_acknowledgement(user: AnyUser) -> QuerySet[Report]:
    return urgent_feed(user).filter(acknowledged_at__isnull=True)


def expected_wards(kind: str, period_start: datetime.date, district: District | int | None = None) -> QuerySet[Ward]:
    """Wards expected to send the report of ``kind`` for the period: those active in it."""
    start, end = period_bounds(kind, period_start)
    return Ward.objects.expected_to_report(start, end, district=district)


def _sent(kind: str, period_start: datetime.date, **extra: Any) -> Exists:
    return Exists(
        Report.objects.filter(
            ward=OuterRef("pk"), kind=kind, period_start=period_start, status__in=SENT_STATUSES, **extra
        )
    )


def completeness(kind: str, period_start: datetime.date, district: District | int | None = None) -> dict:
    """Completeness and timeliness of one period (one aggregate query).

    Returns expected (wards active in the period), submitted, late, on_time, missing and
    rate (submitted / expected, percent; never above 100 because only expected wards count).
    """
    row = expected_wards(kind, period_start, district).aggregate(
        expected=Count("pk"),
        submitted=Count("pk", filter=_sent(kind, period_start)),
        late=Count("pk", filter=_sent(kind, period_start, is_late=True)),
    )
    return period_completeness(kind=kind, period_start=period_start, **row)


def daily_completeness(start: datetime.date, end: datetime.date, district: District | int | None = None) -> list[dict]:
    """Daily completeness for every day from ``start`` to ``end`` (two aggregate queries).

    Expected wards are counted per distinct activity range (a handful of rows whatever the
    number of wards); submitted ones per day, only from wards active on that day.
    """
    wards = Ward.objects.expected_to_report(start, end, district=district)
    # Each report counts only if its ward was expected on the report's own day.
    reports = Report.objects.filter(
        kind=ReportKind.DAILY, period_start__range=(start, end), status__in=SENT_STATUSES
    ).filter(expected_to_report_q(F("period_start"), F("period_start"), prefix="ward__"))
    if district is not None:
        reports = reports.filter(ward__district=district)
    ranges = list(wards.values("active_from", "active_until").annotate(n=Count("pk")).order_by())
    sent = {
        row["period_start"]: row
        for row in reports.values("period_start").annotate(n=Count("pk"), late=Count("pk", filter=Q(is_late=True)))
    }
    days = []
    for day in period_days(start, end):
        expected = sum(r["n"] for r in ranges if is_active_on(r["active_from"], r["active_until"], day))
        row = sent.get(day, {"n": 0, "late": 0})
        days.append(
            {
                "day": day,
                "expected": expected,
                "submitted": row["n"],
                "late": row["late"],
                "missing": expected - row["n"],
                "rate": reporting_rate(row["n"], expected),
            }
        )
    return days


def missing_wards(kind: str, period_start: datetime.date, district: District | int | None = None) -> QuerySet[Ward]:
    """Wards expected for the period that have not sent their report (one query)."""
    return expected_wards(kind, period_start, district).filter(~_sent(kind, period_start)).order_by(ViCollate("name"))


def ward_calendar(ward: Ward, month_start: datetime.date, today: datetime.date) -> list[dict]:
    """Each day of the month for ``ward``: submitted, late, missing, draft, upcoming or not expected.

    One query for the month's daily reports; the days themselves are built in Python.
    """
    start, end = period_bounds(ReportKind.MONTHLY, month_start)
    rows = {
        r["period_start"]: r
        for r in Report.objects.filter(ward=ward, kind=ReportKind.DAILY, period_start__range=(start, end)).values(
            "id", "period_start", "status", "is_late"
        )
    }
    days = []
    for day in period_days(start, end):
        report = rows.get(day)
        if not ward.is_active_on(day):
            state = "inactive"
        elif report and report["status"] != ReportStatus.DRAFT:
            state = "late" if report["is_late"] else "submitted"
        elif day >= today:
            state = "upcoming" if report is None else "draft"
        else:
            state = "missing"
        days.append({"day": day, "state": state, "report_id": report["id"] if report else None})
    return days


def recent_values(
    *, ward_id: int, kind: str, before: datetime.date, indicator_ids: Iterable[int], limit: int = 14
) -> dict[int, list[Decimal]]:
    """The ward's last ``limit`` sent values per indicator, from periods before ``before`` (one query)."""
    rows = (
        ReportValue.objects.filter(
            report__ward_id=ward_id,
            report__kind=kind,
            report__status__in=SENT_STATUSES,
            report__period_start__lt=before,
            indicator_id__in=list(indicator_ids),
        )
        .annotate(rank=Window(RowNumber(), partition_by=[F("indicator_id")], order_by=F("report__period_start").desc()))
        .filter(rank__lte=limit)
        .values_list("indicator_id", "value")
    )
    result: dict[int, list[Decimal]] = defaultdict(list)
    for indicator_id, value in rows:
        result[indicator_id].append(value)
    return result


def report_values(report: Report) -> dict[str, object]:
    """{"indicator_code": value} of a report (uses prefetched values when present)."""
    return {v.indicator.code: format_value(v.value) for v in report.values.all()}


def unread_notifications_count(user: AnyUser) -> int:
    if not (user and user.is_authenticated):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def _count_of(qs: QuerySet[Any]) -> Subquery:
    """``SELECT COUNT(*)`` of ``qs`` as a scalar subquery (no GROUP BY: one row)."""
    return Subquery(qs.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"), output_field=IntegerField())


def _header_counts_query(*, user_id: int, whole_district: bool) -> QuerySet:
    counts: dict[str, Any] = {
        "unread": _count_of(Notification.objects.filter(recipient_id=user_id, read_at__isnull=True))
    }
    if whole_district:  # the district's urgent reports not yet acknowledged (the same for every reader)
        urgent = Report.objects.filter(kind=ReportKind.URGENT, acknowledged_at__isnull=True).exclude(
            status=ReportStatus.DRAFT
        )
        counts["urgent"] = _count_of(urgent)
    query: QuerySet = User.objects.filter(pk=user_id).annotate(**counts).values_list(*counts)
    return query


# Built once per process for each of the two shapes (core/compiled.py): every page's header runs it.
_HEADER_COUNTS = {
    whole: CompiledQuery(
        lambda user_id, whole=whole: _header_counts_query(user_id=user_id, whole_district=whole),
        user_id=StandIn.id(1),
    )
    for whole in (False, True)
}


def header_counts(user: AnyUser) -> dict[str, int]:
    """The page header's counts in one query: ``unread`` notifications of ``user`` and, for the
    committee and administrators, ``urgent`` reports not yet acknowledged (0 for ward officers)."""
    if not (user and user.is_authenticated):
        return {"unread": 0, "urgent": 0}
    whole = bool(user.sees_whole_district)
    rows = _HEADER_COUNTS[whole].rows(user_id=user.pk)
    unread, urgent = (rows[0] if rows else (0, 0)) if whole else ((rows[0][0] if rows else 0), 0)
    return {"unread": unread or 0, "urgent": urgent or 0}


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def _figure(text: str) -> str:
    """A value stored in the history ("1500", "12.5") grouped the active language's way ("1.500", "12,5")."""
    try:
        figure = Decimal(text)
    except ArithmeticError:
        return text
    return format_number(figure, separators=separators_for(get_language())) if figure.is_finite() else text


def report_history(report: Report) -> list[ReportChange]:
    """The report's history for people (creation left out), newest first: each row carries
    ``field_label`` (the indicator's name, or the report field's label, not its code) and
    ``old_display``/``new_display`` (figures grouped the Vietnamese way). Two queries."""
    changes = list(
        ReportChange.objects.filter(report=report).exclude(action=ChangeAction.CREATE).select_related("user")
    )
    codes = {c.field for c in changes if c.field}
    names = {i.code: str(i.name) for i in Indicator.objects.filter(code__in=codes)} if codes else {}
    for change in changes:
        if change.field in names:
            change.field_label = names[change.field]  # type: ignore[attr-defined]
            change.old_display = _figure(change.old_value) if change.old_value else ""  # type: ignore[attr-defined]
            change.new_display = _figure(change.new_value) if change.new_value else ""  # type: ignore[attr-defined]
            continue
        try:
            field = Report._meta.get_field(change.field) if change.field else None
        except FieldDoesNotExist:
            field = None
        label = str(getattr(field, "verbose_name", change.field))
        change.field_label = label  # type: ignore[attr-defined]
        change.old_display, change.new_display = change.old_value, change.new_value  # type: ignore[attr-defined]
    return changes


# ---- the officer's home: their ward's report tasks (issue 12 #10) ---------------------------------

HOME_URGENT_DAYS = 7  # acknowledged urgent reports stay on the home page this many days
HOME_STRIP_DAYS = 7  # days of the key-figures strip, today included


def officer_report_tasks(*, ward: Ward, today: datetime.date, now: datetime.datetime, key_codes: Iterable[str]) -> dict:
    """What the ward's reports ask of the officer today, in a fixed number of queries (six):

    - ``today``: today's daily report (or None), its ``deadline``, ``time_left`` (None once past),
      ``overdue``;
    - ``returned``: reports returned by the committee, oldest first, each with ``return_review``
      (the review that returned it: comment, comments per field, reviewer);
    - ``urgent``: the ward's sent urgent reports, those still unacknowledged first, then the ones
      acknowledged in the last week;
    - ``strip``: the last seven days of the key figures: ``{"days": [...], "rows": [(indicator, [(day,
      value or None)])]}``, from the ward's daily reports (a draft counts only today).
    """
    today_report = Report.objects.filter(ward=ward, kind=ReportKind.DAILY, period_start=today).first()
    deadline = period_deadline(ReportKind.DAILY, today, deadline_rule(ReportKind.DAILY))
    returned_reviews = ReportReview.objects.filter(decision=ReviewDecision.RETURNED).select_related("user")
    returned = list(
        Report.objects.filter(ward=ward, status=ReportStatus.RETURNED)
        .exclude(kind=ReportKind.URGENT)
        .order_by("period_start", "pk")
        .prefetch_related(Prefetch("reviews", queryset=returned_reviews.order_by("-at", "-pk"), to_attr="returns"))
    )
    for report in returned:
        report.return_review = report.returns[0] if report.returns else None  # type: ignore[attr-defined]
    urgent = list(
        Report.objects.filter(ward=ward, kind=ReportKind.URGENT)
        .exclude(status=ReportStatus.DRAFT)
        .filter(Q(acknowledged_at__isnull=True) | Q(submitted_at__gte=now - datetime.timedelta(days=HOME_URGENT_DAYS)))
        .select_related("acknowledged_by")
        .order_by(F("acknowledged_at").desc(nulls_first=True), "-submitted_at")[:10]
    )
    days = [today - datetime.timedelta(days=n) for n in range(HOME_STRIP_DAYS - 1, -1, -1)]
    codes = list(key_codes)
    values = (
        ReportValue.objects.filter(
            report__ward=ward,
            report__kind=ReportKind.DAILY,
            report__period_start__gte=days[0],
            report__period_start__lte=today,
            indicator__code__in=codes,
        )
        .filter(Q(report__status__in=SENT_STATUSES) | Q(report__period_start=today))
        .values_list("report__period_start", "indicator_id", "value")
    )
    by_day: dict[tuple[datetime.date | None, int], Decimal] = {(d, i): v for d, i, v in values}
    indicators = sorted(Indicator.objects.filter(code__in=codes), key=lambda i: codes.index(i.code))
    rows = [(indicator, [(day, by_day.get((day, indicator.pk))) for day in days]) for indicator in indicators]
    return {
        "today": {
            "report": today_report,
            "deadline": deadline,
            "now": now,
            "time_left": deadline - now if now < deadline else None,
            # (hours, minutes) left, for "3 h 20 min left": Django's timeuntil has no Vietnamese.
            "left": divmod(int((deadline - now).total_seconds()) // 60, 60) if now < deadline else None,
            "overdue": now >= deadline,
        },
        "returned": returned,
        "urgent": urgent,
        "strip": {"days": days, "rows": rows},
    }


# ---- the daily report in under a minute: carried-over values and the review before sending (issue 12 #11)


def _last_sent_report(*, ward_id: int, kind: str, before: datetime.date) -> QuerySet[Report]:
    return Report.objects.filter(
        ward_id=ward_id, kind=kind, status__in=SENT_STATUSES, period_start__lt=before
    ).order_by("-period_start")[:1]


def carried_over_values(*, ward_id: int, kind: str, before: datetime.date) -> dict[str, Decimal]:
    """{code: value} of the "latest" indicators (people currently in a state: under quarantine,
    under monitoring...) in the ward's last sent report of ``kind`` before ``before`` (one query).

    A new report starts from them: these figures change little from one day to the next, while
    flows (masks given out today) start empty."""
    rows = ReportValue.objects.filter(
        report__in=Subquery(_last_sent_report(ward_id=ward_id, kind=kind, before=before).values("pk")),
        indicator__aggregation=Aggregation.LATEST,
    ).values_list("indicator__code", "value")
    return dict(rows)


def report_review_rows(report: Report, indicators: list[Indicator]) -> dict[str, Any]:
    """What the officer checks before sending ``report`` (two queries): for each indicator of the
    form, the value now, the value in the ward's previous sent report, the change, and whether the
    value is unusual for the ward (the outlier flag, set when the value was saved).

    Returns ``{"rows": [...], "previous": the previous report or None, "changed": n, "flagged": n,
    "empty": n}``; each row is a dict: indicator, value, previous, change, flagged, baseline.
    """
    current = {v.indicator_id: v for v in report.values.all()}
    previous_report = (
        _last_sent_report(ward_id=report.ward_id, kind=report.kind, before=report.period_start).first()
        if report.period_start
        else None
    )
    previous: dict[int, Decimal] = {}
    if previous_report is not None:
        previous = dict(previous_report.values.values_list("indicator_id", "value"))
    rows = []
    for indicator in indicators:
        row = current.get(indicator.pk)
        value = row.value if row else None
        before = previous.get(indicator.pk)
        change = value - before if value is not None and before is not None else None
        rows.append(
            {
                "indicator": indicator,
                "value": value,
                "previous": before,
                "change": change,
                "changed": value != before,
                "flagged": bool(row and row.is_outlier),
                "baseline": row.baseline_median if row else None,
            }
        )
    return {
        "rows": rows,
        "previous": previous_report,
        "changed": sum(1 for r in rows if r["changed"] and r["value"] is not None),
        "flagged": sum(1 for r in rows if r["flagged"]),
        "empty": sum(1 for r in rows if r["value"] is None),
    }
