"""Number and money filters, in the active language's separators (a builtin library: no ``load``).

``{{ value|num }}``: a figure, 12.345 or 2,5 in Vietnamese, "—" when there is none.
``{{ amount|vnd }} đ``: an amount in whole đồng, 2.500.000 in Vietnamese, empty when there is none.
The rules live in ``core.formatting``.
"""

import decimal

from django import template
from django.utils.translation import get_language

from core.formatting import format_money, format_number, separators_for

register = template.Library()


@register.filter
def num(value: int | float | decimal.Decimal | str | None) -> str:
    """A figure grouped by thousands in the active language (12.345 in Vietnamese); None → —."""
    return format_number(value, separators=separators_for(get_language()))


@register.filter
def vnd(value: int | float | decimal.Decimal | str | None) -> str:
    """An amount in đồng grouped by thousands: 2.500.000 in Vietnamese, 2,500,000 in English."""
    return format_money(value, separators=separators_for(get_language()))
