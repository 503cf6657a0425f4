"""The reporting rates: one formula for completeness and timeliness wherever they are shown, and
the one shape of a period's completeness figures."""

import datetime


def reporting_rate(count: int, expected: int) -> float | None:
    """``count`` of the ``expected`` wards, in percent with one decimal; None when no ward is expected.

    Completeness is the wards that sent their report (on time or late) over the wards expected,
    timeliness the wards on time over the wards expected. Only expected wards are counted, so the
    rate never exceeds 100.
    """
    return round(100 * count / expected, 1) if expected else None


def period_completeness(*, kind: str, period_start: datetime.date, expected: int, submitted: int, late: int) -> dict:
    """The completeness of one period from its three counts: what ``reports.selectors.completeness``
    and the dashboard's live ``reports.summary.selectors.live_completeness`` return.

    Keys: kind, period_start, expected, submitted, late, on_time, missing and rate (submitted /
    expected, ``reporting_rate``).
    """
    return {
        "kind": kind,
        "period_start": period_start,
        "expected": expected,
        "submitted": submitted,
        "late": late,
        "on_time": submitted - late,
        "missing": expected - submitted,
        "rate": reporting_rate(submitted, expected),
    }
