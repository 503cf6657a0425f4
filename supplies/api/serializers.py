from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from supplies.choices import HolderKind, MovementKind, RecipientType
from supplies.forms import WHOLE_NUMBER
from supplies.models import Holder, StockBalance, StockMovement, SupplyItem, Transfer


def whole_number(**kwargs):
    kwargs.setdefault("error_messages", {"invalid": WHOLE_NUMBER})
    return serializers.IntegerField(**kwargs)


class SupplyItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupplyItem
        fields = ["id", "code", "name_vi", "name_en", "unit", "pack_size", "minimum_level", "is_active"]


CREATE_KINDS = [
    (MovementKind.RECEIPT, MovementKind.RECEIPT.label),
    (MovementKind.TRANSFER_OUT, MovementKind.TRANSFER_OUT.label),
    (MovementKind.TRANSFER_RECEIPT, MovementKind.TRANSFER_RECEIPT.label),
    (MovementKind.DISTRIBUTION, MovementKind.DISTRIBUTION.label),
    (MovementKind.ADJUSTMENT, MovementKind.ADJUSTMENT.label),
    (MovementKind.RETURN, MovementKind.RETURN.label),
]


def _one_of(values, description: str) -> dict:
    """Schema of a string among ``values``, written as a pattern.

    A ``kind`` enum would collide in the shared schema with other apps' ``kind`` enums
    (different values under the same field name), so these are documented inline.
    """
    return {"type": "string", "pattern": "^(%s)$" % "|".join(values), "description": description}


@extend_schema_field(_one_of(HolderKind.values, "district: the district store; ward: a ward's store."))
class HolderKindField(serializers.ChoiceField):
    """The holder's kind."""


@extend_schema_field(_one_of(MovementKind.values, "What the ledger row records."))
class MovementKindField(serializers.ChoiceField):
    """The kind of a ledger row."""


@extend_schema_field(_one_of([kind for kind, _label in CREATE_KINDS], "The kind of movement to record."))
class CreateKindField(serializers.ChoiceField):
    """The kind of movement to record (a subset of the ledger's kinds)."""


class HolderSerializer(serializers.ModelSerializer):
    kind = HolderKindField(choices=HolderKind.choices, read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)
    ward_code = serializers.CharField(source="ward.code", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Holder
        fields = ["id", "kind", "name", "ward", "ward_code", "district"]


class StockBalanceSerializer(serializers.ModelSerializer):
    holder = HolderSerializer(read_only=True)
    item_code = serializers.CharField(source="item.code", read_only=True)
    minimum_level = serializers.IntegerField(source="min_level", read_only=True)
    is_low = serializers.BooleanField(read_only=True)
    daily_rate = serializers.FloatField(read_only=True, help_text=_("Average daily distributions, last 14 days."))
    days_cover = serializers.FloatField(
        read_only=True, allow_null=True, help_text=_("Days the balance lasts at the current rate; null if unused.")
    )

    class Meta:
        model = StockBalance
        fields = [
            "id",
            "holder",
            "item",
            "item_code",
            "quantity",
            "minimum_level",
            "is_low",
            "daily_rate",
            "days_cover",
        ]


class StockMovementSerializer(serializers.ModelSerializer):
    kind = MovementKindField(choices=MovementKind.choices, read_only=True)
    holder = HolderSerializer(read_only=True)
    counterpart = HolderSerializer(read_only=True, allow_null=True)
    item_code = serializers.CharField(source="item.code", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    transfer = serializers.SerializerMethodField()
    reversed_by = serializers.SerializerMethodField()

    class Meta:
        model = StockMovement
        fields = [
            "id", "kind", "item", "item_code", "holder", "counterpart", "quantity", "source", "batch",
            "expiry_date", "recipient_type", "recipient", "people_reached", "reason", "reverses", "reversed_by",
            "transfer", "created_by", "created_at",
        ]  # fmt: skip

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_transfer(self, obj) -> int | None:
        for name in ("sent_transfer", "received_transfer"):
            transfer = getattr(obj, name, None)
            if transfer is not None:
                return transfer.pk
        return None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_reversed_by(self, obj) -> int | None:
        reversal = getattr(obj, "reversal", None)
        return reversal.pk if reversal is not None else None


class TransferSerializer(serializers.ModelSerializer):
    from_holder = HolderSerializer(read_only=True)
    to_holder = HolderSerializer(read_only=True)
    item_code = serializers.CharField(source="item.code", read_only=True)
    shortfall = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Transfer
        fields = [
            "id", "item", "item_code", "from_holder", "to_holder", "quantity_sent", "quantity_received",
            "shortfall", "shortfall_note", "status", "batch", "expiry_date", "note", "sent_movement",
            "receipt_movement", "sent_at", "received_at",
        ]  # fmt: skip


#: Fields each kind needs (besides ``kind``); the services check the values.
REQUIRED = {
    MovementKind.RECEIPT: ["item", "holder", "quantity", "source"],
    MovementKind.TRANSFER_OUT: ["item", "to_holder", "quantity"],
    MovementKind.TRANSFER_RECEIPT: ["transfer", "quantity_received"],
    MovementKind.DISTRIBUTION: ["item", "holder", "quantity", "recipient_type", "recipient", "people_reached"],
    MovementKind.ADJUSTMENT: ["item", "holder", "quantity", "reason"],
    MovementKind.RETURN: ["item", "holder", "quantity", "reason"],
}


class MovementCreateSerializer(serializers.Serializer):
    """Input of ``POST /stock-movements/``: ``kind`` picks the service, which checks the rest.

    - receipt: item, holder, quantity, source, [batch, expiry_date, reason]
    - transfer_out: item, to_holder (a ward's store), quantity, [batch, expiry_date, reason]
    - transfer_receipt: transfer, quantity_received, [reason — required when short]
    - distribution: item, holder, quantity, recipient_type, recipient, people_reached, [reason]
    - adjustment: item, holder, quantity (signed difference), reason
    - return: item, holder (a ward's store), quantity, reason
    """

    kind = CreateKindField(choices=CREATE_KINDS)
    item = serializers.PrimaryKeyRelatedField(queryset=SupplyItem.objects.all(), required=False)
    holder = serializers.PrimaryKeyRelatedField(queryset=Holder.objects.select_related("ward"), required=False)
    to_holder = serializers.PrimaryKeyRelatedField(queryset=Holder.objects.select_related("ward"), required=False)
    transfer = serializers.IntegerField(required=False, help_text=_("The transfer acknowledged (transfer_receipt)."))
    quantity = whole_number(required=False)
    quantity_received = whole_number(required=False)
    source = serializers.CharField(required=False, allow_blank=True, max_length=200)  # type: ignore[assignment]  # a field named "source"
    batch = serializers.CharField(required=False, allow_blank=True, max_length=60)
    expiry_date = serializers.DateField(required=False, allow_null=True)
    recipient_type = serializers.ChoiceField(choices=RecipientType.choices, required=False)
    recipient = serializers.CharField(required=False, allow_blank=True, max_length=200)
    people_reached = whole_number(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=255)

    def validate(self, attrs):
        missing = {
            field: [_("This field is required for a %(kind)s.") % {"kind": MovementKind(attrs["kind"]).label}]
            for field in REQUIRED[attrs["kind"]]
            if attrs.get(field) in (None, "")
        }
        if missing:
            raise serializers.ValidationError(missing)
        if attrs["kind"] == MovementKind.TRANSFER_RECEIPT and attrs["quantity_received"] < 1:
            raise serializers.ValidationError(
                {
                    "quantity_received": [
                        _("A receipt adds at least one unit; if nothing arrived, acknowledge the transfer with 0.")
                    ]
                }
            )
        return attrs


class AcknowledgeSerializer(serializers.Serializer):
    quantity_received = whole_number(min_value=0)
    note = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")


class ReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255)
