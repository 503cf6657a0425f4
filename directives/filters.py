"""One FilterSet per list, for the page and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import LocalDateFilter, LocalIntegerFilter
from directives.choices import AssignmentStatus, DocumentKind, Issuer, Repeat
from directives.models import Assignment, Directive, DirectiveTask
from directives.text import fold
from wards.models import Ward


class DirectiveFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    issuer = django_filters.ChoiceFilter(choices=Issuer.choices, label=_("Issuer"))
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label=_("Kind"))
    year = LocalIntegerFilter(field_name="year", label=_("Year"))

    class Meta:
        model = Directive
        fields = ["q", "issuer", "kind", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("issuer", "kind"):
            self.form.fields[name].widget.attrs["class"] = "form-select"
        self.form.fields["year"].widget.attrs.update({"class": "form-control", "inputmode": "numeric"})

    def search(self, queryset, name, value):
        """Number, title and summary, with or without diacritics: every word must be found."""
        for word in fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class TaskFilter(django_filters.FilterSet):
    directive = LocalIntegerFilter(field_name="directive_id", label=_("Directive"))
    repeat = django_filters.ChoiceFilter(choices=Repeat.choices, label=_("Repeat"))

    class Meta:
        model = DirectiveTask
        fields = ["directive", "repeat"]


class AssignmentFilter(django_filters.FilterSet):
    ward = django_filters.ModelChoiceFilter(queryset=Ward.objects.all(), to_field_name="code", label=_("Ward"))
    status = django_filters.ChoiceFilter(choices=AssignmentStatus.choices, label=_("Status"))
    directive = LocalIntegerFilter(field_name="task__directive_id", label=_("Directive"))
    task = LocalIntegerFilter(field_name="task_id", label=_("Task"))
    due_from = LocalDateFilter(field_name="due_on", lookup_expr="gte", label=_("Due from"))
    due_to = LocalDateFilter(field_name="due_on", lookup_expr="lte", label=_("Due until"))

    class Meta:
        model = Assignment
        fields = ["ward", "status", "directive", "task", "due_from", "due_to"]
