"""Template helpers of the dashboard: sortable column links and number formatting."""

from django import template
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import mark_safe

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


def number_formatter():
    """``num`` with the active language's separators looked up once (for formatting many figures)."""
    from django.utils.formats import get_format

    thousands, decimal = get_format("THOUSAND_SEPARATOR"), get_format("DECIMAL_SEPARATOR")

    def format_number(value):
        if value is None or value == "":
            return "—"
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
        return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)

    return format_number


@register.filter
def num(value):
    """A figure for display, grouped by thousands in the active language (12.345 in Vietnamese); None → —."""
    return number_formatter()(value)


# The ward × day grid's cells: state → (badge classes, symbol); days without a compiled summary last.
GRID_BADGES = {
    "on_time": ("text-bg-success", "✓"),
    "late": ("text-bg-warning", "!"),
    "missing": ("text-bg-danger", "✗"),
}
NOT_COMPILED_BADGE = ("bg-secondary-subtle text-body", "·")


@register.simple_tag
def grid_cells(name: str, states: list[str], labels: list[str]):
    """One ward's row of the grid as <td> cells, in one call: a template loop with an if-chain per
    cell was most of the dashboard's rendering time. The ward name, states and labels are escaped."""
    name = escape(name)
    cells = []
    for state, label in zip(states, labels, strict=True):
        badge, symbol = GRID_BADGES.get(state, NOT_COMPILED_BADGE)
        cells.append(
            f'<td class="p-0"><span class="badge w-100 {badge}" data-state="{escape(state)}" '
            f'title="{name} {escape(label)}">{symbol}</span></td>'
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
