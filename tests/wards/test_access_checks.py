"""Every rule of ``wards.access`` for every persona: an officer (their own ward and another
ward), the committee, an administrator, an inactive administrator and an anonymous visitor.

(``can_view_ward``, ``can_change_ward`` and ``scope_to_user`` are covered by test_access.py.)
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone, translation

from inspections import services as inspection_services
from inspections.choices import EstablishmentStatus, ScheduleStatus
from reports import services as report_services
from reports.choices import ReportKind, Severity
from supplies import services as supply_services
from supplies.models import StockMovement, SupplyItem
from tests.factories import (
    AdminFactory,
    DistrictFactory,
    EstablishmentFactory,
    MemberFactory,
    ScheduleFactory,
    TeamFactory,
    WardFactory,
    draft_daily,
    submitted_daily,
)
from wards import access

pytestmark = pytest.mark.django_db

PERSONAS = ["officer_an_bien", "officer_cat_dai", "committee_member", "district_admin", "inactive_admin", "anonymous"]


@pytest.fixture(autouse=True)
def _english_messages():
    """The refusals are asserted by their English source text."""
    with translation.override("en"):
        yield


@pytest.fixture
def inactive_admin(db):
    return AdminFactory(username="admin.inactive", is_active=False)


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def who(request):
    """The persona named by the test's parameter."""
    return lambda name: request.getfixturevalue(name)


def allowed(who, check, *args) -> set[str]:
    """The personas for which ``check(user, *args)`` holds."""
    return {name for name in PERSONAS if check(who(name), *args)}


# ---- Roles ----------------------------------------------------------------------------------


def test_role_questions_count_only_active_users(who, le_chan):
    assert allowed(who, access.is_active_user) == {
        "officer_an_bien", "officer_cat_dai", "committee_member", "district_admin",
    }  # fmt: skip
    assert allowed(who, access.is_admin) == {"district_admin"}
    assert allowed(who, access.is_officer) == {"officer_an_bien", "officer_cat_dai"}
    assert allowed(who, access.sees_whole_district) == {"committee_member", "district_admin"}


def test_sees_whole_district_follows_the_user_model(committee_member, district_admin, officer_an_bien):
    """The access module asks ``User.sees_whole_district`` rather than re-deriving it from the role."""
    for user in (committee_member, district_admin, officer_an_bien):
        assert access.sees_whole_district(user) == user.sees_whole_district


@pytest.mark.parametrize("persona", ["officer_an_bien", "committee_member", "inactive_admin", "anonymous"])
def test_require_admin_refuses_everyone_but_an_active_administrator(who, persona):
    with pytest.raises(PermissionDenied):
        access.require_admin(who(persona))


def test_require_admin_lets_an_active_administrator_through(district_admin):
    access.require_admin(district_admin)


def test_require_admin_refuses_none():
    with pytest.raises(PermissionDenied):
        access.require_admin(None)


# ---- District-wide pages --------------------------------------------------------------------


def test_ward_limit_is_the_whole_district_for_committee_and_admin(le_chan, committee_member, district_admin):
    assert access.ward_limit_or_404(committee_member, le_chan) is None
    assert access.ward_limit_or_404(district_admin, le_chan.pk) is None


def test_ward_limit_of_an_officer_is_their_ward_in_their_district(le_chan, officer_an_bien, an_bien):
    assert access.ward_limit_or_404(officer_an_bien, le_chan) == an_bien.pk


def test_officer_of_another_district_is_not_found(le_chan, officer_an_bien):
    elsewhere = WardFactory(district=DistrictFactory(code="ngo-quyen", name="Ngô Quyền"))
    with pytest.raises(Http404):
        access.ward_limit_or_404(officer_an_bien, elsewhere.district)


@pytest.mark.parametrize("persona", ["inactive_admin", "anonymous"])
def test_ward_limit_refuses_inactive_and_anonymous(who, persona, le_chan):
    with pytest.raises(Http404):
        access.ward_limit_or_404(who(persona), le_chan)


# ---- Reports --------------------------------------------------------------------------------


@pytest.fixture
def day():
    return timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def draft(officer_an_bien, day):
    return draft_daily(officer_an_bien, day)


@pytest.fixture
def submitted(officer_an_bien, day):
    return submitted_daily(officer_an_bien, day - datetime.timedelta(days=1))


@pytest.fixture
def urgent(officer_an_bien):
    report = report_services.report_create(
        user=officer_an_bien, ward=officer_an_bien.ward, kind=ReportKind.URGENT, title="Ca nghi nhiễm",
        severity=Severity.SERIOUS, occurred_at=timezone.now(), description="Một ca sốt tại tổ 5.",
    )  # fmt: skip
    return report_services.report_submit(report=report, user=officer_an_bien)


def test_only_the_wards_officer_and_admin_edit_and_submit_a_draft(who, draft):
    assert allowed(who, access.can_edit_report, draft) == {"officer_an_bien", "district_admin"}
    assert allowed(who, access.can_submit_report, draft) == {"officer_an_bien", "district_admin"}


def test_a_submitted_report_is_edited_but_not_submitted_again(who, submitted):
    assert allowed(who, access.can_edit_report, submitted) == {"officer_an_bien", "district_admin"}
    assert allowed(who, access.can_submit_report, submitted) == set()


def test_a_returned_report_is_submitted_again_by_its_ward(who, submitted, committee_member):
    returned = report_services.report_return(report=submitted, user=committee_member, comment="Thiếu số liệu.")
    assert allowed(who, access.can_submit_report, returned) == {"officer_an_bien", "district_admin"}


def test_committee_and_admin_review_a_submitted_report(who, submitted):
    assert allowed(who, access.can_review_report, submitted) == {"committee_member", "district_admin"}
    assert allowed(who, access.can_review_reports) == {"committee_member", "district_admin"}


def test_nobody_reviews_a_draft_or_an_approved_report(who, draft, submitted, committee_member):
    assert allowed(who, access.can_review_report, draft) == set()
    approved = report_services.report_approve(report=submitted, user=committee_member)
    assert allowed(who, access.can_review_report, approved) == set()


def test_committee_and_admin_acknowledge_an_urgent_report_once(who, urgent, committee_member):
    assert allowed(who, access.can_acknowledge_report, urgent) == {"committee_member", "district_admin"}
    assert allowed(who, access.can_review_report, urgent) == set()  # urgent reports are acknowledged
    acknowledged = report_services.report_acknowledge(report=urgent, user=committee_member)
    assert allowed(who, access.can_acknowledge_report, acknowledged) == set()
    assert allowed(who, access.can_edit_report, acknowledged) == set()


@pytest.mark.parametrize("persona", ["officer_an_bien", "inactive_admin", "anonymous"])
def test_require_report_reviewer_refuses_non_reviewers(who, persona):
    with pytest.raises(PermissionDenied, match="steering committee"):
        access.require_report_reviewer(who(persona))


@pytest.mark.parametrize("persona", ["officer_cat_dai", "committee_member", "inactive_admin", "anonymous"])
def test_require_report_writer_refuses_all_but_the_wards_officer_and_admin(who, persona, an_bien):
    with pytest.raises(PermissionDenied, match="own officers"):
        access.require_report_writer(who(persona), an_bien)


def test_inactive_committee_member_cannot_approve(submitted, committee_member):
    committee_member.is_active = False
    committee_member.save()
    with pytest.raises(PermissionDenied):
        report_services.report_approve(report=submitted, user=committee_member)


# ---- Inspections ----------------------------------------------------------------------------


@pytest.fixture
def team(committee_member):
    """A team whose only member is the committee member."""
    t = TeamFactory(name="Đoàn liên ngành 1")
    MemberFactory(team=t, user=committee_member)
    return t


@pytest.fixture
def restaurant(an_bien):
    return EstablishmentFactory(ward=an_bien, name="Nhà hàng Sông Cấm")


def test_members_and_administrators_record_a_teams_inspections(who, team):
    assert allowed(who, access.can_record, team) == {"committee_member", "district_admin"}


def test_an_officer_who_joins_the_team_records_its_inspections(who, team, officer_cat_dai):
    MemberFactory(team=team, user=officer_cat_dai)
    assert allowed(who, access.can_record, team) == {"committee_member", "officer_cat_dai", "district_admin"}


def test_an_inactive_member_records_nothing(team, committee_member):
    committee_member.is_active = False
    committee_member.save()
    assert access.is_team_member(committee_member, team)  # still listed
    assert not access.can_record(committee_member, team)


def test_team_membership_is_a_fact_about_the_team(team, committee_member, district_admin, anonymous):
    assert access.is_team_member(committee_member, team)
    assert not access.is_team_member(district_admin, team)
    assert not access.is_team_member(anonymous, team)


def test_only_administrators_plan_visits_of_open_establishments(who, restaurant):
    assert allowed(who, access.can_plan_visit, restaurant) == {"district_admin"}
    restaurant.status = EstablishmentStatus.CLOSED
    assert allowed(who, access.can_plan_visit, restaurant) == set()


def test_only_administrators_cancel_a_planned_visit(who, team, restaurant):
    schedule = ScheduleFactory(team=team, establishment=restaurant)
    assert allowed(who, access.can_cancel_schedule, schedule) == {"district_admin"}
    schedule.status = ScheduleStatus.DONE
    assert allowed(who, access.can_cancel_schedule, schedule) == set()


def test_only_the_wards_officer_suggests_updates(who, restaurant):
    assert allowed(who, access.can_suggest_update, restaurant) == {"officer_an_bien"}


# ---- Supplies -------------------------------------------------------------------------------


@pytest.fixture
def district_store(le_chan):
    return supply_services.district_store(le_chan)


@pytest.fixture
def an_bien_store(an_bien):
    return supply_services.holder_for_ward(an_bien)


@pytest.fixture
def masks(db):
    return SupplyItem.objects.get(code="mask-medical")


@pytest.fixture
def transfer(district_admin, district_store, an_bien_store, masks):
    supply_services.stock_receive(
        item=masks, holder=district_store, quantity=500, user=district_admin, source="Sở Y tế"
    )
    return supply_services.stock_transfer(item=masks, to_holder=an_bien_store, quantity=200, user=district_admin)


def test_district_store_is_changed_by_administrators_only(who, district_store):
    assert allowed(who, access.can_change_holder, district_store) == {"district_admin"}


def test_ward_store_is_changed_by_its_officer_and_administrators(who, an_bien_store):
    assert allowed(who, access.can_change_holder, an_bien_store) == {"officer_an_bien", "district_admin"}


def test_officers_and_administrators_move_stock(who, le_chan):
    assert allowed(who, access.can_move_stock) == {"officer_an_bien", "officer_cat_dai", "district_admin"}


def test_receiving_ward_and_administrators_acknowledge_a_transfer_in_transit(who, transfer, officer_an_bien):
    assert allowed(who, access.can_receive_transfer, transfer) == {"officer_an_bien", "district_admin"}
    supply_services.transfer_acknowledge(transfer=transfer, quantity_received=200, user=officer_an_bien)
    transfer.refresh_from_db()
    assert allowed(who, access.can_receive_transfer, transfer) == set()


def test_administrators_reverse_a_movement_once(who, district_admin, district_store, masks):
    receipt = supply_services.stock_receive(
        item=masks, holder=district_store, quantity=50, user=district_admin, source="Sở Y tế"
    )
    assert allowed(who, access.can_reverse_movement, receipt) == {"district_admin"}
    reversal = supply_services.movement_reverse(movement=receipt, user=district_admin, reason="Nhập nhầm")
    receipt.refresh_from_db()
    assert allowed(who, access.can_reverse_movement, receipt) == set()
    assert allowed(who, access.can_reverse_movement, reversal) == set()


# ---- One rule in inspections and supplies alike ---------------------------------------------


def test_inactive_administrator_is_refused_by_inspections_services(inactive_admin, restaurant, team, le_chan):
    with pytest.raises(PermissionDenied):
        inspection_services.team_create(user=inactive_admin, data={"name": "Đoàn mới", "member_users": []})
    schedule = ScheduleFactory(team=team, establishment=restaurant)
    with pytest.raises(PermissionDenied):
        inspection_services.schedule_cancel(user=inactive_admin, schedule=schedule, reason="Trùng lịch")
    schedule.refresh_from_db()
    assert schedule.status == ScheduleStatus.PLANNED


def test_inactive_administrator_is_refused_by_supplies_services(inactive_admin, district_store, masks):
    with pytest.raises(PermissionDenied):
        supply_services.stock_receive(
            item=masks, holder=district_store, quantity=10, user=inactive_admin, source="Sở Y tế"
        )
    assert not StockMovement.objects.filter(holder=district_store).exists()


def test_inactive_administrator_records_no_inspection(inactive_admin, team, restaurant):
    with pytest.raises(PermissionDenied):
        inspection_services.inspection_record(
            user=inactive_admin, team=team, establishment=restaurant, inspected_at=timezone.now(),
            members_present=[], answers={}, findings="", result="compliant", action="none",
        )  # fmt: skip
