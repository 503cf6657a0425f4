from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    """The unit an item is counted in. Quantities are always whole numbers of the unit."""

    PIECE = "piece", _("piece")
    BOTTLE = "bottle", _("bottle")
    BOX = "box", _("box")
    SET = "set", _("set")
    LITRE = "litre", _("litre")


class HolderKind(models.TextChoices):
    """Who holds stock: the district store or a ward's store."""

    DISTRICT = "district", _("District store")
    WARD = "ward", _("Ward store")


class MovementKind(models.TextChoices):
    """What a ledger row records. Each row changes the balance of exactly one holder."""

    RECEIPT = "receipt", _("Receipt")
    TRANSFER_OUT = "transfer_out", _("Transfer to ward")
    TRANSFER_RECEIPT = "transfer_receipt", _("Receipt of transfer")
    DISTRIBUTION = "distribution", _("Distribution")
    ADJUSTMENT = "adjustment", _("Adjustment")
    RETURN = "return", _("Return to district")
    REVERSAL = "reversal", _("Reversal")


class RecipientType(models.TextChoices):
    """Who received a distribution."""

    RESIDENTIAL_GROUP = "residential_group", _("Residents of a residential group")
    SCHOOL = "school", _("Students of a school")
    ESTABLISHMENT = "establishment", _("Establishment")
    COMMITTEE = "committee", _("Committee")
    QUARANTINED = "quarantined", _("Quarantined households")


class TransferStatus(models.TextChoices):
    """Where a transfer between holders stands."""

    IN_TRANSIT = "in_transit", _("In transit")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


# Badge colours of a transfer's status (Bootstrap contextual names); others are "secondary".
TRANSFER_STATUS_COLORS: dict[str, str] = {TransferStatus.IN_TRANSIT: "warning", TransferStatus.RECEIVED: "success"}
