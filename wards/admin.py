from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from core.admin import DeleteUnusedAdminMixin, NoBulkDeleteAdminMixin
from wards.models import District, User, Ward, WardCommittee, WardLeader
from wards.services import ward_has_data


@admin.register(District)
class DistrictAdmin(DeleteUnusedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "city")
    search_fields = ("name", "code")

    def in_use(self, obj) -> bool:
        return obj.wards.exists()


class WardCommitteeInline(admin.StackedInline):
    model = WardCommittee
    can_delete = False


class WardLeaderInline(admin.TabularInline):
    """The leaders assigned to the ward, current and past (an assignment ends, it is not deleted)."""

    model = WardLeader
    extra = 0
    can_delete = False
    fields = ("role", "name", "title", "phone", "email", "started_on", "ended_on", "user")


@admin.register(WardLeader)
class WardLeaderAdmin(NoBulkDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("name", "ward", "role", "title", "phone", "started_on", "ended_on", "user")
    list_filter = ("role", "ward")
    list_select_related = ("ward", "user")
    search_fields = ("name", "title", "phone", "email")


@admin.register(Ward)
class WardAdmin(DeleteUnusedAdminMixin, NoBulkDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "district", "population", "active_from", "active_until")
    list_filter = ("district",)
    search_fields = ("name", "code")
    list_select_related = ("district",)
    inlines = [WardCommitteeInline, WardLeaderInline]

    def in_use(self, obj) -> bool:
        # Nobody deletes a ward that has data (users, reports, stock…); PROTECT backs this up.
        return ward_has_data(obj)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "ward", "email", "is_active", "last_login")
    list_filter = ("role", "ward", "is_active")
    list_select_related = ("ward",)
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("last_name", "first_name", "email", "phone")}),  # họ before tên
        (_("Role"), {"fields": ("role", "ward", "is_active")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "role", "ward", "password1", "password2")}),)
