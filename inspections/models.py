"""Establishments, inspection teams, schedules, inspection records and their checklists."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.collation import ViCollate
from inspections.choices import (
    ANSWER_COLORS,
    COMPLIANT_ACTIONS,
    DISINFECTION_TARGETS,
    ESTABLISHMENT_STATUS_COLORS,
    VIOLATION_ACTIONS,
    Action,
    Answer,
    Category,
    EstablishmentStatus,
    InspectionReason,
    Result,
    ScheduleKind,
    ScheduleStatus,
    SiteKind,
    SuggestionStatus,
    target_label,
)

# Default risk intervals (days between routine inspections; days after a violation).
# Administrators edit them in the RiskInterval table; these seed it and fill any gap.
DEFAULT_INTERVALS: dict[str, tuple[int, int]] = {
    Category.ENTERPRISE: (30, 14),
    Category.ENTERPRISE_FOREIGN: (21, 7),
    Category.KINDERGARTEN: (14, 7),
    Category.PRIMARY_SCHOOL: (14, 7),
    Category.LOWER_SECONDARY_SCHOOL: (14, 7),
    Category.NON_PUBLIC_EDUCATION: (14, 7),
    Category.RELIGIOUS_SITE: (30, 14),
    Category.BELIEF_SITE: (30, 14),
    Category.CLINIC: (30, 14),
    Category.PHARMACY: (30, 14),
    Category.MARKET: (14, 7),
    Category.BUS_STATION: (14, 7),
    Category.OFFICE: (60, 30),
    Category.BAR: (14, 7),
    Category.RESTAURANT: (14, 7),
    Category.KARAOKE: (14, 7),
    Category.OTHER: (60, 30),
}


class Establishment(models.Model):
    """A place the district's inspection teams check (business, school, site, shop…)."""

    ward = models.ForeignKey(
        "wards.Ward", on_delete=models.PROTECT, related_name="establishments", verbose_name=_("ward")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=255)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    owner_name = models.CharField(_("owner/contact"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EstablishmentStatus.choices, default=EstablishmentStatus.OPERATING
    )
    workers = models.PositiveIntegerField(
        _("number of workers"), null=True, blank=True, help_text=_("For enterprises; leave empty otherwise.")
    )
    foreign_workers = models.PositiveIntegerField(
        _("number of foreign workers"),
        null=True,
        blank=True,
        help_text=_("For enterprises with foreign workers; not more than the number of workers."),
    )
    notes = models.TextField(_("notes"), blank=True)
    registered_on = models.DateField(
        _("registered on"),
        help_text=_("The day the establishment entered the register; a never-inspected one is due from here."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")
        ordering = [ViCollate("ward__name"), ViCollate("name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=Category.values),
                name="%(app_label)s_%(class)s_category_valid",
                violation_error_message=_("Unknown category."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=EstablishmentStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
                violation_error_message=_("Unknown status."),
            ),
            models.CheckConstraint(
                condition=Q(foreign_workers__isnull=True)
                | Q(workers__isnull=True)
                | Q(foreign_workers__lte=F("workers")),
                name="%(app_label)s_%(class)s_foreign_workers_within_workers",
                violation_error_message=_("Foreign workers cannot outnumber all workers."),
            ),
        ]
        indexes = [
            # Coverage per ward × category and the ward-scoped list filtered by category.
            models.Index(fields=["ward", "category"], name="insp_est_ward_category"),
            # The due list: operating establishments of a category.
            models.Index(fields=["status", "category"], name="insp_est_status_category"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_closed(self) -> bool:
        """Permanently closed: no more visits are planned or recorded."""
        return self.status == EstablishmentStatus.CLOSED

    @property
    def is_closed_by_order(self) -> bool:
        return self.status == EstablishmentStatus.CLOSED_BY_ORDER

    @property
    def status_color(self) -> str:
        """The status badge's colour (a Bootstrap contextual name)."""
        return ESTABLISHMENT_STATUS_COLORS.get(self.status, "secondary")

    @property
    def last_was_violation(self) -> bool:
        """The last inspection found a violation (reads ``last_result``, annotated by ``selectors.with_due``)."""
        return getattr(self, "last_result", None) == Result.VIOLATION


class EstablishmentUpdateSuggestion(models.Model):
    """A ward officer's proposed correction to an establishment; an administrator decides."""

    # Fields an officer may propose to change.
    FIELDS = ("name", "address", "category", "owner_name", "phone", "status", "workers", "foreign_workers")

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("establishment")
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("suggested by")
    )
    changes = models.JSONField(_("proposed changes"), help_text=_("Field name → proposed value."))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("establishment update suggestion")
        verbose_name_plural = _("establishment update suggestions")
        ordering = ["-created_at"]
        indexes = [
            # The administrators' queue of pending suggestions, newest first.
            models.Index(fields=["status", "-created_at"], name="insp_sugg_status_created"),
        ]

    def __str__(self):
        return f"{self.establishment} ({self.get_status_display()})"


class RiskInterval(models.Model):
    """How often a category is inspected: days between routine visits, fewer after a violation."""

    category = models.CharField(_("category"), max_length=30, choices=Category.choices, unique=True)
    interval_days = models.PositiveSmallIntegerField(
        _("interval (days)"), help_text=_("Days from the last inspection to the next routine one.")
    )
    after_violation_days = models.PositiveSmallIntegerField(
        _("interval after a violation (days)"),
        help_text=_("Used instead when the last inspection found a violation."),
    )

    class Meta:
        verbose_name = _("risk interval")
        verbose_name_plural = _("risk intervals")
        ordering = ["interval_days", "category"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_days__gte=1) & Q(after_violation_days__gte=1),
                name="%(app_label)s_%(class)s_positive",
                violation_error_message=_("Intervals are at least one day."),
            ),
            models.CheckConstraint(
                condition=Q(after_violation_days__lte=F("interval_days")),
                name="%(app_label)s_%(class)s_shorter_after_violation",
                violation_error_message=_("The interval after a violation must not be longer than the routine one."),
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.interval_days}/{self.after_violation_days}"


class InspectionTeam(models.Model):
    """A district inspection team (đoàn kiểm tra) with its members and daily capacity."""

    name = models.CharField(_("name"), max_length=120, help_text=_("Unique among active teams."))
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_inspection_teams",
        verbose_name=_("leader"),
    )
    daily_capacity = models.PositiveSmallIntegerField(
        _("visits per day"), default=6, help_text=_("The most inspections the team is scheduled for on one day.")
    )
    work_weekdays = models.JSONField(
        _("working days"),
        default=list,
        blank=True,
        help_text=_("Weekdays the team works, 0 = Monday … 6 = Sunday; empty means Monday to Friday."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("inspection team")
        verbose_name_plural = _("inspection teams")
        ordering = [ViCollate("name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(daily_capacity__gte=1),
                name="%(app_label)s_%(class)s_capacity_positive",
                violation_error_message=_("A team makes at least one visit a day."),
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(active=True),
                name="%(app_label)s_%(class)s_name_unique_among_active",
                violation_error_message=_("An active team already has this name."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def weekdays(self) -> tuple[int, ...]:
        """The team's working weekdays (Monday to Friday when none are set)."""
        days = tuple(sorted({int(d) for d in self.work_weekdays or [] if 0 <= int(d) <= 6}))
        return days or (0, 1, 2, 3, 4)


class TeamMember(models.Model):
    """A member of a team: a portal user, or a named outside member with their unit."""

    team = models.ForeignKey(InspectionTeam, on_delete=models.CASCADE, related_name="members", verbose_name=_("team"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_memberships",
        verbose_name=_("user"),
        help_text=_("Leave empty for an outside member and give their name and unit."),
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    unit = models.CharField(_("unit"), max_length=160, blank=True, help_text=_("E.g. District Health Centre."))
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text=_("For outside members."))
    position = models.CharField(_("position in the team"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""),
                name="%(app_label)s_%(class)s_user_or_name",
                violation_error_message=_("A member is a user or has a name."),
            ),
            models.UniqueConstraint(
                fields=["team", "user"],
                condition=Q(user__isnull=False),
                name="%(app_label)s_%(class)s_user_once_per_team",
                violation_error_message=_("This user is already a member of the team."),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user is not None:
            return self.user.get_full_name() or self.user.username
        return self.name


class Campaign(models.Model):
    """A batch of schedules planned together (e.g. all schools of a ward next week)."""

    name = models.CharField(_("name"), max_length=200)
    team = models.ForeignKey(InspectionTeam, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("team"))
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    per_day = models.PositiveSmallIntegerField(_("visits per day"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("The last day must not be before the first day."),
            ),
        ]

    def __str__(self):
        return self.name


class InspectionSchedule(models.Model):
    """A planned visit of a team to an establishment on a day."""

    team = models.ForeignKey(InspectionTeam, on_delete=models.PROTECT, related_name="schedules", verbose_name=_("team"))
    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="schedules", verbose_name=_("establishment")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ScheduleKind.choices, default=ScheduleKind.ROUTINE)
    status = models.CharField(
        _("status"), max_length=20, choices=ScheduleStatus.choices, default=ScheduleStatus.PLANNED
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schedules",
        verbose_name=_("campaign"),
    )
    follow_up_of = models.ForeignKey(
        "Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follow-up of"),
        help_text=_("The inspection whose violation this visit checks."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        help_text=_("Empty for follow-ups the system planned."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("inspection schedule")
        verbose_name_plural = _("inspection schedules")
        ordering = ["date", ViCollate("team__name"), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "date"],
                condition=~Q(status=ScheduleStatus.CANCELLED),
                name="%(app_label)s_%(class)s_one_visit_per_establishment_per_day",
                violation_error_message=_("The establishment is already scheduled for an inspection on this day."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ScheduleStatus.values) & Q(kind__in=ScheduleKind.values),
                name="%(app_label)s_%(class)s_status_kind_valid",
                violation_error_message=_("Unknown status or kind."),
            ),
        ]
        indexes = [
            # The calendar and the capacity check: one team's schedules by day.
            models.Index(fields=["team", "date", "status"], name="insp_sched_team_date"),
            # "Next scheduled visit" of an establishment in the due list.
            models.Index(fields=["establishment", "status", "date"], name="insp_sched_est_status_date"),
            # The week calendar of every team (inspections.selectors.calendar: a date range) and the
            # schedules API list (ORDER BY date, team name: an incremental sort within each day).
            models.Index(fields=["date"], name="insp_sched_date"),
        ]

    def __str__(self):
        return f"{self.establishment} · {self.date:%d/%m/%Y}"

    @property
    def is_planned(self) -> bool:
        return self.status == ScheduleStatus.PLANNED

    @property
    def is_done(self) -> bool:
        return self.status == ScheduleStatus.DONE

    @property
    def is_follow_up(self) -> bool:
        return self.kind == ScheduleKind.FOLLOW_UP


class ChecklistItem(models.Model):
    """One question of the inspection checklist, for some or all categories."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    text = models.CharField(_("question"), max_length=255)
    categories = models.JSONField(
        _("categories"),
        default=list,
        blank=True,
        help_text=_("Category codes the item applies to; empty means every category."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["order", "code"]

    def __str__(self):
        return self.text

    def applies_to(self, category: str) -> bool:
        return not self.categories or category in self.categories


class Inspection(models.Model):
    """What a team found at an establishment on a visit, and what it did about it."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("establishment")
    )
    team = models.ForeignKey(
        InspectionTeam, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("team")
    )
    schedule = models.OneToOneField(
        InspectionSchedule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection",
        verbose_name=_("schedule"),
        help_text=_("Empty for an unscheduled visit (for example after a complaint)."),
    )
    reason = models.CharField(
        _("reason"), max_length=20, choices=InspectionReason.choices, default=InspectionReason.SCHEDULED
    )
    inspected_at = models.DateTimeField(_("time of inspection"))
    inspected_on = models.DateField(
        _("date of inspection"), editable=False, help_text=_("The local date of the inspection time.")
    )
    members_present = models.ManyToManyField(
        TeamMember, related_name="inspections_attended", blank=True, verbose_name=_("members present")
    )
    findings = models.TextField(_("findings"), blank=True)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, default=Action.NONE)
    fine_amount = models.PositiveBigIntegerField(
        _("fine (VND)"), null=True, blank=True, help_text=_("Required with a fine, in đồng; empty otherwise.")
    )
    correct_by = models.DateField(
        _("correct by"),
        null=True,
        blank=True,
        help_text=_("Deadline to correct a violation; a follow-up is planned then."),
    )
    repeat_violation = models.BooleanField(
        _("repeat violation"), default=False, help_text=_("Another violation at the same place within 90 days before.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(action=Action.FINE) & Q(fine_amount__gt=0))
                | (~Q(action=Action.FINE) & Q(fine_amount__isnull=True)),
                name="%(app_label)s_%(class)s_fine_amount_with_fine",
                violation_error_message=_("A fine needs a positive amount; other actions have none."),
            ),
            models.CheckConstraint(
                condition=(Q(result=Result.COMPLIANT) & Q(action__in=COMPLIANT_ACTIONS))
                | (Q(result=Result.VIOLATION) & Q(action__in=VIOLATION_ACTIONS)),
                name="%(app_label)s_%(class)s_action_matches_result",
                violation_error_message=_("This action does not match the result."),
            ),
            models.CheckConstraint(
                condition=Q(correct_by__isnull=True) | Q(correct_by__gte=F("inspected_on")),
                name="%(app_label)s_%(class)s_correct_by_not_before_inspection",
                violation_error_message=_("The correct-by date cannot be before the inspection."),
            ),
            models.CheckConstraint(
                condition=Q(result=Result.COMPLIANT) | Q(correct_by__isnull=False),
                name="%(app_label)s_%(class)s_violation_has_correct_by",
                violation_error_message=_("A violation needs a correct-by date."),
            ),
        ]
        indexes = [
            # Last inspection per establishment (inspections.selectors.with_due: ORDER BY -inspected_on,
            # -inspected_at, -pk LIMIT 1, read as the first index entry, no sort) and an
            # establishment's history; it replaces (establishment, -inspected_on).
            models.Index(
                fields=["establishment", "-inspected_on", "-inspected_at", "-id"], name="insp_insp_est_latest"
            ),
            # Period totals and coverage: inspections in a date range.
            models.Index(fields=["inspected_on", "result"], name="insp_insp_date_result"),
            # The records page and the inspections API (ORDER BY -inspected_at, -pk): a page reads its
            # 25 or 50 rows from the index instead of sorting every inspection.
            models.Index(fields=["-inspected_at", "-id"], name="insp_insp_time"),
        ]

    def __str__(self):
        return f"{self.establishment} · {self.inspected_on:%d/%m/%Y}"

    @property
    def is_violation(self) -> bool:
        return self.result == Result.VIOLATION


class ChecklistAnswer(models.Model):
    """The answer to one checklist item at one inspection."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="answers", verbose_name=_("inspection")
    )
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="answers", verbose_name=_("item"))
    answer = models.CharField(_("answer"), max_length=3, choices=Answer.choices)

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["item__order", "item__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "item"],
                name="%(app_label)s_%(class)s_one_answer_per_item",
                violation_error_message=_("The item is already answered for this inspection."),
            ),
        ]

    def __str__(self):
        return f"{self.item.code}: {self.answer}"

    @property
    def answer_color(self) -> str:
        """The answer badge's colour: yes green, no red, not applicable grey."""
        return ANSWER_COLORS.get(self.answer, "secondary")


# ---- Disinfection rounds ---------------------------------------------------------------------------


class DisinfectionSite(models.Model):
    """A place disinfected in the rounds that is not in the establishment registry: a public
    office or a ward's headquarters."""

    ward = models.ForeignKey(
        "wards.Ward", on_delete=models.PROTECT, related_name="disinfection_sites", verbose_name=_("ward")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=SiteKind.choices)
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive sites are left out of new rounds."))

    class Meta:
        verbose_name = _("disinfection site")
        verbose_name_plural = _("disinfection sites")
        ordering = [ViCollate("ward__name"), ViCollate("name")]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "name"],
                name="%(app_label)s_%(class)s_unique_name_per_ward",
                violation_error_message=_("The ward already has a site with this name."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SiteKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
                violation_error_message=_("Unknown kind of site."),
            ),
        ]

    def __str__(self):
        return self.name


class DisinfectionRound(models.Model):
    """A disinfection round: the days it runs, what it covers (categories of the registry and
    kinds of other sites) and the sites it lists, each marked done by a team or the ward."""

    title = models.CharField(_("title"), max_length=200)
    scope = models.TextField(_("what it covers"), blank=True)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    categories = models.JSONField(
        _("categories"), default=list, help_text=_("Registry categories and kinds of sites the round covers.")
    )
    directive_reference = models.CharField(
        _("directive or task"),
        max_length=255,
        blank=True,
        help_text=_("The document or task the round comes from, e.g. Kế hoạch 58/KH-UBND."),
    )
    team = models.ForeignKey(
        InspectionTeam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disinfection_rounds",
        verbose_name=_("team"),
        help_text=_("Its members may mark any site of the round; ward officers mark their ward's sites."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("disinfection round")
        verbose_name_plural = _("disinfection rounds")
        ordering = ["-start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("The last day must not be before the first day."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:disinfection_detail", args=[self.pk])

    @property
    def category_labels(self) -> list[str]:
        return [target_label(value) for value in self.categories]


class DisinfectionTarget(models.Model):
    """A site a round lists (an establishment of the registry or another site), and its marking:
    when it was done, by whom, with which product and how much."""

    round = models.ForeignKey(
        DisinfectionRound, on_delete=models.CASCADE, related_name="targets", verbose_name=_("disinfection round")
    )
    ward = models.ForeignKey(
        "wards.Ward", on_delete=models.PROTECT, related_name="disinfection_targets", verbose_name=_("ward")
    )
    category = models.CharField(_("category"), max_length=30, choices=DISINFECTION_TARGETS)
    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disinfection_targets",
        verbose_name=_("establishment"),
    )
    site = models.ForeignKey(
        DisinfectionSite,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("site"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.CharField(_("done by"), max_length=200, blank=True, help_text=_("The team or the people."))
    product = models.CharField(_("product"), max_length=120, blank=True, help_text=_("E.g. Cloramin B 2%."))
    quantity = models.DecimalField(_("quantity used"), max_digits=9, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("E.g. lít, kg."))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("site of a round")
        verbose_name_plural = _("sites of a round")
        constraints = [
            models.CheckConstraint(
                condition=Q(establishment__isnull=False, site__isnull=True)
                | Q(establishment__isnull=True, site__isnull=False),
                name="%(app_label)s_%(class)s_one_place",
                violation_error_message=_("A site of a round is either an establishment or another site."),
            ),
            models.CheckConstraint(
                condition=Q(category__in=[value for value, _label in DISINFECTION_TARGETS]),
                name="%(app_label)s_%(class)s_category_valid",
                violation_error_message=_("Unknown category."),
            ),
            models.UniqueConstraint(
                fields=["round", "establishment"],
                name="%(app_label)s_%(class)s_establishment_once",
                violation_error_message=_("The round already lists this establishment."),
            ),
            models.UniqueConstraint(
                fields=["round", "site"],
                name="%(app_label)s_%(class)s_site_once",
                violation_error_message=_("The round already lists this site."),
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True)
                | (Q(quantity__gt=0) & ~Q(product="") & ~Q(done_by="") & Q(marked_at__isnull=False)),
                name="%(app_label)s_%(class)s_done_is_complete",
                violation_error_message=_("A site marked done has who, the product and a quantity above zero."),
            ),
        ]
        indexes = [
            # Coverage per category and ward of a round, and a ward's sites to mark.
            models.Index(fields=["round", "ward", "category"], name="insp_disinf_round_ward_cat"),
        ]

    def __str__(self):
        return self.name

    @property
    def place(self) -> "Establishment | DisinfectionSite":
        place = self.establishment or self.site
        assert place is not None  # the one_place constraint
        return place

    @property
    def name(self) -> str:
        return self.place.name

    @property
    def address(self) -> str:
        return self.place.address

    @property
    def category_label(self) -> str:
        return target_label(self.category)

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
