"""Reads of the supplies app: balances, stock cards, ledger, totals — aggregated in the database."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from core.collation import ViCollate
from supplies.choices import MovementKind, TransferStatus, Unit
from supplies.models import Holder, StockBalance, StockMovement, SupplyItem, Transfer
from wards.access import get_for_user_or_404, scope_to_user, sees_whole_district
from wards.models import District, Ward
from wards.types import AnyUser

#: Days of distributions that set the current rate of use ("days of cover").
RATE_WINDOW_DAYS = 14
#: Stock that lasts fewer days than this at the current rate is listed as running out.
RUN_OUT_HORIZON_DAYS = 14


def item_name_field(prefix: str = "item__") -> str:
    """The item-name column in the current language (for values() queries)."""
    return f"{prefix}name_en" if (get_language() or "vi").startswith("en") else f"{prefix}name_vi"


def day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Aware local datetimes [start 00:00, end+1 00:00) for filtering ``created_at``."""
    tz = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    high = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return low, high


def _effective_distributions() -> Q:
    """Distributions that stand (not reversed), as a filter on StockMovement."""
    return Q(kind=MovementKind.DISTRIBUTION, reversal__isnull=True)


def holders_for_user(user: AnyUser) -> QuerySet[Holder]:
    """Holders the user may see: all for the committee and administrators, the own ward's for an officer."""
    qs = Holder.objects.select_related("ward", "district").order_by("kind", ViCollate("ward__name"))
    return scope_to_user(qs, user, "ward")


def active_items() -> QuerySet[SupplyItem]:
    return SupplyItem.objects.filter(is_active=True).order_by("code")


def balances_for_user(user: AnyUser, *, now: datetime.datetime | None = None) -> QuerySet[StockBalance]:
    """Balances the user may see, each with its minimum level, low-stock flag and days of cover.

    Days of cover = balance ÷ average daily distributions of the last 14 days, computed in
    the same query (a correlated aggregate per holder and item); None when nothing went out.
    """
    return scope_to_user(_balances_with_cover(now), user, "holder__ward")


def low_cover_balances(*, district: District | int, below_days: float, now: datetime.datetime | None = None) -> list:
    """The district's balances (its store and its wards' stores) lasting fewer than ``below_days``
    at the current rate, soonest first: [{holder_id, ward_id, ward_name, item_id, item_code, item_name,
    unit, quantity, days_cover}]. One query; for the morning brief and the low-stock notices."""
    name = item_name_field()
    rows = (
        _balances_with_cover(now)
        .filter(Q(holder__ward__district=district) | Q(holder__district=district), days_cover__lt=below_days)  # type: ignore[misc]  # annotated by _balances_with_cover
        .order_by("days_cover", "item__code", "holder_id")
        .values(
            "holder_id", "holder__ward_id", "holder__ward__name", "item_id", "item__code", name, "item__unit",
            "quantity", "days_cover",
        )
    )  # fmt: skip
    return [
        {
            "holder_id": r["holder_id"],
            "ward_id": r["holder__ward_id"],
            "ward_name": r["holder__ward__name"] or "",
            "item_id": r["item_id"],
            "item_code": r["item__code"],
            "item_name": r[name],
            "unit": r["item__unit"],
            "quantity": r["quantity"],
            "days_cover": r["days_cover"],
        }
        for r in rows
    ]


def _balances_with_cover(now: datetime.datetime | None) -> QuerySet[StockBalance]:
    since = (now or timezone.now()) - datetime.timedelta(days=RATE_WINDOW_DAYS)
    outflow = (
        StockMovement.objects.filter(_effective_distributions(), holder=OuterRef("holder"), item=OuterRef("item"))
        .filter(created_at__gte=since)
        .order_by()
        .values("holder")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    qs = (
        StockBalance.objects.select_related("holder__ward", "holder__district", "item")
        .annotate(
            min_level=Coalesce("minimum_level", "item__minimum_level"),
            outflow=-Coalesce(Subquery(outflow, output_field=IntegerField()), Value(0)),
        )
        .annotate(
            is_low=Case(
                When(quantity__lt=F("min_level"), then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
            daily_rate=ExpressionWrapper(Cast("outflow", FloatField()) / RATE_WINDOW_DAYS, output_field=FloatField()),
            days_cover=Case(
                When(
                    outflow__gt=0,
                    then=ExpressionWrapper(
                        Cast("quantity", FloatField()) * RATE_WINDOW_DAYS / Cast("outflow", FloatField()),
                        output_field=FloatField(),
                    ),
                ),
                default=None,
                output_field=FloatField(),
            ),
        )
        .order_by("holder__kind", ViCollate("holder__ward__name"), "item__code")
    )
    return qs


def running_out(
    user: AnyUser, *, horizon_days: int = RUN_OUT_HORIZON_DAYS, now: datetime.datetime | None = None
) -> QuerySet[StockBalance]:
    """Balances that last fewer than ``horizon_days`` at the current rate, soonest first."""
    balances = balances_for_user(user, now=now)  # annotated with days_cover
    return balances.filter(days_cover__lt=horizon_days).order_by("days_cover", "item__code")  # type: ignore[misc]


def stock_card(*, holder: Holder, item: SupplyItem) -> QuerySet[StockMovement]:
    """The item's movements at the holder, newest first, each with the balance after it.

    The running balance is a window sum in the database over the whole history, so a page
    of the card shows the right balances.
    """
    return (
        StockMovement.objects.filter(holder=holder, item=item)
        .select_related("counterpart__ward", "counterpart__district", "created_by", "reverses")
        .annotate(balance_after=Window(Sum("quantity"), order_by=[F("created_at").asc(), F("id").asc()]))
        .order_by("-created_at", "-id")
    )


def ledger_for_user(user: AnyUser) -> QuerySet[StockMovement]:
    """Every movement the user may see (an officer: their ward's store), newest first."""
    qs = StockMovement.objects.select_related(
        "item", "holder__ward", "holder__district", "counterpart__ward", "counterpart__district", "created_by"
    ).order_by("-created_at", "-id")
    return scope_to_user(qs, user, "holder__ward")


def movement_for_user(user: AnyUser, pk: int) -> StockMovement:
    qs = StockMovement.objects.select_related(
        "item", "holder__ward", "holder__district", "counterpart__ward", "counterpart__district", "created_by",
        "reverses", "reversal",
    )  # fmt: skip
    return get_for_user_or_404(qs, user, "holder__ward", pk=pk)


def transfers_for_user(user: AnyUser) -> QuerySet[Transfer]:
    """Transfers to or from the user's ward (all for the committee and administrators), newest first.

    For a ward officer the stores they may see are read first (one small query) and matched by id:
    "to or from the ward" as an OR over the two joined stores' wards could use no index, so every
    officer's list, count and in-transit count read every transfer of the district.

    ``viewer_movement_id`` is the ledger row the user may open for the transfer: the sending one for
    the district and the sending ward, the receiving one (None while in transit) for the receiving ward.
    """
    qs = Transfer.objects.select_related(
        "item", "from_holder__ward", "from_holder__district", "to_holder__ward", "to_holder__district",
        "sent_by", "received_by",
    ).order_by("-sent_at", "-id")  # fmt: skip
    if sees_whole_district(user):
        return qs.annotate(viewer_movement_id=F("sent_movement_id"))
    holders = list(scope_to_user(Holder.objects.all(), user, "ward").values_list("pk", flat=True))
    return qs.filter(Q(to_holder__in=holders) | Q(from_holder__in=holders)).annotate(
        viewer_movement_id=Case(
            When(from_holder__in=holders, then=F("sent_movement_id")), default=F("receipt_movement_id")
        )
    )


def unit_label(code: str) -> str:
    """An item's unit in the active language ("chiếc" for ``piece``); an unknown code as stored."""
    return str(Unit(code).label) if code in Unit.values else code


def in_transit_count_for_user(user: AnyUser) -> int:
    return transfers_for_user(user).filter(status=TransferStatus.IN_TRANSIT).count()


def distribution_totals_by_ward(
    *, user: AnyUser, item: SupplyItem, start: datetime.date, end: datetime.date
) -> QuerySet[Any, Any]:
    """Per ward (that the user sees): quantity of ``item`` distributed, people reached, and
    the quantity per 1,000 residents where the population is known. One aggregate query.

    The period, kind and item are conditions of the join (a FilteredRelation), so only the
    period's distributions are read (index supplies_mov_kind_time); as aggregate filters they
    joined every movement of every ward store first.
    """
    low, high = day_bounds(start, end)
    moves = "supply_holder__movements__"
    in_period = Q(
        **{
            f"{moves}kind": MovementKind.DISTRIBUTION,
            f"{moves}item": item,
            f"{moves}created_at__gte": low,
            f"{moves}created_at__lt": high,
        }
    )
    # Not reversed: a join through the filtered relation (a condition on it inside the
    # FilteredRelation is not supported), applied to the aggregates.
    kept = Q(moves__reversal__isnull=True)
    wards = scope_to_user(Ward.objects.all(), user, "pk")
    return (
        wards.annotate(moves=FilteredRelation("supply_holder__movements", condition=in_period))
        .values("pk", "name", "population")
        .annotate(
            quantity=-Coalesce(Sum("moves__quantity", filter=kept), Value(0)),
            people_reached=Coalesce(Sum("moves__people_reached", filter=kept), Value(0)),
            distributions=Count("moves__id", filter=kept),
        )
        .annotate(
            per_1000=Case(
                When(
                    population__gt=0,
                    then=ExpressionWrapper(
                        Cast("quantity", FloatField()) * 1000 / Cast("population", FloatField()),
                        output_field=FloatField(),
                    ),
                ),
                default=None,
                output_field=FloatField(),
            )
        )
        .order_by(ViCollate("name"))
    )


def supplies_distributed(*, district: District | int, start: datetime.date, end: datetime.date) -> list[dict]:
    """For the district summary: per item, the quantity distributed in [start, end] by the
    district's stores and the people reached (reversed distributions excluded). One query.

    Rows: ``{"item_code", "item_name_vi", "item_name_en", "unit", "quantity", "people_reached",
    "distributions"}``.
    """
    low, high = day_bounds(start, end)
    rows = (
        StockMovement.objects.filter(_effective_distributions(), created_at__gte=low, created_at__lt=high)
        .filter(Q(holder__ward__district=district) | Q(holder__district=district))
        .values(item_code=F("item__code"), item_name_vi=F("item__name_vi"), item_name_en=F("item__name_en"),
                unit=F("item__unit"))
        .annotate(quantity=-Sum("quantity"), people_reached=Sum("people_reached"), distributions=Count("id"))
        .order_by("item_code")
    )  # fmt: skip
    return [dict(row) for row in rows]


def stock_overview(*, district: District | int) -> list[dict]:
    """For the dashboard: per active item, the stock held in the district, in transit, and how
    many of its stores are below the minimum level. One aggregate query over balances plus
    one over transfers in transit."""
    name = item_name_field("")
    balances = (
        StockBalance.objects.filter(Q(holder__ward__district=district) | Q(holder__district=district))
        .annotate(min_level=Coalesce("minimum_level", "item__minimum_level"))
        .values("item_id")
        .annotate(on_hand=Sum("quantity"), low_holders=Count("id", filter=Q(quantity__lt=F("min_level"))))
    )
    by_item: dict[int, dict[str, Any]] = {row["item_id"]: dict(row) for row in balances}
    transit = dict(
        Transfer.objects.filter(status=TransferStatus.IN_TRANSIT)
        .filter(Q(to_holder__ward__district=district) | Q(to_holder__district=district))
        .values_list("item_id")
        .annotate(total=Sum("quantity_sent"))
    )
    return [
        {
            "item_id": item["pk"],
            "code": item["code"],
            "name": item[name],
            "unit": item["unit"],
            "on_hand": by_item.get(item["pk"], {}).get("on_hand") or 0,
            "in_transit": transit.get(item["pk"], 0),
            "low_holders": by_item.get(item["pk"], {}).get("low_holders") or 0,
        }
        for item in active_items().values("pk", "code", name, "unit")
    ]


def ward_store_tasks(user: AnyUser) -> dict[str, list]:
    """What the officer's ward store asks of them (issue 12 #10), in two queries:
    ``to_receive``: transfers on their way to the ward, waiting for it to confirm receipt (oldest
    first); ``low``: the store's items below their minimum level (lowest cover first)."""
    holders = scope_to_user(Holder.objects.filter(ward__isnull=False), user, "ward").values("pk")  # a subquery
    to_receive = list(
        Transfer.objects.filter(status=TransferStatus.IN_TRANSIT, to_holder__in=holders)
        .select_related("item", "from_holder__district", "from_holder__ward")
        .order_by("sent_at", "pk")[:20]
    )
    low = list(
        balances_for_user(user)
        .filter(holder__in=holders, is_low=True)  # is_low: annotated by balances_for_user
        .order_by(F("days_cover").asc(nulls_last=True), "item__code")[:20]
    )
    return {"to_receive": to_receive, "low": low}
