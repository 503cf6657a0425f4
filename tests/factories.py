"""Factories and builders of the whole test suite, one section per app.

- wards and users: ``DistrictFactory``, ``WardFactory``, ``OfficerFactory``, ``CommitteeFactory``,
  ``AdminFactory`` (every user logs in with ``PASSWORD``); ``at`` makes an aware local time.
- reports: ``draft_daily`` and ``submitted_daily`` go through the services (workflow tests);
  ``add_reports``, ``daily`` and ``bulk_daily`` write rows straight to the database, without the
  workflow (summaries, data-size tests, query counts).
- inspections: ``EstablishmentFactory``, ``TeamFactory``, ``MemberFactory``, ``ScheduleFactory``,
  ``InspectionFactory``.
- supplies: ``distribution`` records a distribution through the service (movements never go
  around the services).
"""

import datetime
import itertools

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from inspections.choices import Category, EstablishmentStatus, Result
from inspections.models import Establishment, Inspection, InspectionSchedule, InspectionTeam, TeamMember
from reports import services as report_services
from reports.choices import ReportKind, ReportStatus
from reports.models import Indicator, Report, ReportValue
from reports.periods import period_bounds
from supplies import services as supply_services
from supplies.choices import RecipientType
from wards.choices import Role
from wards.models import District, User, Ward, WardCommittee


def at(day: datetime.date, hour: int, minute: int = 0, second: int = 0) -> datetime.datetime:
    """An aware local datetime (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute, second)))


# ---- wards and users ------------------------------------------------------------------------------

PASSWORD = "correct-horse-battery"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"district-{n}")
    name = factory.Sequence(lambda n: f"Quận {n}")
    city = "Hải Phòng"


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        skip_postgeneration_save = True

    district = factory.LazyFunction(lambda: District.objects.get(code="le-chan"))
    code = factory.Sequence(lambda n: f"ward-{n}")
    name = factory.Sequence(lambda n: f"Phường {n}")
    active_from = datetime.date(2020, 1, 22)
    committee = factory.RelatedFactory("tests.factories.WardCommitteeFactory", factory_related_name="ward")


class WardCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WardCommittee

    head_name = "Nguyễn Văn A"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.COMMITTEE
    # Hashed before the first save, as createsuperuser and the admin's add form do: a second save
    # that sets a password is a password change (it has an audit entry of its own).
    password = factory.LazyFunction(lambda: make_password(PASSWORD))


class OfficerFactory(UserFactory):
    role = Role.WARD_OFFICER
    ward = factory.SubFactory(WardFactory)


class CommitteeFactory(UserFactory):
    role = Role.COMMITTEE


class AdminFactory(UserFactory):
    role = Role.ADMIN


# ---- reports: through the workflow ----------------------------------------------------------------

DAILY_VALUES = {"home_quarantine": 12, "samples_tested": 8, "confirmed_cases": 0, "masks_given": 150}


def draft_daily(officer, day, values=None, **fields):
    return report_services.report_create(
        user=officer, ward=officer.ward, kind=ReportKind.DAILY, period_start=day,
        values=DAILY_VALUES if values is None else values, **fields,
    )  # fmt: skip


def submitted_daily(officer, day, values=None):
    report = draft_daily(officer, day, values)
    return report_services.report_submit(report=report, user=officer)


# ---- reports: rows written straight to the database (no workflow), in bulk -----------------------


def add_reports(specs, creator, kind=ReportKind.DAILY):
    """Write reports with values. ``specs``: [(ward, period_start, {code: value}, status, is_late)].

    A sent report was submitted at 15:00 on its last day, a late one at 17:00 (after the daily
    deadline of 16:00).
    """
    codes = {code for _w, _d, values, *_ in specs for code in values}
    ids = dict(Indicator.objects.filter(code__in=codes).values_list("code", "id"))
    reports = []
    for ward, day, _values, status, late in specs:
        start, end = period_bounds(kind, day)
        sent = status != ReportStatus.DRAFT
        reports.append(
            Report(
                ward=ward, kind=kind, period_start=start, period_end=end, status=status, created_by=creator,
                submitted_at=at(end, 17 if late else 15) if sent else None, submitted_by=creator if sent else None,
                is_late=late,
            )
        )  # fmt: skip
    reports = Report.objects.bulk_create(reports)
    ReportValue.objects.bulk_create(
        [
            ReportValue(report=r, indicator_id=ids[code], value=value)
            for r, (_w, _d, values, *_rest) in zip(reports, specs, strict=True)
            for code, value in values.items()
        ]
    )
    return reports


def daily(ward, day, values, creator, *, late=False, status=ReportStatus.SUBMITTED):
    """One daily report of ``ward`` for ``day``, written straight to the database."""
    return add_reports([(ward, day, values, status, late)], creator)[0]


def bulk_daily(wards, days, creator, values=None, *, status=ReportStatus.SUBMITTED, late=False):
    """Every ward × every day (in that order), the same values (``DAILY_VALUES`` by default)."""
    values = DAILY_VALUES if values is None else values
    return add_reports([(w, d, values, status, late) for w in wards for d in days], creator)


# ---- inspections ----------------------------------------------------------------------------------


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment

    ward = factory.LazyFunction(lambda: Ward.objects.get(code="an-bien"))
    name = factory.Sequence(lambda n: f"Cơ sở {n}")
    address = factory.Sequence(lambda n: f"{n} Tô Hiệu")
    category = Category.RESTAURANT
    status = EstablishmentStatus.OPERATING
    registered_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionTeam

    name = factory.Sequence(lambda n: f"Đoàn kiểm tra số {n}")
    daily_capacity = 3


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionSchedule

    team = factory.SubFactory(TeamFactory)
    establishment = factory.SubFactory(EstablishmentFactory)
    date = factory.LazyFunction(timezone.localdate)


class InspectionFactory(factory.django.DjangoModelFactory):
    """A compliant inspection stored directly (bypasses the service: for read-side tests)."""

    class Meta:
        model = Inspection

    establishment = factory.SubFactory(EstablishmentFactory)
    team = factory.SubFactory(TeamFactory)
    inspected_on = factory.LazyFunction(timezone.localdate)
    inspected_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(datetime.datetime.combine(o.inspected_on, datetime.time(9, 0)))
    )
    result = Result.COMPLIANT
    recorded_by = factory.SubFactory(AdminFactory)


# ---- supplies -------------------------------------------------------------------------------------

_counter = itertools.count(1)


def distribution(*, holder, item, user, quantity=10, people_reached=5, at=None):
    """Record a distribution from ``holder`` through the service."""
    n = next(_counter)
    return supply_services.stock_distribute(
        item=item,
        holder=holder,
        quantity=quantity,
        recipient_type=RecipientType.RESIDENTIAL_GROUP,
        recipient=f"Tổ dân phố {n}",
        people_reached=people_reached,
        user=user,
        at=at,
    )
