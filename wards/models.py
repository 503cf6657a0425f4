"""Districts, wards, ward steering committees and the portal's users."""

import datetime
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.collation import ViCollate
from wards.choices import LeaderRole, Role


class DistrictQuerySet(models.QuerySet["District"]):
    def default(self) -> "District | None":
        """The district shown and compiled when none is chosen: the first one created (the portal
        serves one). Keeps the queryset's annotations (the dashboard adds its compile stamps)."""
        return self.order_by("pk").first()


def expected_to_report_q(start: datetime.date | F, end: datetime.date | F, prefix: str = "") -> Q:
    """The rule "a ward is expected to report in [start, end]": it is active at some point of the period.

    Active from ``active_from`` (inclusive) until ``active_until`` (inclusive; empty while
    active). ``start`` and ``end`` may be expressions, e.g. ``F("period_start")`` to test each
    report against its own day; ``prefix`` reaches the ward through a relation (``"ward__"``).
    ``Ward.objects.expected_to_report`` is the same rule for ward querysets, ``Ward.is_active_on``
    for one ward and one day.
    """
    return Q(**{f"{prefix}active_from__lte": end}) & (
        Q(**{f"{prefix}active_until__isnull": True}) | Q(**{f"{prefix}active_until__gte": start})
    )


def is_active_on(active_from: datetime.date, active_until: datetime.date | None, day: datetime.date) -> bool:
    """``expected_to_report_q`` for one ward and one day, in Python (for rows already read)."""
    return active_from <= day and (active_until is None or day <= active_until)


class WardQuerySet(models.QuerySet["Ward"]):
    def expected_to_report(
        self, start: datetime.date, end: datetime.date, *, district: "District | int | None" = None
    ) -> "WardQuerySet":
        """Wards expected to report for the period [start, end] (see ``expected_to_report_q``),
        of ``district`` (a District or its id) when given."""
        qs = self.filter(expected_to_report_q(start, end))
        return qs if district is None else qs.filter(district=district)


class District(models.Model):
    """A district (quận/huyện). The portal serves one or more; each owns its wards."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=120)
    city = models.CharField(_("city/province"), max_length=120)
    committee_name = models.CharField(
        _("steering committee name"),
        max_length=255,
        blank=True,
        help_text=_("Full name used on documents, e.g. Ban Chỉ đạo phòng, chống dịch COVID-19 quận Lê Chân."),
    )

    objects = DistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = [ViCollate("name")]

    def __str__(self):
        return self.name


class Ward(models.Model):
    """A ward (phường) of a district: the unit that reports and holds stock."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="wards", verbose_name=_("district"))
    code = models.SlugField(_("code"), max_length=50, help_text=_("Short code without diacritics, e.g. an-bien."))
    name = models.CharField(_("name"), max_length=120)
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True, help_text=_("Used for rates per 1,000 residents.")
    )
    active_from = models.DateField(
        _("active from"), help_text=_("The day the ward starts reporting (counted in completeness from this day).")
    )
    active_until = models.DateField(
        _("active until"), null=True, blank=True, help_text=_("Leave empty while the ward is active.")
    )

    objects = WardQuerySet.as_manager()

    class Meta:
        verbose_name = _("ward")
        verbose_name_plural = _("wards")
        ordering = [ViCollate("district__name"), ViCollate("name")]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "code"],
                name="%(app_label)s_%(class)s_unique_code_per_district",
                violation_error_message=_("The district already has a ward with this code."),
            ),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True) | Q(active_until__gte=models.F("active_from")),
                name="%(app_label)s_%(class)s_active_until_after_from",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self):
        return self.name

    def is_active_on(self, day: datetime.date) -> bool:
        """True when the ward is expected to report on ``day``."""
        return is_active_on(self.active_from, self.active_until, day)


class WardCommittee(models.Model):
    """A ward's steering committee for COVID-19 prevention (Ban Chỉ đạo phường)."""

    ward = models.OneToOneField(Ward, on_delete=models.CASCADE, related_name="committee", verbose_name=_("ward"))
    head_name = models.CharField(_("head"), max_length=120, blank=True)
    deputy_name = models.CharField(_("deputy head"), max_length=120, blank=True)
    head_user = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_committees",
        verbose_name=_("head's account"),
        help_text=_("The head's portal account, if any: they are reminded with the officers at the deadline."),
    )
    head_email = models.EmailField(
        _("head's e-mail"),
        blank=True,
        help_text=_("Used when the head has no portal account: the reminder at the deadline is e-mailed there."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    established_on = models.DateField(_("date established"), null=True, blank=True)
    plan_reference = models.CharField(
        _("plan reference"), max_length=120, blank=True, help_text=_("Number and reference of the implementation plan.")
    )
    plan_file = models.FileField(
        _("plan file"), upload_to="ward-plans/", blank=True, help_text=_("The implementation plan (PDF).")
    )

    class Meta:
        verbose_name = _("ward steering committee")
        verbose_name_plural = _("ward steering committees")

    def __str__(self):
        return str(self.ward)

    @property
    def has_plan(self) -> bool:
        """True when the committee's implementation plan is on file."""
        return bool(self.plan_file or self.plan_reference)


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person using the portal. A ward officer belongs to exactly one ward."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    ward = models.ForeignKey(
        Ward,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("ward"),
        help_text=_("Required for ward officers; leave empty for other roles."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    objects: ClassVar[PortalUserManager] = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="%(app_label)s_%(class)s_role_valid",
                violation_error_message=_("Invalid role."),
            ),
            models.CheckConstraint(
                condition=(Q(role=Role.WARD_OFFICER) & Q(ward__isnull=False))
                | (~Q(role=Role.WARD_OFFICER) & Q(ward__isnull=True)),
                name="%(app_label)s_%(class)s_officer_has_one_ward",
                violation_error_message=_("A ward officer belongs to exactly one ward; other roles belong to none."),
            ),
        ]

    def clean(self):
        super().clean()
        if self.role == Role.WARD_OFFICER and not self.ward_id:
            raise ValidationError({"ward": _("A ward officer must belong to a ward.")})
        if self.role != Role.WARD_OFFICER and self.ward_id:
            raise ValidationError({"ward": _("Only ward officers belong to a ward.")})

    def save(self, *args, **kwargs):
        # Only district administrators may enter the Django admin.
        self.is_staff = self.role == Role.ADMIN or self.is_superuser
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        """The name as Vietnamese write it, family name first: họ (``last_name``) then tên
        (``first_name``), "Nguyễn Văn Hải"; empty when neither is known."""
        return " ".join(part for part in (self.last_name.strip(), self.first_name.strip()) if part)

    @property
    def is_ward_officer(self) -> bool:
        return self.role == Role.WARD_OFFICER

    @property
    def is_committee(self) -> bool:
        return self.role == Role.COMMITTEE

    @property
    def is_district_admin(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

    @property
    def is_leader(self) -> bool:
        """A leader in charge of a ward: reads what the committee reads, reviews and changes nothing."""
        return self.role == Role.LEADER

    @property
    def sees_whole_district(self) -> bool:
        """Committee members, administrators and the leaders in charge of wards see every ward."""
        return self.is_committee or self.is_district_admin or self.is_leader

    def has_perm(self, perm, obj=None):
        # District administrators manage everything in the admin; others hold no model perms.
        if self.is_active and self.is_district_admin:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        if self.is_active and self.is_district_admin:
            return True
        return super().has_module_perms(app_label)


class WardLeader(models.Model):
    """A leader the district assigns to a ward (a member of the Party Committee's standing board,
    or another leader), with the dates of the assignment. History is kept: an assignment that ends
    gets ``ended_on``; at most one assignment per ward and role is current (a database rule)."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="leaders", verbose_name=_("ward"))
    role = models.CharField(
        _("role in the ward"), max_length=20, choices=LeaderRole.choices, default=LeaderRole.IN_CHARGE
    )
    name = models.CharField(_("full name"), max_length=120, help_text=_("Family name first, e.g. Nguyễn Văn Hải."))
    title = models.CharField(
        _("position"), max_length=200, help_text=_("E.g. Ủy viên Ban Thường vụ Quận ủy, Phó Chủ tịch UBND quận.")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    started_on = models.DateField(_("assigned from"))
    ended_on = models.DateField(_("assigned until"), null=True, blank=True, help_text=_("Empty while current."))
    user = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ward_assignments",
        limit_choices_to={"role": Role.LEADER},
        verbose_name=_("portal account"),
        help_text=_(
            "An account with the role “Leader in charge of a ward (read only)”: reads like the committee "
            "and receives the ward's missing-report notices."
        ),
    )

    class Meta:
        verbose_name = _("leader in charge")
        verbose_name_plural = _("leaders in charge")
        ordering = ["ward_id", "role", "-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "role"],
                condition=Q(ended_on__isnull=True),
                name="%(app_label)s_%(class)s_one_current_per_ward_role",
                violation_error_message=_(
                    "The ward already has a current leader in this role; end that assignment first."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="%(app_label)s_%(class)s_ended_after_started",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]
        indexes = [
            # The ward page, the summary and the missing-report notice: a ward's current leaders.
            models.Index(fields=["ward", "ended_on"], name="wards_leader_ward_current"),
        ]

    def __str__(self):
        return f"{self.name} ({self.ward})"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None
