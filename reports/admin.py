"""Admin of the reports app: administrators manage the catalogue and deadlines; reports are read-only history."""

from django.contrib import admin

from core.admin import NoAddAdminMixin, NoChangeAdminMixin, NoDeleteAdminMixin, ReadOnlyAdminMixin
from reports.models import Indicator, Notification, Report, ReportChange, ReportDeadline, ReportReview, ReportValue


@admin.register(Indicator)
class IndicatorAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    """Values refer to indicators (PROTECT): none is deleted; retire one with "active" instead."""

    list_display = ("code", "name_vi", "name_en", "group", "order", "value_type", "aggregation", "in_daily",
                    "in_weekly", "in_monthly", "min_value", "max_value", "must_not_exceed", "active")  # fmt: skip
    list_filter = ("group", "active", "in_daily", "in_weekly", "in_monthly", "aggregation")
    list_editable = ("order", "active")
    list_select_related = ("must_not_exceed",)
    search_fields = ("code", "name_vi", "name_en")
    autocomplete_fields = ("must_not_exceed",)

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()


@admin.register(ReportDeadline)
class ReportDeadlineAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("kind", "days_after_period_end", "time", "reminder_minutes")


class ReportValueInline(NoAddAdminMixin, admin.TabularInline):
    model = ReportValue
    fields = ("indicator", "value", "is_outlier", "baseline_median", "baseline_count")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Reports change only through the workflow (pages, API), so the history stays complete."""

    list_display = ("ward", "kind", "period_start", "status", "is_late", "submitted_at", "acknowledged_at")
    list_filter = ("kind", "status", "is_late", "ward")
    list_select_related = ("ward",)
    date_hierarchy = "period_start"
    inlines = [ReportValueInline]


@admin.register(ReportReview, ReportChange)
class HistoryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("report", "at", "user")
    list_select_related = ("report__ward", "user")


@admin.register(Notification)
class NotificationAdmin(NoAddAdminMixin, NoChangeAdminMixin, admin.ModelAdmin):
    list_display = ("recipient", "kind", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    list_select_related = ("recipient",)
