"""Official outputs (issue 14 #7): the PDF's units in Vietnamese, figures right-aligned with
Vietnamese grouping and "Trang n/N" on every page; XLSX with Vietnamese headers, fitted column
widths and the codes in a hidden sheet; CSV times in local time without microseconds."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.lib.enums import TA_RIGHT

from reports.choices import ReportKind
from reports.summary import pdf
from reports.summary.exports import csv_export, xlsx_export
from reports.summary.models import DistrictSummary
from reports.summary.services import summary_compile
from supplies import services as supply_services
from supplies.models import SupplyItem
from supplies.seed import load_items
from tests.factories import WardFactory, daily, distribution

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    yield


def _pages(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def _compiled(le_chan, today) -> DistrictSummary:
    summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    return DistrictSummary.objects.prefetch_related("ward_rows__ward").select_related("district").get()


def test_pdf_units_in_vietnamese_grouped_figures_and_page_numbers(
    le_chan, all_wards, an_bien, committee_member, district_admin, today
):
    daily(all_wards[0], today, {"confirmed_cases": 2, "masks_given": 12500}, committee_member)
    masks = load_items(SupplyItem)["mask-medical"]
    store = supply_services.holder_for_ward(an_bien)
    supply_services.stock_receive(item=masks, holder=store, quantity=5000, user=district_admin, source="Sở Y tế")
    distribution(holder=store, item=masks, user=district_admin, quantity=1200, people_reached=1200)
    pages = _pages(pdf.summary_pdf(_compiled(le_chan, today)))
    text = " ".join(pages)
    assert "chiếc" in text and "piece" not in text  # the supply's unit
    assert "12.500" in text and "1.200" in text  # Vietnamese grouping
    assert [p.split("Trang ")[-1][:3] for p in pages] == [f"{n}/{len(pages)}" for n in range(1, len(pages) + 1)]


def test_pdf_page_numbers_count_every_page(le_chan, committee_member, today):
    for n in range(60):  # a long per-ward table runs over several pages
        WardFactory(district=le_chan, name=f"Phường thử {n:02d}")
    pages = _pages(pdf.summary_pdf(_compiled(le_chan, today)))
    assert len(pages) >= 2
    for n, page in enumerate(pages, 1):
        assert f"Trang {n}/{len(pages)}" in page


def test_pdf_figures_are_right_aligned(le_chan, today):
    summary = _compiled(le_chan, today)
    doc = pdf._Document.of(summary, None)
    table = pdf._table(doc, [["Chỉ tiêu", "Giá trị"], ["Khẩu trang", "12.500"]], [100, 50], numeric=(1,))
    label, value = table._cellvalues[1]
    assert value.style.alignment == TA_RIGHT and label.style.alignment != TA_RIGHT


def test_xlsx_vietnamese_headers_fitted_widths_and_hidden_codes(le_chan, all_wards, committee_member, today):
    daily(all_wards[0], today, {"confirmed_cases": 2, "masks_given": 1500}, committee_member)
    response = xlsx_export(_compiled(le_chan, today))
    book = load_workbook(io.BytesIO(response.content))
    totals, per_ward, codes = book.worksheets
    header = [c.value for c in per_ward[1]]
    assert header[:3] == ["Phường", "Trạng thái", "Nộp lúc"]
    assert not any("(" in str(h) for h in header)  # names only; the codes are in the hidden sheet
    assert codes.sheet_state == "hidden" and totals.sheet_state == "visible"
    by_code = {r[3]: (r[1], r[2]) for r in codes.iter_rows(min_row=2, values_only=True) if r[0] == per_ward.title}
    column, name = by_code["confirmed_cases"]
    assert per_ward[f"{column}1"].value == name
    widths = {letter: dim.width for letter, dim in per_ward.column_dimensions.items()}
    assert widths["A"] >= len("Trần Nguyên Hãn") and widths["C"] >= len("17/03/2020 09:00:00")
    submitted = next(r[2] for r in per_ward.iter_rows(min_row=2) if r[0].value == "An Biên")
    assert submitted.number_format == "DD/MM/YYYY HH:MM:SS"


def test_csv_times_are_local_without_microseconds(le_chan, all_wards, committee_member, today):
    daily(all_wards[0], today, {"confirmed_cases": 2}, committee_member)
    response = csv_export(_compiled(le_chan, today))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    sent = next(r[2] for r in rows if r[0] == "An Biên")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", sent), sent
