"""Reads of the district summary: the compile's aggregations over reports, and the dashboard's reads
over compiled summaries. Every figure is aggregated in the database (values().annotate()); Python
only shapes the already aggregated rows.
"""

import datetime
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import (
    Aggregate,
    Count,
    F,
    FilteredRelation,
    FloatField,
    Func,
    IntegerField,
    JSONField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.collation import ViCollate, vi_sort_key
from core.compiled import CompiledQuery, StandIn
from directives.selectors import ward_assignment_tasks
from inspections.selectors import ward_inspections_due
from reports.choices import SENT_STATUSES, Aggregation, ReportKind, ReportStatus, Severity
from reports.models import Indicator, Report, ReportDeadline, period_days
from reports.periods import DEFAULT_DEADLINES, DeadlineRule, deadline_of, period_deadline
from reports.rates import period_completeness, reporting_rate
from reports.selectors import deadline_rule, officer_report_tasks
from reports.summary.choices import WardStatus
from reports.summary.models import DistrictSummary, DistrictSummaryWard
from supplies.selectors import ward_store_tasks
from wards.models import District, Ward
from wards.types import AnyUser

# Indicators on the dashboard's KPI cards and the comparison table, when they are in the catalogue.
KEY_INDICATORS = (
    "confirmed_cases",
    "suspected_cases",
    "home_quarantine",
    "central_quarantine",
    "samples_tested",
    "masks_given",
)
# The longest range the dashboard, its chart and the series endpoint accept (a year, leap day included).
MAX_RANGE_DAYS = 366
# The range they show when none is asked: the last week up to today (see ``dashboard_range``).
DEFAULT_RANGE_DAYS = 7
GRID_DAYS = 14


def key_indicators(indicators: Iterable[Indicator]) -> list[Indicator]:
    """The dashboard's key indicators among ``indicators`` (the first four when none is in the catalogue)."""
    by_code = {i.code: i for i in indicators}
    chosen = [by_code[c] for c in KEY_INDICATORS if c in by_code]
    return chosen or list(indicators)[:4]


def as_number(value: Any) -> int | float | None:
    """A Decimal, float, numeric string or None → int when whole, else float (JSON-friendly)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def dashboard_range(
    *, start: datetime.date | None, end: datetime.date | None, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The date range of the dashboard and of its chart's series endpoint: ``(start, end)``, both included.

    ``end`` defaults to ``today`` and ``start`` to the ``DEFAULT_RANGE_DAYS`` (7) days ending at
    ``end``. One week is the default of both because the dashboard opens on it (its KPI cards
    compare with a week ago, its grid shows two weeks) and the chart on the page asks the series
    endpoint for the page's own range: a client that omits the range gets the chart the
    committee sees, not a longer one. Raises ``ValidationError`` on ``start`` when the range is
    reversed or longer than ``MAX_RANGE_DAYS``.
    """
    end = end or today
    start = start or end - datetime.timedelta(days=DEFAULT_RANGE_DAYS - 1)
    if start > end:
        raise ValidationError({"start": _("The start must not be after the end.")})
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise ValidationError({"start": _("Choose at most %(days)s days.") % {"days": MAX_RANGE_DAYS}})
    return start, end


def dashboard_district(*, today: datetime.date) -> District | None:
    """The default district (``District.objects.default()``) with ``compiled_stamp`` (its summaries'
    latest compile: the dashboard cache's stamp), ``today_compiled_at`` (when today's daily
    summary was compiled) and the daily deadline's ``deadline_days`` and ``deadline_time`` (None
    when the administrators kept the default; see ``daily_day_state``), one query."""
    rows = _DASHBOARD_DISTRICT.rows(today=today)
    if not rows:
        return None
    row = rows[0]
    district = District.from_db("default", _DISTRICT_FIELDS, row[: len(_DISTRICT_FIELDS)])
    for name, value in zip(_DISTRICT_COLUMNS[len(_DISTRICT_FIELDS) :], row[len(_DISTRICT_FIELDS) :], strict=True):
        setattr(district, name, value)  # the annotations
    return district


def _dashboard_district_query(*, today: datetime.date) -> QuerySet:
    daily_rule = ReportDeadline.objects.filter(kind=ReportKind.DAILY)
    return (
        District.objects.annotate(
            compiled_stamp=Max("summaries__compiled_at"),
            today_compiled_at=Max(
                "summaries__compiled_at",
                filter=Q(summaries__kind=ReportKind.DAILY, summaries__period_start=today),
            ),
            deadline_days=Subquery(daily_rule.values("days_after_period_end")[:1]),
            deadline_time=Subquery(daily_rule.values("time")[:1]),
        )
        .order_by("pk")  # District.objects.default(): the first one created
        .values_list(*_DISTRICT_COLUMNS)[:1]
    )


_DISTRICT_FIELDS = [f.attname for f in District._meta.concrete_fields]
_DISTRICT_COLUMNS = [*_DISTRICT_FIELDS, "compiled_stamp", "today_compiled_at", "deadline_days", "deadline_time"]
# Built once per process (core/compiled.py): every dashboard load and every page of the committee reads it.
_DASHBOARD_DISTRICT = CompiledQuery(_dashboard_district_query, today=StandIn.date(1))


# ---- closed and open days (issue 14 #1) --------------------------------------------------------

# A ward whose daily deadline has not passed yet: shown as pending (chờ hạn), never as missing. Not
# a stored status: the compile writes "missing", the pages show "pending" while the day is open.
PENDING = "pending"
PENDING_LABEL = gettext_lazy("Awaiting the deadline")


@dataclass(frozen=True)
class DayState:
    """Where the daily reporting stands at ``now``.

    ``closed_day`` is the last day whose deadline has passed: the day the dashboard, the summary
    pages and the exports lead with. The days after it (today before the deadline) are open:
    their figures are partial ("so far: 7/15 wards"), never compared with complete days, and a
    ward that has not reported yet is pending, not missing. ``deadline`` is the open day's (today's)
    deadline, or the closed day's once it passed.
    """

    today: datetime.date
    closed_day: datetime.date
    deadline: datetime.datetime

    @property
    def today_open(self) -> bool:
        return self.closed_day < self.today

    def is_open(self, day: datetime.date) -> bool:
        return day > self.closed_day


def daily_day_state(*, now: datetime.datetime, rule: DeadlineRule | None = None) -> DayState:
    """The ``DayState`` of the daily reports at ``now`` under ``rule`` (the default deadline when None)."""
    rule = rule or DEFAULT_DEADLINES[ReportKind.DAILY]
    today = timezone.localtime(now).date()
    day = today - datetime.timedelta(days=rule.days_after_period_end)
    deadline = deadline_of(rule, day)
    if now < deadline:
        day -= datetime.timedelta(days=1)
    return DayState(today=today, closed_day=day, deadline=deadline)


def district_day_state(district: District | None, *, now: datetime.datetime) -> DayState:
    """``daily_day_state`` with the deadline read along with ``dashboard_district`` (no query)."""
    days = getattr(district, "deadline_days", None)
    time = getattr(district, "deadline_time", None)
    rule = DeadlineRule(days, time) if days is not None and time is not None else None
    return daily_day_state(now=now, rule=rule)


def day_state() -> DayState:
    """The daily ``DayState`` now, with the deadline in force (one query)."""
    return daily_day_state(now=timezone.now(), rule=deadline_rule(ReportKind.DAILY))


def shown_status(status: str, *, open_period: bool) -> str:
    """A ward line's status as pages show it: "missing" is "pending" while the period is open."""
    return PENDING if open_period and status == WardStatus.MISSING else status


def closed_day_summary_id(*, state: DayState, district: District | int | None = None) -> int | None:
    """The daily summary of the last closed day (what the exports lead with before today's
    deadline) of ``district`` (the default one when None), or None when it is not compiled. One query."""
    qs = DistrictSummary.objects.filter(kind=ReportKind.DAILY, period_start=state.closed_day)
    if district is None:
        qs = qs.filter(district=District.objects.order_by("pk").values("pk")[:1])
    else:
        qs = qs.filter(district=district)
    return qs.values_list("pk", flat=True).first()


def period_open_until(
    kind: str, period_start: datetime.date, *, now: datetime.datetime, rule: DeadlineRule | None = None
) -> datetime.datetime | None:
    """The period's deadline while it has not passed (its figures are partial, "so far", and its
    wards without a report pending, not missing), else None. ``rule``: the deadline of ``kind`` in
    force (read when None, one query). For the summary pages and the exports."""
    deadline = period_deadline(kind, period_start, rule or deadline_rule(kind))
    return deadline if now < deadline else None


# ---- the compile -----------------------------------------------------------------------------


class _NumberDecoder(json.JSONDecoder):
    """JSON numbers as exact values: whole ones as int, the others as Decimal (never a float)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, parse_float=Decimal, **kwargs)


class JSONObjectAgg(Aggregate):
    """``{key: value}`` of the group's rows: ``jsonb_object_agg`` on PostgreSQL, ``json_group_object`` on SQLite."""

    function = "JSONB_OBJECT_AGG"
    output_field = JSONField(decoder=_NumberDecoder)

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, Any]:
        return self.as_sql(compiler, connection, function="JSON_GROUP_OBJECT", **extra_context)


def ward_figure_rows(*, district_id: int, kind: str, start: datetime.date, end: datetime.date) -> QuerySet:
    """The compile's ONE aggregate query: (ward id, name, report id, is_late, submitted_at, {code: value}).

    Every ward expected in the period (active at some point of it) LEFT JOIN its sent report of
    ``kind`` for the period LEFT JOIN the report's values, GROUP BY (ward, report) with the values
    gathered into one JSON object per ward by the database. A ward has at most one report per kind
    and period and a report one value per indicator (database rules): one row per ward, so the
    compile shapes 10,000 rows for 10,000 wards, not 10,000 × the indicators.
    """
    values = JSONObjectAgg(
        "sent__values__indicator__code", "sent__values__value", filter=Q(sent__values__indicator__isnull=False)
    )
    return (
        Ward.objects.expected_to_report(start, end, district=district_id)
        .annotate(
            sent=FilteredRelation(
                "reports",
                condition=Q(reports__kind=kind, reports__period_start=start, reports__status__in=SENT_STATUSES),
            )
        )
        .values_list("pk", "name", "sent__id", "sent__is_late", "sent__submitted_at")
        .annotate(values=values)
        .order_by()  # no ORDER BY: the lines are sorted by name once shaped
    )


def _exact_number(value: Any) -> int | float:
    """A value of the aggregate (int or Decimal) → int when whole, else float (the hot path of the compile)."""
    if isinstance(value, int):
        return value
    whole = int(value)
    return whole if whole == value else float(value)


def shape_ward_figures(rows: Iterable[Sequence[Any]]) -> dict:
    """Rows of ``ward_figure_rows`` → ward lines, district totals (summed exactly) and counts.

    A row's values may also be the JSON text a raw cursor returns (the benchmark's hand-written
    query). Returns ``{"lines": [{ward_id, name, report_id, is_late, submitted_at, status,
    values}], "totals": {code: number}, "expected", "submitted", "on_time", "late"}``.
    """
    lines: dict[int, dict] = {}
    totals: dict[str, int | Decimal] = {}
    for ward_id, name, report_id, is_late, submitted_at, values in rows:
        if isinstance(values, str):
            values = json.loads(values, parse_float=Decimal)
        line = lines.get(ward_id)
        if line is None:
            sent_status = WardStatus.LATE if is_late else WardStatus.ON_TIME
            status = WardStatus.MISSING if report_id is None else sent_status
            line = lines[ward_id] = {
                "ward_id": ward_id, "name": name, "report_id": report_id, "is_late": is_late,
                "submitted_at": submitted_at, "status": status, "values": {},
            }  # fmt: skip
        if values:
            shown = line["values"]
            for code, value in values.items():
                shown[code] = _exact_number(value)
                totals[code] = totals.get(code, 0) + value
    statuses = [line["status"] for line in lines.values()]
    late = statuses.count(WardStatus.LATE)
    on_time = statuses.count(WardStatus.ON_TIME)
    return {
        "lines": sorted(lines.values(), key=lambda line: (vi_sort_key(line["name"]), line["ward_id"])),
        "totals": {code: as_number(total) for code, total in sorted(totals.items())},
        "expected": len(statuses),
        "submitted": on_time + late,
        "on_time": on_time,
        "late": late,
    }


# ``ward_figure_rows`` built once per process and database; each compile re-runs its SQL (wards/compiled.py).
_WARD_FIGURES = CompiledQuery(
    ward_figure_rows, district_id=StandIn.id(1), kind=StandIn.text(1), start=StandIn.date(1), end=StandIn.date(2)
)


def ward_figures(*, district_id: int, kind: str, start: datetime.date, end: datetime.date) -> dict:
    """Everything the compile reads from the reports, in ONE aggregate query (see ``ward_figure_rows``),
    shaped by ``shape_ward_figures``."""
    return shape_ward_figures(_WARD_FIGURES.rows(district_id=district_id, kind=kind, start=start, end=end))


def live_completeness(*, district: District, day: datetime.date) -> dict:
    """The daily completeness of ``day`` from the reports, as ``reports.selectors.completeness`` returns it.

    One aggregate over the expected wards LEFT JOIN their sent daily report of the day: a ward has
    at most one report per kind and period (a database rule), so counting the joined reports
    counts the wards that sent one. The reports app's EXISTS form probes the reports twice per
    ward (about 40 ms at 10,000 wards; the join reads the day's reports once).
    """
    row = (
        Ward.objects.expected_to_report(day, day, district=district)
        .annotate(
            sent=FilteredRelation(
                "reports",
                condition=Q(
                    reports__kind=ReportKind.DAILY, reports__period_start=day, reports__status__in=SENT_STATUSES
                ),
            )
        )
        .aggregate(
            expected=Count("pk"), submitted=Count("sent__id"), late=Count("sent__id", filter=Q(sent__is_late=True))
        )
    )
    return period_completeness(kind=ReportKind.DAILY, period_start=day, **row)


def local_day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Aware local midnights: the first of ``start`` and the one after ``end``."""
    low = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    high = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    return low, high


def urgent_in_period(*, district_id: int, start: datetime.date, end: datetime.date) -> list[dict]:
    """Urgent reports sent in the period (local days), oldest first, with their acknowledgement (one query)."""
    low, high = local_day_bounds(start, end)
    rows = (
        Report.objects.filter(
            kind=ReportKind.URGENT, ward__district_id=district_id, submitted_at__gte=low, submitted_at__lt=high
        )
        .exclude(status=ReportStatus.DRAFT)
        .values(
            "id", "title", "severity", "occurred_at", "submitted_at", "acknowledged_at", "location",
            ward_name=F("ward__name"), acknowledged_by_name=F("acknowledged_by__username"),
        )
        .order_by("submitted_at", "id")
    )  # fmt: skip
    result: list[dict] = []
    for row in rows:
        item: dict[str, Any] = dict(row)
        for key in ("occurred_at", "submitted_at", "acknowledged_at"):
            item[key] = item[key].isoformat() if item[key] else None
        result.append(item)
    return result


# ---- the dashboard and the API: reads over compiled summaries ---------------------------------


def urgent_items(summary: DistrictSummary) -> list[dict]:
    """The summary's urgent reports with aware datetimes and readable severity."""
    items = []
    for item in summary.urgent:
        row = dict(item)
        for key in ("occurred_at", "submitted_at", "acknowledged_at"):
            row[key] = parse_datetime(row[key]) if row.get(key) else None
        row["severity_label"] = Severity(row["severity"]).label if row.get("severity") in Severity.values else ""
        items.append(row)
    return items


WEEK_DAYS = 7


def _change(value: Any, before: Any) -> int | float | None:
    return as_number(Decimal(str(value)) - Decimal(str(before))) if None not in (value, before) else None


def _week_total(totals: dict[datetime.date, dict], days: list[datetime.date], indicator: Indicator) -> Any:
    """The indicator over ``days`` combined by its aggregation (sum, max, latest); None unless every day is compiled."""
    if any(d not in totals for d in days):
        return None
    values = [totals[d].get(indicator.code) for d in days]
    if indicator.aggregation == Aggregation.LATEST:
        return next((v for v in reversed(values) if v is not None), None)
    present = [Decimal(str(v)) for v in values if v is not None]
    if not present:
        return None
    return as_number(max(present) if indicator.aggregation == Aggregation.MAX else sum(present))


def kpi_cards(*, district: District, state: DayState, indicators: list[Indicator]) -> dict:
    """The key indicators of the last closed day with the change against the day before and the same
    day a week earlier, and week on week (the 7 days ending on the closed day against the 7 before,
    each indicator combined as it says: sum, max, latest); plus ``so_far``: today's partial figures
    while today is open (never compared with anything). One query.
    """
    day = state.closed_day
    first = day - datetime.timedelta(days=2 * WEEK_DAYS - 1)
    rows = {
        r["period_start"]: r
        for r in DistrictSummary.objects.filter(
            district=district, kind=ReportKind.DAILY, period_start__range=(first, max(state.today, day))
        ).values("pk", "period_start", "totals", "compiled_at", "expected", "submitted")
    }
    totals = {d: r["totals"] for d, r in rows.items()}
    this_week = [day - datetime.timedelta(days=k) for k in range(WEEK_DAYS - 1, -1, -1)]
    last_week = [d - datetime.timedelta(days=WEEK_DAYS) for d in this_week]
    open_row = rows.get(state.today) if state.today_open else None
    cards = []
    for indicator in indicators:
        value = totals[day].get(indicator.code) if day in totals else None
        card: dict[str, Any] = {"indicator": indicator, "value": value}
        for name, before_day in (
            ("yesterday", day - datetime.timedelta(days=1)),
            ("week_ago", day - datetime.timedelta(days=7)),
        ):
            before = totals[before_day].get(indicator.code) if before_day in totals else None
            card[name] = before
            card[f"change_{name}"] = _change(value, before)
        week, previous = _week_total(totals, this_week, indicator), _week_total(totals, last_week, indicator)
        card["week"] = week
        card["previous_week"] = previous
        card["change_week"] = _change(week, previous)
        card["change_week_percent"] = (
            round(float(Decimal(str(week)) - Decimal(str(previous))) * 100 / float(previous), 1)
            if None not in (week, previous) and previous
            else None
        )
        card["so_far"] = open_row["totals"].get(indicator.code) if open_row is not None else None
        cards.append(card)
    day_row = rows.get(day)
    return {
        "cards": cards,
        "day": day,
        "open": state.today_open,
        "deadline": state.deadline,
        "compiled_at": day_row["compiled_at"] if day_row else None,
        "compiled": day_row is not None,
        "summary_id": day_row["pk"] if day_row else None,
        "so_far": (
            {
                "submitted": open_row["submitted"],
                "expected": open_row["expected"],
                "compiled_at": open_row["compiled_at"],
            }
            if open_row is not None
            else None
        ),
    }


# The series' options (issue 14 #5, #8): the moving average's days and the rate's residents.
AVERAGE_DAYS = 7
PER_RESIDENTS = 100_000


def series_population(*, district: District, ward: Ward | None, start: datetime.date, end: datetime.date) -> int | None:
    """The residents a rate is per: the ward's population, or the district's (its wards expected in
    [start, end]); None when a population is missing (a rate over part of the district would lie).
    No query for a ward, one for the district."""
    if ward is not None:
        return ward.population or None
    row = Ward.objects.expected_to_report(start, end, district=district).aggregate(
        total=Sum("population"), wards=Count("pk"), known=Count("population")
    )
    return row["total"] if row["wards"] and row["wards"] == row["known"] and row["total"] else None


def series(
    *,
    district: District,
    indicator: str,
    start: datetime.date,
    end: datetime.date,
    ward_id: int | None = None,
    average: int | None = None,
    per: int | None = None,
    population: int | None = None,
    open_from: datetime.date | None = None,
) -> dict:
    """One indicator per day from the daily summaries: the district total, or one ward's value (one query).

    Days without a compiled summary (or without the value) are ``None``: a gap, not a zero.
    ``per``: each value per ``per`` residents of ``population`` (all ``None`` without a
    population), two decimals. ``average``: also ``average``, the mean of the ``average`` days
    ending on each day (read from before ``start``), ``None`` where one of them is a gap or is
    still open (on or after ``open_from``: today before its deadline, partial figures).
    """
    first = start - datetime.timedelta(days=(average or 1) - 1)
    rows: QuerySet[Any, tuple[datetime.date, Any]]
    if ward_id is not None:
        rows = DistrictSummaryWard.objects.filter(
            summary__district=district, ward_id=ward_id, kind=ReportKind.DAILY, period_start__range=(first, end)
        ).values_list("period_start", KT(f"values__{indicator}"))
    else:
        rows = DistrictSummary.objects.filter(
            district=district, kind=ReportKind.DAILY, period_start__range=(first, end)
        ).values_list("period_start", KT(f"totals__{indicator}"))
    by_day = {d: _json_number(v) for d, v in rows}
    if per is not None:
        by_day = {
            d: (round(float(v) * per / population, 2) if v is not None and population else None)
            for d, v in by_day.items()
        }
    days = list(period_days(start, end))
    result: dict[str, Any] = {
        "indicator": indicator,
        "ward": ward_id,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "dates": [d.isoformat() for d in days],
        "labels": [d.strftime("%d/%m") for d in days],
        "values": [by_day.get(d) for d in days],
        "per": per,
        "population": population if per is not None else None,
        "open_from": open_from.isoformat() if open_from is not None and open_from <= end else None,
        "average": None,
    }
    if average:
        averages: list[float | None] = []
        for day in days:
            window = [day - datetime.timedelta(days=k) for k in range(average)]
            values = [by_day.get(d) for d in window]
            closed = open_from is None or day < open_from
            averages.append(round(sum(values) / average, 2) if closed and None not in values else None)  # type: ignore[arg-type]
        result["average"] = averages
    return result


def _json_number(value: Any) -> int | float | None:
    """``as_number`` for a value read out of JSON (text on PostgreSQL): whole numbers parse directly."""
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            pass
    return as_number(value)


def _lines_in(start: datetime.date, end: datetime.date) -> QuerySet[DistrictSummaryWard]:
    """One ward's daily lines in [start, end], correlated with the outer ward row."""
    # order_by(): the model's default ordering joins the ward table, which a subquery never needs.
    return DistrictSummaryWard.objects.filter(
        ward=OuterRef("pk"), kind=ReportKind.DAILY, period_start__range=(start, end)
    ).order_by()


def _count_of(lines: QuerySet, condition: Q | None = None) -> Subquery:
    """How many of the ward's lines (meeting ``condition``): a scalar COUNT, no GROUP BY (cheap to build)."""
    if condition is not None:
        lines = lines.filter(condition)
    return Subquery(lines.values(n=Func(F("pk"), function="COUNT")), output_field=IntegerField())


def _indicator_over_range(lines: QuerySet, indicator: Indicator) -> Subquery:
    """A ward's value of ``indicator`` over the range, combined as the indicator says (sum, max, latest)."""
    number = Cast(KT(f"values__{indicator.code}"), FloatField())
    if indicator.aggregation == Aggregation.LATEST:
        qs = lines.filter(values__has_key=indicator.code).order_by("-period_start").values(v=number)[:1]
    else:
        function = "MAX" if indicator.aggregation == Aggregation.MAX else "SUM"
        qs = lines.values(v=Func(number, function=function, output_field=FloatField()))
    return Subquery(qs, output_field=FloatField())


def comparison_sort_keys(indicators: list[Indicator]) -> list[str]:
    return ["name", "completeness", "late", "missing", *[i.code for i in indicators]]


def _comparison_query(
    *,
    district_id: int,
    start: datetime.date,
    end: datetime.date,
    indicators: list[Indicator],
    ward_id: int | None,
    name: str,
    sort: str,
    descending: bool,
    offset: int,
    limit: int,
    open_from: datetime.date | None,
) -> QuerySet:
    """``ward_comparison``'s one query (``open_from``: only when it falls in the range)."""
    lines = _lines_in(start, end)
    qs = Ward.objects.expected_to_report(start, end, district=district_id)
    if ward_id is not None:
        qs = qs.filter(pk=ward_id)
    if name:
        qs = qs.filter(name__icontains=name)
    annotations: dict[str, Any] = {
        "days": _count_of(lines),
        "on_time": _count_of(lines, Q(status=WardStatus.ON_TIME)),
        "late": _count_of(lines, Q(status=WardStatus.LATE)),
    }
    # The figures cover the closed days only: an open day's values are partial (a few wards so far)
    # and are never summed or compared with complete days.
    closed_lines = lines.filter(period_start__lt=open_from) if open_from is not None else lines
    for i, indicator in enumerate(indicators):
        annotations[f"ind_{i}"] = _indicator_over_range(closed_lines, indicator)
    if open_from is not None:
        annotations["pending"] = _count_of(lines, Q(status=WardStatus.MISSING, period_start__gte=open_from))
        # A line is on time, late, missing or pending: one subquery fewer to build and run.
        annotations["missing"] = F("days") - F("on_time") - F("late") - F("pending")
    else:
        annotations["missing"] = F("days") - F("on_time") - F("late")
    qs = qs.annotate(**annotations)
    keys = {"name": "name", "late": "late", "missing": "missing"}
    keys.update({ind.code: f"ind_{i}" for i, ind in enumerate(indicators)})
    if sort == "completeness":
        due = F("days") - F("pending") if "pending" in annotations else F("days")
        qs = qs.annotate(rate=Cast(F("on_time") + F("late"), FloatField()) / Cast(due, FloatField()))
        keys["completeness"] = "rate"
    field = keys.get(sort, "name")
    key = ViCollate(field) if field == "name" else F(field)
    order = key.desc(nulls_last=True) if descending else key.asc(nulls_last=True)
    page: QuerySet = qs.order_by(order, ViCollate("name"), "pk").values("pk", "name", *annotations)
    return page[offset : offset + limit + 1]


# ``_comparison_query`` compiled once per process and shape (the filters that change the SQL, the
# key indicators and their rules); each load re-runs its SQL with the district, range and ward
# (core/compiled.py). Building it was a third of the dashboard's first load after a compile.
_COMPARISONS: dict[tuple, tuple[CompiledQuery, list[str]]] = {}
_COMPARISONS_MAX = 64


def _compiled_comparison(shape: tuple, build: Any, **stand_ins: Any) -> tuple[CompiledQuery, list[str]]:
    found = _COMPARISONS.get(shape)
    if found is None:
        if len(_COMPARISONS) >= _COMPARISONS_MAX:
            _COMPARISONS.clear()
        query = build(**stand_ins).query
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        found = _COMPARISONS[shape] = (CompiledQuery(build, **stand_ins), names)
    return found


def ward_comparison(
    *,
    district: District,
    start: datetime.date,
    end: datetime.date,
    indicators: list[Indicator],
    ward_id: int | None = None,
    name: str = "",
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 50,
    open_from: datetime.date | None = None,
) -> list[dict]:
    """The per-ward comparison over [start, end] from the daily summaries: one query for one page.

    Per ward: days compiled, on time, late, missing, completeness (%), and each indicator combined
    over the days by its aggregation rule. Correlated subqueries per ward row, so a page sorted by
    name reads only its own wards' lines (index summaries_ward_kind_period); ``limit + 1`` rows
    are fetched so the caller knows whether a next page exists without counting. A ward that has
    not reported on a day from ``open_from`` on (today before its deadline) is ``pending``: counted
    neither as missing nor in the days its completeness is over, and the indicators leave those
    open days out (partial figures are never summed with complete days). Without a name filter the query
    is built once per process and shape (``_COMPARISONS``).
    """
    open_from = open_from if open_from is not None and open_from <= end else None
    fixed: dict[str, Any] = {
        "indicators": indicators, "name": name, "sort": sort, "descending": descending, "offset": offset,
        "limit": limit,
    }  # fmt: skip
    values: dict[str, Any] = {
        "district_id": district.pk, "start": start, "end": end, "open_from": open_from, "ward_id": ward_id,
    }  # fmt: skip
    if name:  # the pattern wraps the value: no stand-in for it, build it each time
        records = [dict(r) for r in _comparison_query(**fixed, **values)]
    else:
        stand_ins: dict[str, Any] = {"district_id": StandIn.id(1), "start": StandIn.date(1), "end": StandIn.date(2)}
        if open_from is not None:
            stand_ins["open_from"] = StandIn.date(3)
        if ward_id is not None:
            stand_ins["ward_id"] = StandIn.id(2)
        shape = (
            tuple((i.code, i.aggregation) for i in indicators), sort, descending, offset, limit, tuple(stand_ins),
        )  # fmt: skip

        def build(**given: Any) -> QuerySet:
            return _comparison_query(**fixed, **{"open_from": None, "ward_id": None, **given})

        compiled, names = _compiled_comparison(shape, build, **stand_ins)
        records = [dict(zip(names, r, strict=True)) for r in compiled.rows(**{k: values[k] for k in stand_ins})]
    rows = []
    for row in records:
        submitted = row["on_time"] + row["late"]
        pending = row.get("pending", 0)
        due = row["days"] - pending
        rows.append(
            {
                "ward_id": row["pk"],
                "name": row["name"],
                "days": due,
                "pending": pending,
                "on_time": row["on_time"],
                "late": row["late"],
                "missing": row["missing"],
                "submitted": submitted,
                "rate": reporting_rate(submitted, due),
                "values": [as_number(row[f"ind_{i}"]) for i in range(len(indicators))],
            }
        )
    return rows


def ward_day_grid(
    *, ward_ids: list[int], end: datetime.date, days: int = GRID_DAYS, state: DayState | None = None
) -> dict:
    """Each ward × each of the last ``days`` days up to ``end``: on_time, late, missing, pending (missing
    on a day still open in ``state``) or none (one query)."""
    start = end - datetime.timedelta(days=days - 1)
    cells = {
        (w, d): shown_status(s, open_period=state is not None and state.is_open(d))
        for w, d, s in DistrictSummaryWard.objects.filter(
            ward_id__in=ward_ids, kind=ReportKind.DAILY, period_start__range=(start, end)
        )
        .order_by()  # the model's default ordering joins the ward table for nothing here
        .values_list("ward_id", "period_start", "status")
    }
    day_list = list(period_days(start, end))
    return {"days": day_list, "rows": {w: [cells.get((w, d), "none") for d in day_list] for w in ward_ids}}


def summaries_list(district: District | int | None = None) -> QuerySet[DistrictSummary]:
    """Summaries, newest periods first, with their district (one query per page)."""
    qs = DistrictSummary.objects.select_related("district").defer(
        "totals", "urgent", "inspections", "supplies", "missing_wards", "late_wards"
    )
    if district is not None:
        qs = qs.filter(district=district)
    return qs.order_by("-period_start", "kind", "pk")


def officer_home(*, user: AnyUser, ward: Ward, today: datetime.date) -> dict[str, Any]:
    """The ward officer's task list on the home page (issue 12 #10), composed from each room's
    selector, in a fixed number of queries whatever the ward's history (about a dozen):
    ``reports`` (today's report, returned reports, urgent reports, the key figures' week),
    ``store`` (transfers to confirm, items running low), ``inspections`` (due this week) and
    ``assignments`` (the directives' open assignments of the ward)."""
    now = timezone.now()
    reports = officer_report_tasks(ward=ward, today=today, now=now, key_codes=KEY_INDICATORS)
    store = ward_store_tasks(user)
    inspections = ward_inspections_due(user=user, ward_id=ward.pk, today=today)
    assignments = ward_assignment_tasks(user=user, ward_id=ward.pk, today=today)  # directives: two queries
    return {
        "reports": reports,
        "store": store,
        "inspections": inspections,
        "assignments": assignments,
        "task_count": (
            (0 if reports["today"]["report"] and reports["today"]["report"].is_sent else 1)
            + len(reports["returned"])
            + len(store["to_receive"])
            + inspections["total"]
            + assignments["to_reply"]
        ),
    }
