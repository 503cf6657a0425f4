"""Choices of the reports app: report kinds, statuses, severities and the indicator catalogue's options."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    """How often a ward sends a report; urgent reports are sent when something happens."""

    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    URGENT = "urgent", _("Urgent")


PERIODIC_KINDS = (ReportKind.DAILY, ReportKind.WEEKLY, ReportKind.MONTHLY)


class ReportStatus(models.TextChoices):
    """Where a report is in its workflow: draft → submitted → approved, or returned → resubmitted."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved")


# Statuses in which the ward has sent the report (counted as submitted in completeness).
SENT_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.RESUBMITTED, ReportStatus.APPROVED)
# Statuses waiting for the committee's review.
REVIEW_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED)
# Statuses from which the ward may send the report (again).
SUBMITTABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# Badge colours on pages (Bootstrap contextual names); other statuses are "primary".
STATUS_COLORS: dict[str, str] = {
    ReportStatus.APPROVED: "success",
    ReportStatus.RETURNED: "warning",
    ReportStatus.DRAFT: "secondary",
}


class Severity(models.TextChoices):
    INFO = "info", _("Information")
    SERIOUS = "serious", _("Serious")
    CRITICAL = "critical", _("Critical")


# Badge colours of an urgent report's severity (Bootstrap contextual names).
SEVERITY_COLORS: dict[str, str] = {Severity.INFO: "info", Severity.SERIOUS: "warning", Severity.CRITICAL: "danger"}


class ValueType(models.TextChoices):
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")


class Aggregation(models.TextChoices):
    """How the district summary combines one ward's values over days (issue 4).

    Across wards values are always summed; over days a flow (masks given out) is summed,
    a stock (people under home quarantine) takes the latest or the largest value.
    """

    SUM = "sum", _("Sum (a flow, e.g. masks given out)")
    LATEST = "latest", _("Latest value (a stock, e.g. people in quarantine)")
    MAX = "max", _("Largest value")


class IndicatorGroup(models.TextChoices):
    SURVEILLANCE = "surveillance", _("Surveillance")
    CONTROL = "control", _("Control measures")
    COMMUNICATION = "communication", _("Communication")
    SUPPORT = "support", _("Support")
    EDUCATION = "education", _("Education")
    LABOUR = "labour", _("Labour")


class ChangeAction(models.TextChoices):
    """What a history row records."""

    CREATE = "create", _("Created")
    EDIT = "edit", _("Edited")
    SUBMIT = "submit", _("Submitted")
    RESUBMIT = "resubmit", _("Resubmitted")
    APPROVE = "approve", _("Approved")
    RETURN = "return", _("Returned")
    ACKNOWLEDGE = "acknowledge", _("Acknowledged")


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("Deadline reminder")
    MISSING = "missing", _("Missing reports")
    URGENT = "urgent", _("Urgent report")
    RETURNED = "returned", _("Report returned")
    APPROVED = "approved", _("Report approved")
    ACKNOWLEDGED = "urgent_ack", _("Urgent report acknowledged")
    LEVEL = "level", _("Epidemic level changed")
    OVERDUE = "overdue", _("Report overdue")
    URGENT_ESCALATED = "urgent_esc", _("Urgent report not acknowledged")
    BRIEF = "brief", _("Morning brief")
    LOW_STOCK = "low_stock", _("Low stock")
    TASK_DUE = "task_due", _("Directive task due tomorrow")
    TASKS_OVERDUE = "tasks_late", _("Directive tasks overdue")
