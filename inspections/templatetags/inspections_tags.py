"""Template helpers of the inspections pages.

The money filter ``vnd`` (and ``num``) are builtins from ``core/templatetags/formatting.py``;
this library stays for the pages that load it.
"""

from django import template

from inspections.choices import ANSWER_COLORS

register = template.Library()


@register.filter
def answer_color(value: str) -> str:
    """A checklist answer's colour (``btn-outline-{{ radio.data.value|answer_color }}``)."""
    return ANSWER_COLORS.get(value, "secondary")
