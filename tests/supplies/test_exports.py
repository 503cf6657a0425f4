"""Exports of the ledger and balances: CSV/XLSX, scoped per role, formula cells neutralised."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from supplies import services
from supplies.choices import RecipientType

pytestmark = pytest.mark.django_db


def read_csv(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def hostile_distribution(officer_an_bien, masks, ward_stock):
    return services.stock_distribute(
        item=masks, holder=ward_stock, quantity=25, recipient_type=RecipientType.ESTABLISHMENT,
        recipient='=HYPERLINK("http://evil.example","bấm")', people_reached=3, user=officer_an_bien,
    )  # fmt: skip


@pytest.fixture
def cat_dai_stock(stocked, cat_dai_store):
    stocked(cat_dai_store, 40)
    return cat_dai_store


def test_ledger_csv_neutralises_formulas_and_keeps_numbers(committee_client, hostile_distribution, cat_dai_stock):
    response = committee_client.get(reverse("supplies:ledger-export", args=["csv"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    distribution = next(r for r in rows[1:] if r[14].startswith("'="))
    assert distribution[14] == '\'=HYPERLINK("http://evil.example","bấm")'
    assert distribution[9] == "-25"
    assert len(rows) == 1 + 3  # two receipts and the distribution


def test_ledger_xlsx_neutralises_formulas_and_types_numbers(committee_client, hostile_distribution):
    response = committee_client.get(reverse("supplies:ledger-export", args=["xlsx"]))
    rows = read_xlsx(response)
    distribution = next(r for r in rows[1:] if r[14] and str(r[14]).startswith("'="))
    assert distribution[9] == -25


def test_officer_exports_only_own_ward(officer_client, hostile_distribution, cat_dai_stock):
    ledger = read_csv(officer_client.get(reverse("supplies:ledger-export", args=["csv"])))
    assert {r[4] for r in ledger[1:]} == {"An Biên"}
    stock = read_csv(officer_client.get(reverse("supplies:stock-export", args=["csv"])))
    assert [(r[1], r[5]) for r in stock[1:]] == [("An Biên", "975")]


def test_stock_exports_follow_the_filters(committee_client, hostile_distribution, cat_dai_stock):
    rows = read_csv(committee_client.get(reverse("supplies:stock-export", args=["csv"]), {"low": "true"}))
    assert [(r[1], r[5]) for r in rows[1:]] == [("Cát Dài", "40")]
    assert rows[1][7] in ("có", "yes")  # "below minimum", in the active language
    workbook = read_xlsx(committee_client.get(reverse("supplies:stock-export", args=["xlsx"])))
    assert sorted(r[5] for r in workbook[1:]) == [40, 975]


def test_admin_exports_and_anonymous_cannot(admin_client_, client, hostile_distribution):
    assert admin_client_.get(reverse("supplies:stock-export", args=["xlsx"])).status_code == 200
    assert admin_client_.get(reverse("supplies:ledger-export", args=["pdf"])).status_code == 404
    client.logout()
    assert client.get(reverse("supplies:ledger-export", args=["csv"])).status_code == 302
