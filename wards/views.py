"""Home page by role and the ward pages."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView, View

from core.permissions import AdminRequiredMixin
from wards.access import get_for_user_or_404
from wards.forms import PortalPasswordChangeForm, WardCommitteeForm, WardForm
from wards.models import Ward, WardCommittee
from wards.selectors import leader_history, wards_for_user
from wards.services import user_password_change
from wards.types import SignedInRequest


class HomeView(LoginRequiredMixin, TemplateView):
    """Home by role: an officer sees their ward's today; the committee sees the district."""

    request: SignedInRequest

    def get_template_names(self) -> list[str]:
        if self.request.user.is_ward_officer:
            return ["wards/home_officer.html"]
        return ["wards/home_district.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["today"] = timezone.localdate()
        if user.is_ward_officer:
            ctx["ward"] = Ward.objects.select_related("district", "committee").get(pk=cast(int, user.ward_id))
        else:
            ctx["wards"] = wards_for_user(user)
        return ctx


class WardListView(LoginRequiredMixin, ListView):
    request: SignedInRequest

    template_name = "wards/ward_list.html"
    context_object_name = "wards"

    def get_queryset(self) -> QuerySet[Any]:
        return wards_for_user(self.request.user)


class WardDetailView(LoginRequiredMixin, DetailView):
    request: SignedInRequest

    template_name = "wards/ward_detail.html"
    context_object_name = "ward"

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        return get_for_user_or_404(
            Ward.objects.select_related("district", "committee"), self.request.user, "pk", pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["leaders"] = list(leader_history(self.object))
        return ctx


class WardEditView(AdminRequiredMixin, TemplateView):
    """Administrators edit a ward and its steering committee record on one page.

    The role check (AdminRequiredMixin.dispatch) runs before the ward is loaded, so an
    anonymous visitor is sent to the login page and other roles get 403, not 404.
    """

    request: SignedInRequest

    template_name = "wards/ward_form.html"

    def load_ward(self) -> None:
        self.ward = get_for_user_or_404(
            Ward.objects.select_related("district", "committee"), self.request.user, "pk", pk=self.kwargs["pk"]
        )
        self.committee, _created = WardCommittee.objects.get_or_create(ward=self.ward)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_ward()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("ward_form", WardForm(instance=self.ward, prefix="ward"))
        ctx.setdefault("committee_form", WardCommitteeForm(instance=self.committee, prefix="committee"))
        ctx["ward"] = self.ward
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.load_ward()
        ward_form = WardForm(request.POST, instance=self.ward, prefix="ward")
        committee_form = WardCommitteeForm(request.POST, request.FILES, instance=self.committee, prefix="committee")
        if ward_form.is_valid() and committee_form.is_valid():
            with transaction.atomic():
                ward_form.save()
                committee_form.save()
            messages.success(request, _("Saved ward %(ward)s.") % {"ward": self.ward.name})
            return redirect("wards:detail", pk=self.ward.pk)
        # A failed ModelForm has already copied the typed values onto the instance; show the
        # stored name in the heading, the typed values in the fields.
        self.ward.refresh_from_db(fields=["name"])
        return self.render_to_response(
            self.get_context_data(ward_form=ward_form, committee_form=committee_form), status=400
        )


class WardPlanDownloadView(LoginRequiredMixin, View):
    """The committee's implementation plan (PDF), to users who may see the ward.

    Uploaded files are served through this check, never from a public media folder.
    """

    request: SignedInRequest

    def get(self, request: HttpRequest, pk: Any) -> HttpResponseBase:
        committee = get_for_user_or_404(WardCommittee.objects.select_related("ward"), request.user, "ward", ward_id=pk)
        if not committee.plan_file:
            raise Http404
        try:
            handle = committee.plan_file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        filename = f"ke-hoach-{committee.ward.code}.pdf"
        return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's password: the old one checked like a login, other sessions and API tokens ended."""

    request: SignedInRequest

    form_class = PortalPasswordChangeForm
    success_url = reverse_lazy("password_change_done")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form: Any) -> HttpResponse:
        revoked = user_password_change(user=self.request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, self.request.user)  # this session stays signed in
        text = _("Your password was changed. You were signed out on your other devices.")
        if revoked:
            text += " " + _("Your API token was revoked: ask for a new one with the new password.")
        messages.success(self.request, text)
        return redirect(self.get_success_url())
