"""Numbers and money as the portal writes them: Vietnamese grouping by default.

Vietnamese groups thousands with "." and writes decimals after ",": 12.345 người, 2,5 ‰,
2.500.000 đồng. English pages use "," and ".". These are pure functions: the caller passes the
separators of the language it writes in (``separators_for(get_language())`` in the template
filters of ``core/templatetags/formatting.py``; the PDF, always Vietnamese, takes the default).

The reading side is here too, beside the writing: ``parse_number`` reads a figure as a person
types it in the page's language (``1.000``, ``1 000``, ``12,5`` in Vietnamese) and refuses what
could be read two ways, saying how it was read; ``parse_date`` reads ``dd/mm/yyyy`` (and the ISO
``yyyy-mm-dd`` of pasted values). The form fields of ``core/fields.py`` turn their errors into
translated messages.
"""

from __future__ import annotations

import datetime
import decimal
import re
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


# ---- reading ------------------------------------------------------------------------------------

# Spaces people (and spreadsheets) put between thousands: plain, no-break, narrow no-break, thin.
_SPACES = (" ", "\u00a0", "\u202f", "\u2009")
_MINUS = ("-", "\u2212")  # the hyphen-minus of keyboards and the minus sign of pasted text


class NumberReadError(ValueError):
    """A typed figure that is not read, and why: ``code`` names the reason, ``params`` hold what
    the message shows (the text as typed, how it was read, how to write what was probably meant).

    Codes: ``invalid`` (not a number), ``ambiguous`` (separators that fit neither way of writing,
    e.g. ``1.5`` or ``1,000.5`` in Vietnamese), ``not_whole`` (a fraction in a whole-number field),
    ``not_whole_thousands`` (a decimal mark followed by three digits in a whole-number field:
    probably meant as thousands, e.g. ``12,345`` in Vietnamese; ``grouped`` says how to write it).
    """

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params


def parse_number(
    text: str | float | decimal.Decimal, *, whole: bool, separators: Separators = VIETNAMESE
) -> decimal.Decimal:
    """A figure typed in the convention of ``separators`` (Vietnamese by default) → Decimal.

    Vietnamese: ``1000``, ``1.000``, ``1 000`` (any space, the no-break ones too) → 1000;
    ``1.234,5`` → 1234.5; ``-5`` → -5. Thousands groups must be of three digits, so ``1.5``,
    ``12.50`` and ``1,000.5`` are refused (``ambiguous``) rather than guessed. In a whole-number
    field (``whole``) a decimal mark is refused unless only zeros follow it (``12,0`` → 12),
    and three digits after it are taken for a thousands mistake (``12,345``: ``not_whole_thousands``).
    Raises ``NumberReadError``; the caller checks ranges and decimal places.
    """
    if isinstance(text, bool):
        raise NumberReadError("invalid", value=str(text))
    if isinstance(text, int | float | decimal.Decimal):
        number = decimal.Decimal(str(text)) if isinstance(text, float) else decimal.Decimal(text)
        if not number.is_finite():
            raise NumberReadError("invalid", value=str(text))
        if whole and number != number.to_integral_value():
            raise NumberReadError("not_whole", value=str(text), read_as=format_number(number, separators=separators))
        return number
    typed = str(text).strip()
    value = typed
    for space in _SPACES:
        value = value.replace(space, " ")
    negative = value[:1] in _MINUS
    if negative:
        value = value[1:].lstrip()
    if not value or not re.fullmatch(r"[0-9., ]+", value):
        raise NumberReadError("invalid", value=typed)
    thousands, mark = separators.thousands, separators.decimal
    integral, has_mark, fraction = value.partition(mark)
    if has_mark and not (fraction.isdigit() and fraction.isascii()):
        # Nothing after the mark is "12," (not a number); anything but digits is a second mark
        # or a separator of the other convention ("1,000.5", "1,000,000" in Vietnamese).
        raise NumberReadError("invalid" if not fraction else "ambiguous", value=typed)
    digits = _ungroup(integral, thousands=thousands, typed=typed)
    number = decimal.Decimal(f"{digits}.{fraction}" if fraction else digits)
    if negative:
        number = -number
    if whole and fraction:
        read_as = ("-" if negative else "") + format_number(int(digits), separators=separators) + mark + fraction
        if len(fraction) == 3 and digits == integral and len(digits) <= 3:
            # "12,345" or "12,000" in a whole-number field: probably thousands written the other way.
            grouped = format_number(int(digits + fraction) * (-1 if negative else 1), separators=separators)
            raise NumberReadError("not_whole_thousands", value=typed, read_as=read_as, grouped=grouped)
        if fraction.strip("0"):
            raise NumberReadError("not_whole", value=typed, read_as=read_as)
    return number


def _ungroup(integral: str, *, thousands: str, typed: str) -> str:
    """The digits of ``integral`` without its thousands separators (``thousands`` or spaces, one
    kind only, in groups of three after a first group of one to three digits that does not start
    with 0). Raises ``NumberReadError`` for anything else."""
    if not integral or (integral.isdigit() and integral.isascii()):
        if not integral:
            raise NumberReadError("invalid", value=typed)
        return integral
    used = {c for c in integral if not c.isdigit()}
    if len(used) != 1 or not used <= {thousands, " "}:
        raise NumberReadError("ambiguous", value=typed)
    groups = integral.split(used.pop())
    first, rest = groups[0], groups[1:]
    if not (1 <= len(first) <= 3) or first.startswith("0") or any(len(g) != 3 for g in rest):
        raise NumberReadError("ambiguous", value=typed)
    return "".join(groups)


# Day, month, four-digit year, separated by "/", "-", "." or spaces; or eight digits (ddmmyyyy),
# what a phone's digits-only keypad lets one type; or the ISO yyyy-mm-dd of pasted values.
_DMY = re.compile(r"(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})")
_DMY_COMPACT = re.compile(r"(\d{2})(\d{2})(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str) -> datetime.date:
    """``dd/mm/yyyy`` (also ``d/m/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy``, ``ddmmyyyy``) or ISO
    ``yyyy-mm-dd`` → a date. The year has four digits (``1/2/26`` is refused, not read as the
    year 26). Raises ``ValueError`` for anything else, a day not in the calendar included."""
    value = str(text).strip()
    if match := _ISO.fullmatch(value):
        year, month, day = match.groups()
    elif match := _DMY.fullmatch(value) or _DMY_COMPACT.fullmatch(value):
        day, month, year = match.groups()
    else:
        raise ValueError(f"not a date: {value!r}")
    return datetime.date(int(year), int(month), int(day))


def format_date(value: datetime.date | None, *, empty: str = "") -> str:
    """A date as the portal writes and reads it in forms, ``dd/mm/yyyy`` (20/11/2026)."""
    return value.strftime("%d/%m/%Y") if value else empty
