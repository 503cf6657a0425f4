"""The district's directing documents, the tasks they give wards and each ward's assignment."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.choices import (
    WARD_TO_ACT,
    AssignmentState,
    AssignmentStatus,
    DocumentKind,
    Issuer,
    ReminderKind,
    Repeat,
    Weekday,
)
from directives.text import fold
from wards.models import Ward


class Directive(models.Model):
    """A directing document (plan, directive, official letter, decision …) as issued and signed."""

    number = models.CharField(
        _("number and symbol"), max_length=60, help_text=_("As written on the document, e.g. 58/KH-UBND.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    issuer = models.CharField(_("issuer"), max_length=30, choices=Issuer.choices)
    signed_on = models.DateField(_("signed on"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False, help_text=_("The year it was signed."))
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(
        _("signed file"), upload_to="directives/", blank=True, help_text=_("The signed document (PDF).")
    )
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("replaces"),
        help_text=_("The document this one replaces."),
    )
    search_text = models.TextField(
        _("search text"), editable=False, blank=True, help_text=_("Number, title and summary without diacritics.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"],
                name="%(app_label)s_%(class)s_number_once_per_issuer_and_year",
                violation_error_message=_("This issuer already has a document with this number in this year."),
            ),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True) | Q(effective_on__gte=F("signed_on")),
                name="%(app_label)s_%(class)s_effective_after_signed",
                violation_error_message=_("A document cannot take effect before it is signed."),
            ),
        ]
        indexes = [
            # The registry's newest-first list, filtered by issuer.
            models.Index(fields=["issuer", "-signed_on"], name="directives_by_issuer"),
        ]

    def __str__(self):
        return f"{self.number} · {self.title}"

    def save(self, *args, **kwargs):
        self.year = self.signed_on.year
        self.search_text = fold(f"{self.number} {self.title} {self.summary}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directives:detail", args=[self.pk])


class DirectiveTask(models.Model):
    """One thing a directive asks wards to do, by a date or repeatedly."""

    directive = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("directive")
    )
    title = models.CharField(_("what to do"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    repeat = models.CharField(_("repeat"), max_length=10, choices=Repeat.choices, default=Repeat.NONE)
    due_on = models.DateField(_("due date"), help_text=_("The deadline; for a repeating task, its first occurrence."))
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True, help_text=_("For a weekly task.")
    )
    repeat_until = models.DateField(
        _("repeat until"), null=True, blank=True, help_text=_("Empty: until further notice.")
    )
    all_wards = models.BooleanField(_("all wards"), default=True)
    wards = models.ManyToManyField(Ward, blank=True, related_name="+", verbose_name=_("wards"))
    number_label = models.CharField(
        _("number asked"), max_length=120, blank=True,
        help_text=_("When the task asks for a figure, what it counts (e.g. sites disinfected)."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("directive task")
        verbose_name_plural = _("directive tasks")
        ordering = ["directive", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(repeat=Repeat.WEEKLY, weekday__isnull=False) | ~Q(repeat=Repeat.WEEKLY),
                name="%(app_label)s_%(class)s_weekly_has_weekday",
                violation_error_message=_("A weekly task needs a weekday."),
            ),
            models.CheckConstraint(
                condition=Q(repeat_until__isnull=True) | Q(repeat_until__gte=F("due_on")),
                name="%(app_label)s_%(class)s_repeat_until_after_due",
                violation_error_message=_("The repeat cannot end before its first occurrence."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def repeats(self) -> bool:
        return self.repeat != Repeat.NONE

    @property
    def asks_number(self) -> bool:
        return bool(self.number_label)


class Assignment(models.Model):
    """A task given to one ward, for one occurrence (one due date), and the ward's reply."""

    task = models.ForeignKey(
        DirectiveTask, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("task")
    )
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("ward"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.NEW
    )
    reply = models.TextField(_("what was done"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("replied by"),
    )  # fmt: skip
    review_comment = models.TextField(_("review comment"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("reviewed by"),
    )  # fmt: skip
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "ward", "due_on"],
                name="%(app_label)s_%(class)s_one_per_ward_and_occurrence",
                violation_error_message=_("This ward already has this task for this date."),
            ),
            models.CheckConstraint(
                condition=~Q(status=AssignmentStatus.ACCEPTED) | Q(replied_at__isnull=False),
                name="%(app_label)s_%(class)s_accepted_has_reply",
                violation_error_message=_("Only a replied assignment can be accepted."),
            ),
        ]
        indexes = [
            # The officer's inbox and the overdue list: a ward's (or every ward's) open assignments by due date.
            models.Index(fields=["status", "due_on"], name="directives_assignment_open"),
            models.Index(fields=["ward", "status", "due_on"], name="directives_assignment_ward"),
        ]

    def __str__(self):
        return f"{self.task} · {self.ward} · {self.due_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("directives:assignment", args=[self.pk])

    @property
    def is_returned(self) -> bool:
        """Sent back by the committee with a comment (the ward replies again)."""
        return self.status == AssignmentStatus.RETURNED

    def state_on(self, today: datetime.date) -> str:
        """The state shown on ``today``: done, overdue (the ward still has to act and the date is
        past), in progress (replied, or returned for more), not started."""
        if self.status == AssignmentStatus.ACCEPTED:
            return AssignmentState.DONE
        if self.status in WARD_TO_ACT and self.due_on < today:
            return AssignmentState.OVERDUE
        if self.status == AssignmentStatus.NEW:
            return AssignmentState.NOT_STARTED
        return AssignmentState.IN_PROGRESS

    @property
    def state(self) -> str:
        return self.state_on(timezone.localdate())

    @property
    def state_label(self) -> str:
        return str(AssignmentState(self.state).label)

    @property
    def state_color(self) -> str:
        return STATE_COLORS[self.state]

    @property
    def can_reply(self) -> bool:
        """The ward may (re)send its reply: new or returned."""
        return self.status in WARD_TO_ACT

    @property
    def awaits_review(self) -> bool:
        return self.status == AssignmentStatus.REPLIED


STATE_COLORS: dict[str, str] = {
    AssignmentState.DONE: "success",
    AssignmentState.OVERDUE: "danger",
    AssignmentState.IN_PROGRESS: "warning",
    AssignmentState.NOT_STARTED: "secondary",
}


class Evidence(models.Model):
    """A photo or PDF the ward attaches to its reply."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("assignment")
    )
    file = models.FileField(_("file"), upload_to="directive-evidence/")
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["pk"]

    def __str__(self):
        return (self.file.name or "").rsplit("/", 1)[-1]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def ward_id(self) -> int:
        return self.assignment.ward_id


class Reminder(models.Model):
    """A reminder sent (in the portal's list and by e-mail where the person has an address), once per key."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    key = models.CharField(_("key"), max_length=80, help_text=_("The same key is never sent twice to the same person."))
    day = models.DateField(_("day"))
    assignments = models.ManyToManyField(Assignment, related_name="reminders", verbose_name=_("assignments"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                name="%(app_label)s_%(class)s_sent_once",
                violation_error_message=_("This reminder was already sent to this person."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.day:%d/%m/%Y}"
