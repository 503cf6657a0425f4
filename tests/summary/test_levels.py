"""Epidemic levels per ward (issue 14 #3): computed at the daily compile from criteria kept as data."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from reports.choices import NotificationKind, ReportKind
from reports.models import Notification
from reports.summary import levels
from reports.summary.models import LevelCriteria, WardLevel
from reports.summary.services import summary_compile
from tests.factories import CommitteeFactory, OfficerFactory, WardFactory, daily

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    yield


@pytest.fixture
def an_bien_10k(an_bien):
    an_bien.population = 10000
    an_bien.save(update_fields=["population"])
    return an_bien


def compile_day(district, day):
    return summary_compile(district_id=district.pk, kind=ReportKind.DAILY, period_start=day)


def level_of(ward, day):
    return WardLevel.objects.get(ward=ward, day=day)


def test_default_criteria_are_seeded():
    criteria = LevelCriteria.objects.get()
    assert (criteria.indicator, criteria.days, criteria.per_residents) == ("confirmed_cases", 7, 100000)
    assert (criteria.level_2_from, criteria.level_3_from, criteria.level_4_from) == (20, 50, 150)


@pytest.mark.parametrize(
    ("cases", "level"),
    [(0, 1), (1, 1), (2, 2), (4, 2), (5, 3), (14, 3), (15, 4), (40, 4)],
)
def test_level_at_the_thresholds_boundaries(le_chan, an_bien_10k, committee_member, today, cases, level):
    """10,000 residents: 2 cases = 20 per 100,000 (level 2 from 20), 5 = 50 (level 3), 15 = 150 (level 4)."""
    daily(an_bien_10k, today - 3 * DAY, {"confirmed_cases": cases // 2}, committee_member)
    daily(an_bien_10k, today, {"confirmed_cases": cases - cases // 2}, committee_member)
    compile_day(le_chan, today)
    row = level_of(an_bien_10k, today)
    assert (row.level, row.cases, row.rate) == (level, cases, cases * 10)


def test_only_the_last_seven_days_count(le_chan, an_bien_10k, committee_member, today):
    daily(an_bien_10k, today - 7 * DAY, {"confirmed_cases": 30}, committee_member)  # 8 days back: outside
    daily(an_bien_10k, today - 6 * DAY, {"confirmed_cases": 1}, committee_member)
    compile_day(le_chan, today - 7 * DAY)
    compile_day(le_chan, today - 6 * DAY)
    compile_day(le_chan, today)
    assert level_of(an_bien_10k, today).cases == 1
    assert level_of(an_bien_10k, today - 6 * DAY).level == 4


def test_a_ward_without_population_has_no_level(le_chan, an_bien_10k, cat_dai, committee_member, today):
    daily(cat_dai, today, {"confirmed_cases": 3}, committee_member)
    compile_day(le_chan, today)
    assert not WardLevel.objects.filter(ward=cat_dai).exists()
    assert WardLevel.objects.filter(day=today).count() == 1  # An Biên, the only ward with a population
    assert levels.ward_level(ward_id=cat_dai.pk, day=today)["level"] is None


def test_compiling_twice_keeps_one_row_per_ward_and_day(le_chan, an_bien_10k, committee_member, today):
    daily(an_bien_10k, today, {"confirmed_cases": 3}, committee_member)
    compile_day(le_chan, today)
    compile_day(le_chan, today)
    assert WardLevel.objects.filter(ward=an_bien_10k).count() == 1


def test_past_days_keep_their_level_after_the_criteria_change(
    le_chan, an_bien_10k, committee_member, district_admin, today, clock
):
    yesterday = today - DAY
    clock(yesterday, 21)
    daily(an_bien_10k, yesterday, {"confirmed_cases": 3}, committee_member)  # 30 per 100,000: level 2
    compile_day(le_chan, yesterday)
    assert level_of(an_bien_10k, yesterday).level == 2

    clock(today, 8)
    stricter = levels.level_criteria_add(
        user=district_admin,
        valid_from=today,
        level_2_from=Decimal(5),
        level_3_from=Decimal(10),
        level_4_from=Decimal(25),
        note="Hướng dẫn mới",
    )
    clock(today, 21)
    compile_day(le_chan, today)
    assert level_of(an_bien_10k, today).level == 4  # 30 ≥ 25 under the new criteria
    assert level_of(an_bien_10k, today).criteria == stricter
    compile_day(le_chan, yesterday)  # a late edit recompiles the past day: judged as it was
    assert level_of(an_bien_10k, yesterday).level == 2
    assert levels.ward_level(ward_id=an_bien_10k.pk, day=yesterday)["level"] == 2


def test_criteria_cannot_start_in_the_past_nor_twice_and_thresholds_increase(district_admin, today, committee_member):
    ok = {"level_2_from": Decimal(20), "level_3_from": Decimal(50), "level_4_from": Decimal(150)}
    with pytest.raises(ValidationError) as past:
        levels.level_criteria_add(user=district_admin, valid_from=today - DAY, **ok)
    assert "valid_from" in past.value.message_dict
    with pytest.raises(ValidationError) as order:
        levels.level_criteria_add(
            user=district_admin, valid_from=today, level_2_from=Decimal(50), level_3_from=Decimal(20),
            level_4_from=Decimal(150),
        )  # fmt: skip
    assert "level_4_from" in order.value.message_dict
    with pytest.raises(ValidationError) as indicator:
        levels.level_criteria_add(user=district_admin, valid_from=today, indicator="nope", **ok)
    assert "indicator" in indicator.value.message_dict
    levels.level_criteria_add(user=district_admin, valid_from=today, **ok)
    with pytest.raises(ValidationError):
        levels.level_criteria_add(user=district_admin, valid_from=today, **ok)
    with pytest.raises(PermissionDenied):
        levels.level_criteria_add(user=committee_member, valid_from=today + DAY, **ok)


def test_the_database_refuses_thresholds_out_of_order_and_two_sets_on_one_day(today):
    with pytest.raises(IntegrityError), transaction.atomic():
        LevelCriteria.objects.create(valid_from=today, level_2_from=50, level_3_from=50, level_4_from=150)
    with pytest.raises(IntegrityError), transaction.atomic():
        LevelCriteria.objects.create(
            valid_from=datetime.date(2020, 1, 22), level_2_from=1, level_3_from=2, level_4_from=3
        )


def test_a_change_of_level_notifies_the_committee_and_the_wards_officers_once(
    le_chan, an_bien_10k, cat_dai, committee_member, today, clock
):
    officer = OfficerFactory(ward=an_bien_10k)
    other_officer = OfficerFactory(ward=cat_dai)
    member = CommitteeFactory()
    yesterday = today - DAY
    clock(yesterday, 21)
    compile_day(le_chan, yesterday)  # level 1, the first recorded day: nothing to announce
    assert not Notification.objects.filter(kind=NotificationKind.LEVEL).exists()

    clock(today, 21)
    daily(an_bien_10k, today, {"confirmed_cases": 6}, committee_member)  # 60: level 3
    compile_day(le_chan, today)
    compile_day(le_chan, today)  # twice: still once
    sent = Notification.objects.filter(kind=NotificationKind.LEVEL)
    assert sorted(n.recipient_id for n in sent) == sorted([officer.pk, member.pk, committee_member.pk])
    assert other_officer.pk not in {n.recipient_id for n in sent}
    text = sent.get(recipient=officer).text
    assert "An Biên" in text and "1 → 3" in text and "17/03/2020" in text
    assert sent.get(recipient=officer).link == f"/wards/{an_bien_10k.pk}/"


def test_recompiling_an_old_day_does_not_announce_history(le_chan, an_bien_10k, committee_member, today, clock):
    OfficerFactory(ward=an_bien_10k)
    for back in (2, 1, 0):
        compile_day(le_chan, today - back * DAY)
    daily(an_bien_10k, today - DAY, {"confirmed_cases": 6}, committee_member)
    compile_day(le_chan, today - DAY)  # a late report for yesterday: today's row exists already
    assert level_of(an_bien_10k, today - DAY).level == 3
    assert not Notification.objects.filter(kind=NotificationKind.LEVEL).exists()


def test_history_marks_the_changes_and_the_current_level_says_since_when(le_chan, an_bien_10k, committee_member, today):
    daily(an_bien_10k, today - 2 * DAY, {"confirmed_cases": 2}, committee_member)
    for back in (3, 2, 1, 0):
        compile_day(le_chan, today - back * DAY)
    history = levels.level_history(ward_id=an_bien_10k.pk, start=today - 3 * DAY, end=today)
    assert history[2]["display"]["label"] == "Cấp 2 (vàng)"
    assert [(h["day"], h["level"], h["changed"]) for h in history] == [
        (today, 2, False),
        (today - DAY, 2, False),
        (today - 2 * DAY, 2, True),
        (today - 3 * DAY, 1, False),
    ]
    current = levels.ward_level(ward_id=an_bien_10k.pk, day=today)
    assert (current["level"], current["since"], current["rate"]) == (2, today - 2 * DAY, 20)


def test_a_ward_added_later_gets_a_level_from_its_first_day(le_chan, committee_member, today):
    new = WardFactory(district=le_chan, population=5000, active_from=today)
    daily(new, today, {"confirmed_cases": 1}, committee_member)
    compile_day(le_chan, today - DAY)
    compile_day(le_chan, today)
    assert not WardLevel.objects.filter(ward=new, day=today - DAY).exists()
    assert level_of(new, today).level == 2  # 1 per 5,000 = 20 per 100,000


def test_before_the_deadline_a_ward_that_has_not_reported_keeps_its_last_level(
    le_chan, an_bien_10k, cat_dai, committee_member, today, clock
):
    cat_dai.population = 10000
    cat_dai.save(update_fields=["population"])
    OfficerFactory(ward=cat_dai)
    yesterday = today - DAY
    clock(yesterday, 21)
    daily(cat_dai, yesterday, {"confirmed_cases": 6}, committee_member)
    compile_day(le_chan, yesterday)
    assert level_of(cat_dai, yesterday).level == 3

    clock(today, 10)  # the daily deadline is 16:00: Cát Dài is pending, not missing
    daily(an_bien_10k, today, {"confirmed_cases": 2}, committee_member)
    compile_day(le_chan, today)
    assert level_of(an_bien_10k, today).level == 2  # reported: judged at once
    assert not WardLevel.objects.filter(ward=cat_dai, day=today).exists()
    assert levels.ward_level(ward_id=cat_dai.pk, day=today)["level"] == 3  # yesterday's stands

    clock(today, 16, 5)  # after the deadline every ward is judged (a missing report counts no case)
    compile_day(le_chan, today)
    assert level_of(cat_dai, today).level == 3  # yesterday's 6 cases are still in the week
    assert not Notification.objects.filter(kind=NotificationKind.LEVEL, params__ward="Cát Dài").exists()
