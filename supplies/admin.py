"""Admin of the supplies app: items editable; holders, balances, ledger and transfers read-only
(stock changes only through the services, so the ledger always explains the balances)."""

from django.contrib import admin

from core.admin import NoAddAdminMixin, NoDeleteAdminMixin, ReadOnlyAdminMixin
from supplies.models import Holder, StockBalance, StockMovement, SupplyItem, Transfer


@admin.register(SupplyItem)
class SupplyItemAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    """Items keep their history: none is deleted; deactivate instead."""

    list_display = ("code", "name_vi", "name_en", "unit", "pack_size", "minimum_level", "is_active")
    list_filter = ("unit", "is_active")
    search_fields = ("code", "name_vi", "name_en")


@admin.register(Holder)
class HolderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "kind", "district", "ward")
    list_filter = ("kind",)
    list_select_related = ("ward", "district")


@admin.register(StockBalance)
class StockBalanceAdmin(NoAddAdminMixin, NoDeleteAdminMixin, admin.ModelAdmin):
    """Only the per-holder minimum level is editable here; quantities change through movements."""

    list_display = ("holder", "item", "quantity", "minimum_level", "updated_at")
    list_filter = ("item", "holder__kind")
    list_select_related = ("holder__ward", "holder__district", "item")
    fields = ("holder", "item", "quantity", "minimum_level")
    readonly_fields = ("holder", "item", "quantity")


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "created_at", "kind", "holder", "item", "quantity", "recipient", "created_by")
    list_filter = ("kind", "item", "holder__kind")
    list_select_related = ("holder__ward", "holder__district", "item", "created_by")
    search_fields = ("recipient", "reason", "batch", "source")
    date_hierarchy = "created_at"


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "sent_at", "item", "from_holder", "to_holder", "quantity_sent", "quantity_received", "status")
    list_filter = ("status", "item")
    list_select_related = (
        "item", "from_holder__ward", "from_holder__district", "to_holder__ward", "to_holder__district",
    )  # fmt: skip
