"""Model factories shared by the test suite (wards and users).

Apps add their own factories in ``tests/<app>/factories.py``.
"""

import datetime

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from wards.choices import Role
from wards.models import District, User, Ward, WardCommittee


def at(day: datetime.date, hour: int, minute: int = 0, second: int = 0) -> datetime.datetime:
    """An aware local datetime (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute, second)))


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
