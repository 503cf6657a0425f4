"""Admin of the inspections app: establishments, teams (with members), intervals, checklist.

Inspection records and schedules are permanent history: they are not deleted here.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import DeleteUnusedAdminMixin, NoBulkDeleteAdminMixin, NoDeleteAdminMixin, ReadOnlyAdminMixin
from inspections.choices import Category
from inspections.models import (
    ChecklistItem,
    DisinfectionRound,
    DisinfectionSite,
    Establishment,
    EstablishmentUpdateSuggestion,
    Inspection,
    InspectionSchedule,
    InspectionTeam,
    RiskInterval,
    TeamMember,
)


@admin.register(Establishment)
class EstablishmentAdmin(DeleteUnusedAdminMixin, NoBulkDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("name", "ward", "category", "status", "phone", "registered_on")
    list_filter = ("ward", "category", "status")
    search_fields = ("name", "address", "owner_name", "phone")
    list_select_related = ("ward",)

    def in_use(self, obj) -> bool:
        # Inspected establishments keep their history (PROTECT); close them instead.
        return obj.inspections.exists() or obj.schedules.exists()


@admin.register(EstablishmentUpdateSuggestion)
class SuggestionAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
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
class RiskIntervalAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("category", "interval_days", "after_violation_days")
    list_editable = ("interval_days", "after_violation_days")


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 2
    autocomplete_fields = ("user",)


@admin.register(InspectionTeam)
class InspectionTeamAdmin(DeleteUnusedAdminMixin, NoBulkDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("name", "leader", "daily_capacity", "active")
    list_filter = ("active",)
    search_fields = ("name",)
    autocomplete_fields = ("leader",)
    inlines = [TeamMemberInline]

    def in_use(self, obj) -> bool:
        return obj.schedules.exists() or obj.inspections.exists()  # deactivate instead


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
class ChecklistItemAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    """Administrators manage the checklist on /inspections/settings/; here the code stays fixed too."""

    form = ChecklistItemAdminForm
    list_display = ("code", "text", "order", "active")
    list_editable = ("order", "active")

    def get_readonly_fields(self, request, obj=None):
        # Recorded answers refer to the code: it cannot be changed once the item exists.
        return ("code",) if obj is not None else ()


@admin.register(InspectionSchedule)
class InspectionScheduleAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: planning goes through the calendar pages (capacity and rules)."""

    list_display = ("date", "team", "establishment", "kind", "status")
    list_filter = ("status", "kind", "team")
    list_select_related = ("team", "establishment")
    date_hierarchy = "date"


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: inspections are recorded through the record form or the API."""

    list_display = ("inspected_on", "establishment", "team", "result", "action", "fine_amount", "repeat_violation")
    list_filter = ("result", "action", "repeat_violation", "team")
    list_select_related = ("establishment", "team")
    date_hierarchy = "inspected_on"


@admin.register(DisinfectionSite)
class DisinfectionSiteAdmin(DeleteUnusedAdminMixin, NoBulkDeleteAdminMixin, admin.ModelAdmin):
    """Sites outside the establishment registry (public offices, ward headquarters) the rounds cover."""

    list_display = ("name", "ward", "kind", "address", "active")
    list_filter = ("kind", "ward", "active")
    list_select_related = ("ward",)
    search_fields = ("name", "address")

    def in_use(self, obj) -> bool:
        return obj.targets.exists()


@admin.register(DisinfectionRound)
class DisinfectionRoundAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Rounds are created and corrected on their pages (the services keep their sites and marks right); here they are read."""

    list_display = ("title", "start", "end", "directive_reference", "team", "created_by")
    list_select_related = ("team", "created_by")
    search_fields = ("title", "directive_reference")
