"""Audit trail pages, for the steering committee and district administrators (officers: 403)."""

from typing import TYPE_CHECKING, Any, cast

from django.db.models import Model, QuerySet
from django.http import Http404
from django.views.generic import ListView

from audit.filters import LogEntryFilter
from audit.selectors import entries, object_entries, readable_changes, tracked_content_type
from core.pagination import query_without_page
from core.permissions import CommitteeRequiredMixin
from wards.types import SignedInRequest

PAGE_SIZE = 50


if TYPE_CHECKING:
    _ListViewBase = ListView
else:  # a mixin: the view class comes later in the bases
    _ListViewBase = object


class _EntriesMixin(CommitteeRequiredMixin, _ListViewBase):
    request: SignedInRequest

    paginate_by = PAGE_SIZE
    context_object_name = "entries"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        readable_changes(list(ctx["entries"]))
        ctx["query"] = query_without_page(self.request)
        return ctx


class AuditLogListView(_EntriesMixin, ListView):
    """Search the whole trail: by kind of object, object id, user, action, dates and text."""

    template_name = "audit/logentry_list.html"

    def get_queryset(self) -> QuerySet[Any]:
        self.filterset = LogEntryFilter(self.request.GET or None, queryset=entries(), request=self.request)
        return self.filterset.qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        return ctx


class ObjectHistoryView(_EntriesMixin, ListView):
    """One object's history (it may have been deleted since): its entries and its parts'."""

    template_name = "audit/logentry_object.html"

    def get_queryset(self) -> QuerySet[Any]:
        # Not ``self.content_type``: that is the response's MIME type to TemplateResponseMixin.
        audited_type = tracked_content_type(self.kwargs["app_label"], self.kwargs["model"])
        if audited_type is None:
            raise Http404
        self.audited_type = audited_type
        return object_entries(audited_type, self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        model = cast(type[Model], self.audited_type.model_class())  # an audited model is installed
        pk = self.kwargs["pk"]
        ctx["model_name"] = model._meta.verbose_name
        ctx["object_pk"] = pk
        latest = next(
            (e for e in ctx["entries"] if e.content_type_id == self.audited_type.pk and e.object_pk == pk), None
        )
        ctx["object_repr"] = latest.object_repr if latest else f"#{pk}"
        return ctx
