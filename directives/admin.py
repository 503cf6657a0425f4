"""The registry in the admin site (administrators only, like every admin page; every save audited).

Documents and tasks are edited here; a saved task gets its wards' assignments (the same service as
the API). Assignments and reminders are read-only: replies and reviews go through their pages.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdminMixin
from directives import services
from directives.models import Assignment, Directive, DirectiveTask, Reminder


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "issuer", "signed_on", "title")
    list_filter = ("issuer", "kind", "year")
    search_fields = ("number", "title", "search_text")
    autocomplete_fields = ("supersedes",)


class TaskForm(forms.ModelForm):
    class Meta:
        model = DirectiveTask
        fields = [  # noqa: RUF012
            "directive", "title", "details", "due_on", "repeat", "weekday", "repeat_until", "all_wards", "wards",
            "number_label",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        directive, due_on = data.get("directive"), data.get("due_on")
        if directive and due_on and due_on < directive.signed_on:
            self.add_error("due_on", _("The due date cannot be before the document was signed."))
        return data


@admin.register(DirectiveTask)
class DirectiveTaskAdmin(admin.ModelAdmin):
    form = TaskForm
    list_display = ("title", "directive", "due_on", "repeat", "all_wards")
    list_filter = ("repeat", "all_wards")
    search_fields = ("title", "directive__number")
    autocomplete_fields = ("directive",)
    filter_horizontal = ("wards",)

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.assignments_generate(task=form.instance)


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("task", "ward", "due_on", "status")
    list_filter = ("status", "ward")
    list_select_related = ("task", "ward")


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("recipient", "kind", "day", "created_at")
    list_filter = ("kind",)
