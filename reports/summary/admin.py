"""Admin of the district summary: summaries are read here and compiled by the service, never edited."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import DeleteUnusedAdminMixin, NoAddAdminMixin, NoChangeAdminMixin, NoDeleteAdminMixin
from reports.summary import services
from reports.summary.models import DistrictSummary, LevelCriteria, MorningBriefDelivery, SummaryRecompile, WardLevel


@admin.register(DistrictSummary)
class DistrictSummaryAdmin(NoAddAdminMixin, NoChangeAdminMixin, admin.ModelAdmin):
    """Read-only: the figures come from the reports; "recompile" runs the same service as the dashboard."""

    list_display = ("period_start", "kind", "district", "submitted", "expected", "late", "compiled_at")
    list_filter = ("kind", "district")
    date_hierarchy = "period_start"
    list_select_related = ("district",)
    actions = ["recompile"]

    @admin.action(description=_("Recompile the selected summaries"))
    def recompile(self, request, queryset):
        for district_id, kind, start in queryset.values_list("district_id", "kind", "period_start")[:100]:
            services.summary_compile(district_id=district_id, kind=kind, period_start=start)
        self.message_user(request, _("Summaries recompiled."), messages.SUCCESS)


@admin.register(SummaryRecompile)
class SummaryRecompileAdmin(NoAddAdminMixin, admin.ModelAdmin):
    """Pending recompiles (the outbox); the beat sweep empties it."""

    list_display = ("period_start", "kind", "district", "requested_at", "attempts", "last_error")
    list_filter = ("kind",)
    readonly_fields = ("district", "kind", "period_start", "created_at", "requested_at", "attempts", "last_error")


@admin.register(LevelCriteria)
class LevelCriteriaAdmin(NoAddAdminMixin, NoChangeAdminMixin, DeleteUnusedAdminMixin, admin.ModelAdmin):
    """Administrators add a set on the portal's criteria page (/dashboard/levels/criteria/), whose service
    keeps past days' levels (a set applies from today or later); here a set not yet in force may be deleted."""

    list_display = ("valid_from", "indicator", "days", "per_residents", "level_2_from", "level_3_from", "level_4_from")

    def in_use(self, obj: LevelCriteria) -> bool:
        """A set in force (or past) has judged days, which keep the level it gave them."""
        return obj.valid_from <= timezone.localdate()


@admin.register(WardLevel)
class WardLevelAdmin(NoAddAdminMixin, NoChangeAdminMixin, NoDeleteAdminMixin, admin.ModelAdmin):
    """Read-only: the levels are computed by the daily compile."""

    list_display = ("day", "ward", "level", "rate", "cases")
    list_filter = ("level",)
    date_hierarchy = "day"
    list_select_related = ("ward",)


@admin.register(MorningBriefDelivery)
class MorningBriefDeliveryAdmin(NoAddAdminMixin, NoChangeAdminMixin, admin.ModelAdmin):
    """Each recipient's copy of the morning brief: when it was claimed and sent, and failed attempts
    (the beat sweep sends what is left). The settings are changed on /dashboard/brief/settings/."""

    list_display = ("day", "recipient", "claimed_at", "sent_at", "emailed", "attempts", "last_error")
    list_filter = ("day", "emailed")
    list_select_related = ("recipient",)
