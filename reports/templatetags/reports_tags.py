"""Template tags of the reports app: the notification badge and the home-page panels."""

from django import template

from reports.choices import ReportKind
from reports.periods import period_deadline
from reports.selectors import (
    completeness,
    deadline_rule,
    header_counts,
    review_queue,
    urgent_awaiting_acknowledgement,
)
from reports.selectors import (
    unread_notifications_count as _unread,
)

register = template.Library()


@register.simple_tag
def unread_notifications_count(user) -> int:
    """Unread notifications of ``user`` (one query), for the badge in the navigation."""
    return _unread(user)


@register.simple_tag
def header_alerts(user) -> dict[str, int]:
    """The header's counts, read once per page in one query (reports.selectors.header_counts):
    ``unread`` notifications, and ``urgent`` reports not acknowledged for the committee.
    ``base.html`` shows them in the phone header and the laptop menu."""
    return header_counts(user)


@register.simple_tag
def district_today(user, today) -> dict:
    """Today's completeness, urgent reports awaiting acknowledgement and the review queue size."""
    urgent = list(urgent_awaiting_acknowledgement(user)[:5])
    return {
        "completeness": completeness(ReportKind.DAILY, today),
        "urgent": urgent,
        "urgent_count": urgent_awaiting_acknowledgement(user).count() if len(urgent) == 5 else len(urgent),
        "review_count": review_queue(user).count(),
        "deadline": period_deadline(ReportKind.DAILY, today, deadline_rule(ReportKind.DAILY)),
    }


# The month calendar's cells: a day's state (reports.selectors.ward_calendar) → its table class.
CALENDAR_CLASSES = {
    "submitted": "table-success",
    "late": "table-danger",
    "missing": "table-dark",
    "draft": "table-secondary",
}


@register.filter
def calendar_class(state: str) -> str:
    """``{{ cell.state|calendar_class }}``: the calendar cell's colour ("" for days without one)."""
    return CALENDAR_CLASSES.get(state, "")


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}``: a dict lookup by a variable key."""
    if not mapping:
        return None
    return mapping.get(key)
