"""Disinfection rounds (issue 15 #4): the sites a round lists, coverage per category and ward,
marking a site done and the bad input that changes nothing, every write audited."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from inspections import selectors, services
from inspections.choices import Category
from inspections.models import DisinfectionRound, DisinfectionTarget
from tests.factories import EstablishmentFactory, OfficerFactory, UserFactory, WardFactory
from tests.inspections.disinfection import mark as _mark
from tests.inspections.disinfection import target_of as _target
from wards.choices import Role

pytestmark = pytest.mark.django_db


# ---- the sites a round lists ------------------------------------------------------------------------


def test_round_lists_the_chosen_categories_and_sites_not_closed(the_round, places):
    listed = {
        t.name for t in DisinfectionTarget.objects.filter(round=the_round).select_related("establishment", "site")
    }
    assert listed == {
        "Trường Tiểu học An Biên", "Trường Mầm non Hoa Sen", "Chợ An Biên", "Chợ Cát Dài",
        "Trụ sở UBND phường An Biên", "Trụ sở UBND phường Cát Dài",
    }  # fmt: skip


def test_round_creation_is_audited_one_entry_per_site(the_round):
    assert LogEntry.objects.get_for_model(DisinfectionRound).filter(object_pk=str(the_round.pk)).count() == 1
    assert LogEntry.objects.get_for_model(DisinfectionTarget).count() == 6


def test_only_administrators_create_rounds(committee_member, officer_an_bien, places, today):
    data = {"title": "X", "start": today, "end": today, "categories": [Category.MARKET]}
    for user in (committee_member, officer_an_bien, UserFactory(role=Role.LEADER)):
        with pytest.raises(PermissionDenied):
            services.round_create(user=user, data=data)
    assert not DisinfectionRound.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"categories": []}, "categories"),
        ({"categories": ["spaceship"]}, "categories"),
        ({"end": datetime.date(2020, 1, 1)}, "end"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_round_is_refused_and_nothing_is_created(district_admin, places, today, change, field):
    data = {"title": "Đợt 1", "start": today, "end": today, "categories": [Category.MARKET]} | change
    with pytest.raises(ValidationError) as exc:
        services.round_create(user=district_admin, data=data)
    assert field in exc.value.message_dict
    assert not DisinfectionRound.objects.exists() and not DisinfectionTarget.objects.exists()


def test_end_before_start_is_a_database_rule(district_admin, today):
    with pytest.raises(IntegrityError), transaction.atomic():
        DisinfectionRound.objects.create(
            title="X", start=today, end=today - datetime.timedelta(days=1), created_by=district_admin
        )


def test_a_site_is_an_establishment_or_another_site_listed_once(the_round, places):
    with pytest.raises(IntegrityError), transaction.atomic():
        DisinfectionTarget.objects.create(round=the_round, ward=places["hq_ab"].ward, category="ward_hq")
    with pytest.raises(IntegrityError), transaction.atomic():
        DisinfectionTarget.objects.create(
            round=the_round, ward=places["hq_ab"].ward, category="ward_hq", site=places["hq_ab"]
        )


def test_done_without_product_is_refused_by_the_database(the_round, places, today):
    target = _target(the_round, places["market_ab"])
    with pytest.raises(IntegrityError), transaction.atomic():
        DisinfectionTarget.objects.filter(pk=target.pk).update(done_on=today)


# ---- coverage ------------------------------------------------------------------------------------------


def test_coverage_partial_then_full(the_round, places, officer_an_bien, officer_cat_dai, committee_member):
    _mark(officer_an_bien, the_round, _target(the_round, places["market_ab"]))
    _mark(officer_cat_dai, the_round, _target(the_round, places["market_cd"]))
    _mark(officer_an_bien, the_round, _target(the_round, places["school_ab"]))
    cov = selectors.disinfection_coverage(committee_member, the_round)
    assert (cov["total"], cov["done"], cov["percent"]) == (6, 3, 50)
    by_cat = {r["category"]: (r["done"], r["total"], r["percent"]) for r in cov["by_category"]}
    assert by_cat == {
        "kindergarten": (0, 1, 0),
        "primary_school": (1, 1, 100),
        "market": (2, 2, 100),
        "ward_hq": (0, 2, 0),
    }
    assert [r["category"] for r in cov["by_category"]] == ["kindergarten", "primary_school", "market", "ward_hq"]
    by_ward = [(r["ward_name"], r["done"], r["total"], r["percent"]) for r in cov["by_ward"]]
    assert by_ward == [("An Biên", 2, 4, 50), ("Cát Dài", 1, 2, 50)]
    for place in ("kinder_ab", "hq_ab"):
        _mark(officer_an_bien, the_round, _target(the_round, places[place]))
    _mark(officer_cat_dai, the_round, _target(the_round, places["hq_cd"]))
    cov = selectors.disinfection_coverage(committee_member, the_round)
    assert cov["percent"] == 100 and all(r["percent"] == 100 for r in cov["by_category"] + cov["by_ward"])


def test_percent_is_rounded_down_so_100_means_all():
    assert selectors.coverage_percent(199, 200) == 99
    assert selectors.coverage_percent(0, 0) is None


def test_a_round_with_no_sites(district_admin, committee_member, an_bien, today):
    empty = services.round_create(
        user=district_admin,
        data={"title": "Bến xe", "start": today, "end": today, "categories": [Category.BUS_STATION]},
    )
    cov = selectors.disinfection_coverage(committee_member, empty)
    assert cov == {"total": 0, "done": 0, "percent": None, "by_category": [], "by_ward": []}
    row = selectors.disinfection_rounds_for_user(committee_member).get(pk=empty.pk)
    assert (row.sites_total, row.sites_done) == (0, 0)


def test_a_ward_added_later_joins_the_round_when_refreshed(the_round, district_admin, committee_member, le_chan):
    new_ward = WardFactory(district=le_chan, code="phuong-moi", name="Phường Mới")
    EstablishmentFactory(ward=new_ward, name="Chợ Mới", category=Category.MARKET)
    assert selectors.disinfection_coverage(committee_member, the_round)["total"] == 6  # not yet listed
    assert services.round_targets_refresh(user=district_admin, round_=the_round) == 1
    assert services.round_targets_refresh(user=district_admin, round_=the_round) == 0  # once
    cov = selectors.disinfection_coverage(committee_member, the_round)
    assert ("Phường Mới", 0, 1, 0) in [(r["ward_name"], r["done"], r["total"], r["percent"]) for r in cov["by_ward"]]


def test_officer_sees_their_wards_coverage_and_sites_only(the_round, officer_an_bien):
    cov = selectors.disinfection_coverage(officer_an_bien, the_round)
    assert [r["ward_name"] for r in cov["by_ward"]] == ["An Biên"] and cov["total"] == 4
    assert {t.ward_id for t in selectors.disinfection_targets_for_user(officer_an_bien, the_round)} == {
        officer_an_bien.ward_id
    }
    row = selectors.disinfection_rounds_for_user(officer_an_bien).get()
    assert row.sites_total == 4


def test_summary_block_covers_rounds_of_the_period(the_round, places, officer_an_bien, le_chan, today):
    _mark(officer_an_bien, the_round, _target(the_round, places["market_ab"]))
    rows = selectors.disinfection_summary(district=le_chan, start=today, end=today)
    assert [(r["title"], r["done"], r["total"]) for r in rows] == [(the_round.title, 1, 6)]
    ward_rows = selectors.disinfection_summary(
        district=le_chan, start=today, end=today, ward_id=officer_an_bien.ward_id
    )
    assert (ward_rows[0]["done"], ward_rows[0]["total"]) == (1, 4)
    long_ago = today - datetime.timedelta(days=60)
    assert selectors.disinfection_summary(district=le_chan, start=long_ago, end=long_ago) == []


# ---- marking a site done ----------------------------------------------------------------------------


def test_officer_marks_their_wards_site_audited(the_round, places, officer_an_bien):
    target = _mark(officer_an_bien, the_round, _target(the_round, places["market_ab"]))
    target.refresh_from_db()
    assert target.done_on == the_round.start and target.marked_by == officer_an_bien
    assert target.quantity == Decimal("12.5") and target.product == "Cloramin B 2%"
    entry = LogEntry.objects.get_for_object(target).order_by("-pk").first()
    assert entry.action == LogEntry.Action.UPDATE and "done_on" in entry.changes_dict


def _unchanged(target):
    target.refresh_from_db()
    return target.done_on is None and target.marked_by is None


def test_another_wards_site_is_refused(the_round, places, officer_cat_dai):
    target = _target(the_round, places["market_ab"])
    with pytest.raises(PermissionDenied):
        _mark(officer_cat_dai, the_round, target)
    assert _unchanged(target)


def test_committee_and_leaders_do_not_mark(the_round, places, committee_member):
    target = _target(the_round, places["market_ab"])
    for user in (committee_member, UserFactory(role=Role.LEADER)):
        with pytest.raises(PermissionDenied):
            _mark(user, the_round, target)
    assert _unchanged(target)


def test_the_rounds_team_marks_any_site(the_round, places, team, inspector):
    target = _target(the_round, places["market_cd"])
    with pytest.raises(PermissionDenied):
        _mark(inspector, the_round, target)  # no team yet
    the_round.team = team
    the_round.save()
    _mark(inspector, the_round, target)
    target.refresh_from_db()
    assert target.marked_by == inspector


def test_marking_twice_is_refused(the_round, places, officer_an_bien):
    target = _target(the_round, places["market_ab"])
    _mark(officer_an_bien, the_round, target)
    with pytest.raises(ValidationError) as exc:
        _mark(officer_an_bien, the_round, target, product="Khác")
    assert "already marked done" in exc.value.message_dict["site"][0]
    target.refresh_from_db()
    assert target.product == "Cloramin B 2%"


def test_a_site_of_another_round_is_refused(the_round, places, district_admin, officer_an_bien, today):
    other = services.round_create(
        user=district_admin, data={"title": "Đợt 2", "start": today, "end": today, "categories": [Category.MARKET]}
    )
    target = _target(other, places["market_ab"])
    with pytest.raises(ValidationError) as exc:
        _mark(officer_an_bien, the_round, target)
    assert exc.value.message_dict == {"site": ["This site is not in this disinfection round."]}
    assert _unchanged(target)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"done_on": "before"}, "done_on"),
        ({"done_on": "after"}, "done_on"),
        ({"done_on": None}, "done_on"),
        ({"product": "  "}, "product"),
        ({"done_by": ""}, "done_by"),
        ({"quantity": Decimal(0)}, "quantity"),
        ({"quantity": Decimal(20000)}, "quantity"),
        ({"quantity": None}, "quantity"),
    ],
)
def test_bad_marking_is_refused_and_nothing_changes(the_round, places, officer_an_bien, change, field):
    if change.get("done_on") == "before":
        change = {"done_on": the_round.start - datetime.timedelta(days=1)}
    elif change.get("done_on") == "after":
        change = {"done_on": the_round.end}  # within the round but in the future
    target = _target(the_round, places["market_ab"])
    with pytest.raises(ValidationError) as exc:
        _mark(officer_an_bien, the_round, target, **change)
    assert field in exc.value.message_dict
    assert _unchanged(target)


def test_day_after_the_round_is_refused(district_admin, places, officer_an_bien, today):
    past = services.round_create(
        user=district_admin,
        data={"title": "Cũ", "start": today - datetime.timedelta(days=9), "end": today - datetime.timedelta(days=5), "categories": [Category.MARKET]},
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        _mark(officer_an_bien, past, _target(past, places["market_ab"]), done_on=today - datetime.timedelta(days=1))
    assert "within the round" in exc.value.message_dict["done_on"][0]


def test_deactivated_officer_cannot_mark(the_round, places, an_bien):
    gone = OfficerFactory(ward=an_bien, is_active=False)
    with pytest.raises(PermissionDenied):
        _mark(gone, the_round, _target(the_round, places["market_ab"]))
