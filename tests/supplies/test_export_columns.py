"""The supplies exports: one column list each drives the header and the rows."""

import csv
import io

import pytest
from django.utils import translation

from supplies import exports, selectors, services
from supplies.models import StockMovement

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_ledger_rows_line_up_with_the_header_and_show_labels(district_admin, ward_stock):
    receipt = StockMovement.objects.get(holder=ward_stock)
    reversal = services.movement_reverse(movement=receipt, user=district_admin, reason="Nhập nhầm")
    with translation.override("en"):
        header, first, second = read_csv(exports.ledger_export(StockMovement.objects.all(), "csv"))
        assert header == [str(c.label) for c in exports.LEDGER_COLUMNS] and len(header) == 19
    assert len(first) == len(second) == len(header)
    cells = dict(zip(header, second, strict=True))
    assert cells["Movement"] == str(reversal.pk)
    assert cells["Kind"] == "Reversal"  # the choice's label, not its code
    assert (cells["Holder"], cells["Item"], cells["Unit"]) == ("An Biên", "Medical mask", "piece")
    assert (cells["Quantity"], cells["Reverses"], cells["Reason or note"]) == ("-1000", str(receipt.pk), "Nhập nhầm")


def test_stock_rows_say_below_minimum_in_words_and_in_the_active_language(
    committee_member, ward_stock, stocked, cat_dai_store
):
    stocked(cat_dai_store, 40)
    with translation.override("vi"):
        header, *rows = read_csv(exports.stock_export(selectors.balances_for_user(committee_member), "csv"))
    cells = {r[1]: dict(zip(header, r, strict=True)) for r in rows}
    assert cells["Cát Dài"]["Dưới mức tối thiểu"] == "có"
    assert cells["An Biên"]["Dưới mức tối thiểu"] == "không"
    assert cells["An Biên"]["Số ngày đủ dùng"] == ""  # nothing went out: no rate, no days of cover


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="pdf"):
        exports.ledger_export(StockMovement.objects.none(), "pdf")
