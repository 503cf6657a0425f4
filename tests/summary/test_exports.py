"""Exports: PDF (Vietnamese text), XLSX (number cells, two sheets), CSV; formula cells neutralised; roles."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.choices import ReportKind
from reports.summary.services import summary_compile
from tests.factories import WardFactory, daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    yield


@pytest.fixture
def summary(le_chan, all_wards, committee_member, today):
    daily(all_wards[0], today, {"confirmed_cases": 2, "masks_given": 1500}, committee_member)  # An Biên
    daily(all_wards[2], today, {"confirmed_cases": 3}, committee_member, late=True)  # Cát Dài
    return summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)


def export(client, summary, fmt, **params):
    return client.get(reverse("summary:export", args=[summary.pk, fmt]), params)


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())  # lines wrapped by the layout join back


def xlsx(content: bytes):
    return load_workbook(io.BytesIO(content))


def test_pdf_has_the_administrative_layout_and_ward_names_with_diacritics(committee_client, summary):
    response = export(committee_client, summary, "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    with open("/tmp/summary-test.pdf", "wb") as f:
        f.write(response.content)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19 QUẬN LÊ CHÂN",
        "/BC-BCĐ",
        "Hải Phòng, ngày 17 tháng 03 năm 2020",
        "BÁO CÁO",
        "Tổng hợp tình hình phòng, chống dịch COVID-19",
        "TM. BAN CHỈ ĐẠO",
        "TRƯỞNG BAN",
        "An Biên",
        "Cát Dài",
        "Dư Hàng Kênh",
        "Trần Nguyên Hãn",
        "Vĩnh Niệm",
        "Khẩu trang phát miễn phí",
        "1.500",
    ):
        assert expected in text, expected


def test_xlsx_has_a_totals_sheet_and_a_per_ward_sheet_with_number_cells(committee_client, summary):
    response = export(committee_client, summary, "xlsx")
    assert response.status_code == 200
    book = xlsx(response.content)
    totals, per_ward = book.worksheets[:2]  # the third, hidden, holds the columns' codes
    rows = {r[0]: r for r in totals.iter_rows(min_row=2, values_only=True)}
    assert rows["confirmed_cases"][3] == 5 and isinstance(rows["confirmed_cases"][3], int)
    assert rows["masks_given"][3] == 1500
    assert rows["expected"][3] == 15
    codes = {r[3]: r[1] for r in book["codes"].iter_rows(min_row=2, values_only=True) if r[0] == per_ward.title}
    column = per_ward[f"{codes['masks_given']}1"].column - 1
    an_bien = next(r for r in per_ward.iter_rows(min_row=2) if r[0].value == "An Biên")
    assert an_bien[column].value == 1500
    assert an_bien[column].data_type == "n"
    assert per_ward.max_row == 16


def test_csv_lists_every_ward_and_the_district_total(committee_client, summary):
    response = export(committee_client, summary, "csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 15 + 1
    names = [r[0] for r in rows[1:-1]]
    assert "Cát Dài" in names and "Vĩnh Niệm" in names
    header = rows[0]
    confirmed = header.index(next(h for h in header if h.endswith("(confirmed_cases)")))
    assert rows[-1][confirmed] == "5"


def test_formula_like_ward_names_are_neutralised_in_csv_and_xlsx(committee_client, le_chan, committee_member, today):
    evil = WardFactory(district=le_chan, name='=HYPERLINK("http://evil.example","x")')
    tab = WardFactory(district=le_chan, name="\tTab ward")
    daily(evil, today, {"confirmed_cases": 1}, committee_member)
    summary = summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    text = export(committee_client, summary, "csv").content.decode("utf-8-sig")
    names = [r[0] for r in csv.reader(io.StringIO(text))]
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    assert "'\tTab ward" in names
    sheet = xlsx(export(committee_client, summary, "xlsx").content).worksheets[1]
    cells = [r[0].value for r in sheet.iter_rows(min_row=2)]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
    assert tab.pk


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv"])
def test_officer_exports_their_own_ward_only(officer_client, summary, an_bien, fmt):
    response = export(officer_client, summary, fmt)
    assert response.status_code == 200
    assert "an-bien" in response["Content-Disposition"]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert [r[0] for r in rows[1:]] == ["An Biên"]
    elif fmt == "xlsx":
        book = xlsx(response.content)
        assert [r[0].value for r in book.worksheets[1].iter_rows(min_row=2)] == ["An Biên"]
        totals = {r[0]: r[3] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
        assert totals["confirmed_cases"] == 2  # the ward's own value, not the district's 5
        assert "expected" not in totals
    else:
        text = pdf_text(response.content)
        assert "An Biên" in text and "Cát Dài" not in text


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv"])
def test_officer_export_of_another_ward_is_refused(officer_client, summary, cat_dai, fmt):
    assert export(officer_client, summary, fmt, ward=cat_dai.pk).status_code == 404


def test_committee_exports_one_ward_or_the_district(committee_client, summary, cat_dai):
    one = export(committee_client, summary, "csv", ward=cat_dai.pk).content.decode("utf-8-sig")
    assert [r[0] for r in csv.reader(io.StringIO(one))][1:] == ["Cát Dài"]
    assert export(committee_client, summary, "csv", ward=999999).status_code == 404
    assert export(committee_client, summary, "docx").status_code == 404


def test_anonymous_export_goes_to_login(client, summary):
    assert export(client, summary, "pdf").status_code == 302
