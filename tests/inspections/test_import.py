"""Bulk import, all or nothing: good files, bad rows, wrong columns, encodings, types and sizes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from inspections.choices import Category, EstablishmentStatus
from inspections.models import Establishment
from inspections.services import establishments_import
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db

URL = reverse("inspections:establishment_import")
GOOD = (
    "name,ward_code,address,category,owner,phone,status,workers,foreign_workers\n"
    "Trường Tiểu học Lê Chân,an-bien,12 Lạch Tray,primary_school,Bà Hoa,0225 3845 111,,,\n"
    "Công ty May Hải Phòng,cat-dai,5 Cát Dài,Doanh nghiệp có lao động nước ngoài,Ông Nam,,operating,120,8\n"
)


def upload(content, name="co-so.csv"):
    return SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode("utf-8"))


def test_utf8_csv_with_bom_and_vietnamese_labels_imports_every_row(district_admin, le_chan):
    report = establishments_import(user=district_admin, uploaded=upload("\ufeff" + GOOD))
    assert report.ok and report.created == 2
    factory = Establishment.objects.get(name="Công ty May Hải Phòng")
    assert factory.category == Category.ENTERPRISE_FOREIGN and factory.ward.code == "cat-dai"
    assert (factory.workers, factory.foreign_workers) == (120, 8)
    assert Establishment.objects.get(name="Trường Tiểu học Lê Chân").status == EstablishmentStatus.OPERATING


def test_vietnamese_headers_and_semicolons_are_accepted(district_admin, le_chan):
    text = "Tên cơ sở;Mã phường;Địa chỉ;Loại hình\nChợ Hàng;hang-kenh;Chợ Hàng;Chợ\n"
    report = establishments_import(user=district_admin, uploaded=upload(text))
    assert report.ok and Establishment.objects.get().category == Category.MARKET


def test_any_bad_row_imports_nothing_and_lists_row_column_and_message(district_admin, le_chan, an_bien):
    EstablishmentFactory(ward=an_bien, name="Quán Cũ", address="1 Tô Hiệu")
    text = GOOD + (
        "Quán Mới,an-bien,3 Tô Hiệu,casino,,,,,\n"          # row 4: unknown category
        "Quán Khác,nowhere,4 Tô Hiệu,bar,,,,,\n"            # row 5: unknown ward
        ",an-bien,5 Tô Hiệu,bar,,,,,\n"                     # row 6: no name
        "Quán Cũ,an-bien,1 Tô Hiệu,bar,,,,,\n"              # row 7: already registered
        "Xưởng,an-bien,6 Tô Hiệu,enterprise,,,,5,9\n"       # row 8: more foreign workers than workers
        "Xưởng 2,an-bien,7 Tô Hiệu,enterprise,,,,-3,\n"     # row 9: negative workers
    )  # fmt: skip
    report = establishments_import(user=district_admin, uploaded=upload(text))
    assert not report.ok and report.created == 0
    found = {(e.row, e.column) for e in report.errors}
    assert {(4, "category"), (5, "ward_code"), (6, "name"), (7, "name"), (9, "workers")} <= found
    assert any(e.row == 8 for e in report.errors)
    assert Establishment.objects.count() == 1  # only the one that was there before


def test_duplicate_rows_within_the_file_are_reported(district_admin, le_chan):
    text = "name,ward_code,address,category\nA,an-bien,1 Phố,bar\na,an-bien,1 phố,bar\n"
    report = establishments_import(user=district_admin, uploaded=upload(text))
    assert [(e.row, e.column) for e in report.errors] == [(3, "name")]


def test_wrong_columns_are_reported_on_the_header_row(district_admin, le_chan):
    report = establishments_import(user=district_admin, uploaded=upload("title,district,street\nA,an-bien,1\n"))
    assert not report.ok and {e.row for e in report.errors} == {1}
    columns = {e.column for e in report.errors}
    assert columns == {"title", "district", "street", "name", "ward_code", "address", "category"}


def test_non_utf8_csv_is_refused_with_a_clear_message(admin_client_, le_chan):
    r = admin_client_.post(URL, {"file": upload(GOOD.encode("cp1258", errors="replace"))})
    assert r.status_code == 400 and "UTF-8" in r.content.decode()
    assert not Establishment.objects.exists()


def test_wrong_type_and_oversize_files_are_refused(admin_client_, le_chan):
    r = admin_client_.post(URL, {"file": upload(b"%PDF-1.4", name="list.pdf")})
    assert r.status_code == 400 and ".xlsx" in r.content.decode()
    r = admin_client_.post(URL, {"file": upload(b"a" * (2 * 1024 * 1024 + 1))})
    assert r.status_code == 400 and "2 MB" in r.content.decode()
    r = admin_client_.post(URL, {"file": upload(b"not a zip", name="list.xlsx")})
    assert r.status_code == 400 and "xlsx" in r.content.decode()


def test_xlsx_import_through_the_page(admin_client_, le_chan):
    wb = Workbook()
    ws = wb.active
    ws.append(["name", "ward_code", "address", "category", "workers"])
    ws.append(["Karaoke Hoàng Gia", "du-hang", "88 Dư Hàng", "karaoke", None])
    ws.append(["Nhà máy Nhựa", "vinh-niem", "KCN Vĩnh Niệm", "enterprise", 250])
    buffer = io.BytesIO()
    wb.save(buffer)
    r = admin_client_.post(URL, {"file": upload(buffer.getvalue(), name="co-so.xlsx")})
    assert r.status_code == 302
    assert Establishment.objects.get(name="Nhà máy Nhựa").workers == 250


def test_page_shows_the_row_report(admin_client_, le_chan):
    r = admin_client_.post(URL, {"file": upload("name,ward_code,address,category\nA,an-bien,1,casino\n")})
    body = r.content.decode()
    assert r.status_code == 400 and 'data-testid="import-errors"' in body and "casino" in body


@pytest.mark.parametrize("persona", ["officer_client", "committee_client"])
def test_only_admins_import(request, persona, le_chan):
    r = request.getfixturevalue(persona).post(URL, {"file": upload(GOOD)})
    assert r.status_code == 403 and not Establishment.objects.exists()


def test_template_download(admin_client_):
    r = admin_client_.get(reverse("inspections:import_template"))
    assert r.status_code == 200 and "ward_code" in r.content.decode("utf-8-sig")
