"""API: supply-items/, stock/, stock-movements/ and stock-transfers/, for every role."""

import pytest

from supplies import services
from supplies.choices import MovementKind, TransferStatus
from supplies.models import StockBalance, StockMovement, SupplyItem
from tests.factories import distribution

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/supply-items/"
STOCK = "/api/v1/stock/"
MOVES = "/api/v1/stock-movements/"
TRANSFERS = "/api/v1/stock-transfers/"


def state():
    return list(StockBalance.objects.order_by("pk").values_list("quantity", flat=True)), StockMovement.objects.count()


def distribute_body(holder, item, **extra):
    body = {
        "kind": "distribution", "item": item.pk, "holder": holder.pk, "quantity": 100,
        "recipient_type": "school", "recipient": "Trường THCS Lê Chân", "people_reached": 100,
    }  # fmt: skip
    body.update(extra)
    return body


# ---- supply items -------------------------------------------------------------------------------


def test_everyone_signed_in_reads_items(officer_api, committee_api, items):
    for api in (officer_api, committee_api):
        response = api.get(ITEMS)
        assert response.status_code == 200
        assert {row["code"] for row in response.json()["results"]} >= {"mask-medical", "disinfectant"}


def test_anonymous_reads_nothing(anon_api, items):
    assert anon_api.get(ITEMS).status_code in (401, 403)
    assert anon_api.get(STOCK).status_code in (401, 403)
    assert anon_api.get(MOVES).status_code in (401, 403)


def test_only_administrators_create_or_change_items(admin_api, officer_api, committee_api, masks):
    body = {"code": "face-shield", "name_vi": "Kính chắn giọt bắn", "name_en": "Face shield", "unit": "piece",
            "minimum_level": 5}  # fmt: skip
    for api in (officer_api, committee_api):
        assert api.post(ITEMS, body).status_code == 403
        assert api.patch(f"{ITEMS}{masks.pk}/", {"minimum_level": 1}).status_code == 403
    assert admin_api.post(ITEMS, body).status_code == 201
    assert admin_api.patch(f"{ITEMS}{masks.pk}/", {"is_active": False}).status_code == 200
    assert admin_api.delete(f"{ITEMS}{masks.pk}/").status_code == 405
    assert SupplyItem.objects.filter(code="mask-medical", is_active=False).exists()


# ---- stock ----------------------------------------------------------------------------------------


def test_officer_sees_only_own_ward_stock(officer_api, ward_stock, cat_dai_store, stocked, district_store):
    stocked(cat_dai_store, 50)
    stocked(district_store, 70)
    rows = officer_api.get(STOCK).json()["results"]
    assert [(r["holder"]["ward_code"], r["quantity"]) for r in rows] == [("an-bien", 1000)]


def test_committee_sees_every_holder_with_low_flag_and_cover(committee_api, officer_an_bien, masks, ward_stock, stocked,
                                                               cat_dai_store):  # fmt: skip
    stocked(cat_dai_store, 10)  # below the masks' minimum of 500
    distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=140)
    rows = {r["holder"]["ward_code"]: r for r in committee_api.get(STOCK).json()["results"]}
    assert rows["cat-dai"]["is_low"] is True and rows["cat-dai"]["days_cover"] is None
    assert rows["an-bien"]["is_low"] is False
    assert rows["an-bien"]["daily_rate"] == pytest.approx(10.0)
    assert rows["an-bien"]["days_cover"] == pytest.approx(86.0)


def test_stock_filters_low_only(committee_api, ward_stock, cat_dai_store, stocked):
    stocked(cat_dai_store, 10)
    rows = committee_api.get(STOCK, {"low": "true"}).json()["results"]
    assert [r["holder"]["ward_code"] for r in rows] == ["cat-dai"]


# ---- movements --------------------------------------------------------------------------------------


def test_officer_records_a_distribution_through_the_api(officer_api, masks, ward_stock):
    response = officer_api.post(MOVES, distribute_body(ward_stock, masks))
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "distribution" and response.json()["quantity"] == -100
    assert services.available(holder_id=ward_stock.pk, item_id=masks.pk) == 900


def test_distribution_larger_than_stock_is_400_with_available_amount(officer_api, masks, ward_stock):
    before = state()
    response = officer_api.post(MOVES, distribute_body(ward_stock, masks, quantity=5000))
    assert response.status_code == 400
    assert "1000" in response.json()["quantity"][0]
    assert state() == before


@pytest.mark.parametrize("quantity", [0, -3, 2.5, "1.5"])
def test_zero_negative_or_fractional_quantities_are_400(officer_api, masks, ward_stock, quantity):
    before = state()
    response = officer_api.post(MOVES, distribute_body(ward_stock, masks, quantity=quantity))
    assert response.status_code == 400
    assert "quantity" in response.json()
    assert state() == before


def test_missing_fields_for_the_kind_are_named(officer_api, ward_stock, masks):
    response = officer_api.post(MOVES, {"kind": "distribution", "item": masks.pk, "holder": ward_stock.pk})
    assert response.status_code == 400
    assert set(response.json()) >= {"quantity", "recipient_type", "recipient", "people_reached"}


def test_officer_cannot_move_another_wards_stock(other_officer_api, masks, ward_stock):
    before = state()
    assert other_officer_api.post(MOVES, distribute_body(ward_stock, masks)).status_code == 403
    body = {"kind": "adjustment", "item": masks.pk, "holder": ward_stock.pk, "quantity": -5, "reason": "x"}
    assert other_officer_api.post(MOVES, body).status_code == 403
    assert state() == before


def test_committee_cannot_record_movements(committee_api, masks, ward_stock):
    before = state()
    assert committee_api.post(MOVES, distribute_body(ward_stock, masks)).status_code == 403
    assert state() == before


def test_admin_receives_transfers_and_ward_acknowledges(admin_api, officer_api, masks, district_store, an_bien_store):
    receipt = admin_api.post(MOVES, {"kind": "receipt", "item": masks.pk, "holder": district_store.pk,
                                     "quantity": 50000, "source": "UBND TP", "batch": "L1"})  # fmt: skip
    assert receipt.status_code == 201, receipt.json()
    sent = admin_api.post(MOVES, {"kind": "transfer_out", "item": masks.pk, "to_holder": an_bien_store.pk,
                                  "quantity": 3000})  # fmt: skip
    assert sent.status_code == 201, sent.json()
    transfer_id = sent.json()["transfer"]
    assert officer_api.get(f"{TRANSFERS}{transfer_id}/").json()["status"] == TransferStatus.IN_TRANSIT
    ack = officer_api.post(MOVES, {"kind": "transfer_receipt", "transfer": transfer_id, "quantity_received": 2990,
                                   "reason": "Thiếu 10 chiếc"})  # fmt: skip
    assert ack.status_code == 201, ack.json()
    transfer = officer_api.get(f"{TRANSFERS}{transfer_id}/").json()
    assert transfer["status"] == "received" and transfer["shortfall"] == 10
    again = officer_api.post(f"{TRANSFERS}{transfer_id}/acknowledge/", {"quantity_received": 2990, "note": "x"})
    assert again.status_code == 400 and "transfer" in again.json()


def test_expiry_in_the_past_is_400(admin_api, masks, district_store):
    response = admin_api.post(MOVES, {"kind": "receipt", "item": masks.pk, "holder": district_store.pk,
                                      "quantity": 10, "source": "X", "expiry_date": "2019-01-01"})  # fmt: skip
    assert response.status_code == 400 and "expiry_date" in response.json()


def test_officers_do_not_send_transfers_or_receipts(officer_api, masks, an_bien_store, district_store):
    assert officer_api.post(MOVES, {"kind": "receipt", "item": masks.pk, "holder": an_bien_store.pk,
                                    "quantity": 10, "source": "X"}).status_code == 403  # fmt: skip
    assert officer_api.post(MOVES, {"kind": "transfer_out", "item": masks.pk, "to_holder": an_bien_store.pk,
                                    "quantity": 10}).status_code == 403  # fmt: skip


@pytest.fixture
def transfer(district_admin, masks, district_store, an_bien_store, stocked):
    stocked(district_store, 500)
    return services.stock_transfer(item=masks, to_holder=an_bien_store, quantity=200, user=district_admin)


def test_other_ward_cannot_see_or_acknowledge_a_transfer(other_officer_api, transfer):
    assert other_officer_api.get(f"{TRANSFERS}{transfer.pk}/").status_code == 404
    assert (
        other_officer_api.post(f"{TRANSFERS}{transfer.pk}/acknowledge/", {"quantity_received": 200}).status_code == 404
    )
    body = {"kind": "transfer_receipt", "transfer": transfer.pk, "quantity_received": 200}
    assert other_officer_api.post(MOVES, body).status_code == 404
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.IN_TRANSIT


def test_committee_reads_transfers_but_cannot_acknowledge(committee_api, transfer):
    assert committee_api.get(TRANSFERS).json()["count"] == 1
    assert committee_api.post(f"{TRANSFERS}{transfer.pk}/acknowledge/", {"quantity_received": 200}).status_code == 403


def test_officer_returns_stock_to_the_district(officer_api, masks, ward_stock):
    response = officer_api.post(MOVES, {"kind": "return", "item": masks.pk, "holder": ward_stock.pk, "quantity": 50,
                                        "reason": "Dư sau đợt phát"})  # fmt: skip
    assert response.status_code == 201 and response.json()["kind"] == MovementKind.RETURN


def test_ledger_is_scoped_and_filterable(officer_api, committee_api, officer_an_bien, masks, ward_stock, stocked,
                                         cat_dai_store):  # fmt: skip
    stocked(cat_dai_store, 20)
    distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=5)
    own = officer_api.get(MOVES).json()
    assert own["count"] == 2 and {r["holder"]["ward_code"] for r in own["results"]} == {"an-bien"}
    assert committee_api.get(MOVES).json()["count"] == 3
    assert committee_api.get(MOVES, {"kind": "distribution"}).json()["count"] == 1
    assert committee_api.get(MOVES, {"holder": cat_dai_store.pk}).json()["count"] == 1


def test_officer_gets_404_for_another_wards_movement(other_officer_api, officer_an_bien, masks, ward_stock):
    movement = distribution(holder=ward_stock, item=masks, user=officer_an_bien)
    assert other_officer_api.get(f"{MOVES}{movement.pk}/").status_code == 404


def test_only_administrators_reverse_through_the_api(admin_api, officer_api, committee_api, officer_an_bien, masks,
                                                       ward_stock):  # fmt: skip
    movement = distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=40)
    assert officer_api.post(f"{MOVES}{movement.pk}/reverse/", {"reason": "x"}).status_code == 403
    assert committee_api.post(f"{MOVES}{movement.pk}/reverse/", {"reason": "x"}).status_code == 403
    response = admin_api.post(f"{MOVES}{movement.pk}/reverse/", {"reason": "Nhập trùng"})
    assert response.status_code == 201 and response.json()["reverses"] == movement.pk
    assert admin_api.get(f"{MOVES}{movement.pk}/").json()["reversed_by"] == response.json()["id"]
    again = admin_api.post(f"{MOVES}{movement.pk}/reverse/", {"reason": "x"})
    assert again.status_code == 400 and "movement" in again.json()


def test_movements_cannot_be_edited_or_deleted_through_the_api(admin_api, officer_an_bien, masks, ward_stock):
    movement = distribution(holder=ward_stock, item=masks, user=officer_an_bien)
    assert admin_api.patch(f"{MOVES}{movement.pk}/", {"quantity": -1}).status_code == 405
    assert admin_api.delete(f"{MOVES}{movement.pk}/").status_code == 405
