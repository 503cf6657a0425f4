"""Writes of the supplies app: every change of stock goes through here.

Each service checks the rules, then, in one transaction, inserts the ledger row and
changes the balance. A decrease is a conditional ``UPDATE … SET quantity = quantity - n
WHERE quantity >= n`` (:func:`decrement_balance`): under concurrent requests the database
serialises the updates on the balance row and re-checks the condition, so stock never
goes below zero and no draw is lost. Errors are ``ValidationError`` keyed by field name;
acting on another ward's stock is ``PermissionDenied``.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from supplies.choices import HolderKind, MovementKind, RecipientType, TransferStatus
from supplies.models import Holder, StockBalance, StockMovement, SupplyItem, Transfer
from wards.access import can_change_holder, require_admin
from wards.models import District, User, Ward

# ---- Holders --------------------------------------------------------------------------------


def holder_for_ward(ward: Ward) -> Holder:
    """The ward's store (``ward`` a Ward or its id), created on first use, so wards added
    after the migration just work."""
    ward_id = ward if isinstance(ward, int) else ward.pk
    holder, _created = Holder.objects.get_or_create(kind=HolderKind.WARD, ward_id=ward_id)
    return holder


def district_store(district: District) -> Holder:
    """The district's store, created on first use."""
    holder, _created = Holder.objects.get_or_create(kind=HolderKind.DISTRICT, district=district)
    return holder


def ensure_ward_holders() -> None:
    """Give every ward without a store its store (wards added after the migration), one by one
    (there are seldom any) so each creation is audited; a store created meanwhile is kept."""
    for pk in Ward.objects.filter(supply_holder__isnull=True).values_list("pk", flat=True):
        Holder.objects.get_or_create(kind=HolderKind.WARD, ward_id=pk)


def _require_holder(user: User, holder: Holder) -> None:
    if not can_change_holder(user, holder):
        raise PermissionDenied(_("You may only move stock of your own ward."))


# ---- Validation ------------------------------------------------------------------------------


def _whole_positive(quantity: object, field: str = "quantity") -> int:
    """A quantity of a counted item: a whole number of at least one unit."""
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise ValidationError({field: _("Enter a whole number of units (no fractions).")})
    if quantity <= 0:
        raise ValidationError({field: _("Enter a quantity of at least 1.")})
    return quantity


def _active_item(item: SupplyItem) -> None:
    if not item.is_active:
        raise ValidationError({"item": _("%(item)s is no longer in use.") % {"item": item.name}})


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


# ---- Balances --------------------------------------------------------------------------------


def increment_balance(*, holder_id: int, item_id: int, quantity: int) -> None:
    """Add ``quantity`` to the balance, creating the balance row on first receipt."""
    rows = StockBalance.objects.filter(holder_id=holder_id, item_id=item_id)
    if rows.update(quantity=F("quantity") + quantity) == 0:
        StockBalance.objects.bulk_create(
            [StockBalance(holder_id=holder_id, item_id=item_id, quantity=0)], ignore_conflicts=True
        )
        rows.update(quantity=F("quantity") + quantity)


def decrement_balance(*, holder_id: int, item_id: int, quantity: int) -> bool:
    """Take ``quantity`` off the balance if there is enough: one conditional UPDATE.

    Returns False (and changes nothing) when the holder has less than ``quantity``.
    The tests swap this function for an unguarded read-modify-write to show the race.
    """
    updated = StockBalance.objects.filter(holder_id=holder_id, item_id=item_id, quantity__gte=quantity).update(
        quantity=F("quantity") - quantity
    )
    return updated == 1


def available(*, holder_id: int, item_id: int) -> int:
    """The current balance (0 when the holder never had the item)."""
    return (
        StockBalance.objects.filter(holder_id=holder_id, item_id=item_id).values_list("quantity", flat=True).first()
        or 0
    )


def _apply(*, holder: Holder, item: SupplyItem, delta: int, field: str = "quantity") -> None:
    """Change a balance by ``delta`` inside the caller's transaction; refuse to go below zero."""
    if delta > 0:
        increment_balance(holder_id=holder.pk, item_id=item.pk, quantity=delta)
        return
    if not decrement_balance(holder_id=holder.pk, item_id=item.pk, quantity=-delta):
        have = available(holder_id=holder.pk, item_id=item.pk)
        raise ValidationError(
            {
                field: _("Not enough stock: %(holder)s has %(available)s %(unit)s of %(item)s, %(wanted)s requested.")
                % {
                    "holder": holder,
                    "available": have,
                    "unit": item.get_unit_display(),
                    "item": item.name,
                    "wanted": -delta,
                }
            }
        )


def _record(
    *, kind: str, item: SupplyItem, holder: Holder, delta: int, user: User, at: datetime.datetime | None, **fields: Any
) -> StockMovement:
    """Insert the ledger row and change the balance, in the caller's transaction."""
    _apply(holder=holder, item=item, delta=delta)
    return StockMovement.objects.create(
        kind=kind, item=item, holder=holder, quantity=delta, created_by=user, created_at=_now(at), **fields
    )


# ---- Workflow --------------------------------------------------------------------------------


@transaction.atomic
def stock_receive(
    *,
    item: SupplyItem,
    holder: Holder,
    quantity: int,
    user: User,
    source: str = "",
    batch: str = "",
    expiry_date: datetime.date | None = None,
    note: str = "",
    at: datetime.datetime | None = None,
) -> StockMovement:
    """Record stock received from a donor or supplier at ``holder`` (administrators)."""
    require_admin(user)
    _whole_positive(quantity)
    _active_item(item)
    if expiry_date is not None and expiry_date < timezone.localdate(_now(at)):
        raise ValidationError({"expiry_date": _("The expiry date is in the past: expired stock is not received.")})
    if not source.strip():
        raise ValidationError({"source": _("Name the donor or supplier.")})
    return _record(
        kind=MovementKind.RECEIPT,
        item=item,
        holder=holder,
        delta=quantity,
        user=user,
        at=at,
        source=source.strip(),
        batch=batch.strip(),
        expiry_date=expiry_date,
        reason=note.strip(),
    )


def _send(
    *,
    kind: str,
    item: SupplyItem,
    from_holder: Holder,
    to_holder: Holder,
    quantity: int,
    user: User,
    batch: str,
    expiry_date: datetime.date | None,
    note: str,
    at: datetime.datetime | None,
) -> Transfer:
    movement = _record(
        kind=kind,
        item=item,
        holder=from_holder,
        delta=-quantity,
        user=user,
        at=at,
        counterpart=to_holder,
        batch=batch.strip(),
        expiry_date=expiry_date,
        reason=note.strip(),
    )
    return Transfer.objects.create(
        item=item,
        from_holder=from_holder,
        to_holder=to_holder,
        quantity_sent=quantity,
        batch=batch.strip(),
        expiry_date=expiry_date,
        note=note.strip(),
        sent_movement=movement,
        sent_by=user,
        sent_at=movement.created_at,
    )


@transaction.atomic
def stock_transfer(
    *,
    item: SupplyItem,
    to_holder: Holder,
    quantity: int,
    user: User,
    batch: str = "",
    expiry_date: datetime.date | None = None,
    note: str = "",
    at: datetime.datetime | None = None,
) -> Transfer:
    """Send stock from the district store to a ward (administrators); in transit until acknowledged."""
    require_admin(user)
    _whole_positive(quantity)
    _active_item(item)
    if to_holder.kind != HolderKind.WARD:
        raise ValidationError({"to_holder": _("Transfers go from the district store to a ward.")})
    from_holder = district_store(cast(Ward, to_holder.ward).district)  # a ward's store has its ward
    return _send(
        kind=MovementKind.TRANSFER_OUT,
        item=item,
        from_holder=from_holder,
        to_holder=to_holder,
        quantity=quantity,
        user=user,
        batch=batch,
        expiry_date=expiry_date,
        note=note,
        at=at,
    )


@transaction.atomic
def stock_return(
    *,
    item: SupplyItem,
    holder: Holder,
    quantity: int,
    user: User,
    note: str = "",
    at: datetime.datetime | None = None,
) -> Transfer:
    """Send stock back from a ward to the district store; in transit until the district acknowledges."""
    _require_holder(user, holder)
    _whole_positive(quantity)
    if holder.kind != HolderKind.WARD:
        raise ValidationError({"holder": _("Returns go from a ward to the district store.")})
    if not note.strip():
        raise ValidationError({"note": _("Say why the stock is returned.")})
    return _send(
        kind=MovementKind.RETURN,
        item=item,
        from_holder=holder,
        to_holder=district_store(cast(Ward, holder.ward).district),  # a ward's store has its ward
        quantity=quantity,
        user=user,
        batch="",
        expiry_date=None,
        note=note,
        at=at,
    )


@transaction.atomic
def transfer_acknowledge(
    *,
    transfer: Transfer,
    quantity_received: int,
    user: User,
    note: str = "",
    at: datetime.datetime | None = None,
) -> StockMovement | None:
    """The receiving holder acknowledges a transfer; its balance rises by what arrived (None when nothing did).

    A short receipt records the difference (and needs a note saying why).
    """
    transfer = (
        Transfer.objects.select_for_update().select_related("item", "to_holder", "from_holder").get(pk=transfer.pk)
    )
    _require_holder(user, transfer.to_holder)
    if transfer.status != TransferStatus.IN_TRANSIT:
        if transfer.status == TransferStatus.RECEIVED:
            message = _("This transfer was already acknowledged on %(date)s.") % {
                "date": timezone.localtime(transfer.received_at).strftime("%d/%m/%Y %H:%M")
            }
        else:
            message = _("This transfer was cancelled.")
        raise ValidationError({"transfer": message})
    if isinstance(quantity_received, bool) or not isinstance(quantity_received, int):
        raise ValidationError({"quantity_received": _("Enter a whole number of units (no fractions).")})
    if quantity_received < 0 or quantity_received > transfer.quantity_sent:
        raise ValidationError(
            {
                "quantity_received": _("Enter a quantity between 0 and the %(sent)s sent.")
                % {"sent": transfer.quantity_sent}
            }
        )
    if quantity_received < transfer.quantity_sent and not note.strip():
        raise ValidationError({"note": _("Less arrived than was sent: say what happened to the difference.")})
    movement = None
    when = _now(at)
    if quantity_received > 0:
        movement = _record(
            kind=MovementKind.TRANSFER_RECEIPT,
            item=transfer.item,
            holder=transfer.to_holder,
            delta=quantity_received,
            user=user,
            at=when,
            counterpart=transfer.from_holder,
            batch=transfer.batch,
            expiry_date=transfer.expiry_date,
            reason=note.strip(),
        )
    transfer.status = TransferStatus.RECEIVED
    transfer.quantity_received = quantity_received
    transfer.receipt_movement = movement
    transfer.received_by = user
    transfer.received_at = when
    transfer.shortfall_note = note.strip() if quantity_received < transfer.quantity_sent else ""
    transfer.save()
    return movement


@transaction.atomic
def stock_distribute(
    *,
    item: SupplyItem,
    holder: Holder,
    quantity: int,
    recipient_type: str,
    recipient: str,
    people_reached: int,
    user: User,
    note: str = "",
    at: datetime.datetime | None = None,
) -> StockMovement:
    """Give stock from ``holder`` to recipients; officers from their own ward's stock only."""
    _require_holder(user, holder)
    _whole_positive(quantity)
    if recipient_type not in RecipientType.values:
        raise ValidationError({"recipient_type": _("Choose who received the stock.")})
    if not recipient.strip():
        raise ValidationError({"recipient": _("Name the recipients, e.g. residential group 5.")})
    if isinstance(people_reached, bool) or not isinstance(people_reached, int) or people_reached < 1:
        raise ValidationError({"people_reached": _("Enter the number of people reached (at least 1).")})
    return _record(
        kind=MovementKind.DISTRIBUTION,
        item=item,
        holder=holder,
        delta=-quantity,
        user=user,
        at=at,
        recipient_type=recipient_type,
        recipient=recipient.strip(),
        people_reached=people_reached,
        reason=note.strip(),
    )


@transaction.atomic
def stock_adjust(
    *,
    item: SupplyItem,
    holder: Holder,
    quantity: int,
    reason: str,
    user: User,
    at: datetime.datetime | None = None,
) -> StockMovement:
    """Correct a balance after a physical count: ``quantity`` is the signed difference found."""
    _require_holder(user, holder)
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise ValidationError({"quantity": _("Enter a whole number of units (no fractions).")})
    if quantity == 0:
        raise ValidationError({"quantity": _("An adjustment changes stock: enter a difference other than 0.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the adjustment (e.g. count of 12/03).")})
    return _record(
        kind=MovementKind.ADJUSTMENT, item=item, holder=holder, delta=quantity, user=user, at=at, reason=reason.strip()
    )


@transaction.atomic
def movement_reverse(
    *, movement: StockMovement, user: User, reason: str, at: datetime.datetime | None = None
) -> StockMovement:
    """Correct a mistaken movement with a reversal that references it (administrators, once).

    Reversing a transfer or return still in transit cancels it; reversing the receipt
    of a transfer puts the transfer back in transit. A reversal is not itself reversed.
    """
    require_admin(user)
    movement = StockMovement.objects.select_for_update().select_related("item", "holder").get(pk=movement.pk)
    if movement.kind == MovementKind.REVERSAL:
        raise ValidationError({"movement": _("A reversal cannot be reversed; record the movement again instead.")})
    if StockMovement.objects.filter(reverses=movement).exists():
        raise ValidationError({"movement": _("This movement has already been reversed.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the reversal.")})

    transfer = None
    if movement.kind in (MovementKind.TRANSFER_OUT, MovementKind.RETURN):
        transfer = Transfer.objects.select_for_update().get(sent_movement=movement)
        if transfer.status != TransferStatus.IN_TRANSIT:
            raise ValidationError(
                {"movement": _("The transfer has been received or cancelled: reverse its receipt first.")}
            )
        transfer.status = TransferStatus.CANCELLED
    elif movement.kind == MovementKind.TRANSFER_RECEIPT:
        transfer = Transfer.objects.select_for_update().get(receipt_movement=movement)
        transfer.status = TransferStatus.IN_TRANSIT
        transfer.quantity_received = None
        transfer.receipt_movement = None
        transfer.received_by = None
        transfer.received_at = None
        transfer.shortfall_note = ""

    reversal = _record(
        kind=MovementKind.REVERSAL,
        item=movement.item,
        holder=movement.holder,
        delta=-movement.quantity,
        user=user,
        at=at,
        counterpart=movement.counterpart,
        batch=movement.batch,
        expiry_date=movement.expiry_date,
        reason=reason.strip(),
        reverses=movement,
    )
    if transfer is not None:
        transfer.save()
    return reversal
