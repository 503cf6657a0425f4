"""Template helpers of the dashboard: sortable column links, the grid cells and signed changes.

Figures are formatted by the builtin ``num`` filter (``core/templatetags/formatting.py``)."""

import datetime

from django import template
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.templatetags.formatting import num
from reports.summary import dashboard, levels
from reports.summary.choices import WardStatus
from reports.summary.selectors import PENDING, PENDING_LABEL
from reports.summary.selectors import officer_home as compose_officer_home

register = template.Library()


@register.simple_tag
def sort_url(query: str, key: str, current: str, descending: bool) -> str:
    """The dashboard URL sorted by ``key``; pressing the current column again flips the direction."""
    q = QueryDict(query, mutable=True)
    q.pop("page", None)
    q["sort"] = key
    q.pop("desc", None)
    if key == current and not descending:
        q["desc"] = "1"
    return "?" + q.urlencode()


@register.simple_tag
def page_url(query: str, page: int) -> str:
    q = QueryDict(query, mutable=True)
    q["page"] = str(page)
    return "?" + q.urlencode()


# The ward × day grid's cells: state → (badge classes, symbol); days without a compiled summary last.
GRID_BADGES = {
    "on_time": ("text-bg-success", "✓"),
    "late": ("text-bg-warning", "!"),
    "missing": ("text-bg-danger", "✗"),
    "pending": ("bg-info-subtle text-info-emphasis border border-info-subtle", "…"),  # deadline not passed yet
}
NOT_COMPILED_BADGE = ("bg-secondary-subtle text-body", "·")
# What each cell says in words (its title): the symbol and the legend carry it too, never the colour alone.
GRID_WORDS = {
    "on_time": WardStatus.ON_TIME.label,
    "late": WardStatus.LATE.label,
    "missing": WardStatus.MISSING.label,
    PENDING: PENDING_LABEL,
    "none": gettext_lazy("Not compiled"),
}


@register.simple_tag
def grid_cells(name: str, states: list[str], labels: list[str]):
    """One ward's row of the grid as <td> cells, in one call: a template loop with an if-chain per
    cell was most of the dashboard's rendering time. The ward name, states and labels are escaped."""
    name = escape(name)
    words = {state: escape(str(text)) for state, text in GRID_WORDS.items()}
    cells = []
    for state, label in zip(states, labels, strict=True):
        badge, symbol = GRID_BADGES.get(state, NOT_COMPILED_BADGE)
        word = words.get(state, words["none"])
        cells.append(
            f'<td class="p-0"><span class="badge w-100 {badge}" data-state="{escape(state)}" '
            f'title="{name} {escape(label)}: {word}">{symbol}</span></td>'
        )
    return mark_safe("".join(cells))  # noqa: S308 (every interpolated value is escaped above)


@register.filter
def signed(value):
    """A change with its sign: +3, −2, 0; None → empty."""
    if value is None:
        return ""
    if value > 0:
        return f"+{num(value)}"
    if value < 0:
        return f"−{num(-value)}"
    return "0"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def officer_home(user, ward, today):
    """The officer's task list (``reports.summary.selectors.officer_home``) for ``wards/home_officer.html``."""
    return compose_officer_home(user=user, ward=ward, today=today)


@register.simple_tag(takes_context=True)
def ward_level_badge(context, ward):
    """A ward's current epidemic level (badge, since when, rate) and its changes of the last 90 days, for the
    ward page; two queries."""
    today = timezone.localdate()
    current = levels.ward_level(ward_id=ward.pk, day=today)
    start = today - datetime.timedelta(days=levels.PAGE_HISTORY_DAYS - 1)
    changes = [h for h in levels.level_history(ward_id=ward.pk, start=start, end=today) if h["changed"]]
    context_data = {"current": current, "changes": changes[:10], "days": levels.PAGE_HISTORY_DAYS}
    return render_to_string("summary/_ward_level.html", context_data, request=context.get("request"))


@register.simple_tag
def dashboard_ward_map(district, today):
    """The dashboard's ward map card, coloured by level (``reports.summary.dashboard.ward_map``: cached
    like the dashboard's parts, rendered ahead by a compile)."""
    return dashboard.ward_map(district=district, today=today)


@register.simple_tag
def summary_levels(summary, lines):
    """The levels on a summary's last day of the wards of ``lines`` (its page of ward lines), one query."""
    ward_ids = [line.ward_id for line in lines]
    return levels.levels_on(day=summary.period_end, district_id=summary.district_id, ward_ids=ward_ids)
