"""The district summary compiled from ward reports, its per-ward rows and the recompile outbox."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.collation import ViCollate
from reports.choices import PERIODIC_KINDS, ReportKind
from reports.models import Report
from reports.rates import reporting_rate
from reports.summary.choices import LEVEL_COLORS, NO_LEVEL_COLORS, WARD_STATUS_COLORS, EpidemicLevel, WardStatus
from supplies.selectors import unit_label

KIND_CHOICES = [(k.value, k.label) for k in PERIODIC_KINDS]


class DistrictSummary(models.Model):
    """A district's figures for one daily, weekly or monthly period, compiled from the wards' reports.

    Compiled by ``reports.summary.services.summary_compile`` (a Celery task in production):
    one row per district, kind and period, overwritten by every compile (an upsert), so
    compiling twice leaves the same row with the same figures.
    """

    district = models.ForeignKey(
        "wards.District", on_delete=models.PROTECT, related_name="summaries", verbose_name=_("district")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    totals = models.JSONField(
        _("totals"),
        default=dict,
        blank=True,
        help_text=_("Indicator code → the district total (the sum of the wards' values)."),
    )
    expected = models.PositiveIntegerField(_("wards expected"), default=0, help_text=_("Wards active in the period."))
    submitted = models.PositiveIntegerField(_("wards submitted"), default=0)
    on_time = models.PositiveIntegerField(_("wards on time"), default=0)
    late = models.PositiveIntegerField(_("wards late"), default=0)
    missing_wards = models.JSONField(
        _("missing wards"), default=list, blank=True, help_text=_("Wards expected that sent no report: [{id, name}].")
    )
    late_wards = models.JSONField(
        _("late wards"),
        default=list,
        blank=True,
        help_text=_("Wards that sent after the deadline: [{id, name, submitted_at}]."),
    )
    urgent = models.JSONField(
        _("urgent reports"),
        default=list,
        blank=True,
        help_text=_("Urgent reports sent in the period with their acknowledgement state."),
    )
    inspections = models.JSONField(
        _("inspections"), default=dict, blank=True, help_text=_("Inspections done and violations found in the period.")
    )
    supplies = models.JSONField(
        _("supplies distributed"), default=list, blank=True, help_text=_("Per supply item, the quantity distributed.")
    )
    compiled_at = models.DateTimeField(_("compiled at"))

    class Meta:
        verbose_name = _("district summary")
        verbose_name_plural = _("district summaries")
        ordering = ["-period_start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "kind", "period_start"],
                name="%(app_label)s_%(class)s_one_per_district_kind_period",
                violation_error_message=_("The district already has a summary of this kind for this period."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in PERIODIC_KINDS]),
                name="%(app_label)s_%(class)s_kind_periodic",
                violation_error_message=_("Summaries are daily, weekly or monthly."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="%(app_label)s_%(class)s_period_ordered",
                violation_error_message=_("The period must not end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(submitted__lte=F("expected")) & Q(on_time=F("submitted") - F("late")),
                name="%(app_label)s_%(class)s_counts_consistent",
                violation_error_message=_(
                    "Submitted wards must not exceed expected ones, and on time + late = submitted."
                ),
            ),
        ]
        indexes = [
            # Summary list and the API: one kind, newest periods first.
            models.Index(fields=["kind", "-period_start"], name="summaries_kind_period"),
        ]

    def __str__(self):
        return f"{self.district} · {self.get_kind_display()} {self.period_label}"

    @property
    def supplies_shown(self) -> list[dict]:
        """The supplies rows with ``unit_label``, the unit in the active language (the snapshot keeps its code)."""
        return [{**row, "unit_label": unit_label(str(row.get("unit", "")))} for row in self.supplies or []]

    @property
    def period_label(self) -> str:
        """The period as people say it (15/03/2020, week 12/2020, 03/2020)."""
        return Report(kind=self.kind, period_start=self.period_start).period_label

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    @property
    def completeness_rate(self) -> float | None:
        """Submitted / expected, in percent (None when no ward is expected)."""
        return reporting_rate(self.submitted, self.expected)

    @property
    def timeliness_rate(self) -> float | None:
        """On time / expected, in percent (None when no ward is expected)."""
        return reporting_rate(self.on_time, self.expected)

    @property
    def is_daily(self) -> bool:
        return self.kind == ReportKind.DAILY


class DistrictSummaryWard(models.Model):
    """One ward's line in a summary: its status and values. Written by the compile only.

    ``kind`` and ``period_start`` repeat the summary's so one ward's days are read through an
    index, without a join (the ward × day grid, per-ward series and the comparison table).
    """

    summary = models.ForeignKey(
        DistrictSummary, on_delete=models.CASCADE, related_name="ward_rows", verbose_name=_("summary")
    )
    ward = models.ForeignKey("wards.Ward", on_delete=models.PROTECT, related_name="+", verbose_name=_("ward"))
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    period_start = models.DateField(_("period start"))
    status = models.CharField(_("status"), max_length=10, choices=WardStatus.choices)
    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("report")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    values = models.JSONField(_("values"), default=dict, blank=True, help_text=_("Indicator code → the ward's value."))

    class Meta:
        verbose_name = _("ward line of a summary")
        verbose_name_plural = _("ward lines of summaries")
        ordering = ["summary", ViCollate("ward__name")]
        constraints = [
            models.UniqueConstraint(
                fields=["summary", "ward"],
                name="%(app_label)s_%(class)s_one_per_ward",
                violation_error_message=_("The summary already has a line for this ward."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=WardStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
                violation_error_message=_("Invalid status."),
            ),
        ]
        indexes = [
            # Ward × day grid, per-ward series and the comparison table: one ward's daily lines in a range.
            models.Index(fields=["ward", "kind", "period_start"], name="summaries_ward_kind_period"),
        ]

    def __str__(self):
        return f"{self.summary} · {self.ward_id} {self.status}"

    @property
    def status_color(self) -> str:
        """The status badge's colour (a Bootstrap contextual name)."""
        return WARD_STATUS_COLORS.get(self.status, "danger")


class SummaryRecompile(models.Model):
    """Outbox: a summary whose reports changed after it was compiled, waiting for a recompile.

    Written in the same transaction as the change, so a recompile is never lost when the broker
    is unreachable: the task sent after the commit compiles it, and if that send failed the beat
    sweep does. One row per district, kind and period: a burst of edits leaves one row.
    """

    district = models.ForeignKey(
        "wards.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    period_start = models.DateField(_("period start"))
    created_at = models.DateTimeField(_("first requested at"))
    requested_at = models.DateTimeField(_("last requested at"), help_text=_("Moved forward by every new request."))
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("pending recompile")
        verbose_name_plural = _("pending recompiles")
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "kind", "period_start"],
                name="%(app_label)s_%(class)s_one_per_summary",
                violation_error_message=_("A recompile of this summary is already pending."),
            ),
        ]
        indexes = [
            # The beat sweep: pending rows, oldest request first.
            models.Index(fields=["requested_at"], name="summaries_recompile_requested"),
        ]

    def __str__(self):
        return f"{self.district_id} {self.kind} {self.period_start}"


class LevelCriteria(models.Model):
    """How a ward's epidemic level is judged from a day on: an indicator summed over the last ``days``
    days per ``per_residents`` residents, against three increasing thresholds.

    Kept as data with the day it applies from, so each day is judged by the criteria in force
    that day and past days keep the level they had. A set applies until the next set's
    ``valid_from``; sets are added for today or later only (``levels.level_criteria_add``).
    """

    valid_from = models.DateField(_("applies from"))
    indicator = models.SlugField(
        _("indicator"), max_length=50, default="confirmed_cases", help_text=_("Code of a daily indicator.")
    )
    days = models.PositiveSmallIntegerField(
        _("days"), default=7, validators=[MinValueValidator(1), MaxValueValidator(31)], help_text=_("Days summed.")
    )
    per_residents = models.PositiveIntegerField(_("per residents"), default=100000)
    level_2_from = models.DecimalField(_("level 2 from"), max_digits=10, decimal_places=2)
    level_3_from = models.DecimalField(_("level 3 from"), max_digits=10, decimal_places=2)
    level_4_from = models.DecimalField(_("level 4 from"), max_digits=10, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("The guidance it follows."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("epidemic level criteria")
        verbose_name_plural = _("epidemic level criteria")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from"],
                name="%(app_label)s_%(class)s_one_per_day",
                violation_error_message=_("A set of criteria already applies from this day."),
            ),
            models.CheckConstraint(
                condition=Q(level_2_from__gt=0)
                & Q(level_3_from__gt=F("level_2_from"))
                & Q(level_4_from__gt=F("level_3_from")),
                name="%(app_label)s_%(class)s_thresholds_increasing",
                violation_error_message=_("The thresholds must be positive and increase from level 2 to level 4."),
            ),
            models.CheckConstraint(
                condition=Q(days__gte=1) & Q(days__lte=31) & Q(per_residents__gte=1),
                name="%(app_label)s_%(class)s_window_valid",
                violation_error_message=_("Days must be 1 to 31 and residents at least 1."),
            ),
        ]

    def __str__(self):
        return f"{self.valid_from:%d/%m/%Y}: {self.level_2_from} / {self.level_3_from} / {self.level_4_from}"

    def level_of(self, rate: float) -> int:
        """The level of ``rate`` (a threshold reached is the higher level: exactly 20 is level 2)."""
        if rate >= float(self.level_4_from):
            return EpidemicLevel.RED
        if rate >= float(self.level_3_from):
            return EpidemicLevel.ORANGE
        if rate >= float(self.level_2_from):
            return EpidemicLevel.YELLOW
        return EpidemicLevel.GREEN


class WardLevel(models.Model):
    """A ward's epidemic level on one day, written by the daily compile (its history is these rows).

    A ward without a population has no row (its rate cannot be computed).
    """

    ward = models.ForeignKey("wards.Ward", on_delete=models.PROTECT, related_name="+", verbose_name=_("ward"))
    day = models.DateField(_("day"))
    level = models.PositiveSmallIntegerField(_("level"), choices=EpidemicLevel.choices)
    cases = models.FloatField(_("cases"), help_text=_("The indicator summed over the criteria's days."))
    rate = models.FloatField(_("rate"), help_text=_("Cases per the criteria's number of residents."))
    criteria = models.ForeignKey(LevelCriteria, on_delete=models.PROTECT, related_name="+", verbose_name=_("criteria"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("ward epidemic level")
        verbose_name_plural = _("ward epidemic levels")
        ordering = ["ward", "-day"]
        constraints = [
            # Its index also serves a ward's history and "the latest level on or before a day".
            models.UniqueConstraint(
                fields=["ward", "day"],
                name="%(app_label)s_%(class)s_one_per_ward_day",
                violation_error_message=_("The ward already has a level for this day."),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=4),
                name="%(app_label)s_%(class)s_level_valid",
                violation_error_message=_("The level is 1 to 4."),
            ),
        ]

    def __str__(self):
        return f"{self.ward_id} {self.day} {self.level}"

    @property
    def colors(self) -> tuple[str, str]:
        return LEVEL_COLORS.get(self.level, NO_LEVEL_COLORS)


#: The morning brief's defaults: sent at 06:30 local time (Asia/Ho_Chi_Minh); supplies that last
#: fewer than 7 days at the current rate are listed (and their store keeper told, once a day).
BRIEF_DEFAULT_TIME = datetime.time(6, 30)
BRIEF_DEFAULT_LOW_COVER_DAYS = 7


class MorningBriefSettings(models.Model):
    """The morning brief's settings, one row (pk 1), changed by district administrators."""

    send_at = models.TimeField(
        _("sending time"), default=BRIEF_DEFAULT_TIME, help_text=_("Local time (Asia/Ho_Chi_Minh), e.g. 06:30.")
    )
    low_cover_days = models.PositiveSmallIntegerField(
        _("low cover threshold (days)"),
        default=BRIEF_DEFAULT_LOW_COVER_DAYS,
        help_text=_("Supplies that last fewer days than this at the current rate are listed and their store told."),
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("recipients"),
        help_text=_("Committee members and administrators who receive the brief; none chosen = all of them."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("morning brief settings")
        verbose_name_plural = _("morning brief settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1), name="%(app_label)s_%(class)s_single_row",
                violation_error_message=_("There is one row of morning brief settings."),
            ),
            models.CheckConstraint(
                condition=Q(low_cover_days__gte=1) & Q(low_cover_days__lte=90),
                name="%(app_label)s_%(class)s_low_cover_range",
                violation_error_message=_("The low cover threshold is between 1 and 90 days."),
            ),
        ]  # fmt: skip

    def __str__(self):
        return str(_("Morning brief settings"))


class MorningBrief(models.Model):
    """The brief of one morning: the closed day's figures compiled once, then sent to each recipient."""

    day = models.DateField(_("day closed"), unique=True, help_text=_("The day the brief reports on (yesterday)."))
    district = models.ForeignKey(
        "wards.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    content = models.JSONField(_("content"), default=dict, blank=True)
    compiled_at = models.DateTimeField(_("compiled at"))

    class Meta:
        verbose_name = _("morning brief")
        verbose_name_plural = _("morning briefs")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("summary:brief_pdf", args=[self.day.isoformat()])


class MorningBriefDelivery(models.Model):
    """One recipient's copy of a brief: claimed (the row) when the brief is compiled, sent once.

    The unique (day, recipient) rule is the claim: two beats or a restarted worker never make a
    second row; ``sent_at`` is set in the transaction that sends, under a row lock.
    """

    brief = models.ForeignKey(MorningBrief, on_delete=models.CASCADE, related_name="deliveries")
    day = models.DateField(_("day closed"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    claimed_at = models.DateTimeField(_("claimed at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    emailed = models.BooleanField(_("e-mailed"), default=False)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("morning brief delivery")
        verbose_name_plural = _("morning brief deliveries")
        ordering = ["-day", "recipient"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "recipient"],
                name="%(app_label)s_%(class)s_once_per_day_recipient",
                violation_error_message=_("The brief of this day was already claimed for this person."),
            ),
        ]
        indexes = [models.Index(fields=["sent_at", "day"], name="summaries_brief_unsent")]

    def __str__(self):
        return f"{self.day} → {self.recipient_id}"
