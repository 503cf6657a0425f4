"""Stock services: receipts, transfers, distributions, adjustments, returns and reversals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from supplies import services
from supplies.choices import HolderKind, MovementKind, RecipientType, TransferStatus
from supplies.models import Holder, StockBalance, StockMovement
from tests.factories import WardFactory, distribution

pytestmark = pytest.mark.django_db


def balance(holder, item):
    return services.available(holder_id=holder.pk, item_id=item.pk)


def ledger_sum(holder, item):
    return StockMovement.objects.filter(holder=holder, item=item).aggregate(s=Sum("quantity"))["s"] or 0


def snapshot():
    return (
        list(StockBalance.objects.order_by("pk").values_list("pk", "quantity")),
        StockMovement.objects.count(),
    )


# ---- holders ---------------------------------------------------------------------------------


def test_every_seeded_ward_and_the_district_have_a_store(le_chan, all_wards):
    assert Holder.objects.filter(kind=HolderKind.WARD, ward__in=all_wards).count() == 15
    assert Holder.objects.filter(kind=HolderKind.DISTRICT, district=le_chan).count() == 1


def test_a_ward_added_later_gets_its_store_on_first_use(le_chan):
    ward = WardFactory(name="Phường Mới")
    holder = services.holder_for_ward(ward)
    assert holder.kind == HolderKind.WARD and holder.ward == ward
    assert services.holder_for_ward(ward) == holder


def test_holder_must_be_either_district_or_ward_store(le_chan, an_bien):
    with pytest.raises(IntegrityError), transaction.atomic():
        Holder.objects.create(kind=HolderKind.DISTRICT, ward=an_bien)


# ---- receipts ----------------------------------------------------------------------------------


def test_receipt_raises_balance_and_writes_one_ledger_row(district_admin, masks, district_store):
    movement = services.stock_receive(
        item=masks, holder=district_store, quantity=50_000, user=district_admin, source="UBND thành phố",
        batch="KT-2020-01", expiry_date=timezone.localdate() + datetime.timedelta(days=700),
    )  # fmt: skip
    assert balance(district_store, masks) == 50_000
    assert movement.kind == MovementKind.RECEIPT and movement.quantity == 50_000
    assert movement.batch == "KT-2020-01"


@pytest.mark.parametrize("quantity", [0, -5, 2.5, "10", True])
def test_receipt_refuses_zero_negative_or_fractional_quantities(district_admin, masks, district_store, quantity):
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.stock_receive(item=masks, holder=district_store, quantity=quantity, user=district_admin, source="X")
    assert "quantity" in exc.value.message_dict
    assert snapshot() == before


def test_receipt_refuses_an_expiry_date_in_the_past(district_admin, masks, district_store):
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.stock_receive(
            item=masks, holder=district_store, quantity=10, user=district_admin, source="X",
            expiry_date=timezone.localdate() - datetime.timedelta(days=1),
        )  # fmt: skip
    assert "expiry_date" in exc.value.message_dict
    assert snapshot() == before


def test_only_administrators_record_receipts(officer_an_bien, committee_member, masks, an_bien_store):
    for user in (officer_an_bien, committee_member):
        with pytest.raises(PermissionDenied):
            services.stock_receive(item=masks, holder=an_bien_store, quantity=10, user=user, source="X")
    assert StockMovement.objects.count() == 0


def test_inactive_item_cannot_be_received(district_admin, masks, district_store):
    masks.is_active = False
    masks.save()
    with pytest.raises(ValidationError) as exc:
        services.stock_receive(item=masks, holder=district_store, quantity=10, user=district_admin, source="X")
    assert "item" in exc.value.message_dict


# ---- distributions -----------------------------------------------------------------------------


def test_officer_distributes_from_own_ward(officer_an_bien, masks, ward_stock):
    movement = distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=300, people_reached=150)
    assert balance(ward_stock, masks) == 700
    assert movement.quantity == -300 and movement.people_reached == 150


def test_distribution_larger_than_stock_is_refused_with_available_amount(officer_an_bien, masks, ward_stock):
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=1001)
    message = exc.value.message_dict["quantity"][0]
    assert "1000" in message and "1001" in message
    assert snapshot() == before


def test_distribution_of_an_item_never_received_is_refused(officer_an_bien, sanitiser, an_bien_store):
    with pytest.raises(ValidationError) as exc:
        distribution(holder=an_bien_store, item=sanitiser, user=officer_an_bien, quantity=1)
    assert " 0 " in exc.value.message_dict["quantity"][0]


def test_officer_cannot_distribute_another_wards_stock(officer_cat_dai, masks, ward_stock):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        distribution(holder=ward_stock, item=masks, user=officer_cat_dai, quantity=1)
    assert snapshot() == before


def test_committee_cannot_distribute(committee_member, masks, ward_stock):
    with pytest.raises(PermissionDenied):
        distribution(holder=ward_stock, item=masks, user=committee_member)


def test_administrator_distributes_from_district_store_to_a_committee(district_admin, masks, district_store, stocked):
    stocked(district_store, 100)
    services.stock_distribute(
        item=masks, holder=district_store, quantity=40, recipient_type=RecipientType.COMMITTEE,
        recipient="Ban Chỉ đạo phường An Biên", people_reached=12, user=district_admin,
    )  # fmt: skip
    assert balance(district_store, masks) == 60


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("recipient_type", {"recipient_type": "aliens"}),
        ("recipient", {"recipient": "  "}),
        ("people_reached", {"people_reached": 0}),
        ("quantity", {"quantity": 1.5}),
    ],
)
def test_distribution_needs_recipients_and_people_reached(officer_an_bien, masks, ward_stock, field, kwargs):
    args = {"recipient_type": RecipientType.SCHOOL, "recipient": "Trường Tiểu học", "people_reached": 5, "quantity": 5}
    args.update(kwargs)
    with pytest.raises(ValidationError) as exc:
        services.stock_distribute(item=masks, holder=ward_stock, user=officer_an_bien, **args)
    assert field in exc.value.message_dict


# ---- transfers ---------------------------------------------------------------------------------


@pytest.fixture
def transfer(district_admin, masks, district_store, an_bien_store, stocked):
    stocked(district_store, 5000)
    return services.stock_transfer(item=masks, to_holder=an_bien_store, quantity=2000, user=district_admin)


def test_transfer_is_in_transit_until_the_ward_acknowledges(transfer, masks, district_store, an_bien_store):
    assert transfer.status == TransferStatus.IN_TRANSIT
    assert balance(district_store, masks) == 3000
    assert balance(an_bien_store, masks) == 0
    assert transfer.sent_movement.kind == MovementKind.TRANSFER_OUT
    assert transfer.sent_movement.counterpart == an_bien_store


def test_ward_acknowledges_full_receipt(transfer, officer_an_bien, masks, an_bien_store):
    movement = services.transfer_acknowledge(transfer=transfer, quantity_received=2000, user=officer_an_bien)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RECEIVED and transfer.shortfall == 0
    assert movement.kind == MovementKind.TRANSFER_RECEIPT
    assert balance(an_bien_store, masks) == 2000


def test_short_receipt_records_the_difference(transfer, officer_an_bien, masks, an_bien_store, district_store):
    services.transfer_acknowledge(
        transfer=transfer, quantity_received=1950, user=officer_an_bien, note="1 thùng bị ướt"
    )
    transfer.refresh_from_db()
    assert transfer.quantity_received == 1950 and transfer.shortfall == 50
    assert transfer.shortfall_note == "1 thùng bị ướt"
    assert balance(an_bien_store, masks) == 1950
    assert balance(district_store, masks) == 3000


def test_short_receipt_needs_a_note(transfer, officer_an_bien):
    with pytest.raises(ValidationError) as exc:
        services.transfer_acknowledge(transfer=transfer, quantity_received=1500, user=officer_an_bien)
    assert "note" in exc.value.message_dict


def test_receipt_cannot_exceed_what_was_sent(transfer, officer_an_bien):
    with pytest.raises(ValidationError) as exc:
        services.transfer_acknowledge(transfer=transfer, quantity_received=2001, user=officer_an_bien)
    assert "2000" in exc.value.message_dict["quantity_received"][0]


def test_acknowledging_a_transfer_twice_is_refused(transfer, officer_an_bien, masks, an_bien_store):
    services.transfer_acknowledge(transfer=transfer, quantity_received=2000, user=officer_an_bien)
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.transfer_acknowledge(transfer=transfer, quantity_received=2000, user=officer_an_bien)
    assert "transfer" in exc.value.message_dict
    assert snapshot() == before


def test_other_ward_officer_cannot_acknowledge(transfer, officer_cat_dai):
    with pytest.raises(PermissionDenied):
        services.transfer_acknowledge(transfer=transfer, quantity_received=2000, user=officer_cat_dai)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.IN_TRANSIT


def test_transfer_larger_than_district_stock_is_refused(district_admin, masks, an_bien_store, district_store, stocked):
    stocked(district_store, 10)
    with pytest.raises(ValidationError) as exc:
        services.stock_transfer(item=masks, to_holder=an_bien_store, quantity=11, user=district_admin)
    assert "10" in exc.value.message_dict["quantity"][0]


def test_officers_do_not_send_transfers(officer_an_bien, masks, an_bien_store, transfer):
    with pytest.raises(PermissionDenied):
        services.stock_transfer(item=masks, to_holder=an_bien_store, quantity=1, user=officer_an_bien)


def test_ward_returns_stock_to_the_district(officer_an_bien, district_admin, masks, ward_stock, district_store):
    returned = services.stock_return(item=masks, holder=ward_stock, quantity=100, user=officer_an_bien, note="Dư")
    assert returned.to_holder == district_store and returned.is_return
    assert balance(ward_stock, masks) == 900
    with pytest.raises(PermissionDenied):
        services.transfer_acknowledge(transfer=returned, quantity_received=100, user=officer_an_bien)
    services.transfer_acknowledge(transfer=returned, quantity_received=100, user=district_admin)
    assert balance(district_store, masks) == 100


# ---- adjustments -------------------------------------------------------------------------------


def test_adjustment_after_a_count_changes_stock_both_ways(officer_an_bien, masks, ward_stock):
    services.stock_adjust(item=masks, holder=ward_stock, quantity=-30, reason="Kiểm kê 12/03", user=officer_an_bien)
    services.stock_adjust(item=masks, holder=ward_stock, quantity=5, reason="Tìm thấy 1 hộp", user=officer_an_bien)
    assert balance(ward_stock, masks) == 975


def test_adjustment_needs_a_reason_and_a_nonzero_whole_difference(officer_an_bien, masks, ward_stock):
    for quantity, reason, field in [(0, "x", "quantity"), (-1, "", "reason"), (0.5, "x", "quantity")]:
        with pytest.raises(ValidationError) as exc:
            services.stock_adjust(item=masks, holder=ward_stock, quantity=quantity, reason=reason, user=officer_an_bien)
        assert field in exc.value.message_dict


def test_adjustment_cannot_take_stock_below_zero(officer_an_bien, masks, ward_stock):
    with pytest.raises(ValidationError) as exc:
        services.stock_adjust(item=masks, holder=ward_stock, quantity=-1001, reason="x", user=officer_an_bien)
    assert "1000" in exc.value.message_dict["quantity"][0]


# ---- reversals and permanence ------------------------------------------------------------------


def test_reversing_a_distribution_restores_the_stock(district_admin, officer_an_bien, masks, ward_stock):
    original = distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=200)
    reversal = services.movement_reverse(movement=original, user=district_admin, reason="Nhập nhầm")
    assert reversal.kind == MovementKind.REVERSAL and reversal.reverses == original and reversal.quantity == 200
    assert balance(ward_stock, masks) == 1000 == ledger_sum(ward_stock, masks)


def test_a_movement_is_reversed_only_once(district_admin, officer_an_bien, masks, ward_stock):
    original = distribution(holder=ward_stock, item=masks, user=officer_an_bien)
    services.movement_reverse(movement=original, user=district_admin, reason="Nhập nhầm")
    before = snapshot()
    with pytest.raises(ValidationError):
        services.movement_reverse(movement=original, user=district_admin, reason="Lần nữa")
    assert snapshot() == before


def test_the_database_refuses_a_second_reversal(district_admin, officer_an_bien, masks, ward_stock):
    original = distribution(holder=ward_stock, item=masks, user=officer_an_bien)
    services.movement_reverse(movement=original, user=district_admin, reason="Nhập nhầm")
    with pytest.raises(IntegrityError), transaction.atomic():
        StockMovement.objects.create(
            kind=MovementKind.REVERSAL, item=masks, holder=ward_stock, quantity=10, reverses=original,
            created_by=district_admin,
        )  # fmt: skip


def test_a_reversal_is_not_reversed(district_admin, officer_an_bien, masks, ward_stock):
    original = distribution(holder=ward_stock, item=masks, user=officer_an_bien)
    reversal = services.movement_reverse(movement=original, user=district_admin, reason="Nhập nhầm")
    with pytest.raises(ValidationError):
        services.movement_reverse(movement=reversal, user=district_admin, reason="x")


def test_reversing_a_receipt_whose_stock_is_gone_is_refused(district_admin, officer_an_bien, masks, an_bien_store):
    receipt = services.stock_receive(item=masks, holder=an_bien_store, quantity=10, user=district_admin, source="X")
    distribution(holder=an_bien_store, item=masks, user=officer_an_bien, quantity=8)
    with pytest.raises(ValidationError) as exc:
        services.movement_reverse(movement=receipt, user=district_admin, reason="Sai")
    assert "2" in exc.value.message_dict["quantity"][0]
    assert balance(an_bien_store, masks) == 2


def test_only_administrators_reverse(officer_an_bien, committee_member, masks, ward_stock):
    original = distribution(holder=ward_stock, item=masks, user=officer_an_bien)
    for user in (officer_an_bien, committee_member):
        with pytest.raises(PermissionDenied):
            services.movement_reverse(movement=original, user=user, reason="x")


def test_reversing_a_transfer_in_transit_cancels_it(transfer, district_admin, officer_an_bien, masks, district_store):
    services.movement_reverse(movement=transfer.sent_movement, user=district_admin, reason="Gửi nhầm phường")
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.CANCELLED
    assert balance(district_store, masks) == 5000
    with pytest.raises(ValidationError):
        services.transfer_acknowledge(transfer=transfer, quantity_received=2000, user=officer_an_bien)


def test_a_received_transfer_is_reversed_receipt_first(transfer, district_admin, officer_an_bien, masks, an_bien_store):
    receipt = services.transfer_acknowledge(transfer=transfer, quantity_received=2000, user=officer_an_bien)
    with pytest.raises(ValidationError):
        services.movement_reverse(movement=transfer.sent_movement, user=district_admin, reason="x")
    services.movement_reverse(movement=receipt, user=district_admin, reason="Xác nhận nhầm")
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.IN_TRANSIT and transfer.quantity_received is None
    assert balance(an_bien_store, masks) == 0
    services.transfer_acknowledge(transfer=transfer, quantity_received=1990, user=officer_an_bien, note="Thiếu")
    assert balance(an_bien_store, masks) == 1990 == ledger_sum(an_bien_store, masks)


def test_movements_are_never_edited_or_deleted(officer_an_bien, masks, ward_stock):
    movement = distribution(holder=ward_stock, item=masks, user=officer_an_bien)
    movement.quantity = -1
    with pytest.raises(TypeError):
        movement.save()
    with pytest.raises(TypeError):
        movement.delete()
    with pytest.raises(TypeError):
        StockMovement.objects.filter(pk=movement.pk).update(quantity=-1)
    with pytest.raises(TypeError):
        StockMovement.objects.all().delete()


def test_the_database_refuses_a_negative_balance(masks, ward_stock):
    with pytest.raises(IntegrityError), transaction.atomic():
        StockBalance.objects.filter(holder=ward_stock, item=masks).update(quantity=F("quantity") - 1001)
