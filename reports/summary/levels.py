"""Epidemic levels per ward (cấp độ dịch): computed at each daily compile, read by the pages, the PDF and the API.

A ward's level on day D is judged by the criteria in force on D (the latest ``LevelCriteria``
with ``valid_from`` ≤ D): the criteria's indicator summed over the ward's sent daily reports of
the ``days`` days ending on D, per ``per_residents`` residents of the ward's population, against
three increasing thresholds (reaching a threshold is the higher level). Criteria are added for
today or later only, so a past day recompiled is judged as it was, and keeps its level.

Before the day's deadline, a ward that has not sent its report yet is pending: it gets no level
for the day (its latest level stands) until it reports or the deadline passes, so a partial week
never lowers a level for a few hours. A change of level against the ward's previous recorded day
notifies the district committee and the ward's officers once (``reports.services.notification_send``,
keyed by ward, day and level), for the ward's newest day only (recompiling an old day does not
announce history).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.collation import ViCollate
from core.formatting import format_number, separators_for
from reports.choices import SENT_STATUSES, NotificationKind, ReportKind
from reports.models import Indicator, Report, ReportValue
from reports.periods import deadline_of
from reports.selectors import deadline_rule, indicators_for_kind
from reports.services import notification_send
from reports.summary.choices import LEVEL_COLORS, NO_LEVEL_COLORS, EpidemicLevel
from reports.summary.models import LevelCriteria, WardLevel
from reports.summary.selectors import _indicator_over_range, _lines_in
from wards.access import require_admin, scope_to_user
from wards.choices import Role
from wards.models import District, User, Ward, expected_to_report_q
from wards.types import AnyUser

# The default criteria (seeded by migration 0003): new confirmed cases per 100,000 residents over
# the last 7 days; level 2 from 20, level 3 from 50, level 4 from 150 (the Ministry of Health's
# guidance of October 2021, Decision 4800/QĐ-BYT). Administrators add new sets as guidance changes.
DEFAULT_CRITERIA: dict[str, Any] = {
    "valid_from": datetime.date(2020, 1, 22),
    "indicator": "confirmed_cases",
    "days": 7,
    "per_residents": 100000,
    "level_2_from": Decimal(20),
    "level_3_from": Decimal(50),
    "level_4_from": Decimal(150),
    "note": "Quyết định 4800/QĐ-BYT",
}


# ---- criteria ---------------------------------------------------------------------------------


def criteria_on(day: datetime.date) -> LevelCriteria | None:
    """The criteria in force on ``day`` (None before the first set)."""
    return LevelCriteria.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def criteria_list() -> QuerySet[LevelCriteria]:
    return LevelCriteria.objects.select_related("created_by").order_by("-valid_from")


def with_indicator_names(criteria: list[LevelCriteria]) -> list[LevelCriteria]:
    """``criteria`` with ``indicator_name``, the indicator's name in the active language (one query)."""
    names = {i.code: str(i.name) for i in Indicator.objects.filter(code__in={c.indicator for c in criteria})}
    for c in criteria:
        c.indicator_name = names.get(c.indicator, c.indicator)  # type: ignore[attr-defined]  # for the template
    return criteria


@transaction.atomic
def level_criteria_add(
    *,
    user: AnyUser,
    valid_from: datetime.date,
    level_2_from: Decimal,
    level_3_from: Decimal,
    level_4_from: Decimal,
    indicator: str = "confirmed_cases",
    days: int = 7,
    per_residents: int = 100000,
    note: str = "",
) -> LevelCriteria:
    """Add a set of criteria applying from ``valid_from`` (today or later; administrators only).

    Past days keep their levels: a set cannot start in the past. Today's daily summaries are
    recompiled when the set applies from today, so today's levels follow at once.
    """
    admin = require_admin(user)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if valid_from < today:
        errors["valid_from"] = _("Criteria apply from today or later; past days keep the level they had.")
    elif LevelCriteria.objects.filter(valid_from=valid_from).exists():
        errors["valid_from"] = _("A set of criteria already applies from this day.")
    if not Indicator.objects.filter(code=indicator, active=True, in_daily=True).exists():
        errors["indicator"] = _("Unknown indicator.")
    if not 1 <= days <= 31:
        errors["days"] = _("Days must be 1 to 31 and residents at least 1.")
    if per_residents < 1:
        errors["per_residents"] = _("Days must be 1 to 31 and residents at least 1.")
    if not (0 < level_2_from < level_3_from < level_4_from):
        errors["level_4_from"] = _("The thresholds must be positive and increase from level 2 to level 4.")
    if errors:
        raise ValidationError(errors)
    criteria = LevelCriteria.objects.create(
        valid_from=valid_from,
        indicator=indicator,
        days=days,
        per_residents=per_residents,
        level_2_from=level_2_from,
        level_3_from=level_3_from,
        level_4_from=level_4_from,
        note=note,
        created_by=admin,
    )
    if valid_from == today:
        from reports.summary.services import summary_request_recompile  # noqa: PLC0415 - cycle: services imports this module

        for district_id in District.objects.values_list("pk", flat=True):
            summary_request_recompile(district_id=district_id, kind=ReportKind.DAILY, period_start=today)
    return criteria


# ---- the compile's step -----------------------------------------------------------------------


def levels_compile(*, district_id: int, day: datetime.date) -> dict[str, int]:
    """Compute and store the levels of ``district_id``'s wards on ``day``; notify changes. Called by
    ``summary_compile`` for a daily summary, inside its transaction, after the ward lines are written.

    A fixed number of queries whatever the number of wards (plus one notification per change).
    """
    criteria = criteria_on(day)
    if criteria is None:
        return {"computed": 0, "changed": 0}
    start = day - datetime.timedelta(days=criteria.days - 1)
    values = ReportValue.objects.filter(
        report__ward=OuterRef("pk"),
        report__kind=ReportKind.DAILY,
        report__status__in=SENT_STATUSES,
        report__period_start__range=(start, day),
        indicator__code=criteria.indicator,
    ).order_by()
    earlier = WardLevel.objects.filter(ward=OuterRef("pk"), day__lt=day).order_by("-day")
    sent = Report.objects.filter(
        ward=OuterRef("pk"), kind=ReportKind.DAILY, period_start=day, status__in=SENT_STATUSES
    ).order_by()
    pending = timezone.now() < deadline_of(deadline_rule(ReportKind.DAILY), day)
    wards = list(
        Ward.objects.filter(district_id=district_id)
        .filter(expected_to_report_q(day, day))
        .annotate(
            cases=Subquery(values.values("report__ward").annotate(v=Sum("value")).values("v")[:1]),
            previous=Subquery(earlier.values("level")[:1]),
            later=Exists(WardLevel.objects.filter(ward=OuterRef("pk"), day__gt=day)),
            sent=Exists(sent),
        )
        .values("pk", "name", "population", "cases", "previous", "later", "sent")
        .order_by()
    )
    now = timezone.now()
    rows = []
    for w in wards:
        if not w["population"] or (pending and not w["sent"]):
            continue  # no rate without residents; a ward still due today keeps its last level until it reports
        cases = float(w["cases"] or 0)
        rate = cases * criteria.per_residents / w["population"]
        rows.append(
            WardLevel(
                ward_id=w["pk"],
                day=day,
                level=criteria.level_of(rate),
                cases=cases,
                rate=round(rate, 2),
                criteria=criteria,
                computed_at=now,
            )
        )
    WardLevel.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["ward", "day"],
        update_fields=["level", "cases", "rate", "criteria", "computed_at"],
    )
    # Wards no longer computable (population removed) or no longer expected leave the day.
    WardLevel.objects.filter(ward__district_id=district_id, day=day).exclude(
        ward_id__in=[r.ward_id for r in rows]
    ).delete()
    by_ward = {w["pk"]: w for w in wards}
    changed = 0
    for row in rows:
        w = by_ward[row.ward_id]
        if w["previous"] is None or w["previous"] == row.level or w["later"]:
            continue
        changed += 1
        level_change_notify(ward_id=row.ward_id, ward_name=w["name"], row=row, previous=w["previous"])
    return {"computed": len(rows), "changed": changed}


def level_change_notify(*, ward_id: int, ward_name: str, row: WardLevel, previous: int) -> None:
    """Tell the committee and the ward's officers the ward's level changed (once per ward, day and level)."""
    recipients = User.objects.filter(is_active=True).filter(
        Q(role=Role.COMMITTEE) | Q(role=Role.WARD_OFFICER, ward_id=ward_id)
    )
    notification_send(
        recipients=recipients,
        kind=NotificationKind.LEVEL,
        params={
            "ward": ward_name,
            "previous": previous,
            "level": row.level,
            "day": f"{row.day:%d/%m/%Y}",
            "rate": format_number(row.rate),
            "per": format_number(row.criteria.per_residents),
        },
        dedup_key=f"level:{ward_id}:{row.day.isoformat()}:{row.level}",
        link=reverse("wards:detail", args=[ward_id]),
    )


# The ward page lists the changes of level of this many days.
PAGE_HISTORY_DAYS = 90


# ---- reads ------------------------------------------------------------------------------------


def level_display(level: int | None) -> dict[str, Any]:
    """What a badge or a map tile shows for ``level``: number, label, fill and text colours."""
    if level is None:
        fill, text = NO_LEVEL_COLORS
        return {"level": None, "label": _("No level"), "fill": fill, "text": text}
    fill, text = LEVEL_COLORS[level]
    return {"level": level, "label": str(EpidemicLevel(level).label), "fill": fill, "text": text}


def ward_level(*, ward_id: int, day: datetime.date) -> dict[str, Any]:
    """A ward's level on ``day`` (its latest recorded day on or before it) with the day since when it holds."""
    rows = list(
        WardLevel.objects.filter(ward_id=ward_id, day__lte=day).order_by("-day").values("day", "level", "rate")[:60]
    )
    if not rows:
        return {**level_display(None), "day": None, "since": None, "rate": None}
    current = rows[0]
    since = current["day"]
    for r in rows[1:]:
        if r["level"] != current["level"]:
            break
        since = r["day"]
    return {**level_display(current["level"]), "day": current["day"], "since": since, "rate": current["rate"]}


def levels_on(*, day: datetime.date, district_id: int, ward_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """The wards' levels on ``day`` exactly (a summary's day), by ward name: one query."""
    qs = WardLevel.objects.filter(day=day, ward__district_id=district_id)
    if ward_ids is not None:
        qs = qs.filter(ward_id__in=ward_ids)
    rows = qs.order_by(ViCollate("ward__name"), "ward_id").values("ward_id", "ward__name", "level", "rate", "cases")
    return [
        {
            "ward_id": r["ward_id"],
            "name": r["ward__name"],
            "rate": r["rate"],
            "cases": r["cases"],
            **level_display(r["level"]),
        }
        for r in rows
    ]


def current_levels(queryset: QuerySet[Ward], *, day: datetime.date) -> QuerySet[Ward]:
    """``queryset`` of wards annotated with their latest level on or before ``day`` (``level``,
    ``level_day``, ``level_rate``): one query whatever the number of wards."""
    latest = WardLevel.objects.filter(ward=OuterRef("pk"), day__lte=day).order_by("-day")
    return queryset.annotate(
        level=Subquery(latest.values("level")[:1]),
        level_day=Subquery(latest.values("day")[:1]),
        level_rate=Subquery(latest.values("rate")[:1]),
    )


def ward_levels_for(user: AnyUser, *, day: datetime.date) -> QuerySet[Ward]:
    """The wards ``user`` may see with their current level (the API's list, the levels page)."""
    qs = Ward.objects.select_related("district").filter(active_from__lte=day)
    qs = qs.filter(Q(active_until__isnull=True) | Q(active_until__gte=day)).order_by(ViCollate("name"), "pk")
    return current_levels(scope_to_user(qs, user, "pk"), day=day)


def level_history(*, ward_id: int, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """A ward's recorded levels in [start, end], newest first, each marked ``changed`` when it differs
    from the day before it."""
    rows = list(
        WardLevel.objects.filter(ward_id=ward_id, day__lte=end)
        .filter(day__gte=start - datetime.timedelta(days=1))
        .order_by("day")
        .values("day", "level", "cases", "rate", "criteria__valid_from")
    )
    history = []
    previous = None
    for r in rows:
        if r["day"] >= start:
            history.append(
                {
                    "day": r["day"],
                    "level": r["level"],
                    "cases": r["cases"],
                    "rate": r["rate"],
                    "criteria_from": r["criteria__valid_from"],
                    "changed": previous is not None and previous != r["level"],
                    "display": level_display(r["level"]),
                }
            )
        previous = r["level"]
    return history[::-1]


# ---- the ward map -----------------------------------------------------------------------------

# The tile cartogram of Lê Chân: ward code → (column, row), laid out roughly like the district
# (north at the top: the Tam Bạc river side first, Vĩnh Niệm and Kênh Dương in the south). A ward
# not placed here (added later, another district) gets a tile in the extra rows below.
MAP_LAYOUT: dict[str, tuple[int, int]] = {
    "tran-nguyen-han": (1, 0), "an-bien": (2, 0), "cat-dai": (3, 0),
    "nghia-xa": (0, 1), "hang-kenh": (1, 1), "lam-son": (2, 1), "trai-cau": (3, 1),
    "niem-nghia": (0, 2), "ho-nam": (1, 2), "an-duong": (2, 2), "du-hang": (3, 2),
    "du-hang-kenh": (1, 3), "dong-hai": (2, 3),
    "vinh-niem": (1, 4), "kenh-duong": (2, 4),
}  # fmt: skip
MAP_COLUMNS = 4
TILE_W, TILE_H, GAP = 100, 72, 4
# The indicator mode's classes (share of the highest rate), light to dark, with their text colour.
RATE_COLORS: tuple[tuple[str, str], ...] = (
    ("#f1f5fb", "#000000"),
    ("#c6dbef", "#000000"),
    ("#6baed6", "#000000"),
    ("#2171b5", "#ffffff"),
    ("#08306b", "#ffffff"),
)
RATE_DAYS = 7
PER_RESIDENTS = 100000


def _num(value: float | int | None, places: int = 2) -> str:
    return format_number(value, separators=separators_for(get_language()), places=places)


def _name_lines(name: str, width: int = 11) -> list[str]:
    """A ward's name on one or two lines of the tile (split at the space nearest the middle)."""
    if len(name) <= width or " " not in name:
        return [name]
    spaces = [i for i, c in enumerate(name) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return [name[:cut], name[cut + 1 :]]


def _place(codes: list[str]) -> dict[str, tuple[int, int]]:
    """Each ward's tile: its place in ``MAP_LAYOUT``, else the next free place in the extra rows."""
    bottom = max((r for _c, r in MAP_LAYOUT.values()), default=-1) + 1
    places, extra = {}, 0
    for code in codes:
        if code in MAP_LAYOUT:
            places[code] = MAP_LAYOUT[code]
        else:
            places[code] = (extra % MAP_COLUMNS, bottom + extra // MAP_COLUMNS)
            extra += 1
    return places


def map_indicators() -> list[Indicator]:
    """The indicators the map can be coloured by (daily ones, in the form's order)."""
    return indicators_for_kind(ReportKind.DAILY)


def level_counts(*, district: District, day: datetime.date) -> list[dict[str, Any]]:
    """How many of ``district``'s wards of ``day`` are at each level (and without one), levels 4 to 1
    then none, each with its colours and label: one query whatever the number of wards."""
    wards = Ward.objects.filter(district=district).filter(expected_to_report_q(day, day)).order_by()
    by = ("level",)  # the annotation of current_levels, grouped by
    grouped: QuerySet[Any] = current_levels(wards, day=day).values(*by)
    counted = {r["level"]: r["n"] for r in grouped.annotate(n=Count("pk"))}
    return [
        {**level_display(lv), "count": counted.get(lv, 0)} for lv in (*sorted(EpidemicLevel.values, reverse=True), None)
    ]


def ward_map(
    *, district: District | None, day: datetime.date, indicator: Indicator | None = None, limit: int | None = None
) -> dict[str, Any] | None:
    """The map's tiles, legend and table rows for ``district`` on ``day``: coloured by each ward's
    current level, or (``indicator``) by the indicator per 100,000 residents over the last 7 days
    (the latest value for a stock such as people in quarantine). Two queries whatever the number of wards.
    ``limit``: None when the district has more wards than that (read no further than one beyond it).
    """
    if district is None:
        return {"tiles": [], "legend": [], "width": 0, "height": 0, "indicator": indicator}
    wards_of_day: QuerySet[Ward] = Ward.objects.filter(district=district).filter(expected_to_report_q(day, day))
    qs = current_levels(wards_of_day.order_by(ViCollate("name")), day=day)
    if indicator is not None:
        start = day - datetime.timedelta(days=RATE_DAYS - 1)
        # The ward's value over the week as the dashboard's comparison combines it (sum, latest or max).
        qs = qs.annotate(value=_indicator_over_range(_lines_in(start, day), indicator))
    rows = qs.values("pk", "code", "name", "population", "level", "level_day", "level_rate", *(
        ["value"] if indicator is not None else []
    ))  # fmt: skip
    wards = list(rows if limit is None else rows[: limit + 1])
    if limit is not None and len(wards) > limit:
        return None  # more than ``limit`` wards: the caller shows something else
    places = _place([w["code"] for w in wards])
    rates: dict[int, float | None] = {}
    if indicator is not None:
        for w in wards:
            rates[w["pk"]] = (w["value"] or 0) * PER_RESIDENTS / w["population"] if w["population"] else None
    highest = max((r for r in rates.values() if r is not None), default=0.0)
    tiles = []
    for w in wards:
        col, row = places[w["code"]]
        tile = {
            "ward_id": w["pk"],
            "name": w["name"],
            "x": col * (TILE_W + GAP),
            "y": row * (TILE_H + GAP),
            "url": reverse("wards:detail", args=[w["pk"]]),
            "level": level_display(w["level"]),
            "level_day": w["level_day"],
            "level_rate": w["level_rate"],
        }
        if indicator is not None:
            rate = rates[w["pk"]]
            tile["rate"] = None if rate is None else round(rate, 1)
            if rate is None:
                tile["fill"], tile["text"] = NO_LEVEL_COLORS
            else:
                share = rate / highest if highest else 0.0
                tile["fill"], tile["text"] = RATE_COLORS[min(int(share * len(RATE_COLORS)), len(RATE_COLORS) - 1)]
        else:
            tile["fill"], tile["text"] = tile["level"]["fill"], tile["level"]["text"]
        names = _name_lines(w["name"])
        top = tile["y"] + (20 if len(names) == 2 else 28)
        tile["cx"] = tile["x"] + TILE_W // 2
        tile["name_lines"] = [(top + 17 * i, line) for i, line in enumerate(names)]
        tile["value_y"] = tile["y"] + TILE_H - 12
        if indicator is not None:
            tile["short"] = _num(tile["rate"], places=1)
            tile["value_label"] = (
                _("no population") if tile["rate"] is None else f"{tile['short']} / {_num(PER_RESIDENTS)}"
            )
        else:
            tile["short"] = _("Level %(level)s") % {"level": w["level"]} if w["level"] else "—"
            tile["value_label"] = tile["level"]["label"]
        tiles.append(tile)
    if indicator is None:
        legend = [{"fill": level_display(lv)["fill"], "text": level_display(lv)["text"],
                   "label": level_display(lv)["label"]} for lv in (*EpidemicLevel.values, None)]  # fmt: skip
    else:
        step = highest / len(RATE_COLORS)
        legend = [
            {"fill": fill, "text": text, "label": f"{_num(i * step, places=1)} – {_num((i + 1) * step, places=1)}"}
            for i, (fill, text) in enumerate(RATE_COLORS)
        ]
        legend.append({"fill": NO_LEVEL_COLORS[0], "text": NO_LEVEL_COLORS[1], "label": _("No population")})
    columns = max((p[0] for p in places.values()), default=0) + 1
    rows = max((p[1] for p in places.values()), default=0) + 1
    return {
        "tiles": tiles,
        "legend": legend,
        "indicator": indicator,
        "width": max(columns, MAP_COLUMNS) * (TILE_W + GAP) - GAP,
        "height": rows * (TILE_H + GAP) - GAP,
        "tile_w": TILE_W,
        "tile_h": TILE_H,
        "per": PER_RESIDENTS,
        "days": RATE_DAYS,
        "day": day,
    }
