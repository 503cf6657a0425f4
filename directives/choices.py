from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("Plan")
    DIRECTIVE = "directive", _("Directive")
    OFFICIAL_LETTER = "letter", _("Official letter")
    TELEGRAM = "telegram", _("Telegram")
    DECISION = "decision", _("Decision")
    NOTICE = "notice", _("Notice")
    REPORT = "report", _("Report")


class Issuer(models.TextChoices):
    PRIME_MINISTER = "prime_minister", _("The Prime Minister")
    MINISTRY_OF_HEALTH = "ministry_of_health", _("The Ministry of Health")
    CITY_COMMITTEE = "city_committee", _("The city People's Committee")
    CITY_STEERING = "city_steering", _("The city steering committee")
    DISTRICT_PARTY = "district_party", _("The district Party Committee")
    DISTRICT_COMMITTEE = "district_committee", _("The district People's Committee")
    DISTRICT_STEERING = "district_steering", _("The district steering committee")


class Repeat(models.TextChoices):
    NONE = "none", _("Once")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class AssignmentStatus(models.TextChoices):
    """What happened to an assignment (stored); the state shown is :class:`AssignmentState`."""

    NEW = "new", _("New")
    REPLIED = "replied", _("Replied, awaiting review")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class AssignmentState(models.TextChoices):
    """The state shown to users, from the stored status, the due date and today."""

    NOT_STARTED = "not_started", pgettext_lazy("assignment state", "Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", pgettext_lazy("assignment state", "Done")
    OVERDUE = "overdue", _("Overdue")


# Stored statuses the ward still has to act on: past the due date they are overdue.
WARD_TO_ACT = (AssignmentStatus.NEW, AssignmentStatus.RETURNED)
# Stored statuses of an assignment that is not finished.
OPEN_STATUSES = (AssignmentStatus.NEW, AssignmentStatus.REPLIED, AssignmentStatus.RETURNED)


class ReminderKind(models.TextChoices):
    DUE_TOMORROW = "due_tomorrow", _("Due tomorrow")
    OVERDUE_LIST = "overdue_list", _("Overdue assignments")
