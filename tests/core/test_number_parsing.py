"""Reading figures as people type them (core.formatting.parse_number): Vietnamese by default."""

import decimal
from decimal import Decimal

import pytest

from core.formatting import ENGLISH, NumberReadError, parse_number


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1000", 1000),
        ("1.000", 1000),
        ("2.500", 2500),
        ("2.000.000", 2_000_000),
        ("1 000", 1000),
        ("1\u00a0000", 1000),  # no-break space, as spreadsheets copy it
        ("1\u202f000", 1000),  # narrow no-break space
        ("12 345 678", 12_345_678),
        ("  14.200 ", 14200),
        ("0", 0),
        ("007", 7),
        ("-5", -5),
        ("\u22125", -5),  # the minus sign of pasted text
        ("- 1.000", -1000),
        ("12,0", 12),  # only zeros after the decimal mark: still whole
    ],
)
def test_whole_numbers_read_the_vietnamese_way(typed, expected):
    assert parse_number(typed, whole=True) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12,5", Decimal("12.5")),
        ("0,25", Decimal("0.25")),
        ("1.234,5", Decimal("1234.5")),
        ("1 234,75", Decimal("1234.75")),
        ("1.000", Decimal(1000)),
        ("12", Decimal(12)),
        ("-0,5", Decimal("-0.5")),
        ("12,345", Decimal("12.345")),  # a decimal field reads it as a decimal; the field checks places
    ],
)
def test_decimals_read_with_a_comma(typed, expected):
    assert parse_number(typed, whole=False) == expected


@pytest.mark.parametrize(
    "typed",
    ["1.5", "12.50", "1.2345", "1.000.00", "0.500", "1,000.5", "1.000,5.5", "1,000,000", "1 000.000", "12 5"],
)
@pytest.mark.parametrize("whole", [True, False])
def test_separators_that_fit_neither_reading_are_refused_not_guessed(typed, whole):
    with pytest.raises(NumberReadError) as exc:
        parse_number(typed, whole=whole)
    assert exc.value.code == "ambiguous"
    assert exc.value.params["value"] == typed


@pytest.mark.parametrize("typed", ["", "   ", "abc", "mười hai", "1e5", "NaN", "Infinity", "12,", "-", "+5", "1/2"])
def test_text_that_is_not_a_number_is_invalid(typed):
    with pytest.raises(NumberReadError) as exc:
        parse_number(typed, whole=False)
    assert exc.value.code == "invalid"


def test_a_comma_and_three_digits_in_a_whole_number_field_says_how_it_was_read_and_how_to_write_thousands():
    with pytest.raises(NumberReadError) as exc:
        parse_number("12,345", whole=True)
    assert exc.value.code == "not_whole_thousands"
    assert exc.value.params == {"value": "12,345", "read_as": "12,345", "grouped": "12.345"}


def test_a_fraction_in_a_whole_number_field_is_refused_with_its_reading():
    with pytest.raises(NumberReadError) as exc:
        parse_number("2,5", whole=True)
    assert exc.value.code == "not_whole"
    assert exc.value.params == {"value": "2,5", "read_as": "2,5"}


def test_a_grouped_fraction_in_a_whole_number_field_is_not_taken_for_thousands():
    with pytest.raises(NumberReadError) as exc:
        parse_number("1.234,567", whole=True)
    assert exc.value.code == "not_whole"
    assert exc.value.params["read_as"] == "1.234,567"


def test_the_error_is_a_value_error():
    with pytest.raises(ValueError, match="ambiguous"):
        parse_number("1.5", whole=True)


@pytest.mark.parametrize(
    ("typed", "whole", "expected"),
    [("1,000", True, 1000), ("12.5", False, Decimal("12.5")), ("1,234.5", False, Decimal("1234.5"))],
)
def test_english_pages_read_english_separators(typed, whole, expected):
    assert parse_number(typed, whole=whole, separators=ENGLISH) == expected


def test_english_one_point_zero_zero_zero_in_a_whole_number_field_is_not_silently_one():
    with pytest.raises(NumberReadError) as exc:
        parse_number("1.000", whole=True, separators=ENGLISH)
    assert exc.value.code == "not_whole_thousands"
    assert exc.value.params["grouped"] == "1,000"


@pytest.mark.parametrize(("value", "expected"), [(5, 5), (Decimal("2.50"), Decimal("2.5")), (2.5, Decimal("2.5"))])
def test_numbers_pass_through(value, expected):
    assert parse_number(value, whole=False) == expected


@pytest.mark.parametrize("value", [2.5, Decimal("0.1"), True, Decimal("NaN")])
def test_numbers_that_are_not_whole_or_not_numbers_are_refused(value):
    with pytest.raises(NumberReadError):
        parse_number(value, whole=True)


def test_the_result_is_exact():
    assert isinstance(parse_number("1.234,56", whole=False), decimal.Decimal)
    assert parse_number("1.234,56", whole=False) == Decimal("1234.56")
