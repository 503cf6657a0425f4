"""The settings API: /api/v1/risk-intervals/ and /api/v1/checklist-items/ (reads for everyone
signed in, writes for district administrators through the same services as the pages)."""

import datetime

import pytest
from auditlog.models import LogEntry

from inspections.choices import Category
from inspections.models import DEFAULT_INTERVALS, ChecklistItem, RiskInterval
from inspections.services import checklist_for
from tests.audit.conftest import entries_of
from tests.factories import EstablishmentFactory, InspectionFactory

pytestmark = pytest.mark.django_db

INTERVALS = "/api/v1/risk-intervals/"
ITEMS = "/api/v1/checklist-items/"


def _item(code="masks"):
    return ChecklistItem.objects.get(code=code)


@pytest.fixture
def market_stall(an_bien):
    return EstablishmentFactory(ward=an_bien, name="Sạp chợ", category=Category.MARKET)


# ---- Risk intervals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer_api", "committee_api", "admin_api"])
def test_everyone_signed_in_reads_every_categorys_intervals(request, persona):
    RiskInterval.objects.filter(category=Category.OFFICE).delete()
    RiskInterval.objects.filter(category=Category.BAR).update(interval_days=20, after_violation_days=10)
    r = request.getfixturevalue(persona).get(INTERVALS)
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == len(Category) and [row["category"] for row in body["results"]] == Category.values
    rows = {row["category"]: row for row in body["results"]}
    assert rows["office"] == {
        "category": "office",
        "category_label": rows["office"]["category_label"],
        "interval_days": DEFAULT_INTERVALS[Category.OFFICE][0],
        "after_violation_days": DEFAULT_INTERVALS[Category.OFFICE][1],
        "is_default": True,
    }
    assert (rows["bar"]["interval_days"], rows["bar"]["after_violation_days"], rows["bar"]["is_default"]) == (
        20,
        10,
        False,
    )


def test_anonymous_cannot_read_the_settings(anon_api):
    assert anon_api.get(INTERVALS).status_code in (401, 403)
    assert anon_api.get(ITEMS).status_code in (401, 403)


def test_one_category_is_read_by_its_code_and_an_unknown_one_is_not_found(officer_api):
    r = officer_api.get(f"{INTERVALS}market/")
    assert r.status_code == 200 and r.json()["interval_days"] == DEFAULT_INTERVALS[Category.MARKET][0]
    assert officer_api.get(f"{INTERVALS}casino/").status_code == 404


def test_admin_puts_an_interval_and_the_due_date_follows(admin_api, restaurant, team, today):
    InspectionFactory(establishment=restaurant, team=team, inspected_on=today - datetime.timedelta(days=10))
    due = admin_api.get(f"/api/v1/establishments/{restaurant.pk}/").json()["due_on"]
    assert due == str(today + datetime.timedelta(days=4))

    r = admin_api.put(f"{INTERVALS}restaurant/", {"interval_days": 30, "after_violation_days": 14}, format="json")
    assert r.status_code == 200, r.content
    assert r.json() | {"category_label": None} == {
        "category": "restaurant",
        "category_label": None,
        "interval_days": 30,
        "after_violation_days": 14,
        "is_default": False,
    }
    due = admin_api.get(f"/api/v1/establishments/{restaurant.pk}/").json()["due_on"]
    assert due == str(today + datetime.timedelta(days=20))


def test_put_creates_the_row_of_a_category_on_its_default(admin_api):
    RiskInterval.objects.filter(category=Category.OFFICE).delete()
    r = admin_api.put(f"{INTERVALS}office/", {"interval_days": 45, "after_violation_days": 15}, format="json")
    assert r.status_code == 200 and r.json()["is_default"] is False
    assert RiskInterval.objects.filter(category="office").values_list("interval_days", flat=True).get() == 45


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"interval_days": 10, "after_violation_days": 20}, "after_violation_days"),
        ({"interval_days": 0, "after_violation_days": 0}, "interval_days"),
        ({"interval_days": 400, "after_violation_days": 7}, "interval_days"),
        ({"interval_days": "mười", "after_violation_days": 7}, "interval_days"),
        ({"after_violation_days": 7}, "interval_days"),
    ],
)
def test_bad_intervals_answer_400_keyed_by_field(admin_api, body, field):
    before = RiskInterval.objects.get(category="restaurant")
    r = admin_api.put(f"{INTERVALS}restaurant/", body, format="json")
    assert r.status_code == 400 and field in r.json(), r.content
    after = RiskInterval.objects.get(category="restaurant")
    assert (after.interval_days, after.after_violation_days) == (before.interval_days, before.after_violation_days)


def test_a_violation_interval_longer_than_the_routine_one_is_explained_in_vietnamese(admin_api):
    r = admin_api.put(f"{INTERVALS}market/", {"interval_days": 7, "after_violation_days": 8}, format="json")
    assert r.json() == {"after_violation_days": ["Chu kỳ sau vi phạm không được dài hơn chu kỳ định kỳ."]}


def test_an_unknown_category_cannot_be_put(admin_api):
    assert admin_api.put(f"{INTERVALS}casino/", {"interval_days": 7, "after_violation_days": 7}).status_code == 404
    assert not RiskInterval.objects.filter(category="casino").exists()


@pytest.mark.parametrize("persona", ["officer_api", "committee_api"])
def test_committee_and_officers_cannot_change_intervals(request, persona):
    api = request.getfixturevalue(persona)
    r = api.put(f"{INTERVALS}restaurant/", {"interval_days": 60, "after_violation_days": 30}, format="json")
    assert r.status_code == 403
    assert api.post(INTERVALS, {"interval_days": 60}, format="json").status_code == 403
    assert RiskInterval.objects.get(category="restaurant").interval_days == DEFAULT_INTERVALS[Category.RESTAURANT][0]


def test_intervals_cannot_be_deleted_or_posted(admin_api):
    assert admin_api.delete(f"{INTERVALS}restaurant/").status_code == 405
    assert admin_api.post(INTERVALS, {"interval_days": 60}, format="json").status_code == 405
    assert admin_api.patch(f"{INTERVALS}restaurant/", {"interval_days": 60}, format="json").status_code == 405


# ---- Checklist items ---------------------------------------------------------------------------------


def test_checklist_lists_active_and_inactive_items_in_order_with_a_filter(officer_api, admin_api):
    ChecklistItem.objects.filter(code="distancing").update(active=False)
    body = officer_api.get(ITEMS).json()
    codes = [row["code"] for row in body["results"]]
    assert body["count"] == ChecklistItem.objects.count() and codes[:3] == ["masks", "hand_washing", "distancing"]
    assert [r["code"] for r in officer_api.get(ITEMS, {"active": "false"}).json()["results"]] == ["distancing"]
    assert "distancing" not in [r["code"] for r in officer_api.get(ITEMS, {"active": "true"}).json()["results"]]
    one = officer_api.get(f"{ITEMS}{_item('pupil_monitoring').pk}/").json()
    assert one["categories"] == ["kindergarten", "primary_school", "lower_secondary_school", "non_public_education"]


def test_admin_creates_an_item_that_new_inspections_of_its_categories_ask(admin_api, restaurant, market_stall):
    r = admin_api.post(
        ITEMS,
        {"code": "ventilation", "text": "Phòng kín có thông gió", "categories": ["restaurant"]},
        format="json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    last = ChecklistItem.objects.exclude(code="ventilation").order_by("-order").first().order
    assert body | {"id": None} == {
        "id": None,
        "code": "ventilation",
        "text": "Phòng kín có thông gió",
        "categories": ["restaurant"],
        "order": last + 10,
        "active": True,
    }
    assert "ventilation" in {i.code for i in checklist_for(restaurant.category)}
    assert "ventilation" not in {i.code for i in checklist_for(market_stall.category)}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "masks", "text": "Lần nữa"}, "code"),
        ({"code": "Thông gió", "text": "x"}, "code"),
        ({"code": "ventilation", "text": "x", "categories": ["casino"]}, "categories"),
        ({"code": "ventilation", "text": "x", "order": -5}, "order"),
        ({"code": "ventilation"}, "text"),
    ],
)
def test_bad_items_answer_400_keyed_by_field(admin_api, body, field):
    r = admin_api.post(ITEMS, body, format="json")
    assert r.status_code == 400 and field in r.json(), r.content
    assert not ChecklistItem.objects.filter(code="ventilation").exists()


def test_admin_patches_an_item_and_the_code_stays(admin_api):
    item = _item()
    r = admin_api.patch(f"{ITEMS}{item.pk}/", {"active": False, "order": 5}, format="json")
    assert r.status_code == 200 and (r.json()["active"], r.json()["order"], r.json()["text"]) == (False, 5, item.text)
    r = admin_api.patch(f"{ITEMS}{item.pk}/", {"code": "face_masks", "text": "Đeo khẩu trang"}, format="json")
    assert r.status_code == 400 and list(r.json()) == ["code"]
    item.refresh_from_db()
    assert (item.code, item.text, item.active) == ("masks", _item().text, False)
    assert admin_api.patch(f"{ITEMS}{item.pk}/", {"code": "masks"}, format="json").status_code == 200


def test_items_are_never_deleted(admin_api):
    item = _item()
    assert admin_api.delete(f"{ITEMS}{item.pk}/").status_code == 405
    assert ChecklistItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("persona", ["officer_api", "committee_api"])
def test_committee_and_officers_cannot_change_the_checklist(request, persona):
    api = request.getfixturevalue(persona)
    item = _item()
    assert api.post(ITEMS, {"code": "ventilation", "text": "x"}, format="json").status_code == 403
    assert api.patch(f"{ITEMS}{item.pk}/", {"active": False}, format="json").status_code == 403
    assert api.delete(f"{ITEMS}{item.pk}/").status_code == 403
    item.refresh_from_db()
    assert item.active and not ChecklistItem.objects.filter(code="ventilation").exists()


def test_an_item_change_on_the_api_leaves_an_audit_entry(admin_api, district_admin):
    item = _item()
    admin_api.patch(f"{ITEMS}{item.pk}/", {"active": False}, format="json")
    [entry] = entries_of(item, LogEntry.Action.UPDATE)
    assert entry.actor == district_admin and entry.changes["active"] == ["True", "False"]
