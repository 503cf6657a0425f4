"""Numbers and money as the portal writes them: Vietnamese grouping by default.

Vietnamese groups thousands with "." and writes decimals after ",": 12.345 người, 2,5 ‰,
2.500.000 đồng. English pages use "," and ".". These are pure functions: the caller passes the
separators of the language it writes in (``separators_for(get_language())`` in the template
filters of ``core/templatetags/formatting.py``; the PDF, always Vietnamese, takes the default).
Reading numbers typed in either convention belongs here too, beside the writing.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass

# Shown for a figure nobody reported (None or an empty value).
NO_VALUE = "—"


@dataclass(frozen=True)
class Separators:
    """The thousands and decimal separators of a language."""

    thousands: str
    decimal: str


VIETNAMESE = Separators(thousands=".", decimal=",")
ENGLISH = Separators(thousands=",", decimal=".")


def separators_for(language: str | None) -> Separators:
    """English separators for English (``en``, ``en-gb``…); Vietnamese otherwise and when no
    language is active (the portal's default language)."""
    return ENGLISH if (language or "").lower().startswith("en") else VIETNAMESE


def _localise(text: str, separators: Separators) -> str:
    """``text`` written with Python's "," and "." → the same figure with ``separators``."""
    return text.replace(",", "\x00").replace(".", separators.decimal).replace("\x00", separators.thousands)


def format_number(
    value: int | float | decimal.Decimal | str | None,
    *,
    separators: Separators = VIETNAMESE,
    places: int = 2,
    empty: str = NO_VALUE,
) -> str:
    """A figure grouped by thousands, with at most ``places`` decimals and no trailing zeros.

    12345 → "12.345", 2.5 → "2,5", 2.0 → "2", -1234.567 → "-1.234,57"; None or "" → ``empty``.
    """
    if value is None or value == "":
        return empty
    if isinstance(value, float | decimal.Decimal) and not _is_whole(value):
        text = f"{value:,.{places}f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}"
    return _localise(text, separators)


def _is_whole(value: float | decimal.Decimal) -> bool:
    if isinstance(value, float):
        return value.is_integer()
    return value.is_finite() and value == value.to_integral_value()


def format_money(
    value: int | float | decimal.Decimal | str | None, *, separators: Separators = VIETNAMESE, empty: str = ""
) -> str:
    """An amount in whole đồng grouped by thousands (no unit: the text around it says "đ").

    2500000 → "2.500.000"; None or "" → ``empty``.
    """
    if value is None or value == "":
        return empty
    return _localise(f"{int(value):,}", separators)
