"""Fixtures of the inspections tests: a team with an inspector, establishments, answers."""

import datetime

import pytest
from django.utils import timezone, translation

from inspections.choices import Answer
from inspections.models import ChecklistItem, RiskInterval
from inspections.seed import load_defaults
from inspections.services import checklist_for
from tests.factories import CommitteeFactory, EstablishmentFactory, MemberFactory, TeamFactory


@pytest.fixture(autouse=True)
def _english_messages():
    """Service tests assert the English source messages (pages and the API answer in Vietnamese)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Factories hash passwords; the default hasher costs ~0.3 s per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def inspector(db):
    """A committee member who belongs to ``team``."""
    return CommitteeFactory(username="inspector.test", first_name="Hùng")


@pytest.fixture
def team(le_chan, inspector):
    t = TeamFactory(name="Đoàn 1", daily_capacity=3, work_weekdays=[0, 1, 2, 3, 4, 5, 6])
    MemberFactory(team=t, user=inspector, position="Trưởng đoàn")
    MemberFactory(team=t, name="Nguyễn Thị Bình", unit="Trung tâm Y tế quận")
    return t


@pytest.fixture
def inspection_defaults(db):
    """The default risk intervals and checklist (re-created if a transactional test flushed them)."""
    load_defaults(RiskInterval, ChecklistItem)


@pytest.fixture
def restaurant(an_bien, inspection_defaults):
    return EstablishmentFactory(ward=an_bien, name="Nhà hàng Biển Xanh")


@pytest.fixture
def cat_dai_shop(cat_dai, inspection_defaults):
    return EstablishmentFactory(ward=cat_dai, name="Quán Cát Dài")


def all_yes(establishment):
    return {item.code: Answer.YES for item in checklist_for(establishment.category)}


def at(day: datetime.date, hour: int = 9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))
