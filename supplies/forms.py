"""Forms of the supplies pages. They collect input; the services decide."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import LocalDateField, LocalIntegerField
from supplies import services
from supplies.choices import HolderKind, RecipientType
from supplies.models import SupplyItem
from supplies.selectors import active_items, holders_for_user

WHOLE_NUMBER = _("Enter a whole number of units (no fractions).")


class QuantityField(LocalIntegerField):
    """A count of an item's unit, typed as people write it (``1.000``): whole numbers only."""

    def __init__(self, *, signed: bool = False, **kwargs):
        kwargs.setdefault("label", _("Quantity"))
        kwargs.setdefault("error_messages", {"invalid": WHOLE_NUMBER})
        if not signed:
            kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


class HolderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class _StockForm(forms.Form):
    """Base: the holder and item choices the user may use."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "item" in self.fields:
            cast(forms.ModelChoiceField, self.fields["item"]).queryset = active_items()
        if "holder" in self.fields:
            cast(forms.ModelChoiceField, self.fields["holder"]).queryset = holders_for_user(user)
            if user.is_ward_officer:
                # An officer's only store, preselected (created now for a ward added after the migration).
                self.fields["holder"].initial = services.holder_for_ward(user.ward_id).pk


class ReceiptForm(_StockForm):
    holder = HolderChoiceField(label=_("Received at"), queryset=None)
    item: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Item"), queryset=None)
    quantity = QuantityField()
    source = forms.CharField(label=_("Donor or supplier"), max_length=200)
    batch = forms.CharField(label=_("Batch"), max_length=60, required=False)
    expiry_date = LocalDateField(label=_("Expiry date"), required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def clean_expiry_date(self):
        value = self.cleaned_data.get("expiry_date")
        if value and value < timezone.localdate():
            raise ValidationError(_("The expiry date is in the past: expired stock is not received."))
        return value


class TransferForm(_StockForm):
    to_holder = HolderChoiceField(label=_("To ward"), queryset=None)
    item: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Item"), queryset=None)
    quantity = QuantityField()
    batch = forms.CharField(label=_("Batch"), max_length=60, required=False)
    expiry_date = LocalDateField(label=_("Expiry date"), required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        services.ensure_ward_holders()
        cast(forms.ModelChoiceField, self.fields["to_holder"]).queryset = holders_for_user(user).filter(
            kind=HolderKind.WARD
        )


class AcknowledgeForm(forms.Form):
    quantity_received = QuantityField(label=_("Quantity received"), min_value=0)
    note = forms.CharField(
        label=_("Note"), max_length=255, required=False, help_text=_("Required when less arrived than was sent.")
    )


class DistributionForm(_StockForm):
    holder = HolderChoiceField(label=pgettext_lazy("stock store", "From"), queryset=None)
    item: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Item"), queryset=None)
    quantity = QuantityField()
    recipient_type = forms.ChoiceField(label=_("Recipients"), choices=RecipientType.choices)
    recipient = forms.CharField(
        label=_("Which"), max_length=200, help_text=_("E.g. residential group 5, Lê Chân primary school.")
    )
    people_reached = LocalIntegerField(
        label=_("People reached"), min_value=1, error_messages={"invalid": _("Enter a whole number of people.")}
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class AdjustmentForm(_StockForm):
    holder = HolderChoiceField(label=_("Holder"), queryset=None)
    item: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Item"), queryset=None)
    quantity = QuantityField(
        signed=True,
        label=_("Difference found"),
        help_text=_("Counted minus recorded: negative when stock is missing, positive when more was found."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=255)


class ReturnForm(_StockForm):
    holder = HolderChoiceField(label=_("From ward"), queryset=None)
    item: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Item"), queryset=None)
    quantity = QuantityField()
    note = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["holder"])
        field.queryset = cast(QuerySet, field.queryset).filter(kind=HolderKind.WARD)  # set by _StockForm


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the reversal"), max_length=255)


class DistributionTotalsForm(forms.Form):
    """Choose the item and period of the per-ward distribution totals."""

    item = forms.ModelChoiceField(label=_("Item"), queryset=SupplyItem.objects.order_by("code"), required=False)
    start = LocalDateField(label=_("From"), required=False)
    end = LocalDateField(label=_("To"), required=False)

    def clean(self):
        data = cast(dict[str, Any], super().clean())
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError(_("The start date is after the end date."))
        return data
