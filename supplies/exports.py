"""Exports of the supplies app: the ledger and the balances as CSV or XLSX (through core.exports,
which neutralises formula cells and keeps numbers typed).

One column list per export drives the header and the rows: each column names its label, the
``values()`` key it reads and, when the stored value is not what people read, how to show it
(a choice's label, yes or no, a rounding). The views pass the filtered queryset, already scoped
to the user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import csv_response, xlsx_response
from supplies import selectors
from supplies.choices import HolderKind, MovementKind, RecipientType, Unit
from supplies.models import StockBalance, StockMovement

EXPORT_FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, the ``values()`` key it reads, how the value shows."""

    label: str | Promise
    key: str
    show: Callable[[Any], Any] | None = None

    def value(self, row: dict) -> Any:
        value = row[self.key]
        return value if self.show is None else self.show(value)


def _label_of(choices: Iterable[tuple[str, str | Promise]]) -> Callable[[Any], Any]:
    """A choice's label in the active language (an unknown value shows as it is)."""
    labels = dict(choices)
    return lambda value: labels.get(value, value)


def _yes_no(value: Any) -> str:
    return _("yes") if value else _("no")


def _rounded(places: int) -> Callable[[Any], Any]:
    return lambda value: None if value is None else round(value, places)


# Every export reads these annotations besides the model's fields: the holder's and the
# counterpart's name (a ward's or the district's) and the item's name in the active language.
LEDGER_COLUMNS = (
    Column(gettext_lazy("Movement"), "id"),
    Column(gettext_lazy("Recorded at"), "created_at"),
    Column(gettext_lazy("Kind"), "kind", _label_of(MovementKind.choices)),
    Column(gettext_lazy("Store"), "holder__kind", _label_of(HolderKind.choices)),
    Column(gettext_lazy("Holder"), "holder_name"),
    Column(gettext_lazy("Counterpart"), "counterpart_name"),
    Column(gettext_lazy("Item code"), "item__code"),
    Column(gettext_lazy("Item"), "item_name"),
    Column(gettext_lazy("Unit"), "item__unit", _label_of(Unit.choices)),
    Column(gettext_lazy("Quantity"), "quantity"),
    Column(gettext_lazy("Donor or supplier"), "source"),
    Column(gettext_lazy("Batch"), "batch"),
    Column(gettext_lazy("Expiry date"), "expiry_date"),
    Column(gettext_lazy("Recipient type"), "recipient_type", _label_of(RecipientType.choices)),
    Column(gettext_lazy("Recipient"), "recipient"),
    Column(gettext_lazy("People reached"), "people_reached"),
    Column(gettext_lazy("Reason or note"), "reason"),
    Column(gettext_lazy("Reverses"), "reverses_id"),
    Column(gettext_lazy("Recorded by"), "created_by__username"),
)

STOCK_COLUMNS = (
    Column(gettext_lazy("Store"), "holder__kind", _label_of(HolderKind.choices)),
    Column(gettext_lazy("Holder"), "holder_name"),
    Column(gettext_lazy("Item code"), "item__code"),
    Column(gettext_lazy("Item"), "item_name"),
    Column(gettext_lazy("Unit"), "item__unit", _label_of(Unit.choices)),
    Column(gettext_lazy("Quantity"), "quantity"),
    Column(gettext_lazy("Minimum level"), "min_level"),
    Column(gettext_lazy("Below minimum"), "is_low", _yes_no),
    Column(gettext_lazy("Daily use (last 14 days)"), "daily_rate", _rounded(2)),
    Column(gettext_lazy("Days of cover"), "days_cover", _rounded(1)),
)


def _holder_name(prefix: str) -> Coalesce:
    return Coalesce(F(f"{prefix}ward__name"), F(f"{prefix}district__name"), Value(""))


def ledger_export(movements: QuerySet[StockMovement], fmt: str) -> HttpResponse:
    """The movements, oldest first, as a ``fmt`` ("csv" or "xlsx") download."""
    movements = movements.order_by("created_at", "id").annotate(
        holder_name=_holder_name("holder__"),
        counterpart_name=_holder_name("counterpart__"),
        item_name=F(selectors.item_name_field()),
    )
    return _export(fmt, "ledger", _("Ledger"), LEDGER_COLUMNS, movements)


def stock_export(balances: QuerySet[StockBalance], fmt: str) -> HttpResponse:
    """The balances (with their minimum level, daily use and days of cover) as a ``fmt`` download."""
    balances = balances.annotate(holder_name=_holder_name("holder__"), item_name=F(selectors.item_name_field()))
    return _export(fmt, "stock", _("Stock"), STOCK_COLUMNS, balances)


def _export(fmt: str, name: str, title: str, columns: Sequence[Column], queryset: QuerySet) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}.")
    header = [str(c.label) for c in columns]
    rows = _rows(columns, queryset)
    filename = f"{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, [(title, header, rows)])


def _rows(columns: Sequence[Column], queryset: QuerySet) -> Iterator[list]:
    for row in queryset.values(*(c.key for c in columns)).iterator():
        yield [c.value(row) for c in columns]
