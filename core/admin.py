"""Admin mixins shared by the apps' ModelAdmins (and inlines): what the admin may not do.

Rows that are history (reports, inspections, the ledger, the audit trail) change only through
the services, so their admins are read-only; catalogues are edited but never deleted (history
refers to them); some rows are deleted only while nothing refers to them. ``wards.User.has_perm``
grants district administrators every permission, so these refusals sit on the ModelAdmin.
Put the mixins before ``admin.ModelAdmin`` in the bases.
"""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.db.models import Model
from django.http import HttpRequest

from core.models import IdempotencyRecord

if TYPE_CHECKING:
    from django.contrib.admin.options import BaseModelAdmin, ModelAdmin

    _AdminBase = BaseModelAdmin[Any]
    _ModelAdminBase = ModelAdmin[Any]
else:  # mixins: the admin class they are mixed into comes later in the bases
    _AdminBase = _ModelAdminBase = object


class NoAddAdminMixin:
    """Nobody adds rows here (ModelAdmin and inline signatures alike)."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class NoChangeAdminMixin:
    """Rows are shown, never changed."""

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class NoDeleteAdminMixin:
    """Rows are never deleted (Django then offers no "delete selected" action either)."""

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadOnlyAdminMixin(NoAddAdminMixin, NoChangeAdminMixin, NoDeleteAdminMixin):
    """Read only: no add, change or delete."""


class DeleteUnusedAdminMixin(_AdminBase):
    """A row is deleted only while ``in_use`` says nothing refers to it (Django's bulk delete asks
    the same question of every selected row). Subclasses define ``in_use(obj)``."""

    def in_use(self, obj: Any) -> bool:
        raise NotImplementedError

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if obj is not None and self.in_use(obj):
            return False
        return bool(super().has_delete_permission(request, obj))


class NoBulkDeleteAdminMixin(_ModelAdminBase):
    """No "delete selected" action: rows are deleted one at a time, from their own page."""

    def get_actions(self, request: HttpRequest, action_location: Any = ActionLocation.CHANGE_LIST) -> dict[str, Any]:
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions


if TYPE_CHECKING:
    _RecordAdminBase = admin.ModelAdmin[IdempotencyRecord]
else:  # ModelAdmin is generic only to the type checker
    _RecordAdminBase = admin.ModelAdmin


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(ReadOnlyAdminMixin, _RecordAdminBase):
    """The first results kept for repeated writes (read only; the hourly sweep deletes the expired)."""

    list_display = ("created_at", "user", "request_method", "request_path", "response_status", "key")
    list_filter = ("request_method", "response_status")
    search_fields = ("key", "user__username", "request_path")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    ordering = ("-created_at",)
