"""Inspection settings (risk intervals and the checklist) managed by district administrators:
the rules (services), the pages under /inspections/settings/, and the audit trail."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from inspections import selectors
from inspections.choices import Answer, Category, Result
from inspections.models import DEFAULT_INTERVALS, ChecklistAnswer, ChecklistItem, RiskInterval
from inspections.services import (
    checklist_for,
    checklist_item_create,
    checklist_item_update,
    inspection_record,
    risk_interval_set,
)
from tests.audit.conftest import entries_of
from tests.factories import EstablishmentFactory, InspectionFactory
from tests.inspections.conftest import all_yes

pytestmark = pytest.mark.django_db

SETTINGS = "/inspections/settings/"


def url(name, *args):
    return reverse(f"inspections:{name}", args=args)


def interval_of(category):
    return RiskInterval.objects.filter(category=category).values_list("interval_days", "after_violation_days").first()


def interval_block(html: str, category: str) -> str:
    """The settings page's list entry of one category (its form, values and errors)."""
    match = re.search(rf'<li[^>]*id="interval-{category}".*?</li>', html, re.S)
    assert match, f"no entry for {category}"
    return match.group(0)


@pytest.fixture
def market(an_bien):
    return EstablishmentFactory(ward=an_bien, name="Chợ Cột Đèn", category=Category.MARKET)


def _item_data(**overrides):
    data = {"code": "ventilation", "text": "Phòng kín có thông gió", "categories": ["restaurant"], "order": "200"}
    data["active"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# ---- Rules (services) -------------------------------------------------------------------------------


def test_setting_an_interval_creates_the_row_then_replaces_it(district_admin):
    RiskInterval.objects.filter(category=Category.OFFICE).delete()
    risk_interval_set(user=district_admin, category=Category.OFFICE, interval_days=45, after_violation_days=20)
    assert interval_of(Category.OFFICE) == (45, 20)
    risk_interval_set(user=district_admin, category=Category.OFFICE, interval_days=40, after_violation_days=40)
    assert interval_of(Category.OFFICE) == (40, 40)
    assert RiskInterval.objects.filter(category=Category.OFFICE).count() == 1


def test_an_interval_after_a_violation_longer_than_the_routine_one_is_refused_before_the_database(district_admin):
    before = interval_of(Category.RESTAURANT)
    with pytest.raises(ValidationError) as exc:
        risk_interval_set(user=district_admin, category=Category.RESTAURANT, interval_days=10, after_violation_days=20)
    assert exc.value.message_dict == {
        "after_violation_days": ["The interval after a violation must not be longer than the routine one."]
    }
    assert interval_of(Category.RESTAURANT) == before


@pytest.mark.parametrize("days", [0, -3, 366, "7", None, True])
def test_an_interval_is_a_whole_number_of_days_from_1_to_365(district_admin, days):
    with pytest.raises(ValidationError) as exc:
        risk_interval_set(user=district_admin, category=Category.BAR, interval_days=days, after_violation_days=1)
    assert exc.value.message_dict == {"interval_days": ["An interval is a whole number of days from 1 to 365."]}


def test_an_unknown_category_is_refused(district_admin):
    with pytest.raises(ValidationError) as exc:
        risk_interval_set(user=district_admin, category="casino", interval_days=10, after_violation_days=5)
    assert exc.value.message_dict == {"category": ["Unknown category."]}


@pytest.mark.parametrize("persona", ["committee_member", "officer_an_bien"])
def test_only_administrators_change_the_settings(request, persona):
    user = request.getfixturevalue(persona)
    item = ChecklistItem.objects.get(code="masks")
    with pytest.raises(PermissionDenied):
        risk_interval_set(user=user, category=Category.BAR, interval_days=30, after_violation_days=10)
    with pytest.raises(PermissionDenied):
        checklist_item_create(user=user, code="x", text="x", categories=[], order=1)
    with pytest.raises(PermissionDenied):
        checklist_item_update(user=user, item=item, text="x", categories=[], order=1, active=False)
    assert interval_of(Category.BAR) == DEFAULT_INTERVALS[Category.BAR]
    item.refresh_from_db()
    assert item.active and item.text != "x" and not ChecklistItem.objects.filter(code="x").exists()


def test_a_new_item_keeps_known_categories_once_in_the_categories_order(district_admin):
    item = checklist_item_create(
        user=district_admin,
        code="ventilation",
        text="  Phòng kín có thông gió  ",
        categories=["restaurant", "market", "restaurant"],
        order=200,
    )
    assert (item.text, item.categories, item.active) == ("Phòng kín có thông gió", ["market", "restaurant"], True)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": ""}, "code", "Give the item a code."),
        ({"code": "Rửa tay"}, "code", "lower-case letters"),
        ({"code": "masks"}, "code", "already has the code masks"),
        ({"text": "   "}, "text", "Write the question."),
        ({"text": "x" * 256}, "text", "at most 255 characters"),
        ({"categories": ["restaurant", "casino"]}, "categories", "Unknown categories: casino."),
        ({"categories": "restaurant"}, "categories", "as a list"),
        ({"order": -1}, "order", "from 0 to 32767"),
        ({"order": 40000}, "order", "from 0 to 32767"),
    ],
)
def test_bad_checklist_items_are_refused_with_the_field_named(district_admin, changes, field, message):
    values = {"code": "ventilation", "text": "Thông gió", "categories": [], "order": 5, **changes}
    with pytest.raises(ValidationError) as exc:
        checklist_item_create(user=district_admin, **values)
    assert list(exc.value.message_dict) == [field] and message in exc.value.message_dict[field][0]
    assert not ChecklistItem.objects.filter(code="ventilation").exists()


def test_the_code_cannot_be_changed_by_the_service(district_admin):
    item = ChecklistItem.objects.get(code="masks")
    values = {"text": item.text, "categories": [], "order": item.order, "active": True}
    with pytest.raises(ValidationError) as exc:
        checklist_item_update(user=district_admin, item=item, code="face_masks", **values)
    assert "cannot be changed" in exc.value.message_dict["code"][0]
    checklist_item_update(user=district_admin, item=item, code="masks", **{**values, "order": 15})
    item.refresh_from_db()
    assert (item.code, item.order) == ("masks", 15)


# ---- Pages: intervals and the due list -----------------------------------------------------------------


def test_admin_edits_an_interval_and_the_due_list_next_date_changes(admin_client_, restaurant, team, today):
    InspectionFactory(establishment=restaurant, team=team, inspected_on=today - datetime.timedelta(days=10))
    due = admin_client_.get(url("due"))
    assert [(e.pk, e.due_on) for e in due.context["establishments"]] == [
        (restaurant.pk, today + datetime.timedelta(days=4))  # 14 days after the last inspection
    ]

    r = admin_client_.post(
        url("risk_interval_set", "restaurant"), {"interval_days": "30", "after_violation_days": "14"}
    )
    assert r.status_code == 302 and r["Location"] == f"{SETTINGS}#interval-restaurant"
    assert interval_of(Category.RESTAURANT) == (30, 14)

    assert restaurant.pk not in [e.pk for e in admin_client_.get(url("due")).context["establishments"]]
    detail = admin_client_.get(url("establishment_detail", restaurant.pk))
    assert detail.context["establishment"].due_on == today + datetime.timedelta(days=20)
    page = admin_client_.get(SETTINGS).content.decode()
    assert 'value="30"' in interval_block(page, "restaurant")


def test_a_violation_interval_longer_than_the_routine_one_is_refused_next_to_the_field(admin_client_):
    before = interval_of(Category.RESTAURANT)
    r = admin_client_.post(
        url("risk_interval_set", "restaurant"), {"interval_days": "10", "after_violation_days": "20"}
    )
    assert r.status_code == 400
    block = interval_block(r.content.decode(), "restaurant")
    # Vietnamese on the page, under the after-violation field, and the typed values are kept.
    assert "Chu kỳ sau vi phạm không được dài hơn chu kỳ định kỳ." in block
    assert re.search(r'name="after_violation_days"[^>]*value="20"|value="20"[^>]*name="after_violation_days"', block)
    assert re.search(r'name="interval_days"[^>]*value="10"|value="10"[^>]*name="interval_days"', block)
    assert "is-invalid" in block
    # The other categories' forms are untouched.
    assert "Chu kỳ sau vi phạm" not in interval_block(r.content.decode(), "market")
    assert interval_of(Category.RESTAURANT) == before


def test_a_non_number_is_refused_on_the_page_and_kept(admin_client_):
    r = admin_client_.post(url("risk_interval_set", "bar"), {"interval_days": "hai tuần", "after_violation_days": "7"})
    assert r.status_code == 400 and r.context is not None
    block = interval_block(r.content.decode(), "bar")
    assert 'value="hai tuần"' in block and "is-invalid" in block


def test_an_unknown_category_on_the_page_is_not_found(admin_client_):
    assert admin_client_.post(url("risk_interval_set", "casino"), {"interval_days": "9"}).status_code == 404


def test_a_category_without_a_row_shows_the_default_the_due_list_uses(admin_client_, an_bien, today):
    RiskInterval.objects.filter(category=Category.OFFICE).delete()
    office = EstablishmentFactory(ward=an_bien, category=Category.OFFICE, registered_on=today)
    block = interval_block(admin_client_.get(SETTINGS).content.decode(), "office")
    assert 'value="60"' in block and 'value="30"' in block and "Mặc định" in block
    assert "Mặc định" not in interval_block(admin_client_.get(SETTINGS).content.decode(), "market")
    due_on = selectors.with_due(type(office).objects.filter(pk=office.pk)).get().due_on
    assert due_on == today + datetime.timedelta(days=DEFAULT_INTERVALS[Category.OFFICE][0])


# ---- Pages: the checklist ------------------------------------------------------------------------------


def test_a_new_item_appears_on_the_recording_form_of_a_matching_category_only(admin_client_, team, restaurant, market):
    r = admin_client_.post(url("checklist_item_create"), _item_data())
    assert r.status_code == 302 and r["Location"] == f"{SETTINGS}#checklist-ventilation"
    assert "Phòng kín có thông gió" in admin_client_.get(SETTINGS).content.decode()

    form = admin_client_.get(url("record_new") + f"?establishment={restaurant.pk}").context["form"]
    assert "item_ventilation" in form.fields
    assert form.fields["item_ventilation"].label == "Phòng kín có thông gió"
    form = admin_client_.get(url("record_new") + f"?establishment={market.pk}").context["form"]
    assert "item_ventilation" not in form.fields and "item_masks" in form.fields


def test_a_refused_item_keeps_what_was_typed_and_shows_the_errors(admin_client_):
    r = admin_client_.post(url("checklist_item_create"), _item_data(code="masks", text="Đeo khẩu trang đúng cách"))
    assert r.status_code == 400
    assert "masks" in r.context["form"].errors["code"][0]
    body = r.content.decode()
    assert 'value="Đeo khẩu trang đúng cách"' in body and 'value="200"' in body
    assert re.search(r'value="restaurant"[^>]*checked|checked[^>]*value="restaurant"', body)
    assert ChecklistItem.objects.filter(code="masks").get().text != "Đeo khẩu trang đúng cách"


def test_new_item_form_suggests_the_next_order(admin_client_):
    last = ChecklistItem.objects.order_by("-order").first().order
    r = admin_client_.get(url("checklist_item_create"))
    assert r.status_code == 200 and r.context["form"]["order"].value() == last + 10


def test_a_deactivated_item_leaves_new_inspections_but_past_answers_stay(
    admin_client_, district_admin, team, restaurant
):
    past = inspection_record(
        user=district_admin,
        team=team,
        establishment=restaurant,
        inspected_at=timezone.now() - datetime.timedelta(hours=1),
        members_present=list(team.members.all()),
        answers={**all_yes(restaurant), "distancing": Answer.NO},
        result=Result.COMPLIANT,
    )
    item = ChecklistItem.objects.get(code="distancing")
    edit = admin_client_.get(url("checklist_item_edit", item.pk))
    assert edit.status_code == 200 and "1" in edit.content.decode()  # answered at 1 inspection
    data = _item_data(code="distancing", text=item.text, categories=[], order=str(item.order), active=None)
    r = admin_client_.post(url("checklist_item_edit", item.pk), data)
    assert r.status_code == 302
    item.refresh_from_db()
    assert not item.active and "distancing" not in {i.code for i in checklist_for(restaurant.category)}

    form = admin_client_.get(url("record_new") + f"?establishment={restaurant.pk}").context["form"]
    assert "item_distancing" not in form.fields and "item_masks" in form.fields
    detail = admin_client_.get(url("inspection_detail", past.pk)).content.decode()
    assert item.text in detail
    assert ChecklistAnswer.objects.get(inspection=past, item=item).answer == Answer.NO
    settings_page = admin_client_.get(SETTINGS).content.decode()
    assert re.search(r'id="checklist-distancing".*?Ngừng hoạt động', settings_page, re.S)


def test_the_code_cannot_be_changed_on_the_edit_page(admin_client_):
    item = ChecklistItem.objects.get(code="masks")
    r = admin_client_.get(url("checklist_item_edit", item.pk))
    assert r.context["form"].fields["code"].disabled
    assert re.search(r'<input[^>]*name="code"[^>]*disabled', r.content.decode())
    data = _item_data(code="face_masks", text="Đeo khẩu trang", categories=[], order="10")
    assert admin_client_.post(url("checklist_item_edit", item.pk), data).status_code == 302
    item.refresh_from_db()
    assert (item.code, item.text) == ("masks", "Đeo khẩu trang")
    assert not ChecklistItem.objects.filter(code="face_masks").exists()


def test_the_code_is_read_only_in_the_django_admin_too(admin_client_):
    item = ChecklistItem.objects.get(code="masks")
    r = admin_client_.get(reverse("admin:inspections_checklistitem_change", args=[item.pk]))
    assert r.status_code == 200 and 'name="code"' not in r.content.decode() and "masks" in r.content.decode()
    assert 'name="code"' in admin_client_.get(reverse("admin:inspections_checklistitem_add")).content.decode()


# ---- Pages: who may do what ----------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_the_settings_pages(client):
    item = ChecklistItem.objects.first()
    for path in (SETTINGS, url("checklist_item_create"), url("checklist_item_edit", item.pk)):
        r = client.get(path)
        assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_committee_reads_the_settings_without_forms(committee_client):
    r = committee_client.get(SETTINGS)
    assert r.status_code == 200
    body = r.content.decode()
    assert "<form" not in interval_block(body, "restaurant")
    assert 'name="interval_days"' not in body
    assert url("checklist_item_create") not in body and "Nhân viên, khách đeo khẩu trang" in body


@pytest.mark.parametrize("persona", ["committee_client", "officer_client"])
def test_committee_and_officers_cannot_change_the_settings_on_the_pages(request, persona):
    client = request.getfixturevalue(persona)
    item = ChecklistItem.objects.get(code="masks")
    before = interval_of(Category.RESTAURANT)
    assert (
        client.post(
            url("risk_interval_set", "restaurant"), {"interval_days": "60", "after_violation_days": "30"}
        ).status_code
        == 403
    )
    assert client.get(url("checklist_item_create")).status_code == 403
    assert client.post(url("checklist_item_create"), _item_data()).status_code == 403
    assert client.get(url("checklist_item_edit", item.pk)).status_code == 403
    assert client.post(url("checklist_item_edit", item.pk), _item_data(code="masks", active=None)).status_code == 403
    assert interval_of(Category.RESTAURANT) == before
    assert not ChecklistItem.objects.filter(code="ventilation").exists()
    item.refresh_from_db()
    assert item.active


def test_officers_cannot_open_the_settings_page(officer_client):
    assert officer_client.get(SETTINGS).status_code == 403


@pytest.mark.parametrize(
    ("persona", "shown"), [("admin_client_", True), ("committee_client", False), ("officer_client", False)]
)
def test_the_menu_links_the_settings_for_administrators_only(request, persona, shown):
    client = request.getfixturevalue(persona)
    assert (SETTINGS in client.get(url("due")).content.decode()) is shown


@pytest.mark.parametrize("extra", [0, 30])
def test_settings_page_queries_do_not_grow_with_the_checklist(
    admin_client_, district_admin, extra, django_assert_max_num_queries
):
    for i in range(extra):
        checklist_item_create(
            user=district_admin, code=f"item_{i}", text=f"Câu hỏi {i}", categories=["market", "bar"], order=300 + i
        )
    RiskInterval.objects.filter(category__in=[Category.BAR, Category.OFFICE]).delete()
    with django_assert_max_num_queries(
        9
    ):  # session, user, intervals, checklist, unread badge, session refresh, district (footer)
        r = admin_client_.get(SETTINGS)
    assert r.status_code == 200 and len(r.context["checklist"]) == 11 + extra
    assert len(r.context["interval_rows"]) == len(Category)


# ---- Audit trail ----------------------------------------------------------------------------------------


def test_an_interval_edit_on_the_page_leaves_an_audit_entry(admin_client_, district_admin):
    row = RiskInterval.objects.get(category=Category.MARKET)
    admin_client_.post(url("risk_interval_set", "market"), {"interval_days": "21", "after_violation_days": "10"})
    [entry] = entries_of(row, LogEntry.Action.UPDATE)
    assert entry.actor == district_admin
    assert entry.changes["interval_days"] == ["14", "21"] and entry.changes["after_violation_days"] == ["7", "10"]


def test_the_django_admin_takes_categories_as_known_codes_only(client, district_admin):
    """The admin's form offers the categories as checkboxes: an unknown code is refused, known ones
    are stored in the catalogue's order."""
    client.force_login(district_admin)
    url = "/admin/inspections/checklistitem/add/"
    data = {"code": "ventilation", "text": "Phòng kín có thông gió", "order": "5", "active": "on"}
    refused = client.post(url, {**data, "categories": ["restaurant", "nonsense"]})
    assert refused.status_code == 200 and not ChecklistItem.objects.filter(code="ventilation").exists()
    assert client.post(url, {**data, "categories": ["karaoke", "restaurant"]}).status_code == 302
    assert ChecklistItem.objects.get(code="ventilation").categories == ["restaurant", "karaoke"]
