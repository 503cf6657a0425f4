"""The access module's answers in templates (``wards/templatetags/access_tags.py``) and the
pages that ask them: a page shows an action exactly to those the access module allows."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from inspections.choices import EstablishmentStatus
from reports import services as report_services
from reports.choices import ReportKind, Severity
from supplies import services as supply_services
from supplies.models import SupplyItem
from tests.factories import (
    AdminFactory,
    EstablishmentFactory,
    MemberFactory,
    ScheduleFactory,
    TeamFactory,
    draft_daily,
    submitted_daily,
)

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load access_tags %}" + source).render(Context(context)).strip()


def answer(filter_expression: str, **context) -> bool:
    """Evaluate ``{% if <filter_expression> %}`` in a template."""
    return render(f"{{% if {filter_expression} %}}yes{{% else %}}no{{% endif %}}", **context) == "yes"


@pytest.fixture
def inactive_admin(db):
    return AdminFactory(username="admin.inactive.tags", is_active=False)


@pytest.fixture
def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


# ---- Wards ----------------------------------------------------------------------------------


def test_can_change_ward_filter(officer_an_bien, officer_cat_dai, committee_member, district_admin, an_bien):
    assert answer("user|can_change_ward:ward", user=officer_an_bien, ward=an_bien)
    assert answer("user|can_change_ward:ward", user=district_admin, ward=an_bien)
    assert not answer("user|can_change_ward:ward", user=officer_cat_dai, ward=an_bien)
    assert not answer("user|can_change_ward:ward", user=committee_member, ward=an_bien)
    assert not answer("user|can_change_ward:ward", user=AnonymousUser(), ward=an_bien)


def test_can_view_ward_filter(officer_an_bien, officer_cat_dai, committee_member, inactive_admin, an_bien):
    assert answer("user|can_view_ward:ward", user=officer_an_bien, ward=an_bien)
    assert answer("user|can_view_ward:ward", user=committee_member, ward=an_bien)
    assert not answer("user|can_view_ward:ward", user=officer_cat_dai, ward=an_bien)
    assert not answer("user|can_view_ward:ward", user=inactive_admin, ward=an_bien)


# ---- Reports --------------------------------------------------------------------------------


def test_report_filters_for_a_draft(officer_an_bien, officer_cat_dai, committee_member, yesterday):
    draft = draft_daily(officer_an_bien, yesterday)
    assert answer("user|can_submit_report:r", user=officer_an_bien, r=draft)
    assert answer("user|can_edit_report:r", user=officer_an_bien, r=draft)
    assert not answer("user|can_submit_report:r", user=officer_cat_dai, r=draft)
    assert not answer("user|can_edit_report:r", user=committee_member, r=draft)
    assert not answer("user|can_review_report:r", user=committee_member, r=draft)


def test_report_filters_for_a_submitted_report(officer_an_bien, committee_member, inactive_admin, yesterday):
    report = submitted_daily(officer_an_bien, yesterday)
    assert answer("user|can_review_report:r", user=committee_member, r=report)
    assert not answer("user|can_review_report:r", user=officer_an_bien, r=report)
    assert not answer("user|can_review_report:r", user=inactive_admin, r=report)
    assert not answer("user|can_submit_report:r", user=officer_an_bien, r=report)


def test_acknowledge_filter(officer_an_bien, committee_member):
    report = report_services.report_create(
        user=officer_an_bien, ward=officer_an_bien.ward, kind=ReportKind.URGENT, title="Ổ dịch",
        severity=Severity.CRITICAL, occurred_at=timezone.now(), description="Ba ca dương tính.",
    )  # fmt: skip
    report = report_services.report_submit(report=report, user=officer_an_bien)
    assert answer("user|can_acknowledge_report:r", user=committee_member, r=report)
    assert not answer("user|can_acknowledge_report:r", user=officer_an_bien, r=report)


def test_returned_report_form_offers_submit_again(client, officer_an_bien, committee_member, yesterday):
    report = submitted_daily(officer_an_bien, yesterday)
    report_services.report_return(report=report, user=committee_member, comment="Bổ sung số mẫu xét nghiệm.")
    client.force_login(officer_an_bien)
    html = client.get(reverse("reports:edit", args=[report.pk])).content.decode()
    assert 'data-testid="review-report"' in html and 'data-testid="save-draft"' in html  # sent after the review step
    detail = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert reverse("reports:submit", args=[report.pk]) in detail


def test_submitted_report_form_saves_changes_only(client, officer_an_bien, yesterday):
    report = submitted_daily(officer_an_bien, yesterday)
    client.force_login(officer_an_bien)
    html = client.get(reverse("reports:edit", args=[report.pk])).content.decode()
    assert 'data-testid="save-changes"' in html
    assert 'data-testid="review-report"' not in html and 'data-testid="submit-report"' not in html


# ---- Inspections ----------------------------------------------------------------------------


@pytest.fixture
def restaurant(an_bien):
    return EstablishmentFactory(ward=an_bien, name="Quán Cơm Tô Hiệu")


def test_inspection_filters(officer_an_bien, officer_cat_dai, committee_member, district_admin, restaurant):
    assert answer("user|can_plan_visit:e", user=district_admin, e=restaurant)
    assert not answer("user|can_plan_visit:e", user=committee_member, e=restaurant)
    assert answer("user|can_suggest_update:e", user=officer_an_bien, e=restaurant)
    assert not answer("user|can_suggest_update:e", user=officer_cat_dai, e=restaurant)
    assert not answer("user|can_suggest_update:e", user=district_admin, e=restaurant)
    restaurant.status = EstablishmentStatus.CLOSED
    assert not answer("user|can_plan_visit:e", user=district_admin, e=restaurant)


def test_cancel_schedule_filter(committee_member, district_admin, restaurant):
    schedule = ScheduleFactory(team=TeamFactory(), establishment=restaurant)
    assert answer("user|can_cancel_schedule:s", user=district_admin, s=schedule)
    assert not answer("user|can_cancel_schedule:s", user=committee_member, s=schedule)


def test_establishment_page_offers_suggestions_to_the_wards_officer_only(
    client, officer_an_bien, committee_member, restaurant
):
    url = reverse("inspections:establishment_detail", args=[restaurant.pk])
    suggest = reverse("inspections:establishment_suggest", args=[restaurant.pk])
    client.force_login(officer_an_bien)
    assert suggest in client.get(url).content.decode()
    client.force_login(committee_member)
    assert suggest not in client.get(url).content.decode()


def test_calendar_offers_cancelling_to_administrators_only(client, committee_member, district_admin, restaurant):
    team = TeamFactory(work_weekdays=[0, 1, 2, 3, 4, 5, 6])
    MemberFactory(team=team, user=committee_member)
    schedule = ScheduleFactory(team=team, establishment=restaurant, date=timezone.localdate())
    cancel = reverse("inspections:schedule_cancel", args=[schedule.pk])
    page = reverse("inspections:team_detail", args=[team.pk])
    client.force_login(district_admin)
    assert cancel in client.get(page).content.decode()
    client.force_login(committee_member)
    html = client.get(page).content.decode()
    assert cancel not in html
    assert reverse("inspections:record", args=[schedule.pk]) in html  # a member records it


# ---- Supplies -------------------------------------------------------------------------------


@pytest.fixture
def transfer(district_admin, le_chan, an_bien):
    masks = SupplyItem.objects.get(code="mask-medical")
    store = supply_services.district_store(le_chan)
    supply_services.stock_receive(item=masks, holder=store, quantity=100, user=district_admin, source="Sở Y tế")
    to_ward = supply_services.holder_for_ward(an_bien)
    return supply_services.stock_transfer(item=masks, to_holder=to_ward, quantity=40, user=district_admin)


def test_supplies_filters(officer_an_bien, officer_cat_dai, committee_member, district_admin, transfer):
    assert answer("user|can_move_stock", user=officer_an_bien)
    assert answer("user|can_move_stock", user=district_admin)
    assert not answer("user|can_move_stock", user=committee_member)
    assert not answer("user|can_move_stock", user=AnonymousUser())
    assert answer("user|can_receive_transfer:t", user=officer_an_bien, t=transfer)
    assert not answer("user|can_receive_transfer:t", user=officer_cat_dai, t=transfer)
    assert answer("user|can_reverse_movement:m", user=district_admin, m=transfer.sent_movement)
    assert not answer("user|can_reverse_movement:m", user=officer_an_bien, m=transfer.sent_movement)


def test_transfer_list_offers_acknowledgement_to_the_receiving_ward_and_admin(
    client, officer_an_bien, committee_member, district_admin, transfer
):
    button = f'data-testid="acknowledge-{transfer.pk}"'
    for user, shown in ((officer_an_bien, True), (district_admin, True), (committee_member, False)):
        client.force_login(user)
        html = client.get(reverse("supplies:transfers")).content.decode()
        assert transfer.to_holder.ward.name in html  # the committee sees the transfer...
        assert (button in html) is shown  # ...but does not acknowledge it


def test_committee_sees_no_stock_actions(client, committee_member, officer_an_bien):
    client.force_login(committee_member)
    assert 'data-testid="nav-distribute"' not in client.get(reverse("supplies:stock")).content.decode()
    client.force_login(officer_an_bien)
    assert 'data-testid="nav-distribute"' in client.get(reverse("supplies:stock")).content.decode()
