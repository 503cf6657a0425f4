"""The committee's dashboard, built in two cached parts (see reports/summary/cache.py).

- ``figures``: everything read from compiled summaries and shaped by the request's filters —
  the KPI cards of the key indicators, the filter form, the chart card and its configuration,
  the ward comparison and the ward × day grid. Keyed by the cache generation, the district's
  latest compile (read from the database on every request), today and the last closed day (see
  ``selectors.DayState``: before today's deadline the figures lead with yesterday), the language
  and the query string; three summary queries and the indicator catalogue on a miss. A compile
  renders the default view ahead (``warm``).
- ``live``: today's completeness and timeliness from the reports (wards not yet due pending) and
  the urgent reports awaiting acknowledgement. Keyed by the live generation (bumped after every
  report submission, edit, approval, return or acknowledgement commits; not by compiles), today
  and the closed day, the language and what the user may see; a shorter lifetime
  (``LIVE_TTL``) bounds any change no bump announced.

Each part is rendered HTML (plus the chart's JSON configuration), so a hit costs a cache read.
"""

import datetime
import logging

from django.conf import settings
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.formatting import format_number, separators_for
from reports.choices import ReportKind
from reports.selectors import indicators_for_kind, urgent_awaiting_acknowledgement
from reports.summary import cache as dashboard_cache
from reports.summary import levels, selectors
from reports.summary.forms import RANGE_PRESETS, DashboardForm

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
# A compile renders the default view ahead when its period is one the default view shows (its
# grid's two weeks), so the committee's first load after it reads the cache (``warm``).
WARM_DAYS = selectors.GRID_DAYS
# Seconds the live part lives at most: report changes bump the generation, this bounds the rest.
LIVE_TTL = 30
# Above this many wards the dashboard shows how many wards are at each level instead of the tile
# map (the levels page still draws every ward).
MAP_MAX_WARDS = 120
_HTML_PARTS = ("cards", "filters", "chart", "wards", "urgent")


def _from_cache(name: str) -> dict | None:
    cached = dashboard_cache.get(name)
    if cached is None:
        return None
    # Our own rendered HTML, stored as plain strings.
    return {k: mark_safe(v) if k in _HTML_PARTS else v for k, v in cached.items()}  # noqa: S308


def _to_cache(name: str | None, part: dict, ttl: int = dashboard_cache.TTL) -> None:
    if name is not None:
        dashboard_cache.put(name, {k: str(v) if k in _HTML_PARTS else v for k, v in part.items()}, ttl)


def figures(*, params, query: str, district, state: selectors.DayState) -> dict:
    """The part read from compiled summaries for the query ``params`` (a QueryDict; ``query``: its
    query string without the page, kept by the sort and page links).

    Returns ``{"cards", "filters", "chart", "wards"}`` (HTML) and ``chart_config`` (a dict for
    ``json_script``).
    """
    name = None
    generation = dashboard_cache.generation()
    if generation is not None:
        stamp = (district.pk, district.compiled_stamp) if district is not None else None
        asked = sorted((k, tuple(v)) for k, v in params.lists())
        day = (state.today, state.closed_day)
        name = dashboard_cache.key("figures", generation, stamp, day, get_language(), asked)
        cached = _from_cache(name)
        if cached is not None:
            return cached
    part = _render_figures(params=params, query=query, district=district, state=state)
    _to_cache(name, part)
    return part


def ward_map(*, district, today: datetime.date) -> str:
    """The dashboard's ward map card (coloured by level), HTML; cached under the generation (a
    compile bumps it and renders it ahead, ``warm``)."""
    generation = dashboard_cache.generation()
    name = None
    if generation is not None:
        name = dashboard_cache.key("ward-map", generation, district.pk if district else None, today, get_language())
        cached = dashboard_cache.get(name)
        if cached is not None:
            return mark_safe(cached["html"])  # noqa: S308 (our own rendered template)
    the_map = levels.ward_map(district=district, day=today, limit=MAP_MAX_WARDS)
    if the_map is None:  # a cartogram of that many tiles tells nothing: the count per level instead
        counts = levels.level_counts(district=district, day=today)
        context: dict = {"counts": counts, "wards": sum(c["count"] for c in counts)}
    else:
        context = {"map": the_map}
    html = render_to_string("summary/_dashboard_map.html", context)
    if name is not None:
        dashboard_cache.put(name, {"html": html}, dashboard_cache.TTL)
    return mark_safe(html)  # noqa: S308 (rendered by the template engine, escaped there)


def warm(*, district_id: int, kind: str, period_start: datetime.date) -> bool:
    """After a compile commits (in the worker): render the dashboard's default view — no filters,
    in every language — and its ward map into the cache, so the first load after the compile is a cache hit.

    Only for the default district and a daily period the default view shows. Any other filter is
    rendered on its first load, as before. A failure is logged, never raised (the compile stands).
    Returns whether it rendered.
    """
    today = timezone.localdate()
    if kind != ReportKind.DAILY or not today - datetime.timedelta(days=WARM_DAYS) <= period_start <= today:
        return False
    try:
        district = selectors.dashboard_district(today=today)
        if district is None or district.pk != district_id or dashboard_cache.generation() is None:
            return False
        state = selectors.district_day_state(district, now=timezone.now())
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                figures(params=QueryDict(), query="", district=district, state=state)
                ward_map(district=district, today=today)
    except Exception:
        logger.warning("could not render the dashboard ahead after a compile", exc_info=True)
        return False
    return True


def _render_figures(*, params, query: str, district, state: selectors.DayState) -> dict:
    today = state.today
    indicators = indicators_for_kind(ReportKind.DAILY)
    keys = selectors.key_indicators(indicators)
    form = DashboardForm(params or None, indicators=indicators, default_end=state.closed_day)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    # The range ends on the last closed day unless asked: today's partial figures lead nothing.
    start, end = selectors.dashboard_range(start=data.get("start"), end=data.get("end"), today=state.closed_day)
    codes = [i.code for i in indicators]
    indicator = data.get("indicator") or ("confirmed_cases" if "confirmed_cases" in codes else (codes or [""])[0])
    sort: str = data["sort"] if data.get("sort") in selectors.comparison_sort_keys(keys) else "name"
    descending = bool(data.get("desc"))
    page = data.get("page") or 1
    ward_id = data.get("ward")
    rows = []
    if district is not None:
        rows = selectors.ward_comparison(
            district=district, start=start, end=end, indicators=keys, ward_id=ward_id, name=data.get("q", ""),
            sort=sort, descending=descending, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
            open_from=state.closed_day + datetime.timedelta(days=1),
        )  # fmt: skip
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    grid = selectors.ward_day_grid(ward_ids=[r["ward_id"] for r in rows], end=end, state=state)
    separators = separators_for(get_language())
    for row in rows:
        row["states"] = grid["rows"][row["ward_id"]]
        row["grid"] = list(zip(grid["days"], row["states"], strict=True))
        row["shown"] = [format_number(v, separators=separators) for v in row["values"]]
    chosen = rows[0] if ward_id is not None and rows else None
    chosen_ward = {"ward_id": chosen["ward_id"], "name": chosen["name"]} if chosen else None
    context = {
        "form": form,
        "start": start,
        "end": end,
        "today": today,
        "state": state,
        "indicators": indicators,
        "indicator": indicator,
        "key_indicators": keys,
        "kpi": selectors.kpi_cards(district=district, state=state, indicators=keys) if district else None,
        "rows": rows,
        "grid_labels": [d.strftime("%d/%m") for d in grid["days"]],
        "ward_link": f"?start={start:%Y-%m-%d}&end={end:%Y-%m-%d}&indicator={indicator}&ward=",
        "query": query,
        "sort": sort,
        "descending": descending,
        "page": page,
        "has_next": has_next,
        "has_previous": page > 1,
        "chosen_ward": chosen_ward,
        "presets": [(n, state.closed_day - datetime.timedelta(days=n - 1)) for n in RANGE_PRESETS],
        # A range reaching into the open day: the ward table's figures stop at the closed day.
        "figures_to": state.closed_day if end > state.closed_day and start <= state.closed_day else None,
        "open_only": start > state.closed_day,
    }
    chart_config = {
        "seriesUrl": reverse("api:summary-series"),
        "compileUrl": reverse("api:summary-compile"),
        "indicator": indicator,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "ward": chosen_ward["ward_id"] if chosen_ward else None,
        "district": district.pk if district else None,
        # Days from here on are still open (before their deadline): drawn dashed, as partial figures.
        "openFrom": (state.closed_day + datetime.timedelta(days=1)).isoformat(),
        # The legend of each indicator in the page's language (the API answers in the browser's).
        "labels": {i.code: f"{i.name} ({i.unit})" if i.unit else str(i.name) for i in indicators},
        "text": {
            "district": _("District total"),
            "noData": _("No compiled summary in this range."),
            "queued": _("Compiling…"),
            "done": _("Compiled at %(time)s."),
            "failed": _("The compile failed; try again."),
            "slow": _("Still compiling; reload the page in a moment."),
            "average": _("7-day average"),
            "per": _("per 100,000 residents"),
            "noPopulation": _("Rates need the population of every ward shown."),
        },
    }
    context["chart_config"] = chart_config
    return {
        "cards": render_to_string("summary/_dashboard_cards.html", context),
        "filters": render_to_string("summary/_dashboard_filters.html", context),
        "chart": render_to_string("summary/_dashboard_chart.html", context),
        "wards": render_to_string("summary/_dashboard_wards.html", context),
        "chart_config": chart_config,
    }


def live(*, user, district, state: selectors.DayState) -> dict:
    """Today's completeness and timeliness (so far, with the wards still pending, while today is
    open) and the urgent reports awaiting acknowledgement: ``{"cards", "urgent"}``."""
    today = state.today
    name = None
    generation = dashboard_cache.generation(dashboard_cache.LIVE_GENERATION_KEY)
    if generation is not None:
        scope = (user.sees_whole_district, user.ward_id if not user.sees_whole_district else None)
        day = (today, state.closed_day)
        name = dashboard_cache.key("live", generation, district.pk if district else None, day, get_language(), scope)
        cached = _from_cache(name)
        if cached is not None:
            return cached
    context = {
        "live": selectors.live_completeness(district=district, day=today) if district else None,
        "urgent": list(urgent_awaiting_acknowledgement(user)[:10]),
        "state": state,
    }
    part = {
        "cards": render_to_string("summary/_dashboard_live_cards.html", context),
        "urgent": render_to_string("summary/_dashboard_urgent.html", context),
    }
    _to_cache(name, part, LIVE_TTL)
    return part
