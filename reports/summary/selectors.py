"""Reads of the district summary: the compile's aggregations over reports, and the dashboard's reads
over compiled summaries. Every figure is aggregated in the database (values().annotate()); Python
only shapes the already aggregated rows.
"""

import datetime
import json
from collections.abc import Iterable, Sequence
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
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.collation import ViCollate, vi_sort_key
from core.compiled import CompiledQuery, StandIn
from directives.selectors import ward_assignment_tasks
from inspections.selectors import ward_inspections_due
from reports.choices import SENT_STATUSES, Aggregation, ReportKind, ReportStatus, Severity
from reports.models import Indicator, Report, period_days
from reports.rates import period_completeness, reporting_rate
from reports.selectors import officer_report_tasks
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
    latest compile: the dashboard cache's stamp) and ``today_compiled_at`` (when today's daily
    summary was compiled), one query."""
    return District.objects.annotate(
        compiled_stamp=Max("summaries__compiled_at"),
        today_compiled_at=Max(
            "summaries__compiled_at",
            filter=Q(summaries__kind=ReportKind.DAILY, summaries__period_start=today),
        ),
    ).default()


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


def kpi_cards(*, district: District, today: datetime.date, indicators: list[Indicator]) -> dict:
    """Totals of the key indicators today, with the change against yesterday and 7 days ago (one query)."""
    days = {
        "today": today,
        "yesterday": today - datetime.timedelta(days=1),
        "week_ago": today - datetime.timedelta(days=7),
    }
    rows = {
        r["period_start"]: r
        for r in DistrictSummary.objects.filter(
            district=district, kind=ReportKind.DAILY, period_start__in=list(days.values())
        ).values("period_start", "totals", "compiled_at")
    }
    totals: dict[str, dict | None] = {
        name: (rows[day]["totals"] if day in rows else None) for name, day in days.items()
    }
    cards = []
    for indicator in indicators:
        today_totals = totals["today"]
        value = today_totals.get(indicator.code) if today_totals is not None else None
        card = {"indicator": indicator, "value": value}
        for name in ("yesterday", "week_ago"):
            other = totals[name]
            before = other.get(indicator.code) if other is not None else None
            card[name] = before
            card[f"change_{name}"] = (
                as_number(Decimal(str(value)) - Decimal(str(before))) if None not in (value, before) else None
            )
        cards.append(card)
    today_row = rows.get(today)
    return {
        "cards": cards,
        "compiled_at": today_row["compiled_at"] if today_row else None,
        "compiled": today_row is not None,
    }


def series(
    *, district: District, indicator: str, start: datetime.date, end: datetime.date, ward_id: int | None = None
) -> dict:
    """One indicator per day from the daily summaries: the district total, or one ward's value (one query).

    Days without a compiled summary (or without the value) are ``None``: a gap, not a zero.
    """
    rows: QuerySet[Any, tuple[datetime.date, Any]]
    if ward_id is not None:
        rows = DistrictSummaryWard.objects.filter(
            summary__district=district, ward_id=ward_id, kind=ReportKind.DAILY, period_start__range=(start, end)
        ).values_list("period_start", KT(f"values__{indicator}"))
    else:
        rows = DistrictSummary.objects.filter(
            district=district, kind=ReportKind.DAILY, period_start__range=(start, end)
        ).values_list("period_start", KT(f"totals__{indicator}"))
    by_day = dict(rows)
    days = list(period_days(start, end))
    return {
        "indicator": indicator,
        "ward": ward_id,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "dates": [d.isoformat() for d in days],
        "labels": [d.strftime("%d/%m") for d in days],
        "values": [_json_number(by_day.get(d)) for d in days],
    }


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
) -> list[dict]:
    """The per-ward comparison over [start, end] from the daily summaries: one query for one page.

    Per ward: days compiled, on time, late, missing, completeness (%), and each indicator combined
    over the days by its aggregation rule. Correlated subqueries per ward row, so a page sorted by
    name reads only its own wards' lines (index summaries_ward_kind_period); ``limit + 1`` rows
    are fetched so the caller knows whether a next page exists without counting.
    """
    lines = _lines_in(start, end)
    qs = Ward.objects.expected_to_report(start, end, district=district)
    if ward_id is not None:
        qs = qs.filter(pk=ward_id)
    if name:
        qs = qs.filter(name__icontains=name)
    annotations: dict[str, Any] = {
        "days": _count_of(lines),
        "on_time": _count_of(lines, Q(status=WardStatus.ON_TIME)),
        "late": _count_of(lines, Q(status=WardStatus.LATE)),
    }
    for i, indicator in enumerate(indicators):
        annotations[f"ind_{i}"] = _indicator_over_range(lines, indicator)
    # A line is on time, late or missing: one subquery fewer to build and run.
    annotations["missing"] = F("days") - F("on_time") - F("late")
    qs = qs.annotate(**annotations)
    keys = {"name": "name", "late": "late", "missing": "missing"}
    keys.update({ind.code: f"ind_{i}" for i, ind in enumerate(indicators)})
    if sort == "completeness":
        qs = qs.annotate(rate=Cast(F("on_time") + F("late"), FloatField()) / Cast(F("days"), FloatField()))
        keys["completeness"] = "rate"
    field = keys.get(sort, "name")
    key = ViCollate(field) if field == "name" else F(field)
    order = key.desc(nulls_last=True) if descending else key.asc(nulls_last=True)
    qs = qs.order_by(order, ViCollate("name"), "pk").values("pk", "name", *annotations)[offset : offset + limit + 1]
    rows = []
    for row in qs:
        submitted = row["on_time"] + row["late"]
        rows.append(
            {
                "ward_id": row["pk"],
                "name": row["name"],
                "days": row["days"],
                "on_time": row["on_time"],
                "late": row["late"],
                "missing": row["missing"],
                "submitted": submitted,
                "rate": reporting_rate(submitted, row["days"]),
                "values": [as_number(row[f"ind_{i}"]) for i in range(len(indicators))],
            }
        )
    return rows


def ward_day_grid(*, ward_ids: list[int], end: datetime.date, days: int = GRID_DAYS) -> dict:
    """Each ward × each of the last ``days`` days up to ``end``: on_time, late, missing or none (one query)."""
    start = end - datetime.timedelta(days=days - 1)
    cells = {
        (w, d): s
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
