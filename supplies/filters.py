"""FilterSets shared by the supplies pages and the API (as in NetBox)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import LocalDateFilter
from supplies.choices import HolderKind, MovementKind, RecipientType, TransferStatus
from supplies.models import StockBalance, StockMovement, SupplyItem, Transfer
from supplies.selectors import day_bounds, holders_for_user


def _holders(request):
    if request is None:
        return holders_for_user(None)
    return holders_for_user(request.user)


class MovementFilter(django_filters.FilterSet):
    """Ledger filters: kind, item, holder, period, batch, recipient type and free text."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MovementKind.choices)
    item = django_filters.ModelChoiceFilter(label=_("Item"), queryset=SupplyItem.objects.order_by("code"))
    holder = django_filters.ModelChoiceFilter(label=_("Holder"), queryset=_holders)
    date_from = LocalDateFilter(label=_("From"), method="filter_date_from")
    date_to = LocalDateFilter(label=_("To"), method="filter_date_to")
    batch = django_filters.CharFilter(label=_("Batch"), lookup_expr="icontains")
    recipient_type = django_filters.ChoiceFilter(label=_("Recipient type"), choices=RecipientType.choices)
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")

    class Meta:
        model = StockMovement
        fields = ["kind", "item", "holder", "date_from", "date_to", "batch", "recipient_type", "q"]

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(created_at__gte=day_bounds(value, value)[0])

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(created_at__lt=day_bounds(value, value)[1])

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(recipient__icontains=value) | Q(reason__icontains=value) | Q(source__icontains=value))


class BalanceFilter(django_filters.FilterSet):
    """Stock filters: holder, kind of holder, item, low stock only."""

    holder = django_filters.ModelChoiceFilter(label=_("Holder"), queryset=_holders)
    holder_kind = django_filters.ChoiceFilter(label=_("Store"), field_name="holder__kind", choices=HolderKind.choices)
    item = django_filters.ModelChoiceFilter(label=_("Item"), queryset=SupplyItem.objects.order_by("code"))
    low = django_filters.BooleanFilter(label=_("Below minimum level"), field_name="is_low")

    class Meta:
        model = StockBalance
        fields = ["holder", "holder_kind", "item", "low"]


class TransferFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TransferStatus.choices)
    item = django_filters.ModelChoiceFilter(label=_("Item"), queryset=SupplyItem.objects.order_by("code"))

    class Meta:
        model = Transfer
        fields = ["status", "item"]
