"""Admin of the inspections app: establishments, teams (with members), intervals, checklist.

Inspection records and schedules are permanent history: they are not deleted here.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from inspections.choices import Category
from inspections.models import (
    ChecklistItem,
    Establishment,
    EstablishmentUpdateSuggestion,
    Inspection,
    InspectionSchedule,
    InspectionTeam,
    RiskInterval,
    TeamMember,
)


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = ("name", "ward", "category", "status", "phone", "registered_on")
    list_filter = ("ward", "category", "status")
    search_fields = ("name", "address", "owner_name", "phone")
    list_select_related = ("ward",)

    def has_delete_permission(self, request, obj=None):
        # Inspected establishments keep their history (PROTECT); close them instead.
        if obj is not None and (obj.inspections.exists() or obj.schedules.exists()):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(EstablishmentUpdateSuggestion)
class SuggestionAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ("establishment", "suggested_by", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("establishment", "suggested_by")
    readonly_fields = (
        "establishment",
        "suggested_by",
        "changes",
        "note",
        "status",
        "decided_by",
        "decided_at",
        "decision_note",
    )


@admin.register(RiskInterval)
class RiskIntervalAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ("category", "interval_days", "after_violation_days")
    list_editable = ("interval_days", "after_violation_days")


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 2
    autocomplete_fields = ("user",)


@admin.register(InspectionTeam)
class InspectionTeamAdmin(admin.ModelAdmin):
    list_display = ("name", "leader", "daily_capacity", "active")
    list_filter = ("active",)
    search_fields = ("name",)
    autocomplete_fields = ("leader",)
    inlines = [TeamMemberInline]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.schedules.exists() or obj.inspections.exists()):
            return False  # deactivate instead
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ChecklistItemAdminForm(forms.ModelForm):
    """The categories as checkboxes of known category codes (the JSON list of the model), as on the portal's page."""

    categories = forms.MultipleChoiceField(
        label=_("categories"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Category codes the item applies to; empty means every category."),
    )

    class Meta:
        model = ChecklistItem
        fields = ["code", "text", "categories", "order", "active"]

    def clean_categories(self):
        chosen = set(self.cleaned_data["categories"])
        return [c for c in Category.values if c in chosen]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(NoDeleteMixin, admin.ModelAdmin):
    """Administrators manage the checklist on /inspections/settings/; here the code stays fixed too."""

    form = ChecklistItemAdminForm
    list_display = ("code", "text", "order", "active")
    list_editable = ("order", "active")

    def get_readonly_fields(self, request, obj=None):
        # Recorded answers refer to the code: it cannot be changed once the item exists.
        return ("code",) if obj is not None else ()


@admin.register(InspectionSchedule)
class InspectionScheduleAdmin(NoDeleteMixin, admin.ModelAdmin):
    """Read-only: planning goes through the calendar pages (capacity and rules)."""

    list_display = ("date", "team", "establishment", "kind", "status")
    list_filter = ("status", "kind", "team")
    list_select_related = ("team", "establishment")
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(NoDeleteMixin, admin.ModelAdmin):
    """Read-only: inspections are recorded through the record form or the API."""

    list_display = ("inspected_on", "establishment", "team", "result", "action", "fine_amount", "repeat_violation")
    list_filter = ("result", "action", "repeat_violation", "team")
    list_select_related = ("establishment", "team")
    date_hierarchy = "inspected_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
