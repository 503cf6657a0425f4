"""Template helpers of the dashboard: sortable column links and number formatting."""

from django import template
from django.http import QueryDict

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


@register.filter
def num(value):
    """A figure for display, grouped by thousands in the active language (12.345 in Vietnamese); None → —."""
    from django.utils.formats import get_format

    if value is None or value == "":
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    thousands, decimal = get_format("THOUSAND_SEPARATOR"), get_format("DECIMAL_SEPARATOR")
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


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
