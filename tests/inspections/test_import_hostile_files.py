"""Hostile or broken import files answer a clear 400 quickly and import nothing, never a 500:
zip bombs, NUL bytes, endless fields, too many rows (reading stops at the limit), broken
archives and XML."""

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from inspections import importing
from inspections.models import Establishment
from inspections.services import establishments_import

pytestmark = pytest.mark.django_db

URL = reverse("inspections:establishment_import")
HEADER = "name,ward_code,address,category\n"
SHEET = "xl/worksheets/sheet1.xml"
# Generous for a loaded test machine: the files below are refused before their bulk is parsed.
QUICK_SECONDS = 5


def upload(content: bytes | str, name: str = "co-so.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode("utf-8"))


def workbook_bytes(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD_XLSX_ROWS = [
    ["name", "ward_code", "address", "category"],
    ["Karaoke Hoàng Gia", "du-hang", "88 Dư Hàng", "karaoke"],
]


def with_sheet(sheet_xml: bytes, *, drop: str | None = None) -> bytes:
    """A valid workbook whose first sheet is ``sheet_xml`` (and without the part ``drop``)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook_bytes(GOOD_XLSX_ROWS))) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            if info.filename == drop:
                continue
            dst.writestr(info.filename, sheet_xml if info.filename == SHEET else src.read(info.filename))
    return out.getvalue()


def sheet_xml(rows_xml: str | bytes) -> bytes:
    body = rows_xml.encode() if isinstance(rows_xml, str) else rows_xml
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + body
        + b"</sheetData></worksheet>"
    )


def inline_row(*values: str, r: int | None = None) -> str:
    cells = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
    return f'<row r="{r}">{cells}</row>' if r else f"<row>{cells}</row>"


HEADER_ROW = inline_row("name", "ward_code", "address", "category", r=1)
NOT_XLSX = "Tệp không phải bảng tính .xlsx hợp lệ."


def post(client, content, name):
    started = time.monotonic()
    response = client.post(URL, {"file": upload(content, name)})
    return response, time.monotonic() - started


def assert_refused(response, elapsed, message):
    """A 400 with ``message`` (the page speaks Vietnamese), answered quickly, nothing imported."""
    body = response.content.decode()
    assert response.status_code == 400, body[:500]
    assert message in body
    assert elapsed < QUICK_SECONDS
    assert not Establishment.objects.exists()


def service_error(district_admin, content, name) -> str:
    """The service's message, in English (a page request before leaves Vietnamese active)."""
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        establishments_import(user=district_admin, uploaded=upload(content, name))
    assert not Establishment.objects.exists()
    return " ".join(exc.value.messages)


# ---- XLSX: bombs and broken archives ------------------------------------------------------------


def zip_bomb() -> bytes:
    """A 2 MB-limit-sized workbook whose sheet expands past the bound: identical rows compress
    about a thousandfold."""
    row = inline_row("Quán", "an-bien", "1 Tô Hiệu", "bar").encode()
    repeat = importing.MAX_XLSX_UNCOMPRESSED_BYTES // len(row) + 1
    return with_sheet(sheet_xml(HEADER_ROW.encode() + row * repeat))


def test_a_zip_bomb_is_refused_before_its_sheet_is_parsed(admin_client_, district_admin, le_chan, monkeypatch):
    bomb = zip_bomb()
    assert len(bomb) < importing.MAX_BYTES  # the upload limit alone does not stop it

    def never(*args, **kwargs):
        raise AssertionError("the sheet was parsed")

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", never)
    response, elapsed = post(admin_client_, bomb, "bom.xlsx")
    limit = importing.MAX_XLSX_UNCOMPRESSED_BYTES // (1024 * 1024)
    assert_refused(response, elapsed, f"lớn hơn {limit} MB")
    assert f"more than {limit} MB" in service_error(district_admin, bomb, "bom.xlsx")


def test_a_sheet_compressed_beyond_any_real_spreadsheet_is_refused(district_admin, le_chan):
    row = inline_row("Quán", "an-bien", "1 Tô Hiệu", "bar").encode()
    size = 2 * importing.XLSX_RATIO_CHECK_FROM_BYTES  # well under the total bound, but a thousandfold
    small_bomb = with_sheet(sheet_xml(HEADER_ROW.encode() + row * (size // len(row))))
    with zipfile.ZipFile(io.BytesIO(small_bomb)) as archive:
        assert sum(i.file_size for i in archive.infolist()) < importing.MAX_XLSX_UNCOMPRESSED_BYTES
    assert "compress" in service_error(district_admin, small_bomb, "bom.xlsx")


def test_a_truncated_workbook_is_refused(admin_client_, district_admin, le_chan):
    good = workbook_bytes(GOOD_XLSX_ROWS)
    for cut in (len(good) // 2, len(good) - 30, 100):
        response, elapsed = post(admin_client_, good[:cut], "co-so.xlsx")
        assert_refused(response, elapsed, NOT_XLSX)
    assert "not a valid .xlsx" in service_error(district_admin, good[: len(good) // 2], "co-so.xlsx")


def test_a_file_named_xlsx_that_is_not_a_zip_is_refused(admin_client_, le_chan):
    for content in (b"name,ward_code\n", b"PK\x03\x04 not really", b"\x00" * 300):
        response, elapsed = post(admin_client_, content, "co-so.xlsx")
        assert_refused(response, elapsed, NOT_XLSX)


def test_broken_sheet_xml_is_refused(admin_client_, district_admin, le_chan):
    broken = with_sheet(sheet_xml(HEADER_ROW + '<row><c t="inlineStr"><is><t>Quán</t></is>')[:-20])
    response, elapsed = post(admin_client_, broken, "co-so.xlsx")
    assert_refused(response, elapsed, NOT_XLSX)
    # An entity expansion ("billion laughs") is bad XML too.
    entities = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    laughs = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row><c t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    ).encode()
    assert "not a valid .xlsx" in service_error(district_admin, with_sheet(laughs), "co-so.xlsx")


def test_a_workbook_missing_a_part_is_refused(admin_client_, le_chan):
    for part in ("xl/workbook.xml", SHEET, "[Content_Types].xml"):
        response, elapsed = post(admin_client_, with_sheet(sheet_xml(HEADER_ROW), drop=part), "co-so.xlsx")
        assert_refused(response, elapsed, NOT_XLSX)


def test_a_cell_value_openpyxl_cannot_convert_is_refused(district_admin, le_chan):
    # A 5,000-digit number: Python refuses to convert it (int max str digits) inside openpyxl.
    huge = with_sheet(sheet_xml(HEADER_ROW + f'<row r="2"><c t="n"><v>{"9" * 5000}</v></c></row>'))
    assert "not a valid .xlsx" in service_error(district_admin, huge, "co-so.xlsx")


def test_a_nul_character_in_a_workbook_cell_is_refused(admin_client_, le_chan):
    # XML cannot carry a NUL: the sheet is bad XML.
    xlsx = with_sheet(sheet_xml(HEADER_ROW + inline_row("Quán&#0;Bar", "an-bien", "1 Tô Hiệu", "bar", r=2)))
    response, elapsed = post(admin_client_, xlsx, "co-so.xlsx")
    assert_refused(response, elapsed, NOT_XLSX)


def test_a_nul_character_in_rows_from_any_reader_is_refused(district_admin, le_chan):
    rows = [["name", "ward_code", "address", "category"], ["Quán\x00Bar", "an-bien", "1 Tô Hiệu", "bar"]]
    with pytest.raises(ValidationError, match="Row 2 contains a NUL"):
        importing.parse(iter(rows), wards={}, today=None)


def test_rows_past_the_spreadsheet_maximum_are_refused(district_admin, le_chan):
    far = importing.MAX_SHEET_ROWS + 1
    xlsx = with_sheet(sheet_xml(HEADER_ROW + inline_row("Quán", "an-bien", "1 Tô Hiệu", "bar", r=far)))
    assert "past row 1,048,576" in service_error(district_admin, xlsx, "co-so.xlsx")


def test_an_xlsx_over_two_megabytes_is_refused_by_the_form(admin_client_, le_chan):
    response, elapsed = post(admin_client_, b"PK\x03\x04" + b"\x00" * (2 * 1024 * 1024), "co-so.xlsx")
    assert_refused(response, elapsed, "Tệp lớn hơn 2 MB.")


# ---- CSV ----------------------------------------------------------------------------------------


def test_a_csv_with_a_nul_byte_is_refused(admin_client_, district_admin, le_chan):
    content = HEADER + "Quán\x00Bar,an-bien,1 Tô Hiệu,bar\n"
    response, elapsed = post(admin_client_, content, "co-so.csv")
    assert_refused(response, elapsed, "Dòng 2 chứa ký tự NUL")
    assert "Row 2 contains a NUL character" in service_error(district_admin, content, "co-so.csv")


def test_a_csv_with_an_endless_quoted_field_is_refused(admin_client_, district_admin, le_chan):
    content = HEADER + 'Quán,an-bien,"' + "x" * 200_000 + '",bar\n'
    response, elapsed = post(admin_client_, content, "co-so.csv")
    assert_refused(response, elapsed, "gần dòng 2")
    assert "near line 2" in service_error(district_admin, content, "co-so.csv")


def test_a_long_cell_is_a_row_error_and_is_not_echoed_back(admin_client_, le_chan):
    content = HEADER + "Quán,an-bien,1 Tô Hiệu," + "y" * 5000 + "\n"
    response, elapsed = post(admin_client_, content, "co-so.csv")
    assert_refused(response, elapsed, "Ô dài hơn 1000 ký tự.")
    assert "y" * 100 not in response.content.decode()


def test_old_mac_line_endings_are_read(district_admin, le_chan):
    report = establishments_import(
        user=district_admin, uploaded=upload(HEADER.replace("\n", "\r") + "Quán,an-bien,1,bar\r")
    )
    assert report.ok and report.created == 1


# ---- Too many rows: reading stops at the limit --------------------------------------------------


def _count_pulls(monkeypatch, target, name):
    """Wrap ``target.name`` (a row iterator factory) so the test knows how many rows were pulled."""
    pulled = {"rows": 0}
    original = getattr(target, name)

    def counting(*args, **kwargs):
        for row in original(*args, **kwargs):
            pulled["rows"] += 1
            if pulled["rows"] > importing.MAX_ROWS + 1 + 1:  # the header and the row over the limit
                raise AssertionError("rows were read past the limit")
            yield row

    monkeypatch.setattr(target, name, counting)
    return pulled


def test_a_csv_stops_being_read_at_the_row_over_the_limit(admin_client_, district_admin, le_chan, monkeypatch):
    content = HEADER + "".join(f"Quán {n},an-bien,{n} Tô Hiệu,bar\n" for n in range(importing.MAX_ROWS + 500))
    pulled = _count_pulls(monkeypatch, importing.csv, "reader")
    report = establishments_import(user=district_admin, uploaded=upload(content))
    assert not report.ok and report.created == 0
    [error] = report.errors
    assert error.row == importing.MAX_ROWS + 2 and "5" in error.message
    assert pulled["rows"] == importing.MAX_ROWS + 2
    pulled["rows"] = 0
    response = admin_client_.post(URL, {"file": upload(content)})
    assert response.status_code == 400 and not Establishment.objects.exists()


def test_a_workbook_stops_being_read_at_the_row_over_the_limit(district_admin, le_chan, monkeypatch):
    rows = HEADER_ROW + "".join(
        inline_row(f"Quán {n}", "an-bien", f"{n} Tô", "bar") for n in range(importing.MAX_ROWS + 500)
    )
    xlsx = with_sheet(sheet_xml(rows))
    pulled = _count_pulls(monkeypatch, ReadOnlyWorksheet, "_cells_by_row")
    report = establishments_import(user=district_admin, uploaded=upload(xlsx, "co-so.xlsx"))
    assert not report.ok and [e.row for e in report.errors] == [importing.MAX_ROWS + 2]
    assert pulled["rows"] == importing.MAX_ROWS + 2
    assert not Establishment.objects.exists()


def test_exactly_the_limit_imports(district_admin, le_chan, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 30)
    content = HEADER + "".join(f"Quán {n},an-bien,{n} Tô Hiệu,bar\n" for n in range(30))
    assert establishments_import(user=district_admin, uploaded=upload(content)).created == 30
    more = HEADER + "".join(f"Quán {n},an-bien,{n} Tô Hiệu,bar\n" for n in range(100, 131))
    report = establishments_import(user=district_admin, uploaded=upload(more))
    assert [e.row for e in report.errors] == [32] and Establishment.objects.count() == 30


# ---- A full file is not slowed by a query per row -----------------------------------------------


def test_checking_rows_costs_no_query_per_row(district_admin, le_chan):

    def queries_for(rows: int) -> int:
        content = HEADER + "".join(f"Quán {rows}-{n},an-bien,{n} Tô Hiệu,bar\n" for n in range(rows))
        with CaptureQueriesContext(connection) as captured:
            report = establishments_import(user=district_admin, uploaded=upload(content))
        assert report.ok
        # The inserts (rows and audit entries) come in batches of 500: count what is asked per row.
        return sum(1 for q in captured.captured_queries if not q["sql"].startswith("INSERT"))

    queries_for(3)  # caches warmed (content types)
    assert queries_for(10) == queries_for(120)
