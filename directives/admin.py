"""The registry in the admin site (administrators only, like every admin page; every save audited).

Documents and tasks are edited here; a saved task gets its wards' assignments (the same service as
the API). Assignments and reminders are read-only: replies and reviews go through their pages.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdminMixin
from directives import services
from directives.models import Assignment, Directive, DirectiveTask, Reminder
from directives.selectors import number_taken
from directives.uploads import check_pdf


class DirectiveForm(forms.ModelForm):
    class Meta:
        model = Directive
        fields = [  # noqa: RUF012
            "number", "kind", "issuer", "signed_on", "effective_on", "title", "summary", "file", "supersedes",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        """The number once per issuer and year (the year is derived, so the constraint is checked here)."""
        data = super().clean() or {}
        number, issuer, signed_on = data.get("number"), data.get("issuer"), data.get("signed_on")
        if number and issuer and signed_on:
            taken = number_taken(issuer=issuer, year=signed_on.year, number=number, exclude_pk=self.instance.pk)
            if taken:
                self.add_error("number", _("This issuer already has a document with this number in this year."))
        uploaded = data.get("file")
        if uploaded and hasattr(uploaded, "content_type"):
            try:
                check_pdf(uploaded)
            except ValidationError as exc:
                self.add_error("file", exc.message_dict.get("file", exc.messages))
        return data


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    form = DirectiveForm
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
