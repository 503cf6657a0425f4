"""Template helpers of the inspections pages."""

from django import template
from django.utils.translation import get_language

from inspections.choices import ANSWER_COLORS

register = template.Library()


@register.filter
def vnd(value) -> str:
    """An amount in đồng with thousands grouped: 2.500.000 in Vietnamese, 2,500,000 in English."""
    if value in (None, ""):
        return ""
    text = f"{int(value):,}"
    return text.replace(",", ".") if (get_language() or "vi").startswith("vi") else text


@register.filter
def answer_color(value: str) -> str:
    """A checklist answer's colour (``btn-outline-{{ radio.data.value|answer_color }}``)."""
    return ANSWER_COLORS.get(value, "secondary")
