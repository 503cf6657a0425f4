"""Factories of the inspections app."""

import datetime

import factory
from django.utils import timezone

from inspections.choices import Category, EstablishmentStatus, Result
from inspections.models import Establishment, Inspection, InspectionSchedule, InspectionTeam, TeamMember
from wards.models import Ward


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
    recorded_by = factory.SubFactory("tests.factories.AdminFactory")
