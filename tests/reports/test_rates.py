"""The one formula for the completeness and timeliness rates, and the places that show them."""

import datetime

import pytest

from reports.choices import ReportKind
from reports.rates import period_completeness, reporting_rate
from reports.summary.models import DistrictSummary


@pytest.mark.parametrize(
    ("count", "expected", "rate"),
    [
        (3, 15, 20.0),
        (2, 15, 13.3),  # one decimal, rounded
        (1, 3, 33.3),
        (2, 3, 66.7),
        (15, 15, 100.0),
        (0, 15, 0.0),
        (0, 0, None),  # no ward expected: no rate, not 0 % nor a division by zero
    ],
)
def test_rate_is_the_percent_of_expected_wards_with_one_decimal(count, expected, rate):
    assert reporting_rate(count, expected) == rate


def test_summary_rates_use_the_same_formula():
    summary = DistrictSummary(expected=15, submitted=3, on_time=2, late=1)
    assert (summary.completeness_rate, summary.timeliness_rate) == (reporting_rate(3, 15), reporting_rate(2, 15))
    assert DistrictSummary(expected=0, submitted=0, on_time=0, late=0).completeness_rate is None


def test_period_completeness_derives_on_time_missing_and_rate_from_three_counts():
    day = datetime.date(2020, 3, 17)
    figures = period_completeness(kind=ReportKind.DAILY, period_start=day, expected=15, submitted=3, late=1)
    assert figures == {
        "kind": ReportKind.DAILY,
        "period_start": day,
        "expected": 15,
        "submitted": 3,
        "late": 1,
        "on_time": 2,
        "missing": 12,
        "rate": 20.0,
    }
