"""Indicator catalogue, deadlines, reports with their values, reviews, history and notifications."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reports.choices import (
    PERIODIC_KINDS,
    REVIEW_STATUSES,
    SEVERITY_COLORS,
    STATUS_COLORS,
    SUBMITTABLE_STATUSES,
    Aggregation,
    ChangeAction,
    IndicatorGroup,
    NotificationKind,
    ReportKind,
    ReportStatus,
    ReviewDecision,
    Severity,
    ValueType,
)


class Indicator(models.Model):
    """One figure wards report (e.g. people under home quarantine). Administrators manage the list."""

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("Stable key used in the API and exports, e.g. home_quarantine. Do not change once used."),
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    unit_vi = models.CharField(_("unit (Vietnamese)"), max_length=40, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    value_type = models.CharField(_("value type"), max_length=10, choices=ValueType.choices, default=ValueType.INTEGER)
    in_daily = models.BooleanField(_("in daily reports"), default=True)
    in_weekly = models.BooleanField(_("in weekly reports"), default=False)
    in_monthly = models.BooleanField(_("in monthly reports"), default=False)
    min_value = models.DecimalField(
        _("lower bound"), max_digits=14, decimal_places=2, default=Decimal(0), help_text=_("Smallest value accepted.")
    )
    max_value = models.DecimalField(
        _("upper bound"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Largest value accepted; leave empty for no upper bound."),
    )
    must_not_exceed = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bounded_indicators",
        verbose_name=_("must not exceed"),
        help_text=_(
            "When both are reported, this indicator's value must not exceed the other's (e.g. confirmed ≤ tested)."
        ),
    )
    group = models.CharField(_("group"), max_length=20, choices=IndicatorGroup.choices)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Position on the form within its group.")
    )
    aggregation = models.CharField(
        _("aggregation over days"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
        help_text=_("How the district summary combines a ward's days; across wards values are summed."),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive indicators leave the forms."))

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["group", "order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_value__isnull=True) | Q(max_value__gte=F("min_value")),
                name="%(app_label)s_%(class)s_bounds_ordered",
                violation_error_message=_("The upper bound must not be below the lower bound."),
            ),
            models.CheckConstraint(
                condition=~Q(must_not_exceed=F("pk")),
                name="%(app_label)s_%(class)s_not_bounded_by_itself",
                violation_error_message=_("An indicator cannot be bounded by itself."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def name(self) -> str:
        """The name in the active language (Vietnamese unless English is chosen)."""
        return self.name_en if (translation.get_language() or "vi").startswith("en") else self.name_vi

    @property
    def unit(self) -> str:
        return self.unit_en if (translation.get_language() or "vi").startswith("en") else self.unit_vi

    @property
    def is_integer(self) -> bool:
        return self.value_type == ValueType.INTEGER

    def used_in(self, kind: str) -> bool:
        """True when reports of ``kind`` carry this indicator."""
        used: dict[str, bool] = {
            ReportKind.DAILY: self.in_daily,
            ReportKind.WEEKLY: self.in_weekly,
            ReportKind.MONTHLY: self.in_monthly,
        }
        return used.get(kind, False)


class ReportDeadline(models.Model):
    """When reports of one kind are due: ``days after the period's last day`` at ``time`` (local time)."""

    kind = models.CharField(
        _("kind"),
        max_length=10,
        unique=True,
        choices=[(k.value, k.label) for k in PERIODIC_KINDS],
    )
    days_after_period_end = models.PositiveSmallIntegerField(
        _("days after the period ends"),
        validators=[MaxValueValidator(31)],
        help_text=_(
            "0 = the period's last day (daily: same day); 1 = the next day (weekly: Monday); 3 = monthly: the 3rd."
        ),
    )
    time = models.TimeField(_("time"), help_text=_("Local time of the deadline on that day."))
    reminder_minutes = models.PositiveSmallIntegerField(
        _("reminder before the deadline (minutes)"),
        default=60,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_("Wards that have not submitted are reminded this long before the deadline."),
    )

    class Meta:
        verbose_name = _("report deadline")
        verbose_name_plural = _("report deadlines")
        ordering = ["kind"]

    def __str__(self):
        return f"{ReportKind(self.kind).label}: +{self.days_after_period_end} {self.time:%H:%M}"


class Report(models.Model):
    """A ward's daily, weekly, monthly or urgent report. Never deleted once submitted."""

    ward = models.ForeignKey("wards.Ward", on_delete=models.PROTECT, related_name="reports", verbose_name=_("ward"))
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    period_start = models.DateField(
        _("period start"),
        null=True,
        blank=True,
        help_text=_("The day, the Monday of the week or the 1st of the month."),
    )
    period_end = models.DateField(_("period end"), null=True, blank=True)
    # Narrative (periodic reports).
    situation = models.TextField(_("situation"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    # Urgent reports.
    title = models.CharField(_("title"), max_length=200, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    occurred_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    location = models.CharField(_("where it happened"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    # Workflow.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(
        _("submitted at"), null=True, blank=True, help_text=_("First submission; lateness is judged from it.")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    is_late = models.BooleanField(_("late"), default=False, help_text=_("First submitted after the deadline."))
    deadline = models.DateTimeField(
        _("deadline"), null=True, blank=True, help_text=_("Deadline in force at submission.")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised by every change; an edit based on an older version is refused.")
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_start", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "kind", "period_start"],
                condition=~Q(kind=ReportKind.URGENT),
                name="%(app_label)s_%(class)s_one_per_ward_kind_period",
                violation_error_message=_("This ward already has a report of this kind for this period."),
            ),
            models.CheckConstraint(
                condition=(Q(kind=ReportKind.URGENT) & Q(period_start__isnull=True))
                | (~Q(kind=ReportKind.URGENT) & Q(period_start__isnull=False) & Q(period_end__gte=F("period_start"))),
                name="%(app_label)s_%(class)s_period_matches_kind",
                violation_error_message=_("Daily, weekly and monthly reports need a period; urgent reports have none."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReportKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
                violation_error_message=_("Invalid report kind."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
                violation_error_message=_("Invalid report status."),
            ),
        ]
        indexes = [
            # Completeness and calendars: reports of one kind and period (all wards), by status.
            models.Index(fields=["kind", "period_start", "status"], name="reports_kind_period_status"),
            # Review queue and urgent feed: reports in a status, newest first.
            models.Index(fields=["status", "kind", "submitted_at"], name="reports_status_kind_sub"),
            # Outlier baseline and calendar: one ward's reports of a kind, latest periods first.
            models.Index(fields=["ward", "kind", "-period_start"], name="reports_ward_kind_period"),
            # The report list page (reports.views.ReportListView): every report in scope ordered by
            # -period_start, -submitted_at, -pk; a page of 50 reads 50 index entries instead of
            # sorting all reports (the committee's unfiltered list).
            models.Index(fields=["-period_start", "-submitted_at", "-id"], name="reports_list_order"),
        ]

    def __str__(self):
        if self.kind == ReportKind.URGENT:
            return f"{self.ward} · {self.title or gettext('Urgent report')}"
        return f"{self.ward} · {self.get_kind_display()} {self.period_label}"

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_urgent(self) -> bool:
        return self.kind == ReportKind.URGENT

    @property
    def period_label(self) -> str:
        """The period as people say it: 15/03/2020, week 12/2020, 03/2020."""
        if self.period_start is None:
            return ""
        if self.kind == ReportKind.WEEKLY:
            year, week, _day = self.period_start.isocalendar()
            return gettext("week %(week)s/%(year)s") % {"week": week, "year": year}
        if self.kind == ReportKind.MONTHLY:
            return self.period_start.strftime("%m/%Y")
        return self.period_start.strftime("%d/%m/%Y")

    @property
    def is_sent(self) -> bool:
        return self.status != ReportStatus.DRAFT

    @property
    def is_returned(self) -> bool:
        return self.status == ReportStatus.RETURNED

    @property
    def can_submit(self) -> bool:
        """A draft, or a report the committee returned, can be sent (again)."""
        return self.status in SUBMITTABLE_STATUSES

    @property
    def is_editable(self) -> bool:
        """Open to changes: everything but an acknowledged urgent report."""
        return self.acknowledged_at is None

    @property
    def awaits_acknowledgement(self) -> bool:
        return self.is_urgent and self.is_sent and self.acknowledged_at is None

    @property
    def awaits_review(self) -> bool:
        return not self.is_urgent and self.status in REVIEW_STATUSES

    @property
    def status_color(self) -> str:
        """The status badge's colour (a Bootstrap contextual name)."""
        return STATUS_COLORS.get(self.status, "primary")

    @property
    def severity_color(self) -> str:
        """An urgent report's severity badge colour."""
        return SEVERITY_COLORS.get(self.severity, "info")


class ReportValue(models.Model):
    """One indicator's value in one report. A missing row means "not reported"; 0 is a real value."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values", verbose_name=_("report"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    is_outlier = models.BooleanField(
        _("unusual value"), default=False, help_text=_("Far from the ward's own recent values; shown to the reviewer.")
    )
    baseline_median = models.DecimalField(_("recent median"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_count = models.PositiveSmallIntegerField(_("recent reports compared"), default=0)

    class Meta:
        verbose_name = _("report value")
        verbose_name_plural = _("report values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"],
                name="%(app_label)s_%(class)s_one_per_indicator",
                violation_error_message=_("The report already has a value for this indicator."),
            ),
        ]
        indexes = [
            # The unique constraint's index serves "values of a report"; this one serves the outlier
            # baseline: one indicator's values across a ward's recent reports.
            models.Index(fields=["indicator", "report"], name="reports_value_indicator"),
            # The flag count of every report list (reports.selectors.reports_for_user): the unusual
            # values of one report, counted from this small index without reading the values.
            models.Index(fields=["report"], condition=Q(is_outlier=True), name="reports_value_outliers"),
        ]

    def __str__(self):
        return f"{self.indicator.code}={self.value}"

    @property
    def display_value(self):
        """The value without trailing zeros (12 rather than 12.00)."""
        return format_value(self.value)


def format_value(value):
    """Decimal → int when whole, else a normalised Decimal; None stays None."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


class ReportReview(models.Model):
    """The committee's decision on a report: approved, or returned with comments. Append-only."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("report"))
    decision = models.CharField(_("decision"), max_length=10, choices=ReviewDecision.choices)
    comment = models.TextField(_("comment"), blank=True)
    field_comments = models.JSONField(
        _("comments per field"), default=dict, blank=True, help_text=_("Indicator code or narrative field → comment.")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.report} · {self.get_decision_display()}"


class ReportChange(models.Model):
    """One line of a report's history: a workflow step, or one field changed (old → new). Append-only."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="changes", verbose_name=_("report"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=12, choices=ChangeAction.choices)
    field = models.CharField(
        _("field"), max_length=60, blank=True, help_text=_("Indicator code or report field; empty for a workflow step.")
    )
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)

    class Meta:
        verbose_name = _("report change")
        verbose_name_plural = _("report history")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.report_id} {self.action} {self.field}"


NOTIFICATION_MESSAGES: dict[str, str | Promise] = {
    NotificationKind.REMINDER: _("The %(kind)s report of %(ward)s for %(period)s is due at %(deadline)s."),
    NotificationKind.MISSING: _("%(count)s ward(s) have not submitted the %(kind)s report for %(period)s: %(wards)s."),
    NotificationKind.URGENT: _("Urgent report from %(ward)s (%(severity)s): %(title)s"),
    NotificationKind.RETURNED: _("Your %(kind)s report for %(period)s was returned: %(comment)s"),
    NotificationKind.APPROVED: _("Your %(kind)s report for %(period)s was approved."),
    NotificationKind.ACKNOWLEDGED: _("The district committee acknowledged your urgent report: %(title)s"),
    NotificationKind.LEVEL: _(
        "%(ward)s: epidemic level %(previous)s → %(level)s on %(day)s (%(rate)s per %(per)s residents)."
    ),
    NotificationKind.OVERDUE: _(
        "The %(kind)s report of %(ward)s for %(period)s was due at %(deadline)s and has not been sent."
    ),
    NotificationKind.URGENT_ESCALATED: _(
        "Urgent report from %(ward)s (%(severity)s) not acknowledged after %(minutes)s minutes: %(title)s"
    ),
    NotificationKind.BRIEF: _("Morning brief of %(day)s: %(submitted)s of %(expected)s wards reported."),
    NotificationKind.LOW_STOCK: _("%(item)s at %(holder)s lasts about %(days)s more days at the current rate."),
    NotificationKind.TASK_DUE: _("Due tomorrow (%(due)s) for %(ward)s: %(task)s"),
    NotificationKind.TASKS_OVERDUE: _("%(count)s directive task(s) overdue: %(wards)s."),
}


class EmailSent(models.Model):
    """An e-mail to an address without a portal account (a ward committee's head), sent once per key.

    The row is the claim: written in the transaction that sends, so a failed send leaves no row
    and the next beat run tries again, and the unique rule keeps a second run from sending twice.
    """

    dedup_key = models.CharField(_("deduplication key"), max_length=120)
    address = models.EmailField(_("address"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("e-mail sent")
        verbose_name_plural = _("e-mails sent")
        constraints = [
            models.UniqueConstraint(
                fields=["dedup_key", "address"],
                name="%(app_label)s_%(class)s_sent_once",
                violation_error_message=_("This e-mail was already sent to this address."),
            ),
        ]

    def __str__(self):
        return f"{self.dedup_key} → {self.address}"


class Notification(models.Model):
    """An in-app message (and e-mail where the user has an address), sent once per ``dedup_key``."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=NotificationKind.choices)
    params = models.JSONField(_("parameters"), default=dict, help_text=_("Values filled into the translated message."))
    link = models.CharField(_("link"), max_length=255, blank=True)
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications", verbose_name=_("report")
    )
    dedup_key = models.CharField(
        _("deduplication key"), max_length=120, help_text=_("The same key is never sent twice to the same person.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedup_key"],
                name="%(app_label)s_%(class)s_sent_once",
                violation_error_message=_("This notification was already sent to this person."),
            ),
        ]
        indexes = [
            # The unique constraint's index serves "was this sent"; this one the unread badge and the list.
            models.Index(fields=["recipient", "read_at"], name="reports_notification_unread"),
            # The beat sweep reports.services.undelivered_sweep: notifications of the last day still
            # waiting for their e-mail (a range on created_at instead of reading every notification).
            models.Index(fields=["created_at"], name="reports_notification_created"),
        ]

    def __str__(self):
        return self.text

    @property
    def is_urgent(self) -> bool:
        return self.kind == NotificationKind.URGENT

    @property
    def text(self) -> str:
        """The message in the active language."""
        template = NOTIFICATION_MESSAGES.get(self.kind)
        if template is None:
            return self.kind
        params = dict(self.params)
        if "kind" in params:
            params["kind"] = (
                str(ReportKind(params["kind"]).label).lower() if params["kind"] in ReportKind.values else ""
            )
        if "severity" in params and params["severity"] in Severity.values:
            params["severity"] = Severity(params["severity"]).label
        try:
            return str(template) % params
        except (KeyError, TypeError, ValueError):
            return str(template)


def period_days(start: datetime.date, end: datetime.date):
    """Every day from ``start`` to ``end`` inclusive."""
    for offset in range((end - start).days + 1):
        yield start + datetime.timedelta(days=offset)
