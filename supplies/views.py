"""Pages of the supplies app: stock, stock cards, the ledger, transfers, the forms that move
stock (each a thin view over one service), distribution totals and exports."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django.views.generic.base import ContextMixin

from core.forms import apply_service_errors
from core.idempotency import idempotent_form_post
from core.pagination import query_without_page
from core.permissions import AdminRequiredMixin, RoleRequiredMixin
from core.templatetags.formatting import num
from supplies import exports, selectors, services
from supplies.choices import HolderKind, TransferStatus
from supplies.filters import BalanceFilter, MovementFilter
from supplies.forms import (
    AcknowledgeForm,
    AdjustmentForm,
    DistributionForm,
    DistributionTotalsForm,
    ReceiptForm,
    ReturnForm,
    ReverseForm,
    TransferForm,
)
from supplies.models import StockBalance, SupplyItem, Transfer
from wards import access
from wards.access import get_for_user_or_404
from wards.types import SignedInRequest

PAGE_SIZE = 50


class QueryStringMixin(ContextMixin):
    """Pagination links keep the filters: ``query_without_page`` in the context."""

    request: HttpRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["query_without_page"] = ctx["query"] = query_without_page(self.request)
        return ctx


class StockView(QueryStringMixin, LoginRequiredMixin, ListView):
    """Balances by holder and item with low-stock flags and days of cover; what runs out soon."""

    request: SignedInRequest

    template_name = "supplies/stockbalance_list.html"
    context_object_name = "balances"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> QuerySet[Any]:
        self.filterset = BalanceFilter(
            self.request.GET or None, queryset=selectors.balances_for_user(self.request.user), request=self.request
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["filter"] = self.filterset
        ctx["running_out"] = list(selectors.running_out(user)[:10])
        ctx["horizon_days"] = selectors.RUN_OUT_HORIZON_DAYS
        ctx["rate_days"] = selectors.RATE_WINDOW_DAYS
        ctx["in_transit"] = selectors.in_transit_count_for_user(user)
        return ctx


class StockCardView(QueryStringMixin, LoginRequiredMixin, ListView):
    """An item's stock card at one holder: every movement with the balance after it."""

    request: SignedInRequest

    template_name = "supplies/stockmovement_card.html"
    context_object_name = "movements"
    paginate_by = PAGE_SIZE

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.item = get_object_or_404(SupplyItem, pk=kwargs["pk"])
        self.holders = selectors.holders_for_user(request.user)
        holder_id = request.GET.get("holder")
        if holder_id:
            if not holder_id.isdigit():
                raise Http404
            self.holder = get_for_user_or_404(self.holders, request.user, "ward", pk=int(holder_id))
        else:
            first = self.holders.first()
            if first is None:
                raise Http404
            self.holder = first
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.stock_card(holder=self.holder, item=self.item)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(item=self.item, holder=self.holder, holders=self.holders)
        ctx["balance"] = (
            selectors.balances_for_user(self.request.user).filter(holder=self.holder, item=self.item).first()
        )
        return ctx


class LedgerView(QueryStringMixin, LoginRequiredMixin, ListView):
    """Every movement the user may see, filtered (kind, item, holder, period, batch, recipients)."""

    request: SignedInRequest

    template_name = "supplies/stockmovement_list.html"
    context_object_name = "movements"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> QuerySet[Any]:
        self.filterset = MovementFilter(
            self.request.GET or None, queryset=selectors.ledger_for_user(self.request.user), request=self.request
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        return ctx


class MovementDetailView(LoginRequiredMixin, DetailView):
    """One ledger row, its transfer and reversal; administrators may reverse it here."""

    request: SignedInRequest

    template_name = "supplies/stockmovement_detail.html"
    context_object_name = "movement"

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        return selectors.movement_for_user(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        movement = self.object
        ctx["transfer"] = (
            Transfer.objects.filter(sent_movement=movement).first()
            or Transfer.objects.filter(receipt_movement=movement).first()
        )
        ctx["can_reverse"] = access.can_reverse_movement(self.request.user, movement)
        ctx.setdefault("reverse_form", ReverseForm())
        return ctx


class MovementReverseView(AdminRequiredMixin, View):
    """POST: record a reversal of a movement (administrators)."""

    request: SignedInRequest

    def post(self, request: HttpRequest, pk: Any) -> HttpResponseBase:
        movement = selectors.movement_for_user(request.user, pk)
        form = ReverseForm(request.POST)
        if form.is_valid():
            try:
                reversal = services.movement_reverse(
                    movement=movement, user=self.request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Movement #%(id)s was reversed.") % {"id": movement.pk})
                return redirect("supplies:movement", pk=reversal.pk)
        view = MovementDetailView(request=request, kwargs={"pk": pk}, args=())
        view.object = movement
        return view.render_to_response(view.get_context_data(reverse_form=form), status=400)


class ServiceFormView(RoleRequiredMixin, FormView):
    """A form whose valid input goes to one service; service errors show on the form."""

    request: SignedInRequest

    template_name = "supplies/stockmovement_form.html"
    title: str | Promise = ""
    intro: str | Promise = ""
    submit_label: str | Promise = gettext_lazy("Save")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        for name in ("item", "holder", "to_holder"):
            if self.request.GET.get(name, "").isdigit():
                initial[name] = int(self.request.GET[name])
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=self.title, intro=self.intro, submit_label=self.submit_label)
        ctx["availability"] = self.availability(ctx["form"])
        ctx["available_label"] = _("Available at this store: %(n)s")
        return ctx

    def availability(self, form: Any) -> dict[str, int]:
        """Balances behind the "available" hint next to the quantity ({"holder:item": n}).

        Officers get their ward's; administrators the district stores' (not every ward's).
        """
        if "holder" not in form.fields:
            return {}
        holders = form.fields["holder"].queryset
        if not self.request.user.is_ward_officer:
            holders = holders.filter(kind=HolderKind.DISTRICT)
        rows = StockBalance.objects.filter(holder__in=holders).values_list("holder_id", "item_id", "quantity")
        return {f"{holder}:{item}": quantity for holder, item, quantity in rows}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        post = super().post  # a form posted twice with one idempotency key records once
        return idempotent_form_post(request, lambda: post(request, *args, **kwargs))

    def perform(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            movement = self.perform(form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message(movement))
        return redirect(self.success_url_for(movement))

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def success_message(self, movement: Any) -> str:
        return _("Recorded.")

    def success_url_for(self, movement: Any) -> str:
        return reverse("supplies:movement", kwargs={"pk": movement.pk})


class ReceiveView(ServiceFormView):
    allowed_roles = ("is_district_admin",)
    form_class = ReceiptForm
    title = gettext_lazy("Receive stock")
    intro = gettext_lazy("Stock received from a donor or supplier. Record the batch and expiry where known.")
    submit_label = gettext_lazy("Record receipt")

    def perform(self, data: dict[str, Any]) -> Any:
        return services.stock_receive(
            item=data["item"], holder=data["holder"], quantity=data["quantity"], user=self.request.user,
            source=data["source"], batch=data["batch"], expiry_date=data["expiry_date"], note=data["note"],
        )  # fmt: skip

    def success_message(self, movement: Any) -> str:
        return _("Received %(quantity)s %(unit)s of %(item)s.") % {
            "quantity": num(movement.quantity), "unit": movement.item.get_unit_display(), "item": movement.item.name,
        }  # fmt: skip


class TransferView(ServiceFormView):
    allowed_roles = ("is_district_admin",)
    form_class = TransferForm
    title = gettext_lazy("Transfer to a ward")
    intro = gettext_lazy(
        "Stock leaves the district store now and reaches the ward's balance when the ward acknowledges receipt."
    )
    submit_label = gettext_lazy("Send")

    def perform(self, data: dict[str, Any]) -> Any:
        return services.stock_transfer(
            item=data["item"], to_holder=data["to_holder"], quantity=data["quantity"], user=self.request.user,
            batch=data["batch"], expiry_date=data["expiry_date"], note=data["note"],
        )  # fmt: skip

    def success_message(self, transfer: Any) -> str:
        return _("Sent %(quantity)s %(unit)s of %(item)s to %(holder)s; in transit until acknowledged.") % {
            "quantity": num(transfer.quantity_sent), "unit": transfer.item.get_unit_display(), "item": transfer.item.name,
            "holder": transfer.to_holder,
        }  # fmt: skip

    def success_url_for(self, transfer: Any) -> str:
        return reverse("supplies:transfers")


class DistributeView(ServiceFormView):
    allowed_roles = ("is_ward_officer", "is_district_admin")
    form_class = DistributionForm
    title = gettext_lazy("Record a distribution")
    intro = gettext_lazy("Stock given to residents, students, an establishment, a committee or quarantined households.")
    submit_label = gettext_lazy("Record distribution")

    def perform(self, data: dict[str, Any]) -> Any:
        return services.stock_distribute(
            item=data["item"], holder=data["holder"], quantity=data["quantity"],
            recipient_type=data["recipient_type"], recipient=data["recipient"],
            people_reached=data["people_reached"], user=self.request.user, note=data["note"],
        )  # fmt: skip

    def success_message(self, movement: Any) -> str:
        return _("Distributed %(quantity)s %(unit)s of %(item)s to %(recipient)s.") % {
            "quantity": num(-movement.quantity), "unit": movement.item.get_unit_display(), "item": movement.item.name,
            "recipient": movement.recipient,
        }  # fmt: skip


class AdjustView(ServiceFormView):
    allowed_roles = ("is_ward_officer", "is_district_admin")
    form_class = AdjustmentForm
    title = gettext_lazy("Adjust after a count")
    intro = gettext_lazy("Record the difference between the physical count and the balance, with the reason.")
    submit_label = gettext_lazy("Record adjustment")

    def perform(self, data: dict[str, Any]) -> Any:
        return services.stock_adjust(
            item=data["item"], holder=data["holder"], quantity=data["quantity"], reason=data["reason"],
            user=self.request.user,
        )  # fmt: skip


class ReturnView(ServiceFormView):
    allowed_roles = ("is_ward_officer", "is_district_admin")
    form_class = ReturnForm
    title = gettext_lazy("Return to the district store")
    intro = gettext_lazy("Stock a ward sends back; the district store receives it when it acknowledges.")
    submit_label = gettext_lazy("Send back")

    def perform(self, data: dict[str, Any]) -> Any:
        return services.stock_return(
            item=data["item"], holder=data["holder"], quantity=data["quantity"], user=self.request.user,
            note=data["note"],
        )  # fmt: skip

    def success_message(self, transfer: Any) -> str:
        return _("Sent back %(quantity)s %(unit)s of %(item)s; in transit until the district acknowledges.") % {
            "quantity": num(transfer.quantity_sent), "unit": transfer.item.get_unit_display(), "item": transfer.item.name,
        }  # fmt: skip

    def success_url_for(self, transfer: Any) -> str:
        return reverse("supplies:transfers")


class TransferListView(QueryStringMixin, LoginRequiredMixin, ListView):
    """Transfers to and from the user's ward (all for the district): in transit first."""

    request: SignedInRequest

    template_name = "supplies/transfer_list.html"
    context_object_name = "transfers"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> QuerySet[Any]:
        qs = selectors.transfers_for_user(self.request.user)
        self.status = self.request.GET.get("status", "")
        if self.status in TransferStatus.values:
            qs = qs.filter(status=self.status)
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["status"] = self.status
        ctx["statuses"] = TransferStatus.choices
        for transfer in ctx["transfers"]:  # the page's rows: the ledger row each links to, if any
            transfer.detail_movement_id = selectors.transfer_movement_for_user(self.request.user, transfer)
        return ctx


class AcknowledgeView(LoginRequiredMixin, FormView):
    """The receiving ward (or the district, for a return) confirms what arrived."""

    request: SignedInRequest

    template_name = "supplies/transfer_acknowledge.html"
    form_class = AcknowledgeForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.transfer = get_for_user_or_404(
            selectors.transfers_for_user(request.user), request.user, "to_holder__ward", pk=kwargs["pk"]
        )
        if not access.can_change_holder(request.user, self.transfer.to_holder):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"quantity_received": self.transfer.quantity_sent}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["transfer"] = self.transfer
        return ctx

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            services.transfer_acknowledge(
                transfer=self.transfer,
                quantity_received=form.cleaned_data["quantity_received"],
                user=self.request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Receipt acknowledged."))
        return redirect("supplies:transfers")

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DistributionTotalsView(LoginRequiredMixin, TemplateView):
    """Per ward: an item distributed in a period, people reached, per 1,000 residents."""

    request: SignedInRequest

    template_name = "supplies/distribution_totals.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        default_item = SupplyItem.objects.filter(code="mask-medical").first() or selectors.active_items().first()
        initial: dict[str, Any] = {"item": default_item, "start": today - datetime.timedelta(days=29), "end": today}
        form = DistributionTotalsForm(self.request.GET or None, initial=initial)
        item, start, end = initial["item"], initial["start"], initial["end"]
        if form.is_bound and form.is_valid():
            item = form.cleaned_data["item"] or item
            start = form.cleaned_data["start"] or start
            end = form.cleaned_data["end"] or end
        rows = (
            list(selectors.distribution_totals_by_ward(user=self.request.user, item=item, start=start, end=end))
            if item
            else []
        )
        ctx.update(form=form, item=item, start=start, end=end, rows=rows)
        ctx["total_quantity"] = sum(r["quantity"] for r in rows)
        ctx["total_people"] = sum(r["people_reached"] for r in rows)
        ctx["chart"] = {
            "labels": [r["name"] for r in rows],
            "values": [round(r["per_1000"], 1) if r["per_1000"] is not None else None for r in rows],
            "label": _("%(item)s per 1,000 residents") % {"item": item.name} if item else "",
        }
        return ctx


def index(request: HttpRequest) -> HttpResponse:
    return redirect("supplies:stock")


# ---- exports ------------------------------------------------------------------------------------


class LedgerExportView(LoginRequiredMixin, View):
    """The ledger as CSV or XLSX, with the page's filters, scoped to the user."""

    request: SignedInRequest

    def get(self, request: HttpRequest, fmt: str) -> HttpResponseBase:
        if fmt not in exports.EXPORT_FORMATS:
            raise Http404
        filterset = MovementFilter(
            request.GET or None, queryset=selectors.ledger_for_user(request.user), request=request
        )
        return exports.ledger_export(filterset.qs, fmt)


class StockExportView(LoginRequiredMixin, View):
    """Balances as CSV or XLSX, with the page's filters, scoped to the user."""

    request: SignedInRequest

    def get(self, request: HttpRequest, fmt: str) -> HttpResponseBase:
        if fmt not in exports.EXPORT_FORMATS:
            raise Http404
        filterset = BalanceFilter(
            request.GET or None, queryset=selectors.balances_for_user(request.user), request=request
        )
        return exports.stock_export(filterset.qs, fmt)
