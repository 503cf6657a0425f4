"""Choices of the inspections app."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What kind of establishment is inspected (decides the checklist and the risk interval)."""

    ENTERPRISE = "enterprise", _("Enterprise")
    ENTERPRISE_FOREIGN = "enterprise_foreign", _("Enterprise with foreign workers")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY_SCHOOL = "primary_school", _("Primary school")
    LOWER_SECONDARY_SCHOOL = "lower_secondary_school", _("Lower-secondary school")
    NON_PUBLIC_EDUCATION = "non_public_education", _("Non-public education facility")
    RELIGIOUS_SITE = "religious_site", _("Religious site")
    BELIEF_SITE = "belief_site", _("Belief site")
    CLINIC = "clinic", _("Clinic/hospital")
    PHARMACY = "pharmacy", _("Pharmacy")
    MARKET = "market", _("Market")
    BUS_STATION = "bus_station", _("Bus station")
    OFFICE = "office", _("Office/agency")
    BAR = "bar", _("Bar")
    RESTAURANT = "restaurant", _("Restaurant")
    KARAOKE = "karaoke", _("Karaoke")
    OTHER = "other", _("Other")


SCHOOL_CATEGORIES = (
    Category.KINDERGARTEN,
    Category.PRIMARY_SCHOOL,
    Category.LOWER_SECONDARY_SCHOOL,
    Category.NON_PUBLIC_EDUCATION,
)
# Categories where the number of workers (and foreign workers) is recorded.
WORKFORCE_CATEGORIES = (Category.ENTERPRISE, Category.ENTERPRISE_FOREIGN)


class EstablishmentStatus(models.TextChoices):
    OPERATING = "operating", _("Operating")
    CLOSED_BY_ORDER = "closed_by_order", _("Temporarily closed by order")
    CLOSED = "closed", _("Closed")


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ScheduleStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ScheduleKind(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    CAMPAIGN = "campaign", _("Campaign")
    FOLLOW_UP = "follow_up", _("Follow-up")


class InspectionReason(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    COMPLAINT = "complaint", _("Complaint")
    UNANNOUNCED = "unannounced", _("Unannounced check")


class Result(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    VIOLATION = "violation", _("Violation")


class Action(models.TextChoices):
    """The strongest action taken at the visit."""

    NONE = "none", _("No action")
    REMINDER = "reminder", _("Reminder")
    WARNING = "warning", _("Written warning")
    FINE = "fine", _("Fine")
    CLOSURE = "closure", _("Temporary closure order")


# Actions allowed with each result.
COMPLIANT_ACTIONS = (Action.NONE, Action.REMINDER)
VIOLATION_ACTIONS = (Action.REMINDER, Action.WARNING, Action.FINE, Action.CLOSURE)


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_APPLICABLE = "na", _("Not applicable")


# Colours on pages (Bootstrap contextual names); values not listed are "secondary".
ESTABLISHMENT_STATUS_COLORS: dict[str, str] = {
    EstablishmentStatus.OPERATING: "success",
    EstablishmentStatus.CLOSED_BY_ORDER: "warning",
}
ANSWER_COLORS: dict[str, str] = {Answer.YES: "success", Answer.NO: "danger"}


class SiteKind(models.TextChoices):
    """Places a disinfection round covers that are not in the establishment registry."""

    PUBLIC_OFFICE = "public_office", _("Public office")
    WARD_HQ = "ward_hq", _("Ward headquarters")


# What a disinfection round may cover: the registry's categories, then the sites outside it.
DISINFECTION_TARGETS: list[tuple[str, Any]] = [*Category.choices, *SiteKind.choices]
DISINFECTION_TARGET_VALUES: tuple[str, ...] = tuple(value for value, _label in DISINFECTION_TARGETS)


def target_label(value: str) -> str:
    """The label of a round's target category (a registry category or a site kind)."""
    return str(dict(DISINFECTION_TARGETS).get(value, value))
