"""Supply items, stock holders, balances and the append-only stock ledger.

Every change of stock is a :class:`StockMovement` row; :class:`StockBalance` holds the
current quantity per (holder, item) and is changed only by :mod:`supplies.services`, in
the same transaction as the movement that explains the change. So for every holder and
item, the balance equals the sum of its movements.
"""

from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.collation import ViCollate
from supplies.choices import TRANSFER_STATUS_COLORS, HolderKind, MovementKind, RecipientType, TransferStatus, Unit

if TYPE_CHECKING:
    from wards.models import District, Ward


class SupplyItem(models.Model):
    """Something the district hands out or equips committees with (masks, sanitiser…)."""

    code = models.SlugField(_("code"), max_length=50, unique=True, help_text=_("Short code, e.g. mask-medical."))
    name_vi = models.CharField(_("Vietnamese name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150)
    unit = models.CharField(
        _("unit"),
        max_length=20,
        choices=Unit.choices,
        help_text=_("Quantities are whole numbers of this unit."),
    )
    pack_size = models.PositiveIntegerField(
        _("pack size"), null=True, blank=True, help_text=_("Units per pack or carton, where the item comes packed.")
    )
    minimum_level = models.PositiveIntegerField(
        _("minimum level per holder"),
        default=0,
        help_text=_("A store holding less than this is flagged as low on stock (0: never flagged)."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive items keep their history but cannot be received again.")
    )

    class Meta:
        verbose_name = _("supply item")
        verbose_name_plural = _("supply items")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pack_size__isnull=True) | Q(pack_size__gte=1),
                name="%(app_label)s_%(class)s_pack_size_positive",
                violation_error_message=_("The pack size must be at least 1."),
            ),
            models.CheckConstraint(
                condition=Q(unit__in=Unit.values),
                name="%(app_label)s_%(class)s_unit_valid",
                violation_error_message=_("Invalid unit."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The name in the current language (Vietnamese unless English is active)."""
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi


class Holder(models.Model):
    """A store that holds stock: the district store of a district, or one ward's store."""

    kind = models.CharField(_("kind"), max_length=20, choices=HolderKind.choices)
    district = models.OneToOneField(
        "wards.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supply_store",
        verbose_name=_("district"),
        help_text=_("Set for the district store only."),
    )
    ward = models.OneToOneField(
        "wards.Ward",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supply_holder",
        verbose_name=_("ward"),
        help_text=_("Set for a ward's store only."),
    )

    class Meta:
        verbose_name = _("stock holder")
        verbose_name_plural = _("stock holders")
        ordering = ["kind", ViCollate("ward__name")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=HolderKind.DISTRICT) & Q(district__isnull=False) & Q(ward__isnull=True))
                | (Q(kind=HolderKind.WARD) & Q(ward__isnull=False) & Q(district__isnull=True)),
                name="%(app_label)s_%(class)s_district_or_ward",
                violation_error_message=_("A holder is either a district store (district set) or a ward store."),
            ),
        ]

    def __str__(self):
        if self.kind == HolderKind.DISTRICT:
            return _("District store %(name)s") % {"name": cast("District", self.district).name}
        return _("Ward store %(name)s") % {"name": cast("Ward", self.ward).name}

    @property
    def is_district_store(self) -> bool:
        return self.kind == HolderKind.DISTRICT


class StockBalance(models.Model):
    """The current quantity of one item at one holder (sum of the holder's movements)."""

    holder = models.ForeignKey(Holder, on_delete=models.PROTECT, related_name="balances", verbose_name=_("holder"))
    item = models.ForeignKey(SupplyItem, on_delete=models.PROTECT, related_name="balances", verbose_name=_("item"))
    quantity = models.IntegerField(_("quantity"), default=0)
    minimum_level = models.PositiveIntegerField(
        _("minimum level"),
        null=True,
        blank=True,
        help_text=_("Overrides the item's minimum level for this holder; empty uses the item's."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "item"],
                name="%(app_label)s_%(class)s_one_per_holder_item",
                violation_error_message=_("This holder already has a balance for this item."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=0),
                name="%(app_label)s_%(class)s_quantity_not_negative",
                violation_error_message=_("Stock cannot fall below zero."),
            ),
        ]

    def __str__(self):
        return f"{self.holder} · {self.item}: {self.quantity}"


class Transfer(models.Model):
    """Stock sent from one holder to another, in transit until the receiver acknowledges it.

    District → ward transfers and ward → district returns both travel this way. The
    sender's balance falls when it is sent; the receiver's rises only on receipt, by the
    quantity received; a short receipt records the difference.
    """

    item = models.ForeignKey(SupplyItem, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("item"))
    from_holder = models.ForeignKey(
        Holder, on_delete=models.PROTECT, related_name="transfers_out", verbose_name=_("from")
    )
    to_holder = models.ForeignKey(Holder, on_delete=models.PROTECT, related_name="transfers_in", verbose_name=_("to"))
    quantity_sent = models.PositiveIntegerField(_("quantity sent"))
    quantity_received = models.PositiveIntegerField(_("quantity received"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TransferStatus.choices, default=TransferStatus.IN_TRANSIT
    )
    batch = models.CharField(_("batch"), max_length=60, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    shortfall_note = models.CharField(
        _("shortfall note"), max_length=255, blank=True, help_text=_("Why less arrived than was sent.")
    )
    sent_movement = models.OneToOneField(
        "StockMovement",
        on_delete=models.PROTECT,
        related_name="sent_transfer",
        verbose_name=_("sending movement"),
    )
    receipt_movement = models.OneToOneField(
        "StockMovement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_transfer",
        verbose_name=_("receiving movement"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    sent_at = models.DateTimeField(_("sent at"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity_sent__gte=1),
                name="%(app_label)s_%(class)s_quantity_sent_positive",
                violation_error_message=_("A transfer sends at least one unit."),
            ),
            models.CheckConstraint(
                condition=Q(quantity_received__isnull=True) | Q(quantity_received__lte=F("quantity_sent")),
                name="%(app_label)s_%(class)s_received_not_more_than_sent",
                violation_error_message=_("More cannot be received than was sent."),
            ),
            models.CheckConstraint(
                condition=(Q(status=TransferStatus.RECEIVED) & Q(quantity_received__isnull=False))
                | (~Q(status=TransferStatus.RECEIVED) & Q(quantity_received__isnull=True)),
                name="%(app_label)s_%(class)s_received_has_quantity",
                violation_error_message=_("A received transfer records the quantity received, and only it."),
            ),
            models.CheckConstraint(
                condition=~Q(from_holder=F("to_holder")),
                name="%(app_label)s_%(class)s_between_two_holders",
                violation_error_message=_("A transfer goes to another holder."),
            ),
        ]
        indexes = [
            # "Transfers in transit to this ward" (transfers page, officer's to-do).
            models.Index(fields=["to_holder", "status"], name="supplies_transfer_to_status"),
            # The transfers page and API (ORDER BY -sent_at, -id): a page reads its rows from the index.
            models.Index(fields=["-sent_at", "-id"], name="supplies_transfer_sent"),
            # The stock page's "in transit" count (supplies.selectors.in_transit_count_for_user): the
            # few transfers in transit, counted from this small index instead of reading every transfer.
            models.Index(
                fields=["to_holder"], condition=Q(status=TransferStatus.IN_TRANSIT), name="supplies_transfer_in_transit"
            ),
        ]

    def __str__(self):
        return f"{self.item} × {self.quantity_sent}: {self.from_holder} → {self.to_holder}"

    @property
    def shortfall(self) -> int | None:
        """Units sent but not received (None while in transit)."""
        if self.quantity_received is None:
            return None
        return self.quantity_sent - self.quantity_received

    @property
    def is_return(self) -> bool:
        return self.to_holder.kind == HolderKind.DISTRICT

    @property
    def is_in_transit(self) -> bool:
        return self.status == TransferStatus.IN_TRANSIT

    @property
    def is_received(self) -> bool:
        return self.status == TransferStatus.RECEIVED

    @property
    def status_color(self) -> str:
        """The status badge's colour (a Bootstrap contextual name)."""
        return TRANSFER_STATUS_COLORS.get(self.status, "secondary")


class StockMovementQuerySet(models.QuerySet):
    def delete(self):
        raise TypeError("Stock movements are permanent; record a reversal instead.")

    def update(self, **kwargs):
        raise TypeError("Stock movements are permanent; record a reversal instead.")


class StockMovement(models.Model):
    """One append-only row of the stock ledger: a change of one item's balance at one holder.

    ``quantity`` is the signed effect on the holder's balance (+ in, − out). Rows are never
    edited or deleted; a mistake is corrected by a reversal row that references it.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=MovementKind.choices)
    item = models.ForeignKey(SupplyItem, on_delete=models.PROTECT, related_name="movements", verbose_name=_("item"))
    holder = models.ForeignKey(Holder, on_delete=models.PROTECT, related_name="movements", verbose_name=_("holder"))
    counterpart = models.ForeignKey(
        Holder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("counterpart"),
        help_text=_("The other holder of a transfer or return."),
    )
    quantity = models.IntegerField(_("quantity"), help_text=_("Signed change of the holder's balance."))
    source = models.CharField(
        _("donor or supplier"), max_length=200, blank=True, help_text=_("Who the stock of a receipt came from.")
    )
    batch = models.CharField(_("batch"), max_length=60, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    recipient_type = models.CharField(_("recipient type"), max_length=30, choices=RecipientType.choices, blank=True)
    recipient = models.CharField(
        _("recipient"), max_length=200, blank=True, help_text=_("E.g. residential group 5, Lê Chân primary school.")
    )
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    reason = models.CharField(_("reason or note"), max_length=255, blank=True)
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        verbose_name=_("reverses"),
        help_text=_("The movement this reversal corrects (each movement is reversed at most once)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = StockMovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(quantity=0),
                name="%(app_label)s_%(class)s_quantity_not_zero",
                violation_error_message=_("A movement changes stock by at least one unit."),
            ),
            models.CheckConstraint(
                condition=(
                    (Q(kind__in=[MovementKind.RECEIPT, MovementKind.TRANSFER_RECEIPT]) & Q(quantity__gt=0))
                    | (
                        Q(kind__in=[MovementKind.TRANSFER_OUT, MovementKind.DISTRIBUTION, MovementKind.RETURN])
                        & Q(quantity__lt=0)
                    )
                    | Q(kind__in=[MovementKind.ADJUSTMENT, MovementKind.REVERSAL])
                ),
                name="%(app_label)s_%(class)s_sign_matches_kind",
                violation_error_message=_("The sign of the quantity does not match the kind of movement."),
            ),
            models.CheckConstraint(
                condition=(Q(kind=MovementKind.REVERSAL) & Q(reverses__isnull=False))
                | (~Q(kind=MovementKind.REVERSAL) & Q(reverses__isnull=True)),
                name="%(app_label)s_%(class)s_reversal_references_original",
                violation_error_message=_("A reversal references the movement it corrects, and only a reversal does."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=MovementKind.DISTRIBUTION)
                | (~Q(recipient_type="") & Q(people_reached__isnull=False)),
                name="%(app_label)s_%(class)s_distribution_has_recipient",
                violation_error_message=_("A distribution names its recipients and the people reached."),
            ),
        ]
        indexes = [
            # Stock card (running balance of one item at one holder) and days of cover.
            models.Index(fields=["holder", "item", "created_at"], name="supplies_mov_holder_item_time"),
            # Ledger ordered by time; distribution totals of a period.
            models.Index(fields=["kind", "created_at"], name="supplies_mov_kind_time"),
            models.Index(fields=["created_at"], name="supplies_mov_time"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} {self.item} {self.quantity:+d}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("Stock movements are permanent; record a reversal instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Stock movements are permanent; record a reversal instead.")

    @property
    def is_reversible(self) -> bool:
        """A movement other than a reversal may be reversed once."""
        return self.kind != MovementKind.REVERSAL

    @property
    def can_be_reversed(self) -> bool:
        """Reversible and not reversed yet."""
        return self.is_reversible and getattr(self, "reversal", None) is None
