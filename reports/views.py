"""Pages of the reports app. Lists are generic views; every write is a thin POST calling a service."""

import datetime
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from core.collation import ViCollate
from core.forms import apply_service_errors
from core.idempotency import idempotent_form_post
from core.pagination import query_without_page
from core.permissions import CommitteeRequiredMixin, RoleRequiredMixin
from core.service_errors import details_of
from reports import services
from reports.choices import NotificationKind, ReportKind, ReportStatus
from reports.filters import NotificationFilter, ReportFilter
from reports.forms import ApproveForm, CalendarForm, NewReportForm, ReportForm, ReturnForm, UrgentReportForm
from reports.models import Report, ReportReview, ReportValue
from reports.periods import period_bounds, period_deadline
from reports.selectors import (
    carried_over_values,
    deadline_rule,
    indicators_for_kind,
    notifications_for,
    report_history,
    report_review_rows,
    review_queue,
    urgent_feed,
    ward_calendar,
)
from reports.selectors import reports_for_user as scoped_reports
from wards import access
from wards.access import get_for_user_or_404, scope_to_user
from wards.models import Ward
from wards.types import AnyUser, SignedInRequest

if TYPE_CHECKING:
    _TemplateViewBase = TemplateView
else:  # a mixin: the view class comes later in the bases
    _TemplateViewBase = object


def _report_qs(user: AnyUser) -> QuerySet[Report]:
    return scoped_reports(user).prefetch_related(
        Prefetch("values", queryset=ReportValue.objects.select_related("indicator"))
    )


def get_report(user: AnyUser, pk: int) -> Report:
    """The report ``pk`` if ``user`` may see it, else 404."""
    return get_for_user_or_404(_report_qs(user), user, "ward", pk=pk)


# The offline outbox (static/js/outbox.js, issue 13) marks its posts with this header, and reads the
# report a refused post conflicts with (a newer version, or the period's existing report) from the other:
# it then shows the officer both versions to choose from instead of overwriting either.
OUTBOX_HEADER = "X-Outbox"
CONFLICT_HEADER = "X-Conflict-Report"


def _queued_before_it_existed(request: HttpRequest, form: Any) -> bool:
    """An outbox post made from the form of a report that did not exist yet (no version), while the
    report now exists (another officer of the ward started or sent it): a conflict, not an overwrite."""
    return bool(request.headers.get(OUTBOX_HEADER)) and form.cleaned_data.get("version") is None


def _conflicting_report(exc: ValidationError, report: Report | None) -> int | None:
    """The id of the report a refused save conflicts with, or None when the refusal is a broken rule."""
    existing = details_of(exc).get("existing_report")
    if existing:
        return int(existing["id"])
    if isinstance(exc, services.StaleReportError) and report is not None:
        return report.pk
    return None


class ReportFormPageMixin(_TemplateViewBase):
    """Shows a report form and saves it through the services (save draft / submit / save changes)."""

    request: SignedInRequest
    template_name: str | None = "reports/report_form.html"

    def form_for(
        self, report: Report | None, kind: str, data: Any = None, *, ward: Ward | None = None,
        period_start: datetime.date | None = None,
    ) -> ReportForm | UrgentReportForm:  # fmt: skip
        if kind == ReportKind.URGENT:
            return UrgentReportForm(data, report=report)
        review = services.latest_return(report) if report else None
        carried = None
        start = report.period_start if report else period_start
        if data is None and ward is not None and start and (report is None or report.status == ReportStatus.DRAFT):
            carried = carried_over_values(ward_id=ward.pk, kind=kind, before=start)
        return ReportForm(
            data,
            indicators=indicators_for_kind(kind),
            report=report,
            comments=(review.field_comments | {"": review.comment}) if review else None,
            kind=kind,
            carried=carried,
        )

    def save(
        self,
        *,
        form: Any,
        report: Report | None,
        ward: Ward,
        kind: str,
        period_start: datetime.date | None,
        submit: bool,
    ) -> Report:
        user = self.request.user
        if kind == ReportKind.URGENT:
            payload = {"values": None, **form.fields_data()}
        else:
            payload = {"values": form.values(), "indicators": form.indicators, **form.narrative()}
        if report is None:
            report = services.report_create(user=user, ward=ward, kind=kind, period_start=period_start, **payload)
            if submit:
                report = services.report_submit(report=report, user=user)
        elif submit:
            report = services.report_save_and_submit(
                report=report, user=user, version=form.cleaned_data.get("version"), **payload
            )
        else:
            report = services.report_update(
                report=report, user=user, version=form.cleaned_data.get("version"), **payload
            )
        return report

    def handle(
        self,
        *,
        report: Report | None,
        ward: Ward,
        kind: str,
        period_start: datetime.date | None,
        success_url: str | None,
    ) -> HttpResponse:
        form = self.form_for(report, kind, self.request.POST)
        action = self.request.POST.get("action")
        submit = action == "submit"
        conflict: int | None = None
        if form.is_valid():
            try:
                if report is not None and _queued_before_it_existed(self.request, form):
                    raise services.stale_error()
                saved = self.save(
                    form=form, report=report, ward=ward, kind=kind, period_start=period_start, submit=submit
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
                conflict = _conflicting_report(exc, report)
            else:
                if action == "review" and saved.can_submit:
                    # "Review": saved as a draft, then checked on its own page before it is sent.
                    return redirect("reports:confirm", pk=saved.pk)
                if submit:
                    messages.success(self.request, _("The report was submitted."))
                elif saved.is_sent:
                    messages.success(self.request, _("Your changes were saved and recorded in the report's history."))
                else:
                    messages.success(self.request, _("Draft saved."))
                return redirect(success_url or saved.get_absolute_url())
        ctx = self.get_context_data(form=form, report=report, ward=ward, kind=kind, period_start=period_start)
        response = self.render_to_response(ctx, status=400)
        if conflict is not None:
            response[CONFLICT_HEADER] = str(conflict)
        return response

    def form_context(
        self, *, report: Report | None, ward: Ward, kind: str, period_start: datetime.date | None, form: Any = None
    ) -> dict[str, Any]:
        deadline = None
        if kind in (ReportKind.DAILY, ReportKind.WEEKLY, ReportKind.MONTHLY) and period_start:
            deadline = (
                report.deadline
                if report and report.deadline
                else period_deadline(kind, period_start, deadline_rule(kind))
            )
        return {
            "form": form or self.form_for(report, kind, ward=ward, period_start=period_start),
            "report": report,
            "ward": ward,
            "kind": kind,
            "kind_label": ReportKind(kind).label,
            "period_label": (report or Report(kind=kind, period_start=period_start)).period_label,
            "deadline": deadline,
            "review": services.latest_return(report) if report else None,
        }


class TodayView(RoleRequiredMixin, ReportFormPageMixin, TemplateView):
    """The officer's daily report for today: the form, prefilled from the draft."""

    request: SignedInRequest

    allowed_roles = ("is_ward_officer",)

    def setup_report(self) -> None:
        self.today = timezone.localdate()
        # The form shows the stored values; a POST reads them in the service, under the lock.
        reports = _report_qs(self.request.user) if self.request.method == "GET" else scoped_reports(self.request.user)
        self.report = reports.filter(kind=ReportKind.DAILY, period_start=self.today).first()
        # an officer has a ward
        self.ward = self.report.ward if self.report else Ward.objects.get(pk=cast(int, self.request.user.ward_id))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data()
        ctx.update(
            self.form_context(
                report=kwargs.get("report", self.report),
                ward=self.ward,
                kind=ReportKind.DAILY,
                period_start=self.today,
                form=kwargs.get("form"),
            )
        )
        ctx["is_today"] = True
        return ctx

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_report()
        return self.render_to_response(self.get_context_data())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.setup_report()
        return idempotent_form_post(request, lambda: self.handle(
            report=self.report, ward=self.ward, kind=ReportKind.DAILY, period_start=self.today,
            success_url=reverse("reports:today"),
        ))  # fmt: skip


class ReportEditView(LoginRequiredMixin, ReportFormPageMixin, TemplateView):
    """Edit any report of one's ward (drafts; after submission every change goes to the history)."""

    request: SignedInRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.report = get_report(request.user, kwargs["pk"])
        if not access.can_change_ward(request.user, self.report.ward_id):
            raise PermissionDenied
        if not self.report.is_editable:
            messages.error(request, _("An acknowledged urgent report can no longer be changed."))
            return redirect(self.report)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data()
        ctx.update(
            self.form_context(
                report=self.report, ward=self.report.ward, kind=self.report.kind,
                period_start=self.report.period_start, form=kwargs.get("form"),
            )
        )  # fmt: skip
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        r = self.report
        return idempotent_form_post(
            request,
            lambda: self.handle(report=r, ward=r.ward, kind=r.kind, period_start=r.period_start, success_url=None),
        )


class ReportConfirmView(LoginRequiredMixin, TemplateView):
    """The review before sending (issue 12 #11): the saved draft's figures against the ward's previous
    report, the values unusual for the ward, the fields left empty, and the one "Submit" button
    (posting to ``reports:submit``); "Correct" goes back to the form."""

    request: SignedInRequest

    template_name = "reports/report_confirm.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.report = get_report(request.user, kwargs["pk"])
        if not access.can_submit_report(request.user, self.report):  # sent already, or not the ward's officer
            return redirect(self.report)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        report = self.report
        is_today = report.kind == ReportKind.DAILY and report.period_start == timezone.localdate()
        ctx.update(
            {
                "report": report,
                "review": report_review_rows(report, indicators_for_kind(report.kind)),
                "edit_url": reverse("reports:today") if is_today else reverse("reports:edit", args=[report.pk]),
                "next_url": reverse("reports:today") if is_today else report.get_absolute_url(),
            }
        )
        return ctx


class ReportNewView(RoleRequiredMixin, TemplateView):
    """Start a daily, weekly or monthly report for a past or current period (or open the existing one)."""

    request: SignedInRequest

    allowed_roles = ("is_ward_officer",)
    template_name = "reports/report_new.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", NewReportForm(initial={"kind": ReportKind.WEEKLY, "day": timezone.localdate()}))
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        form = NewReportForm(request.POST)
        if form.is_valid():
            kind, day = form.cleaned_data["kind"], form.cleaned_data["day"]
            start = period_bounds(kind, day)[0]
            existing = _report_qs(request.user).filter(kind=kind, period_start=start).first()
            if existing:
                return redirect("reports:edit", pk=existing.pk)
            try:
                report = services.report_create(
                    user=self.request.user, ward=cast(Ward, self.request.user.ward), kind=kind, period_start=start
                )
            except ValidationError as exc:
                apply_service_errors(form, exc, field_map={"kind": "day", "period_start": "day"})
            else:
                return redirect("reports:edit", pk=report.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ReportListView(LoginRequiredMixin, ListView):
    """Reports the user may see, filtered by ward, kind, status and period."""

    request: SignedInRequest

    template_name = "reports/report_list.html"
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Any]:
        qs = scoped_reports(self.request.user).order_by("-period_start", "-submitted_at", "-pk")
        self.filterset = ReportFilter(self.request.GET or None, queryset=qs, request=self.request)
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["query"] = query_without_page(self.request)
        return ctx


class ReviewQueueView(CommitteeRequiredMixin, ListView):
    """The committee's queue: submitted and resubmitted reports, oldest first, flags counted."""

    request: SignedInRequest

    template_name = "reports/report_review.html"
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Any]:
        return review_queue(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["urgent"] = urgent_feed(self.request.user).filter(acknowledged_at__isnull=True)[:20]
        return ctx


class ReportDetailView(LoginRequiredMixin, TemplateView):
    """A report: values by group with flags, narrative, reviews, history and the actions the user may take."""

    request: SignedInRequest

    template_name = "reports/report_detail.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.report = get_report(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        report, user = self.report, self.request.user
        indicators = indicators_for_kind(report.kind)
        values = {v.indicator_id: v for v in report.values.all()}
        groups: list[tuple[str, list]] = []
        for indicator in indicators:
            label = indicator.get_group_display()
            if not groups or groups[-1][0] != label:
                groups.append((label, []))
            groups[-1][1].append((indicator, values.get(indicator.pk)))
        # Values of indicators no longer on the form still show.
        shown = {i.pk for i in indicators}
        extra = [(v.indicator, v) for v in values.values() if v.indicator_id not in shown]
        if extra:
            groups.append((_("Other"), extra))
        ctx.update(
            {
                "report": report,
                "groups": groups,
                "review": services.latest_return(report),
                "reviews": ReportReview.objects.filter(report=report).select_related("user"),
                "changes": report_history(report),
                "can_edit": access.can_edit_report(user, report),
                "can_submit": access.can_submit_report(user, report),
                "can_review": access.can_review_report(user, report),
                "can_acknowledge": access.can_acknowledge_report(user, report),
                "approve_form": kwargs.get("approve_form") or ApproveForm(),
                "return_form": kwargs.get("return_form") or ReturnForm(report=report, indicators=indicators),
            }
        )
        return ctx


class ReportActionView(LoginRequiredMixin, View):
    """POST-only workflow steps on one report: submit, approve, return, acknowledge."""

    request: SignedInRequest

    action = ""
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: Any) -> HttpResponseBase:
        report = get_report(request.user, pk)
        try:
            if self.action == "submit":
                services.report_submit(
                    report=report, user=self.request.user, version=request.POST.get("version") or None
                )
                messages.success(request, _("The report was submitted."))
            elif self.action == "approve":
                approve_form = ApproveForm(request.POST)
                approve_form.is_valid()
                services.report_approve(
                    report=report, user=self.request.user, comment=approve_form.cleaned_data.get("comment", ""),
                    version=request.POST.get("version") or None,
                )  # fmt: skip
                messages.success(request, _("The report was approved."))
            elif self.action == "return":
                form = ReturnForm(request.POST, report=report, indicators=indicators_for_kind(report.kind))
                if not form.is_valid():
                    return self._again(report, return_form=form)
                try:
                    services.report_return(
                        report=report, user=self.request.user, comment=form.cleaned_data["comment"],
                        field_comments=form.field_comments(), version=request.POST.get("version") or None,
                    )  # fmt: skip
                except ValidationError as exc:
                    if getattr(exc, "error_dict", None) and "comment" in exc.error_dict:
                        form.add_service_errors(exc)
                        return self._again(report, return_form=form)
                    raise
                messages.success(request, _("The report was returned to the ward."))
            elif self.action == "acknowledge":
                services.report_acknowledge(report=report, user=self.request.user)
                messages.success(request, _("The urgent report was acknowledged."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return HttpResponseRedirect(report.get_absolute_url())
        return HttpResponseRedirect(self._next(report))

    def _next(self, report: Report) -> str:
        target = self.request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, {self.request.get_host()}):
            return target
        return report.get_absolute_url()

    def _again(self, report: Report, **forms: Any) -> HttpResponse:
        view = ReportDetailView()
        view.setup(self.request, pk=report.pk)
        view.report = get_report(self.request.user, report.pk)
        return view.render_to_response(view.get_context_data(**forms), status=400)


class UrgentListView(LoginRequiredMixin, ListView):
    """Urgent reports: those waiting for acknowledgement first, highlighted."""

    request: SignedInRequest

    template_name = "reports/urgent_list.html"
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Any]:
        return urgent_feed(self.request.user)


class UrgentCreateView(RoleRequiredMixin, TemplateView):
    """An officer sends an urgent report: created and submitted at once; the committee is alerted."""

    request: SignedInRequest

    allowed_roles = ("is_ward_officer",)
    template_name = "reports/urgent_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", UrgentReportForm())
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return idempotent_form_post(request, lambda: self.send(request))

    def send(self, request: HttpRequest) -> HttpResponseBase:
        form = UrgentReportForm(request.POST)
        if form.is_valid():
            try:
                report = services.report_create(
                    user=self.request.user,
                    ward=cast(Ward, self.request.user.ward),
                    kind=ReportKind.URGENT,
                    **form.fields_data(),
                )
                report = services.report_submit(report=report, user=self.request.user)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The urgent report was sent; the steering committee has been alerted."))
                return redirect(report)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CalendarView(LoginRequiredMixin, TemplateView):
    """A ward's month: days submitted, late, missing (officers: their ward; committee: any ward)."""

    request: SignedInRequest

    template_name = "reports/report_calendar.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        wards = scope_to_user(Ward.objects.order_by(ViCollate("name")), user, "pk")
        ward_id = self.request.GET.get("ward") or user.ward_id
        ward = None
        if ward_id:
            try:
                ward = wards.get(pk=int(ward_id))
            except (Ward.DoesNotExist, ValueError):
                raise Http404 from None
        form = CalendarForm(self.request.GET or None)
        month = form.month_start(today)
        days = ward_calendar(ward, month, today) if ward else []
        lead = [None] * month.weekday()
        cells = lead + days
        cells += [None] * (-len(cells) % 7)
        ctx.update(
            {
                "wards": wards,
                "ward": ward,
                "month": month,
                "weeks": [cells[i : i + 7] for i in range(0, len(cells), 7)],
                "counts": {s: sum(1 for d in days if d["state"] == s) for s in ("submitted", "late", "missing")},
                "previous": (month.replace(day=1) - datetime.timedelta(days=1)).replace(day=1),
                "next": period_bounds(ReportKind.MONTHLY, month)[1] + datetime.timedelta(days=1),
            }
        )
        return ctx


class NotificationListView(LoginRequiredMixin, ListView):
    """The user's own notifications, newest first; ``?unread=1`` and ``?kind=`` as in the API (one FilterSet)."""

    request: SignedInRequest

    template_name = "reports/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Any]:
        self.filterset = NotificationFilter(self.request.GET or None, queryset=notifications_for(self.request.user))
        return self.filterset.qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["unread_only"] = self.request.GET.get("unread") in ("1", "true")
        ctx["kind"] = self.request.GET.get("kind", "")
        ctx["kinds"] = NotificationKind.choices
        ctx["query"] = query_without_page(self.request)
        return ctx


class NotificationReadView(LoginRequiredMixin, View):
    """Mark one notification (``id``) or all of the user's notifications read."""

    request: SignedInRequest

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponseBase:
        ident = request.POST.get("id")
        ids = [int(ident)] if ident and ident.isdigit() else None
        services.notifications_mark_read(user=self.request.user, ids=ids)
        link = request.POST.get("next", "")
        if link and url_has_allowed_host_and_scheme(link, {request.get_host()}):
            return HttpResponseRedirect(link)
        return redirect("reports:notifications")
