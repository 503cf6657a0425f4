"""Reads of the inspections app: scoped lists, the due list, calendars and coverage figures.

Aggregations run in the database (``values().annotate()``); nothing loops over rows to count.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from core.collation import ViCollate, vi_sort_key
from inspections.choices import (
    DISINFECTION_TARGET_VALUES,
    SCHOOL_CATEGORIES,
    Action,
    Category,
    EstablishmentStatus,
    Result,
    ScheduleStatus,
    target_label,
)
from inspections.models import (
    DEFAULT_INTERVALS,
    ChecklistItem,
    DisinfectionRound,
    DisinfectionTarget,
    Establishment,
    EstablishmentUpdateSuggestion,
    Inspection,
    InspectionSchedule,
    InspectionTeam,
    RiskInterval,
    TeamMember,
)
from wards.access import (
    is_active_user,
    is_admin,
    is_officer,
    scope_to_user,
    sees_whole_district,
)
from wards.models import District
from wards.types import AnyUser

# A previous violation this many days (or fewer) before a new one makes it a repeat violation.
REPEAT_WINDOW_DAYS = 90
# The due list shows what falls due within this many days (overdue ones always).
DUE_HORIZON_DAYS = 7
# Group filter value meaning "every kind of school".
SCHOOLS = "schools"
# Days between inspections (routine and after a violation) of a category that has neither a
# RiskInterval row nor an entry in DEFAULT_INTERVALS.
FALLBACK_INTERVAL_DAYS = 30
# The largest checklist order (the column is a PositiveSmallIntegerField).
MAX_CHECKLIST_ORDER = 32767


def intervals() -> dict[str, tuple[int, int]]:
    """(interval, after-violation interval) per category: the admin's table over the defaults.

    Read from the database on every call (one small query, nothing cached), so an edit on the
    settings page shows on the due list at once."""
    table = {str(k): v for k, v in DEFAULT_INTERVALS.items()}
    for category, days, after in RiskInterval.objects.values_list("category", "interval_days", "after_violation_days"):
        table[category] = (days, after)
    return table


def interval_rows() -> list[dict]:
    """Every category with the intervals the due list uses for it, in the order of ``Category``.

    Each row: ``category``, ``category_label``, ``interval_days``, ``after_violation_days`` and
    ``is_default`` (True when the category has no RiskInterval row, so the default applies).
    One query."""
    saved = {
        category: (days, after)
        for category, days, after in RiskInterval.objects.order_by().values_list(
            "category", "interval_days", "after_violation_days"
        )
    }
    rows = []
    for category in Category:
        default = DEFAULT_INTERVALS.get(category, (FALLBACK_INTERVAL_DAYS, FALLBACK_INTERVAL_DAYS))
        days, after = saved.get(category.value, default)
        rows.append(
            {
                "category": category.value,
                "category_label": category.label,
                "interval_days": days,
                "after_violation_days": after,
                "is_default": category.value not in saved,
            }
        )
    return rows


def interval_row(category: str) -> dict | None:
    """The :func:`interval_rows` row of one category, or None for an unknown category."""
    return next((row for row in interval_rows() if row["category"] == category), None)


def checklist_items() -> QuerySet[ChecklistItem]:
    """Every checklist item, active and inactive, in the order the record form asks them."""
    return ChecklistItem.objects.order_by("order", "code")


def next_checklist_order() -> int:
    """A suggested order for a new item: 10 after the last one (10 for the first)."""
    last = ChecklistItem.objects.order_by("-order").values_list("order", flat=True).first()
    return min((last or 0) + 10, MAX_CHECKLIST_ORDER)


def category_filter(value: str | None) -> Q:
    """Q for a category filter value: a category code or ``"schools"`` for every school kind."""
    if not value:
        return Q()
    if value == SCHOOLS:
        return Q(category__in=SCHOOL_CATEGORIES)
    return Q(category=value)


# ---- Establishments ----------------------------------------------------------------------


def establishments_for_user(user: AnyUser) -> QuerySet[Establishment]:
    """Establishments ``user`` may see (officers: their ward), with the ward joined."""
    return scope_to_user(Establishment.objects.select_related("ward"), user, "ward")


def with_due(qs: QuerySet[Establishment], *, table: dict[str, tuple[int, int]] | None = None) -> QuerySet:
    """Annotate last inspection date and result, the interval that applies, the next due date
    and the next planned visit, all in the database.

    next due = (last inspection date, or the registration date if never inspected) + interval,
    where the interval is the category's after-violation one when the last inspection found a
    violation. Overdue means due date < today.
    """
    table = table if table is not None else intervals()
    last = Inspection.objects.filter(establishment=OuterRef("pk")).order_by("-inspected_on", "-inspected_at", "-pk")
    next_planned = InspectionSchedule.objects.filter(
        establishment=OuterRef("pk"), status=ScheduleStatus.PLANNED
    ).order_by("date")
    qs = qs.annotate(
        last_inspected_on=Subquery(last.values("inspected_on")[:1], output_field=DateField()),
        last_result=Subquery(last.values("result")[:1]),
        next_planned_on=Subquery(next_planned.values("date")[:1], output_field=DateField()),
    )
    # The last result is tested once, outside the per-category CASEs: Django repeats an annotation's
    # subquery wherever it is used, and due_on is used in the filter, the order and the output, so a
    # test per category ran the subquery dozens of times per establishment, and the plan's cost set
    # off PostgreSQL's JIT compiler (about 250 ms per due list at 4,000 establishments).
    routine = Case(
        *[When(category=category, then=Value(days)) for category, (days, _after) in table.items()],
        default=Value(FALLBACK_INTERVAL_DAYS),
        output_field=IntegerField(),
    )
    after_violation = Case(
        *[When(category=category, then=Value(after)) for category, (_days, after) in table.items()],
        default=Value(FALLBACK_INTERVAL_DAYS),
        output_field=IntegerField(),
    )
    qs = qs.annotate(
        interval_days=Case(
            When(last_result=Result.VIOLATION, then=after_violation), default=routine, output_field=IntegerField()
        ),
    )
    one_day = Value(datetime.timedelta(days=1), output_field=DurationField())
    return qs.annotate(
        due_on=Cast(
            ExpressionWrapper(
                Coalesce("last_inspected_on", "registered_on") + Cast(one_day * F("interval_days"), DurationField()),
                output_field=DateField(),
            ),
            DateField(),
        )
    )


def due_list(
    *,
    user: AnyUser,
    today: datetime.date,
    horizon_days: int = DUE_HORIZON_DAYS,
    ward_id: int | None = None,
    category: str | None = None,
    overdue_only: bool = False,
    unplanned_only: bool = False,
) -> QuerySet:
    """Establishments due for inspection by ``today + horizon_days`` (overdue ones first).

    Permanently closed establishments are left out; the rest carry ``due_on`` and ``overdue``.
    """
    qs = with_due(establishments_for_user(user).exclude(status=EstablishmentStatus.CLOSED))
    if ward_id:
        qs = qs.filter(ward_id=ward_id)
    qs = qs.filter(category_filter(category))
    due: QuerySet
    limit = today if overdue_only else today + datetime.timedelta(days=horizon_days)
    qs = qs.filter(due_on__lt=limit) if overdue_only else qs.filter(due_on__lte=limit)
    if unplanned_only:
        qs = qs.filter(next_planned_on__isnull=True)
    due = qs.annotate(
        overdue=Case(When(due_on__lt=today, then=Value(True)), default=Value(False)),
    ).order_by("due_on", ViCollate("ward__name"), ViCollate("name"))
    return due


# ---- Teams, schedules and inspections -------------------------------------------------------


def recordable_team_ids(user: AnyUser) -> list[int]:
    """Teams whose inspections ``user`` may record (all active teams for administrators): the
    teams for which ``wards.access.can_record`` holds, read in one query."""
    if not is_active_user(user):
        return []
    teams = InspectionTeam.objects.filter(active=True)
    if not is_admin(user):
        teams = teams.filter(members__user=user)
    return list(teams.values_list("pk", flat=True).distinct())


def _scope_with_membership(qs: QuerySet, user: AnyUser, ward_field: str) -> QuerySet:
    """Ward scope, widened for team members to their own team's visits.

    The user's teams are read first (one small query) and compared as a list: an EXISTS on the
    membership OR-ed with the ward made PostgreSQL guess that half of all rows match, so an
    officer's list and count read every inspection instead of their ward's through the indexes.
    """
    if not is_active_user(user):
        return qs.none()
    if sees_whole_district(user):
        return qs
    team_ids = list(TeamMember.objects.filter(user_id=user.pk).values_list("team_id", flat=True).distinct())
    ward_q = Q(**{ward_field: user.ward_id}) if is_officer(user) else Q(pk__in=[])
    return qs.filter(ward_q | Q(team_id__in=team_ids))


def schedules_for_user(user: AnyUser) -> QuerySet[InspectionSchedule]:
    qs = InspectionSchedule.objects.select_related("team", "establishment", "establishment__ward", "inspection")
    return _scope_with_membership(qs, user, "establishment__ward")


def inspections_for_user(user: AnyUser) -> QuerySet[Inspection]:
    qs = Inspection.objects.select_related("establishment", "establishment__ward", "team", "recorded_by", "schedule")
    return _scope_with_membership(qs, user, "establishment__ward")


def teams_with_counts(*, today: datetime.date) -> QuerySet[InspectionTeam]:
    """Teams with member count and planned visits from today, in one query."""
    planned = (
        InspectionSchedule.objects.filter(team=OuterRef("pk"), status=ScheduleStatus.PLANNED, date__gte=today)
        .order_by()  # the default ordering (team__name) would join the team table into every count
        .values("team")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        InspectionTeam.objects.select_related("leader")
        .annotate(
            member_count=Count("members", distinct=True),
            planned_count=Coalesce(Subquery(planned, output_field=IntegerField()), 0),
        )
        .order_by("-active", ViCollate("name"))
    )


def calendar(*, user: AnyUser, start: datetime.date, days: int = 7, team_id: int | None = None) -> dict:
    """A week (or ``days``) of schedules the user may see, grouped by team and day.

    Returns ``{"days": [dates], "teams": [{"team": team, "cells": [[schedule…] per day]}]}``;
    two queries whatever the number of schedules.
    """
    end = start + datetime.timedelta(days=days - 1)
    team_rows = InspectionTeam.objects.filter(active=True).order_by(ViCollate("name"))
    if team_id:
        team_rows = InspectionTeam.objects.filter(pk=team_id)
    teams = list(team_rows)
    qs = schedules_for_user(user).filter(date__range=(start, end)).exclude(status=ScheduleStatus.CANCELLED)
    if team_id:
        qs = qs.filter(team_id=team_id)
    by_cell: dict[tuple[int, datetime.date], list] = defaultdict(list)
    for schedule in qs.order_by("date", ViCollate("establishment__name")):
        by_cell[(schedule.team_id, schedule.date)].append(schedule)
    day_list = [start + datetime.timedelta(days=i) for i in range(days)]
    return {
        "days": day_list,
        "teams": [
            {
                "team": team,
                "cells": [
                    {"date": d, "schedules": by_cell.get((team.pk, d), []), "workday": d.weekday() in team.weekdays}
                    for d in day_list
                ],
            }
            for team in teams
        ],
    }


def pending_suggestions(user: AnyUser) -> QuerySet[EstablishmentUpdateSuggestion]:
    qs = EstablishmentUpdateSuggestion.objects.select_related("establishment", "establishment__ward", "suggested_by")
    return scope_to_user(qs, user, "establishment__ward")


# ---- Coverage and totals ---------------------------------------------------------------------


def coverage(
    *,
    user: AnyUser,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    ward_id: int | None = None,
    category: str | None = None,
) -> list[dict]:
    """Per ward × category: establishments, how many were inspected in [start, end] and their
    share (%), overdue ones (as of ``today``), inspections, violations and fines in the period.

    Permanently closed establishments are not counted. Two aggregate queries (plus the
    interval table) whatever the data size; returns plain dicts sorted by ward, category.
    """
    in_period = Inspection.objects.filter(establishment=OuterRef("pk"), inspected_on__range=(start, end))
    est = with_due(establishments_for_user(user).exclude(status=EstablishmentStatus.CLOSED)).filter(
        category_filter(category)
    )
    if ward_id:
        est = est.filter(ward_id=ward_id)
    est = est.annotate(inspected_in_period=Exists(in_period))
    rows = est.values("ward_id", "ward__name", "category").annotate(
        establishments=Count("pk"),
        inspected=Count("pk", filter=Q(inspected_in_period=True)),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
    )
    insp = scope_to_user(Inspection.objects.all(), user, "establishment__ward").filter(inspected_on__range=(start, end))
    insp = insp.exclude(establishment__status=EstablishmentStatus.CLOSED).filter(
        establishment__category__in=_categories(category)
    )
    if ward_id:
        insp = insp.filter(establishment__ward_id=ward_id)
    figures: dict[tuple[int, str], Any] = {
        (r["establishment__ward_id"], r["establishment__category"]): r
        for r in insp.values("establishment__ward_id", "establishment__category").annotate(
            inspections=Count("pk"),
            violations=Count("pk", filter=Q(result=Result.VIOLATION)),
            fines_total=Coalesce(Sum("fine_amount"), 0),
        )
    }
    labels = dict(Category.choices)
    out = []
    for r in rows:
        f = figures.get((r["ward_id"], r["category"]), {})
        out.append(
            {
                "ward_id": r["ward_id"],
                "ward_name": r["ward__name"],
                "category": r["category"],
                "category_label": str(labels.get(r["category"], r["category"])),
                "establishments": r["establishments"],
                "inspected": r["inspected"],
                "share": _share(r["inspected"], r["establishments"]),
                "overdue": r["overdue"],
                "inspections": f.get("inspections", 0),
                "violations": f.get("violations", 0),
                "fines_total": f.get("fines_total", 0),
            }
        )
    out.sort(key=lambda r: (vi_sort_key(r["ward_name"]), vi_sort_key(str(r["category_label"]))))
    return out


def _categories(value: str | None) -> list[str]:
    if not value:
        return list(Category.values)
    if value == SCHOOLS:
        return [str(c) for c in SCHOOL_CATEGORIES]
    return [value]


def _share(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


COVERAGE_FIGURES = ("establishments", "inspected", "overdue", "inspections", "violations", "fines_total")


def coverage_totals(rows: list[dict], key: str) -> list[dict]:
    """Roll coverage rows up by ``"ward"`` or ``"category"`` (sums of the figures, share again)."""
    groups: dict = {}
    for r in rows:
        k = (r["ward_name"], r["ward_id"]) if key == "ward" else (r["category_label"], r["category"])
        g = groups.setdefault(k, {"key": k[1], "label": k[0], **dict.fromkeys(COVERAGE_FIGURES, 0)})
        for name in COVERAGE_FIGURES:
            g[name] += r[name]
    result = sorted(groups.values(), key=lambda g: vi_sort_key(str(g["label"])))
    for g in result:
        g["share"] = _share(g["inspected"], g["establishments"])
    return result


def coverage_grand_total(rows: list[dict]) -> dict:
    total: dict[str, Any] = dict.fromkeys(COVERAGE_FIGURES, 0)
    for r in rows:
        for name in COVERAGE_FIGURES:
            total[name] += r[name]
    total["share"] = _share(total["inspected"], total["establishments"])
    return total


def _totals_aggregates() -> dict:
    return {
        "inspections": Count("pk"),
        "establishments_inspected": Count("establishment", distinct=True),
        "violations": Count("pk", filter=Q(result=Result.VIOLATION)),
        "repeat_violations": Count("pk", filter=Q(repeat_violation=True)),
        "fines": Count("pk", filter=Q(action=Action.FINE)),
        "fines_total": Coalesce(Sum("fine_amount"), 0),
        "closures": Count("pk", filter=Q(action=Action.CLOSURE)),
    }


def inspection_totals(*, district: District | int, start: datetime.date, end: datetime.date) -> dict:
    """District totals for [start, end] in one aggregate query (for the district summary).

    Keys: inspections, establishments_inspected, violations, repeat_violations, fines
    (count), fines_total (VND), closures.
    """
    district_id = district if isinstance(district, int) else district.pk
    return Inspection.objects.filter(
        establishment__ward__district_id=district_id, inspected_on__range=(start, end)
    ).aggregate(**_totals_aggregates())


def inspection_totals_by_ward(*, district: District | int, start: datetime.date, end: datetime.date) -> dict[int, dict]:
    """The same figures per ward (ward id → dict), one aggregate query; wards without
    inspections are absent."""
    district_id = district if isinstance(district, int) else district.pk
    rows = (
        Inspection.objects.filter(establishment__ward__district_id=district_id, inspected_on__range=(start, end))
        .values("establishment__ward_id")
        .annotate(**_totals_aggregates())
    )
    by_ward: dict[int, dict] = {}
    for row in rows:
        figures: dict[str, Any] = dict(row)
        by_ward[figures.pop("establishment__ward_id")] = figures
    return by_ward


def ward_inspections_due(*, user: AnyUser, ward_id: int, today: datetime.date, limit: int = 200) -> dict:
    """The ward's establishments due for inspection by the end of this week (Sunday), overdue ones
    first (issue 12 #10): ``{"items": [...], "overdue": n, "total": n}`` in two queries (the
    intervals, the list: one ward's week, at most ``limit``)."""
    week_end = today + datetime.timedelta(days=6 - today.weekday())
    due = list(due_list(user=user, today=today, horizon_days=(week_end - today).days, ward_id=ward_id)[:limit])
    return {"items": due, "overdue": sum(1 for e in due if e.overdue), "total": len(due)}


# ---- Disinfection rounds ------------------------------------------------------------------------------


def coverage_percent(done: int, total: int) -> int | None:
    """Share done, in whole percent rounded down (100 only when every site is done); None without sites."""
    return done * 100 // total if total else None


def _coverage_row(total: int, done: int, **fields: Any) -> dict[str, Any]:
    """A coverage row: its counts, its ``percent`` and ``complete`` (every site done, shown in green)."""
    return {
        **fields,
        "total": total,
        "done": done,
        "percent": coverage_percent(done, total),
        "complete": bool(total) and done == total,
    }


def disinfection_rounds_for_user(user: AnyUser) -> QuerySet[DisinfectionRound]:
    """The rounds (every signed-in user sees them, newest first), each with ``sites_total`` and
    ``sites_done`` counting the sites the user may see (a ward officer: their ward's). One query."""
    if sees_whole_district(user):
        scope = Q()
    elif is_officer(user):
        scope = Q(targets__ward_id=user.ward_id)
    else:
        return DisinfectionRound.objects.none()
    return (
        DisinfectionRound.objects.select_related("team")
        .annotate(
            sites_total=Count("targets", filter=scope),
            sites_done=Count("targets", filter=scope & Q(targets__done_on__isnull=False)),
        )
        .order_by("-start", "-pk")
    )


def disinfection_targets_for_user(user: AnyUser, round_: DisinfectionRound | int) -> QuerySet[DisinfectionTarget]:
    """The sites of ``round_`` the user may see (a ward officer: their ward's), with what the
    list shows joined (one query), by ward, category and name."""
    qs = DisinfectionTarget.objects.filter(round=round_).select_related("ward", "establishment", "site", "marked_by")
    return scope_to_user(qs, user).order_by(
        ViCollate("ward__name"), "category", ViCollate(Coalesce("establishment__name", "site__name")), "pk"
    )


def _coverage_rows(rows: Any) -> dict[str, Any]:
    """Group ``(ward_id, ward name, category, total, done)`` rows into the coverage of a round."""
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_ward: dict[int, list[Any]] = {}
    total = done = 0
    for row in rows:
        by_category[row["category"]][0] += row["total"]
        by_category[row["category"]][1] += row["done"]
        ward = by_ward.setdefault(row["ward_id"], [row["ward__name"], 0, 0])
        ward[1] += row["total"]
        ward[2] += row["done"]
        total += row["total"]
        done += row["done"]
    categories = [
        _coverage_row(t, d, category=value, label=target_label(value))
        for value in DISINFECTION_TARGET_VALUES
        if value in by_category
        for t, d in [by_category[value]]
    ]
    wards = sorted(
        (_coverage_row(t, d, ward_id=pk, ward_name=name) for pk, (name, t, d) in by_ward.items()),
        key=lambda w: vi_sort_key(w["ward_name"]),
    )
    return {
        "total": total,
        "done": done,
        "percent": coverage_percent(done, total),
        "by_category": categories,
        "by_ward": wards,
    }


def disinfection_coverage(user: AnyUser, round_: DisinfectionRound | int) -> dict[str, Any]:
    """A round's coverage for ``user`` (a ward officer: their ward): ``total``, ``done``,
    ``percent`` and the same per category (``by_category``, in the choices' order) and per ward
    (``by_ward``, by name). One aggregate query."""
    qs = scope_to_user(DisinfectionTarget.objects.filter(round=round_), user)
    rows = qs.values("ward_id", "ward__name", "category").annotate(
        total=Count("pk"), done=Count("pk", filter=Q(done_on__isnull=False))
    )
    return _coverage_rows(rows)


def disinfection_summary(
    *, district: District | int, start: datetime.date, end: datetime.date, ward_id: int | None = None
) -> list[dict[str, Any]]:
    """The rounds that ran in [start, end] with their coverage in ``district`` (or one ward):
    ``[{"id", "title", "start", "end", "total", "done", "percent", "by_category", "by_ward"}]``,
    newest first, for the district summary and its PDF. One aggregate query."""
    district_id = district if isinstance(district, int) else district.pk
    qs = DisinfectionTarget.objects.filter(round__start__lte=end, round__end__gte=start, ward__district_id=district_id)
    if ward_id is not None:
        qs = qs.filter(ward_id=ward_id)
    rows = (
        qs.values("round_id", "round__title", "round__start", "round__end", "ward_id", "ward__name", "category")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(done_on__isnull=False)))
        .order_by()
    )
    rounds: dict[int, dict[str, Any]] = {}
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        rounds.setdefault(
            row["round_id"],
            {
                "id": row["round_id"],
                "title": row["round__title"],
                "start": row["round__start"],
                "end": row["round__end"],
            },
        )
        grouped[row["round_id"]].append(dict(row))
    result = [rounds[pk] | _coverage_rows(grouped[pk]) for pk in rounds]
    return sorted(result, key=lambda r: (r["start"], r["id"]), reverse=True)
