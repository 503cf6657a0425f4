"""Numbers and money as the portal writes them (core.formatting) and the builtin filters over it."""

import decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.formatting import (
    ENGLISH,
    NO_VALUE,
    VIETNAMESE,
    format_money,
    format_number,
    separators_for,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (5, "5"),
        (-7, "-7"),
        (1234, "1.234"),
        (1234567, "1.234.567"),
        (2.0, "2"),
        (2.5, "2,5"),
        (1234.5, "1.234,5"),
        (-1234.567, "-1.234,57"),
        (0.001, "0"),
        (12345678.9, "12.345.678,9"),
        (decimal.Decimal("2.50"), "2,5"),
        (decimal.Decimal("3"), "3"),
        ("12345", "12.345"),
    ],
)
def test_numbers_group_thousands_with_dots_and_write_decimals_after_a_comma_in_vietnamese(value, expected):
    assert format_number(value) == expected


@pytest.mark.parametrize(("value", "expected"), [(1234567, "1,234,567"), (1234.5, "1,234.5"), (-0.25, "-0.25")])
def test_numbers_use_english_separators_when_asked(value, expected):
    assert format_number(value, separators=ENGLISH) == expected


def test_numbers_keep_at_most_the_given_decimals_without_trailing_zeros():
    assert format_number(3.14159) == "3,14"
    assert format_number(3.14159, places=4) == "3,1416"
    assert format_number(3.10, places=4) == "3,1"


@pytest.mark.parametrize("missing", [None, ""])
def test_a_missing_figure_is_a_dash_or_the_text_asked_for(missing):
    assert format_number(missing) == NO_VALUE == "—"
    assert format_number(missing, empty="") == ""


def test_money_is_whole_dong_grouped_by_thousands():
    assert format_money(2500000) == "2.500.000"
    assert format_money("2500000") == "2.500.000"
    assert format_money(2500000, separators=ENGLISH) == "2,500,000"
    assert format_money(999) == "999"
    assert format_money(0) == "0"


@pytest.mark.parametrize("missing", [None, ""])
def test_no_amount_writes_nothing(missing):
    assert format_money(missing) == ""


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", VIETNAMESE), ("en", ENGLISH), ("en-gb", ENGLISH), ("EN", ENGLISH), (None, VIETNAMESE), ("", VIETNAMESE)],
)
def test_separators_follow_the_language_and_default_to_vietnamese(language, expected):
    assert separators_for(language) == expected


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "figure", "amount"), [("vi", "12.345,5", "2.500.000"), ("en", "12,345.5", "2,500,000")]
)
def test_num_and_vnd_filters_need_no_load_and_follow_the_active_language(language, figure, amount):
    with translation.override(language):
        assert render("{{ v|num }}", v=12345.5) == figure
        assert render("{{ v|vnd }}", v=2500000) == amount
        assert render("[{{ v|num }}][{{ v|vnd }}]", v=None) == "[—][]"
