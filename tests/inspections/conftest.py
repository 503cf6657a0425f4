"""Fixtures of the inspections tests: a team with an inspector, establishments, answers."""

import datetime

import pytest
from django.utils import timezone, translation

from inspections import services
from inspections.choices import Answer, Category, EstablishmentStatus, SiteKind
from inspections.models import ChecklistItem, DisinfectionSite, RiskInterval
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


# ---- disinfection rounds (issue 15 #4) ----


@pytest.fixture
def places(an_bien, cat_dai):
    """Two schools and a market in An Biên, a market and a closed school in Cát Dài, a restaurant
    (not covered), and the two wards' headquarters."""
    return {
        "school_ab": EstablishmentFactory(ward=an_bien, name="Trường Tiểu học An Biên", category=Category.PRIMARY_SCHOOL),
        "kinder_ab": EstablishmentFactory(ward=an_bien, name="Trường Mầm non Hoa Sen", category=Category.KINDERGARTEN),
        "market_ab": EstablishmentFactory(ward=an_bien, name="Chợ An Biên", category=Category.MARKET),
        "market_cd": EstablishmentFactory(ward=cat_dai, name="Chợ Cát Dài", category=Category.MARKET),
        "closed_cd": EstablishmentFactory(
            ward=cat_dai, name="Trường cũ", category=Category.PRIMARY_SCHOOL, status=EstablishmentStatus.CLOSED
        ),
        "restaurant": EstablishmentFactory(ward=an_bien, name="Nhà hàng", category=Category.RESTAURANT),
        "hq_ab": DisinfectionSite.objects.create(ward=an_bien, name="Trụ sở UBND phường An Biên", address="1 Tô Hiệu", kind=SiteKind.WARD_HQ),
        "hq_cd": DisinfectionSite.objects.create(ward=cat_dai, name="Trụ sở UBND phường Cát Dài", address="2 Cát Dài", kind=SiteKind.WARD_HQ),
    }  # fmt: skip


@pytest.fixture
def the_round(district_admin, places, today):
    return services.round_create(
        user=district_admin,
        data={
            "title": "Đợt phun khử khuẩn trường học, chợ",
            "scope": "Trường học, chợ, trụ sở phường",
            "start": today - datetime.timedelta(days=3),
            "end": today + datetime.timedelta(days=3),
            "categories": [Category.PRIMARY_SCHOOL, Category.KINDERGARTEN, Category.MARKET, SiteKind.WARD_HQ],
            "directive_reference": "Kế hoạch 58/KH-UBND",
        },
    )
