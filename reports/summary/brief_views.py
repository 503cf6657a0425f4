"""Pages of the morning brief: its PDF (committee and administrators) and its settings (administrators)."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.forms import apply_service_errors
from core.permissions import AdminRequiredMixin, CommitteeRequiredMixin
from reports.summary import brief
from reports.summary.forms import BriefSettingsForm
from reports.summary.models import MorningBrief
from reports.summary.pdf import brief_pdf
from wards.types import SignedInRequest


class BriefPdfView(CommitteeRequiredMixin, View):
    """The morning brief of a closed day as PDF (the link of its notification)."""

    request: SignedInRequest

    def get(self, request: HttpRequest, day: str) -> HttpResponseBase:
        try:
            parsed = datetime.date.fromisoformat(day)
        except ValueError:
            raise Http404 from None
        row = get_object_or_404(MorningBrief.objects.select_related("district"), day=parsed)
        response = HttpResponse(brief_pdf(row), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="ban-tin-sang-{row.day.isoformat()}.pdf"'
        return response


def _context(form: BriefSettingsForm) -> dict[str, Any]:
    return {"form": form, "briefs": MorningBrief.objects.order_by("-day").only("day", "compiled_at")[:7]}


class BriefSettingsView(AdminRequiredMixin, View):
    """The brief's time, low-cover threshold and recipients; the last briefs sent."""

    request: SignedInRequest
    template_name = "summary/brief_settings.html"

    def get(self, request: HttpRequest) -> HttpResponseBase:
        row = brief.brief_settings()
        form = BriefSettingsForm(
            initial={"send_at": row.send_at, "low_cover_days": row.low_cover_days, "recipients": row.recipients.all()},
            recipients=brief.eligible_recipients(),
        )
        return render(request, self.template_name, _context(form))

    def post(self, request: HttpRequest) -> HttpResponseBase:
        form = BriefSettingsForm(request.POST, recipients=brief.eligible_recipients())
        if form.is_valid():
            try:
                brief.brief_settings_update(
                    user=self.request.user,
                    send_at=form.cleaned_data["send_at"],
                    low_cover_days=form.cleaned_data["low_cover_days"],
                    recipients=list(form.cleaned_data["recipients"]),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Saved the morning brief's settings."))
                return redirect("summary:brief_settings")
        return render(request, self.template_name, _context(form), status=400)
