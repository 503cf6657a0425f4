"""Pages of the inspections app: generic views for reading, thin POST views calling services."""

import datetime
from functools import cached_property
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from core.collation import ViCollate
from core.exports import csv_response
from core.formatting import parse_date
from core.forms import apply_service_errors
from core.idempotency import idempotent_form_post
from core.pagination import query_without_page
from core.permissions import AdminRequiredMixin, CommitteeRequiredMixin
from core.templatetags.formatting import num
from inspections import selectors, services
from inspections.choices import Category, ScheduleStatus, SuggestionStatus
from inspections.filters import EstablishmentFilter, InspectionFilter
from inspections.forms import (
    CampaignForm,
    CancelForm,
    ChecklistItemForm,
    DecisionForm,
    DisinfectionMarkForm,
    DisinfectionRoundForm,
    DueFilterForm,
    EstablishmentForm,
    ImportForm,
    OutsideMemberFormSet,
    PeriodForm,
    RecordForm,
    RiskIntervalForm,
    ScheduleForm,
    SuggestionForm,
    TeamForm,
    month_bounds,
)
from inspections.importing import COLUMNS, REQUIRED, TEMPLATE_HEADER
from inspections.models import (
    ChecklistAnswer,
    ChecklistItem,
    DisinfectionRound,
    Establishment,
    EstablishmentUpdateSuggestion,
    InspectionTeam,
    TeamMember,
)
from wards import access
from wards.access import get_for_user_or_404
from wards.models import User, Ward
from wards.types import AnyUser, SignedInRequest

PAGE_SIZE = 25


def _restrict_ward_field(form: Any, user: User) -> None:
    """An officer's ward filters offer their own ward only."""
    if "ward" in form.fields and user.is_ward_officer:
        form.fields["ward"].queryset = Ward.objects.filter(pk=cast(int, user.ward_id))  # an officer has a ward


# ---- Coverage ------------------------------------------------------------------------------------


class CoverageView(LoginRequiredMixin, TemplateView):
    """Share of establishments inspected in a period, per ward and per category."""

    request: SignedInRequest

    template_name = "inspections/coverage.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        start, end = month_bounds(today)
        form = PeriodForm(self.request.GET or None, initial={"start": start, "end": end})
        _restrict_ward_field(form, self.request.user)
        ward_id = category = None
        if form.is_bound and form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            ward_id = form.cleaned_data["ward"].pk if form.cleaned_data["ward"] else None
            category = form.cleaned_data["category"] or None
        rows = selectors.coverage(
            user=self.request.user, start=start, end=end, today=today, ward_id=ward_id, category=category
        )
        ctx.update(
            form=form,
            start=start,
            end=end,
            rows=rows,
            by_ward=selectors.coverage_totals(rows, "ward"),
            by_category=selectors.coverage_totals(rows, "category"),
            total=selectors.coverage_grand_total(rows),
        )
        return ctx


# ---- Establishments ------------------------------------------------------------------------------------


class EstablishmentListView(LoginRequiredMixin, ListView):
    request: SignedInRequest

    template_name = "inspections/establishment_list.html"
    context_object_name = "establishments"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> QuerySet[Any]:
        qs = selectors.with_due(selectors.establishments_for_user(self.request.user))
        self.filterset = EstablishmentFilter(self.request.GET or None, queryset=qs, request=self.request)
        return self.filterset.qs.order_by(ViCollate("ward__name"), ViCollate("name"), "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["today"] = timezone.localdate()
        ctx["query"] = query_without_page(self.request)
        if access.is_admin(self.request.user):
            ctx["pending_suggestions"] = EstablishmentUpdateSuggestion.objects.filter(
                status=SuggestionStatus.PENDING
            ).count()
        return ctx


class EstablishmentDetailView(LoginRequiredMixin, DetailView):
    request: SignedInRequest

    template_name = "inspections/establishment_detail.html"
    context_object_name = "establishment"

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        return get_for_user_or_404(
            selectors.with_due(Establishment.objects.select_related("ward")),
            self.request.user,
            "ward",
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        est, user = self.object, self.request.user
        ctx["today"] = timezone.localdate()
        ctx["inspections"] = est.inspections.select_related("team").order_by("-inspected_at")
        ctx["schedules"] = est.schedules.filter(status=ScheduleStatus.PLANNED).select_related("team").order_by("date")
        suggestions = est.suggestions.select_related("suggested_by", "decided_by")
        if user.is_ward_officer:
            suggestions = suggestions.filter(suggested_by=user)
        ctx["suggestions"] = suggestions[:10]
        ctx["recordable_teams"] = selectors.recordable_team_ids(user)
        ctx["interval_days"] = est.interval_days
        return ctx


class EstablishmentCreateView(AdminRequiredMixin, FormView):
    request: SignedInRequest

    template_name = "inspections/establishment_form.html"
    form_class = EstablishmentForm

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            est = services.establishment_create(user=self.request.user, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, _("Added %(name)s.") % {"name": est.name})
        return redirect("inspections:establishment_detail", pk=est.pk)

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class EstablishmentUpdateView(AdminRequiredMixin, FormView):
    request: SignedInRequest

    template_name = "inspections/establishment_form.html"
    form_class = EstablishmentForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.establishment = get_for_user_or_404(Establishment.objects.all(), request.user, "ward", pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Establishment.objects.get(pk=self.establishment.pk)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(establishment=self.establishment, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            services.establishment_update(
                user=self.request.user, establishment=self.establishment, data=form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, _("Saved %(name)s.") % {"name": form.cleaned_data["name"]})
        return redirect("inspections:establishment_detail", pk=self.establishment.pk)

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class EstablishmentSuggestView(LoginRequiredMixin, FormView):
    """A ward officer proposes corrections to an establishment of their ward."""

    request: SignedInRequest

    template_name = "inspections/establishment_suggest.html"
    form_class = SuggestionForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            # Another ward's establishment is "not found"; the committee and administrators are refused.
            self.establishment = get_for_user_or_404(
                Establishment.objects.select_related("ward"), request.user, "ward", pk=kwargs["pk"]
            )
            if not access.can_suggest_update(request.user, self.establishment):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Establishment.objects.get(pk=self.establishment.pk)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(establishment=self.establishment, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            services.suggestion_create(
                user=self.request.user,
                establishment=self.establishment,
                changes=form.changes(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, _("Your suggestion was sent to the district administrators."))
        return redirect("inspections:establishment_detail", pk=self.establishment.pk)

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SuggestionListView(AdminRequiredMixin, ListView):
    request: SignedInRequest

    template_name = "inspections/suggestion_list.html"
    context_object_name = "suggestions"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> QuerySet[Any]:
        return (
            selectors.pending_suggestions(self.request.user)
            .filter(status=SuggestionStatus.PENDING)
            .order_by("created_at")
        )


class SuggestionDecideView(AdminRequiredMixin, View):
    """POST: accept (apply) or reject a pending suggestion."""

    request: SignedInRequest

    def post(self, request: HttpRequest, pk: Any, decision: str) -> HttpResponseBase:
        if decision not in ("accept", "reject"):
            raise Http404
        suggestion = get_object_or_404(EstablishmentUpdateSuggestion, pk=pk)
        form = DecisionForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        service = services.suggestion_accept if decision == "accept" else services.suggestion_reject
        try:
            service(user=self.request.user, suggestion=suggestion, note=note)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Suggestion accepted and applied.") if decision == "accept" else _("Suggestion rejected.")
            )
        return redirect("inspections:suggestion_list")


class EstablishmentImportView(AdminRequiredMixin, FormView):
    """Upload CSV/XLSX: all or nothing, with a row-by-row error report."""

    request: SignedInRequest

    template_name = "inspections/establishment_import.html"
    form_class = ImportForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["columns"] = [
            (key, names[-1] if len(names) > 1 else names[0], key in REQUIRED) for key, names in COLUMNS.items()
        ]
        ctx["wards"] = Ward.objects.order_by(ViCollate("name")).values_list("code", "name")
        ctx["categories"] = Category.choices
        return ctx

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            report = services.establishments_import(user=self.request.user, uploaded=form.cleaned_data["file"])
        except ValidationError as exc:
            apply_service_errors(form, exc, field_map={NON_FIELD_ERRORS: "file"})
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if not report.ok:
            return self.render_to_response(self.get_context_data(form=form, report=report), status=400)
        messages.success(self.request, _("Imported %(count)s establishments.") % {"count": num(report.created)})
        return redirect("inspections:establishment_list")

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ImportTemplateView(AdminRequiredMixin, View):
    request: SignedInRequest

    def get(self, request: HttpRequest) -> HttpResponseBase:
        example = [
            "Nhà hàng Hải Sản Biển Đông",
            "an-bien",
            "25 Tô Hiệu",
            "restaurant",
            "Nguyễn Văn An",
            "0912345678",
            "operating",
            "",
            "",
        ]
        return csv_response("establishments-template.csv", TEMPLATE_HEADER, [example])


# ---- Due list, calendar, teams ------------------------------------------------------------------------


class DueListView(LoginRequiredMixin, ListView):
    request: SignedInRequest

    template_name = "inspections/due_list.html"
    context_object_name = "establishments"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> QuerySet[Any]:
        self.today = timezone.localdate()
        self.form = DueFilterForm(self.request.GET or None)
        _restrict_ward_field(self.form, self.request.user)
        data = self.form.cleaned_data if self.form.is_bound and self.form.is_valid() else {}
        return selectors.due_list(
            user=self.request.user,
            today=self.today,
            ward_id=data["ward"].pk if data.get("ward") else None,
            category=data.get("category") or None,
            overdue_only=data.get("overdue", False),
            unplanned_only=data.get("unplanned", False),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            form=self.form, today=self.today, query=query_without_page(self.request), horizon=selectors.DUE_HORIZON_DAYS
        )
        return ctx


def _week_start(request: HttpRequest) -> datetime.date:
    today = timezone.localdate()
    try:
        day = parse_date(request.GET.get("start", ""))  # dd/mm/yyyy from the page, ISO from links
    except ValueError:
        day = today
    return day - datetime.timedelta(days=day.weekday())


class CalendarView(LoginRequiredMixin, TemplateView):
    """Week view of every active team's visits (or one team's with ?team=)."""

    request: SignedInRequest

    template_name = "inspections/calendar.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        start = _week_start(self.request)
        team = self.request.GET.get("team")
        team_id = int(team) if team and team.isdigit() else None
        if team_id and not InspectionTeam.objects.filter(pk=team_id).exists():
            raise Http404
        ctx.update(
            calendar=selectors.calendar(user=self.request.user, start=start, team_id=team_id),
            start=start,
            previous=start - datetime.timedelta(days=7),
            next=start + datetime.timedelta(days=7),
            teams=InspectionTeam.objects.filter(active=True).order_by(ViCollate("name")),
            team_id=team_id,
            today=timezone.localdate(),
            recordable_teams=selectors.recordable_team_ids(self.request.user),
        )
        return ctx


class TeamListView(LoginRequiredMixin, ListView):
    request: SignedInRequest

    template_name = "inspections/team_list.html"
    context_object_name = "teams"

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.teams_with_counts(today=timezone.localdate())


class TeamDetailView(LoginRequiredMixin, DetailView):
    request: SignedInRequest

    template_name = "inspections/team_detail.html"
    context_object_name = "team"

    def get_queryset(self) -> QuerySet[Any]:
        return InspectionTeam.objects.select_related("leader").prefetch_related(
            Prefetch("members", queryset=TeamMember.objects.select_related("user").order_by("pk"))
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        start = _week_start(self.request)
        ctx.update(
            calendar=selectors.calendar(user=self.request.user, start=start, team_id=self.object.pk),
            start=start,
            previous=start - datetime.timedelta(days=7),
            next=start + datetime.timedelta(days=7),
            today=timezone.localdate(),
            recordable_teams=selectors.recordable_team_ids(self.request.user),
        )
        return ctx


class TeamFormView(AdminRequiredMixin, TemplateView):
    """Create (``teams/new/``) or edit (``teams/<pk>/edit/``) a team with its members.

    Portal users are ticked from a list; outside members are rows of a formset (name, unit,
    phone). The rules live in ``services.team_create`` / ``services.team_update``."""

    request: SignedInRequest

    template_name = "inspections/team_form.html"
    prefix = "outside"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.team = None
        if request.user.is_authenticated and "pk" in kwargs:
            self.team = get_object_or_404(InspectionTeam.objects.select_related("leader"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def _initial(self) -> tuple[dict[str, Any], list[Any]]:
        if self.team is None:
            return {"daily_capacity": 6, "active": True}, []
        members = list(TeamMember.objects.filter(team=self.team).order_by("pk"))
        form_initial = {
            "name": self.team.name,
            "leader": self.team.leader_id,
            "daily_capacity": self.team.daily_capacity,
            "active": self.team.active,
            "member_users": [m.user_id for m in members if m.user_id],
        }
        outside = [{"id": m.pk, "name": m.name, "unit": m.unit, "phone": m.phone} for m in members if not m.user_id]
        return form_initial, outside

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if "form" not in kwargs:
            form_initial, outside = self._initial()
            ctx["form"] = TeamForm(initial=form_initial)
            ctx["formset"] = OutsideMemberFormSet(initial=outside, prefix=self.prefix)
        ctx["team"] = self.team
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        form = TeamForm(request.POST)
        formset = OutsideMemberFormSet(request.POST, prefix=self.prefix)
        if form.is_valid() and formset.is_valid():
            data = dict(form.cleaned_data)
            data["member_users"] = list(data["member_users"])
            data["outside_members"] = [row for row in (f.member() for f in formset.forms) if row]
            try:
                if self.team is None:
                    team = services.team_create(user=request.user, data=data)
                    messages.success(request, _("Team %(name)s created.") % {"name": team.name})
                else:
                    team = services.team_update(user=request.user, team=self.team, data=data)
                    messages.success(request, _("Saved %(name)s.") % {"name": team.name})
                return redirect("inspections:team_detail", pk=team.pk)
            except ValidationError as exc:
                apply_service_errors(form, exc, formsets={"outside_members": formset})
        return self.render_to_response(self.get_context_data(form=form, formset=formset), status=400)


# ---- Scheduling ------------------------------------------------------------------------------------------


class ScheduleCreateView(AdminRequiredMixin, FormView):
    request: SignedInRequest

    template_name = "inspections/schedule_form.html"
    form_class = ScheduleForm

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"date": timezone.localdate() + datetime.timedelta(days=1)}
        for key in ("establishment", "team", "date"):
            if self.request.GET.get(key):
                initial[key] = self.request.GET[key]
        return initial

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            schedule = services.schedule_create(user=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            self.request,
            _("Planned %(name)s for %(team)s.") % {"name": schedule.establishment.name, "team": schedule.team.name},
        )
        return redirect(f"{reverse('inspections:calendar')}?team={schedule.team_id}&start={schedule.date.isoformat()}")

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ScheduleCancelView(AdminRequiredMixin, View):
    request: SignedInRequest

    def post(self, request: HttpRequest, pk: Any) -> HttpResponseBase:
        schedule = get_object_or_404(selectors.schedules_for_user(request.user), pk=pk)
        form = CancelForm(request.POST)
        try:
            services.schedule_cancel(user=request.user, schedule=schedule, reason=form.data.get("reason", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The visit was cancelled."))
        return redirect(f"{reverse('inspections:calendar')}?team={schedule.team_id}&start={schedule.date.isoformat()}")


class CampaignCreateView(AdminRequiredMixin, FormView):
    """Plan a team's visits to a set of establishments (ward × category) over a period."""

    request: SignedInRequest

    template_name = "inspections/campaign_form.html"
    form_class = CampaignForm

    def get_initial(self) -> dict[str, Any]:
        today = timezone.localdate()
        monday = today + datetime.timedelta(days=7 - today.weekday())
        return {"start": monday, "end": monday + datetime.timedelta(days=4)}

    def form_valid(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        targets = Establishment.objects.filter(selectors.category_filter(data["category"] or None))
        if data["ward"]:
            targets = targets.filter(ward=data["ward"])
        try:
            campaign = services.campaign_create(
                user=self.request.user,
                team=data["team"],
                name=data["name"],
                establishments=targets.only("pk"),
                start=data["start"],
                end=data["end"],
                per_day=data["per_day"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            self.request,
            _("Campaign %(name)s: %(count)s visits planned.")
            % {"name": campaign.name, "count": campaign.schedules.count()},
        )
        return redirect(f"{reverse('inspections:calendar')}?team={campaign.team_id}&start={campaign.start.isoformat()}")

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


# ---- Recording -------------------------------------------------------------------------------------------


class InspectionRecordView(LoginRequiredMixin, FormView):
    """The phone form: from a schedule (``record/<schedule id>/``) or unscheduled (``record/new/``)."""

    request: SignedInRequest
    team: InspectionTeam | None

    template_name = "inspections/inspection_form.html"
    form_class = RecordForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "POST" and request.user.is_authenticated:
            # Before the schedule's checks: a resent form goes to the inspection it recorded.
            return idempotent_form_post(request, lambda: self.dispatch_form(request, *args, **kwargs))
        return self.dispatch_form(request, *args, **kwargs)

    def dispatch_form(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.schedule = None
        if "schedule_id" in kwargs:
            self.schedule = get_object_or_404(selectors.schedules_for_user(request.user), pk=kwargs["schedule_id"])
            if not access.can_record(request.user, self.schedule.team):
                raise PermissionDenied
            if self.schedule.status != ScheduleStatus.PLANNED:
                messages.info(request, _("This visit is already recorded or was cancelled."))
                return redirect("inspections:establishment_detail", pk=self.schedule.establishment_id)
            self.establishment = self.schedule.establishment
            self.team = self.schedule.team
        else:
            self.team_ids = selectors.recordable_team_ids(request.user)
            if not self.team_ids:
                raise PermissionDenied
            est_id = request.GET.get("establishment") or request.POST.get("establishment")
            if not (est_id and str(est_id).isdigit()):
                raise Http404
            self.establishment = get_for_user_or_404(
                Establishment.objects.select_related("ward"), request.user, "ward", pk=int(est_id)
            )
            self.team = None
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["items"] = services.checklist_for(self.establishment.category)
        kwargs["establishment"] = self.establishment
        if self.schedule:
            kwargs.update(team=self.team, scheduled=True)
        else:
            teams = InspectionTeam.objects.filter(pk__in=self.team_ids)
            kwargs["teams"] = teams
            if len(self.team_ids) == 1 or self.request.GET.get("team"):
                kwargs.setdefault("initial", {})["team"] = self.request.GET.get("team") or self.team_ids[0]
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if self.schedule:
            initial["members_present"] = list(self.schedule.team.members.values_list("pk", flat=True))
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(schedule=self.schedule, establishment=self.establishment, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        try:
            inspection = services.inspection_record(
                user=self.request.user,
                schedule=self.schedule,
                team=self.team or data.get("team"),
                establishment=None if self.schedule else self.establishment,
                reason=data.get("reason") or None,
                inspected_at=data["inspected_at"],
                members_present=list(data["members_present"]),
                answers=form.answers(),
                findings=data["findings"],
                result=data["result"],
                action=data["action"],
                fine_amount=data["fine_amount"],
                correct_by=data["correct_by"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except PermissionDenied as exc:
            apply_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=403)
        messages.success(self.request, _("Inspection of %(name)s recorded.") % {"name": self.establishment.name})
        return redirect("inspections:inspection_detail", pk=inspection.pk)

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class InspectionDetailView(LoginRequiredMixin, DetailView):
    request: SignedInRequest

    template_name = "inspections/inspection_detail.html"
    context_object_name = "inspection"

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        qs = selectors.inspections_for_user(self.request.user).prefetch_related(
            Prefetch("answers", queryset=ChecklistAnswer.objects.select_related("item")),
            Prefetch("members_present", queryset=TeamMember.objects.select_related("user")),
            "follow_ups",
        )
        return get_object_or_404(qs, pk=self.kwargs["pk"])


class InspectionListView(LoginRequiredMixin, ListView):
    """Inspection records with filters (the same FilterSet as the API)."""

    request: SignedInRequest

    template_name = "inspections/inspection_list.html"
    context_object_name = "inspections"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> QuerySet[Any]:
        self.filterset = InspectionFilter(
            self.request.GET or None, queryset=selectors.inspections_for_user(self.request.user), request=self.request
        )
        return self.filterset.qs.order_by("-inspected_at", "-pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(filter=self.filterset, query=query_without_page(self.request))
        return ctx


# ---- Settings: risk intervals and the checklist ------------------------------------------------------


def _settings_context(user: AnyUser, bound: RiskIntervalForm | None = None) -> dict:
    """The settings page: every category's intervals (with an edit form each for administrators,
    ``bound`` in place of its category's form) and every checklist item. Two queries."""
    can_edit = access.is_admin(user)
    rows = selectors.interval_rows()
    for row in rows:
        if not can_edit:
            continue
        if bound is not None and bound.category == row["category"]:
            row["form"] = bound
        else:
            row["form"] = RiskIntervalForm(
                category=row["category"],
                initial={"interval_days": row["interval_days"], "after_violation_days": row["after_violation_days"]},
            )
    labels = dict(Category.choices)
    items = list(selectors.checklist_items())
    for item in items:
        item.category_labels = [labels[c] for c in item.categories if c in labels]  # type: ignore[attr-defined]  # for the template
    return {"interval_rows": rows, "checklist": items, "can_edit": can_edit}


class InspectionSettingsView(CommitteeRequiredMixin, TemplateView):
    """Risk intervals per category and the inspection checklist: administrators edit them,
    the steering committee reads them."""

    request: SignedInRequest

    template_name = "inspections/settings.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(_settings_context(self.request.user))
        return ctx


class RiskIntervalSetView(AdminRequiredMixin, View):
    """POST one category's intervals from its form on the settings page."""

    request: SignedInRequest

    def post(self, request: HttpRequest, category: str) -> HttpResponseBase:
        if category not in Category.values:
            raise Http404
        form = RiskIntervalForm(request.POST, category=category)
        if form.is_valid():
            try:
                services.risk_interval_set(user=self.request.user, category=category, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Saved the intervals of %(category)s.") % {"category": Category(category).label}
                )
                return redirect(f"{reverse('inspections:settings')}#interval-{category}")
        return render(request, InspectionSettingsView.template_name, _settings_context(request.user, form), status=400)


class ChecklistItemFormView(AdminRequiredMixin, FormView):
    """Add (``settings/checklist/new/``) or edit (``settings/checklist/<pk>/edit/``) a checklist
    item. The rules live in ``services.checklist_item_create`` / ``services.checklist_item_update``."""

    request: SignedInRequest

    template_name = "inspections/checklist_item_form.html"
    form_class = ChecklistItemForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.item = None
        if request.user.is_authenticated and "pk" in kwargs:
            self.item = get_object_or_404(ChecklistItem, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "item": self.item}

    def get_initial(self) -> dict[str, Any]:
        if self.item is None:
            return {"order": selectors.next_checklist_order(), "active": True}
        return {
            "code": self.item.code,
            "text": self.item.text,
            "categories": list(self.item.categories),
            "order": self.item.order,
            "active": self.item.active,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["item"] = self.item
        ctx["answer_count"] = self.item.answers.count() if self.item else 0
        return ctx

    def form_valid(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        values = {k: data[k] for k in ("text", "categories", "order", "active")}
        try:
            if self.item is None:
                item = services.checklist_item_create(user=self.request.user, code=data["code"], **values)
                messages.success(self.request, _("Checklist item %(code)s added.") % {"code": item.code})
            else:
                item = services.checklist_item_update(user=self.request.user, item=self.item, **values)
                messages.success(self.request, _("Saved %(name)s.") % {"name": item.code})
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return redirect(f"{reverse('inspections:settings')}#checklist-{item.code}")

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


# ---- Disinfection rounds ---------------------------------------------------------------------------------


class DisinfectionRoundListView(LoginRequiredMixin, ListView):
    """The disinfection rounds, newest first, each with its share of sites done (an officer: their ward's)."""

    request: SignedInRequest

    template_name = "inspections/disinfection_list.html"
    context_object_name = "rounds"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.disinfection_rounds_for_user(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        for round_ in ctx["rounds"]:
            round_.percent = selectors.coverage_percent(round_.sites_done, round_.sites_total)
        ctx["today"] = timezone.localdate()
        return ctx


class DisinfectionRoundCreateView(AdminRequiredMixin, FormView):
    """Administrators create a round; it lists its sites at once (``services.round_create``)."""

    request: SignedInRequest

    template_name = "inspections/disinfection_form.html"
    form_class = DisinfectionRoundForm

    def get_initial(self) -> dict[str, Any]:
        today = timezone.localdate()
        return {"start": today, "end": today + datetime.timedelta(days=6)}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return idempotent_form_post(request, lambda: super(DisinfectionRoundCreateView, self).post(request))

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            round_ = services.round_create(user=self.request.user, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Round %(title)s created.") % {"title": round_.title})
        return redirect(round_.get_absolute_url())

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DisinfectionRoundEditView(AdminRequiredMixin, FormView):
    """Administrators correct a round: its title, days, categories, reference and team
    (``services.round_update``: marked sites keep the round's days and categories)."""

    request: SignedInRequest

    template_name = "inspections/disinfection_form.html"
    form_class = DisinfectionRoundForm

    @cached_property
    def round(self) -> DisinfectionRound:  # read after the role check: others get 403, not 404
        return get_object_or_404(DisinfectionRound.objects.select_related("team"), pk=self.kwargs["pk"])

    def get_initial(self) -> dict[str, Any]:
        r = self.round
        return {
            "title": r.title, "scope": r.scope, "start": r.start, "end": r.end, "categories": r.categories,
            "directive_reference": r.directive_reference, "team": r.team,
        }  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(round=self.round, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            round_ = services.round_update(user=self.request.user, round_=self.round, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Round %(title)s saved.") % {"title": round_.title})
        return redirect(round_.get_absolute_url())

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DisinfectionRoundDetailView(LoginRequiredMixin, TemplateView):
    """A round: coverage per category and ward, then its sites (an officer: their ward's), pending
    ones with a button to mark them done. ``?state=pending|done`` and ``?ward=`` filter the list."""

    request: SignedInRequest

    template_name = "inspections/disinfection_detail.html"
    SITES_PER_PAGE = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        round_ = get_object_or_404(selectors.disinfection_rounds_for_user(user), pk=kwargs["pk"])
        targets = selectors.disinfection_targets_for_user(user, round_)
        state = self.request.GET.get("state", "")
        if state == "pending":
            targets = targets.filter(done_on__isnull=True)
        elif state == "done":
            targets = targets.filter(done_on__isnull=False)
        else:
            state = ""
        ward = self.request.GET.get("ward", "")
        if ward.isdigit():
            targets = targets.filter(ward_id=int(ward))
        else:
            ward = ""
        page = Paginator(targets, self.SITES_PER_PAGE).get_page(self.request.GET.get("page"))
        mark_any = access.can_mark_disinfection(user, None, round_.team)
        for target in page.object_list:
            markable = mark_any or access.can_change_ward(user, target.ward_id)
            target.can_mark = markable and not target.is_done  # type: ignore[attr-defined]  # for the template
        coverage = selectors.disinfection_coverage(user, round_)
        ctx.update(
            round=round_,
            coverage=coverage,
            page_obj=page,
            targets=page.object_list,
            state=state,
            state_choices=[
                (value, label, value == state)
                for value, label in (("pending", _("To do")), ("done", pgettext("disinfection", "Done")))
            ],
            ward_filter=ward,
            wards=[(str(w["ward_id"]), w["ward_name"]) for w in coverage["by_ward"]],
            can_refresh=access.can_manage_disinfection(user),
            query_without_page=query_without_page(self.request),
        )
        return ctx


class DisinfectionRoundRefreshView(AdminRequiredMixin, View):
    """Administrators add the establishments and sites registered since the round was created."""

    request: SignedInRequest

    def post(self, request: HttpRequest, pk: Any) -> HttpResponseBase:
        round_ = get_object_or_404(DisinfectionRound, pk=pk)
        added = services.round_targets_refresh(user=request.user, round_=round_)
        messages.success(request, _("%(n)s sites added to the round.") % {"n": num(added)})
        return redirect(round_.get_absolute_url())


class DisinfectionMarkView(LoginRequiredMixin, FormView):
    """Mark one site of a round done, on a phone: the day, who, the product and the quantity."""

    request: SignedInRequest

    template_name = "inspections/disinfection_mark.html"
    form_class = DisinfectionMarkForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            user = self.request.user
            self.round = get_object_or_404(selectors.disinfection_rounds_for_user(user), pk=kwargs["pk"])
            self.target = get_object_or_404(
                selectors.disinfection_targets_for_user(user, self.round), pk=kwargs["target_pk"]
            )
            if not access.can_mark_disinfection(user, self.target.ward_id, self.round.team):
                raise PermissionDenied(_("Only the ward's own officers or the round's team may mark its sites."))
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        today = timezone.localdate()
        return {"done_on": min(max(today, self.round.start), self.round.end), "unit": "lít"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(round=self.round, target=self.target)
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return idempotent_form_post(request, lambda: super(DisinfectionMarkView, self).post(request))

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            target = services.target_mark_done(
                user=self.request.user, round_=self.round, target_id=self.target.pk, data=form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc, field_map={"site": None})
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s marked done.") % {"name": target.name})
        return redirect(f"{self.round.get_absolute_url()}?state=pending")

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)
