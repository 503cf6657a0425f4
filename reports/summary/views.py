"""Pages of the district summary: the committee's dashboard, the summaries, their exports, "compile now"."""

import datetime
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core.collation import ViCollate
from core.forms import apply_service_errors
from core.pagination import query_without_page
from core.permissions import AdminRequiredMixin, CommitteeRequiredMixin
from directives.selectors import period_figures as directive_figures
from inspections.selectors import disinfection_summary
from reports.choices import ReportKind
from reports.selectors import deadline_rules, indicators_for_kind
from reports.summary import dashboard, exports, levels, selectors, services
from reports.summary.filters import SummaryFilter
from reports.summary.forms import CompileForm, LevelCriteriaForm, MapForm
from reports.summary.models import DistrictSummary, DistrictSummaryWard
from wards.access import ward_limit_or_404
from wards.models import District
from wards.selectors import current_leaders
from wards.types import AnyUser, SignedInRequest


class DashboardView(CommitteeRequiredMixin, TemplateView):
    """KPI cards, the trend chart, the ward × day grid, urgent reports and the per-ward comparison.

    Reads compiled summaries only (plus today's live completeness and the urgent feed), so it runs
    the same number of queries whatever the number of wards and days.
    """

    request: SignedInRequest

    template_name = "summary/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        district = selectors.dashboard_district(today=today)
        state = selectors.district_day_state(district, now=timezone.now())
        query = query_without_page(self.request)
        figures = dashboard.figures(params=self.request.GET, query=query, district=district, state=state)
        ctx.update(
            district=district,
            today=today,
            state=state,
            today_compiled_at=getattr(district, "today_compiled_at", None),
            figures=figures,
            chart_config=figures["chart_config"],
            live=dashboard.live(user=self.request.user, district=district, state=state),
            compile_form=CompileForm(initial={"kind": ReportKind.DAILY, "period_start": today}),
        )
        return ctx


class SummaryListView(LoginRequiredMixin, ListView):
    """Compiled summaries, newest first, filtered by kind and period. Officers open their ward's part."""

    request: SignedInRequest

    template_name = "summary/districtsummary_list.html"
    context_object_name = "summaries"
    paginate_by = 30

    def get_queryset(self) -> QuerySet[Any]:
        self.filterset = SummaryFilter(self.request.GET or None, queryset=selectors.summaries_list())
        return self.filterset.qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["query"] = query_without_page(self.request)
        # A period whose deadline has not passed is marked "so far": its figures are partial.
        rules, now = deadline_rules(), timezone.now()
        for summary in ctx["summaries"]:
            summary.open_until = selectors.period_open_until(  # for the template
                summary.kind, summary.period_start, now=now, rule=rules[summary.kind]
            )
        return ctx


def summary_for(user: AnyUser, pk: int) -> tuple[DistrictSummary, int | None]:
    """The summary ``pk`` and the ward the user is limited to (None: the whole district).

    An officer sees only their own ward's line of a summary: a summary without that line (the
    ward was added after the period, or was not active in it) is a 404, never the district.
    """
    summary = get_object_or_404(DistrictSummary.objects.select_related("district"), pk=pk)
    limited_to = ward_limit_or_404(user, summary.district_id)
    if limited_to is not None and not summary.ward_rows.filter(ward_id=limited_to).exists():
        raise Http404  # no line of their own (a ward added after the period): never the district instead
    return summary, limited_to


def requested_ward(request: HttpRequest, summary: DistrictSummary, limited_to: int | None) -> int | None:
    """The ward an export is limited to: an officer's own ward only (another ward → 404)."""
    raw = request.GET.get("ward") or None
    try:
        ward_id = int(raw) if raw is not None else None
    except ValueError:
        raise Http404 from None
    if limited_to is not None:
        if ward_id is not None and ward_id != limited_to:
            raise Http404
        return limited_to
    if ward_id is not None and not summary.ward_rows.filter(ward_id=ward_id).exists():
        raise Http404  # no line for that ward: there is nothing of it to show (never the district instead)
    return ward_id


class SummaryDetailView(LoginRequiredMixin, TemplateView):
    """One summary: completeness, totals, the per-ward table, urgent reports, inspections, supplies, exports."""

    request: SignedInRequest

    template_name = "summary/districtsummary_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        summary, limited_to = summary_for(self.request.user, kwargs["pk"])
        ward_id = requested_ward(self.request, summary, limited_to)
        lines = summary.ward_rows.select_related("ward").order_by(ViCollate("ward__name"), "ward_id")
        if ward_id is not None:
            lines = lines.filter(ward_id=ward_id)
        page = Paginator(lines, 100).get_page(self.request.GET.get("page"))
        indicators = indicators_for_kind(summary.kind)
        shown = selectors.key_indicators(indicators)
        # Before the period's deadline its figures are partial and its silent wards pending, not missing.
        deadline = selectors.period_open_until(summary.kind, summary.period_start, now=timezone.now())
        open_period = deadline is not None
        for line in page.object_list:
            line.shown = [line.values.get(i.code) for i in shown]  # type: ignore[attr-defined]  # for the template
            if selectors.shown_status(line.status, open_period=open_period) == selectors.PENDING:
                line.pending = True  # type: ignore[attr-defined]  # for the template
        ctx.update(
            summary=summary,
            ward_only=ward_id,
            page_obj=page,
            lines=page.object_list,
            indicators=indicators,
            shown=shown,
            totals=[(i, summary.totals.get(i.code)) for i in indicators],
            ward_line=page.object_list[0] if ward_id is not None and page.object_list else None,
            urgent=selectors.urgent_items(summary),
            compile_form=CompileForm(initial={"kind": summary.kind, "period_start": summary.period_start}),
            export_query=f"?ward={ward_id}" if ward_id is not None else "",
            open_period=open_period,
            deadline=deadline,
        )
        if ward_id is not None and ctx["ward_line"] is not None:
            ctx["totals"] = [(i, ctx["ward_line"].values.get(i.code)) for i in indicators]
        ctx["directives"] = directive_figures(  # issue 15: documents issued, assignments done and overdue
            start=summary.period_start, end=summary.period_end, today=timezone.localdate(), ward_id=ward_id
        )
        # Issue 15: the disinfection rounds of the period and the leaders in charge (read live).
        ctx["disinfection"] = disinfection_summary(
            district=summary.district_id, start=summary.period_start, end=summary.period_end, ward_id=ward_id
        )
        ctx["leaders"] = list(current_leaders(None if ward_id is None else [ward_id], district=summary.district_id))
        return ctx


class SummaryExportView(LoginRequiredMixin, View):
    """The summary as PDF, XLSX or CSV; ``?ward=`` limits it to one ward (officers: their own only)."""

    request: SignedInRequest

    def get(self, request: HttpRequest, pk: Any, fmt: str) -> HttpResponseBase:
        summary, limited_to = summary_for(request.user, pk)
        ward_id = requested_ward(request, summary, limited_to)
        summary = (
            DistrictSummary.objects.select_related("district")
            .prefetch_related(
                Prefetch(
                    "ward_rows",
                    queryset=DistrictSummaryWard.objects.select_related("ward").order_by(ViCollate("ward__name")),
                )
            )
            .get(pk=summary.pk)
        )
        if fmt == "pdf":
            return exports.pdf_response(summary, ward_id=ward_id)
        if fmt == "xlsx":
            return exports.xlsx_export(summary, ward_id=ward_id)
        if fmt == "csv":
            return exports.csv_export(summary, ward_id=ward_id)
        raise Http404


class ClosedDayExportView(LoginRequiredMixin, View):
    """The last closed day's daily summary as PDF, XLSX or CSV: before today's deadline,
    yesterday's, never today's partial figures. Redirects to that summary's export (same access
    rules and ``?ward=``); 404 while it is not compiled."""

    request: SignedInRequest

    def get(self, request: HttpRequest, fmt: str) -> HttpResponseBase:
        if fmt not in ("pdf", "xlsx", "csv"):
            raise Http404
        pk = selectors.closed_day_summary_id(state=selectors.day_state())
        if pk is None:
            raise Http404
        summary_for(self.request.user, pk)  # an officer: only a summary with their ward's line
        url = reverse("summary:export", args=[pk, fmt])
        ward = request.GET.get("ward")
        return redirect(f"{url}?ward={ward}" if ward and ward.isdigit() else url)


class CompileNowView(CommitteeRequiredMixin, View):
    """ "Compile now" without JavaScript: queue the compile and come back to the page it was pressed on.
    The committee and administrators only (``wards.access.can_compile_summaries``): a leader in charge reads."""

    allowed_roles = ("is_committee", "is_district_admin")
    request: SignedInRequest

    def post(self, request: HttpRequest) -> HttpResponseBase:
        form = CompileForm(request.POST)
        back = request.POST.get("next") or reverse("summary:dashboard")
        if not back.startswith("/") or back.startswith("//"):
            back = reverse("summary:dashboard")
        if not form.is_valid():
            messages.error(request, _("Choose a kind and a day to compile."))
            return redirect(back)
        district = cast(District, District.objects.default())  # the seed migration creates it
        try:
            services.summary_compile_now(
                district_id=district.pk, kind=form.cleaned_data["kind"], period_start=form.cleaned_data["period_start"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        messages.success(request, _("The summary is being compiled; reload the page in a moment to see it."))
        return redirect(back)


class LevelsView(CommitteeRequiredMixin, TemplateView):
    """The ward map (by epidemic level or by an indicator per 100,000 residents), the criteria in force."""

    request: SignedInRequest

    template_name = "summary/levels.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        indicators = levels.map_indicators()
        form = MapForm(self.request.GET or None, indicators=indicators)
        code = form.cleaned_data.get("indicator") if form.is_bound and form.is_valid() else ""
        indicator = next((i for i in indicators if i.code == code), None)
        district = District.objects.default()
        in_force = levels.criteria_on(today)
        ctx.update(
            form=form,
            map=levels.ward_map(district=district, day=today, indicator=indicator),
            criteria=levels.with_indicator_names([in_force])[0] if in_force else None,
            district=district,
            today=today,
        )
        return ctx


class LevelCriteriaView(AdminRequiredMixin, FormView):
    """Administrators add a set of epidemic level criteria applying from a day on (audited); the sets so far."""

    request: SignedInRequest

    template_name = "summary/level_criteria.html"
    form_class = LevelCriteriaForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "indicators": levels.map_indicators()}

    def get_initial(self) -> dict[str, Any]:
        return {"valid_from": timezone.localdate() + datetime.timedelta(days=1)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        return super().get_context_data(
            criteria_sets=levels.with_indicator_names(list(levels.criteria_list())),
            in_force=levels.criteria_on(today),
            today=today,
            **kwargs,
        )

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            levels.level_criteria_add(user=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, _("The criteria were saved."))
        return redirect("summary:level_criteria")

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)
