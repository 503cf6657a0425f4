"""Pages of the directives app: the registry, a directive with its ward × task matrix, the
officer's inbox and the reply form, an assignment's review, the committee's overdue list, the
evidence and signed files (served through the access check) and the assignments' CSV export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from core.exports import csv_response
from core.forms import apply_service_errors
from core.idempotency import idempotent_form_post
from core.pagination import query_without_page
from core.permissions import CommitteeRequiredMixin
from directives import selectors, services
from directives.filters import AssignmentFilter, DirectiveFilter
from directives.forms import ReplyForm, ReviewForm
from wards import access
from wards.access import get_for_user_or_404
from wards.types import SignedInRequest

PAGE_SIZE = 30


class DirectiveListView(LoginRequiredMixin, ListView):
    """The registry: search by number and text (with or without diacritics), filter by issuer, kind, year."""

    request: SignedInRequest

    template_name = "directives/directive_list.html"
    context_object_name = "directives"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> QuerySet[Any]:
        self.filterset = DirectiveFilter(
            self.request.GET or None, queryset=selectors.directives_for_user(self.request.user)
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["query_without_page"] = query_without_page(self.request)
        return ctx


class DirectiveDetailView(LoginRequiredMixin, DetailView):
    """A document, its tasks and the ward × task state matrix (an officer sees their ward's row)."""

    request: SignedInRequest

    template_name = "directives/directive_detail.html"
    context_object_name = "directive"

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.directives_for_user(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        ctx["matrix"] = selectors.directive_matrix(directive=self.object, user=self.request.user, today=today)
        ctx["superseded_by"] = list(self.object.superseded_by.all())
        return ctx


class DirectiveFileView(LoginRequiredMixin, View):
    """The signed document (PDF), served through the check, never from a public folder."""

    request: SignedInRequest

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        # The registry is district-wide (every signed-in user reads it): no ward to scope by.
        directive = get_object_or_404(selectors.directives_for_user(self.request.user), pk=pk)
        if not directive.file:
            raise Http404
        try:
            handle = directive.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return FileResponse(handle, filename=f"van-ban-{directive.pk}.pdf", content_type="application/pdf")


class _AssignmentListView(LoginRequiredMixin, ListView):
    """A list of assignments with the user's latest reminders above it."""

    request: SignedInRequest

    context_object_name = "assignments"
    paginate_by = PAGE_SIZE

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["reminders"] = selectors.reminders_for(self.request.user)
        ctx["query_without_page"] = query_without_page(self.request)
        return ctx


class InboxView(_AssignmentListView):
    """The ward's open assignments, soonest first (an officer); every ward's for the committee."""

    template_name = "directives/inbox.html"

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.open_assignments(self.request.user)


class OverdueView(CommitteeRequiredMixin, _AssignmentListView):
    """The committee's list of overdue assignments, oldest first."""

    template_name = "directives/overdue.html"

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.overdue_assignments(self.request.user, today=timezone.localdate())


class AssignmentExportView(LoginRequiredMixin, View):
    """The assignments the user may see, filtered as the API filters them, as CSV."""

    request: SignedInRequest

    def get(self, request: HttpRequest) -> HttpResponse:
        filterset = AssignmentFilter(request.GET or None, queryset=selectors.assignments_for_user(self.request.user))
        if filterset.is_bound and not filterset.is_valid():
            return HttpResponse(_("Check the filters."), status=400, content_type="text/plain; charset=utf-8")
        today = timezone.localdate()
        header = [_("Document"), _("Task"), _("Ward"), _("Due date"), _("State"), _("What was done"), _("Number")]
        rows = (
            [a.task.directive.number, a.task.title, a.ward.name, a.due_on, a.state_on(today), a.reply, a.number]
            for a in filterset.qs
        )
        return csv_response("nhiem-vu.csv", header, rows)


class AssignmentView(LoginRequiredMixin, TemplateView):
    """One assignment: the task, the ward's reply form (its officers) or the reply and its review
    (the committee)."""

    request: SignedInRequest

    template_name = "directives/assignment_detail.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.assignment = get_for_user_or_404(
            selectors.assignments_for_user(self.request.user), self.request.user, "ward", pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        a = self.assignment
        ctx["assignment"] = a
        ctx["evidence"] = list(a.evidence.all())
        ctx.setdefault("reply_form", ReplyForm(number_label=a.task.number_label))
        ctx.setdefault("review_form", ReviewForm())
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return idempotent_form_post(request, lambda: self._post(request))

    def _post(self, request: HttpRequest) -> HttpResponse:
        a = self.assignment
        user = self.request.user
        action = request.POST.get("action", "reply")
        if action in ("accept", "return"):
            review = ReviewForm(request.POST)
            if review.is_valid():
                try:
                    if action == "accept":
                        services.assignment_accept(assignment=a, user=user, comment=review.cleaned_data["comment"])
                        messages.success(request, _("Reply accepted."))
                    else:
                        services.assignment_return(assignment=a, user=user, comment=review.cleaned_data["comment"])
                        messages.success(request, _("Reply sent back to the ward."))
                    return redirect(a.get_absolute_url())
                except PermissionDenied:
                    raise
                except ValidationError as exc:
                    apply_service_errors(review, exc, field_map={"status": None})
            return self.render_to_response(self.get_context_data(review_form=review), status=400)
        form = ReplyForm(request.POST, request.FILES, number_label=a.task.number_label)
        if not access.can_change_ward(user, a.ward_id):
            raise PermissionDenied(_("Only the ward's own officers may reply."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assignment_reply(
                    assignment=a, user=user, reply=data["reply"], done_on=data.get("done_on"),
                    number=data.get("number"), files=data.get("evidence") or [],
                )  # fmt: skip
                messages.success(request, _("Reply sent to the district steering committee."))
                return redirect(a.get_absolute_url())
            except ValidationError as exc:
                apply_service_errors(form, exc)
        return self.render_to_response(self.get_context_data(reply_form=form), status=400)


class EvidenceView(LoginRequiredMixin, View):
    """A reply's photo or PDF, to users who may see the assignment's ward."""

    request: SignedInRequest

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        evidence = get_for_user_or_404(
            selectors.evidence_for_user(self.request.user), self.request.user, "assignment__ward", pk=pk
        )
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return FileResponse(handle, filename=str(evidence), content_type=evidence.content_type)
