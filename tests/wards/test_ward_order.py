"""Wards are listed in Vietnamese alphabetical order everywhere (issue 16, 16).

In code-point order "Đông Hải" (Đ is U+0110) came after "Vĩnh Niệm"; a Vietnamese reader looks
for it right after "Dư Hàng Kênh". The API, the home page, the summary (page, API, exports) and
the dashboard's ward table all follow core.collation.
"""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.choices import ReportKind
from reports.summary.services import summary_compile
from wards.models import Ward

pytestmark = pytest.mark.django_db

LE_CHAN_WARDS = [
    "An Biên", "An Dương", "Cát Dài", "Dư Hàng", "Dư Hàng Kênh", "Đông Hải", "Hàng Kênh", "Hồ Nam",
    "Kênh Dương", "Lam Sơn", "Nghĩa Xá", "Niệm Nghĩa", "Trại Cau", "Trần Nguyên Hãn", "Vĩnh Niệm",
]  # fmt: skip


def test_ward_model_orders_by_default_in_vietnamese_order(le_chan):
    assert [w.name for w in Ward.objects.filter(district=le_chan)] == LE_CHAN_WARDS


def test_api_lists_wards_in_vietnamese_order(committee_api, le_chan):
    response = committee_api.get("/api/v1/wards/")
    assert response.status_code == 200
    assert [w["name"] for w in response.json()["results"]] == LE_CHAN_WARDS


def test_home_page_lists_wards_in_vietnamese_order(committee_client, le_chan):
    html = committee_client.get("/").text
    names = re.findall(r'<a href="/wards/\d+/">([^<]+)</a>', html)
    assert names == LE_CHAN_WARDS


@pytest.fixture
def summary(catalogue, clock, le_chan, today):
    """A day's summary with no report yet: every ward has a line and is on the missing list."""
    return summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)


def test_summary_lines_and_missing_list_are_in_vietnamese_order(summary):
    assert [line.ward.name for line in summary.ward_rows.all()] == LE_CHAN_WARDS
    assert [w["name"] for w in summary.missing_wards] == LE_CHAN_WARDS


def test_summary_page_and_api_list_wards_in_vietnamese_order(committee_client, committee_api, summary):
    html = committee_client.get(reverse("summary:detail", args=[summary.pk])).text
    positions = [html.find(f">{name}<") for name in LE_CHAN_WARDS]
    assert -1 not in positions and positions == sorted(positions)
    wards = committee_api.get(f"/api/v1/summaries/{summary.pk}/").json()["wards"]
    assert [w["ward_name"] for w in wards] == LE_CHAN_WARDS


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_summary_exports_list_wards_in_vietnamese_order(committee_client, summary, fmt):
    response = committee_client.get(reverse("summary:export", args=[summary.pk, fmt]))
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        names = [r[0] for r in rows[1:-1]]  # the last row is the district total
    else:
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[1]
        names = [r[0].value for r in sheet.iter_rows(min_row=2)]
    assert names == LE_CHAN_WARDS


def test_dashboard_ward_table_sorts_by_name_in_vietnamese_order(committee_client, summary):
    html = committee_client.get(reverse("summary:dashboard"), {"sort": "name"}).text
    positions = [html.find(f">{name}<") for name in LE_CHAN_WARDS]
    assert -1 not in positions and positions == sorted(positions)
    html = committee_client.get(reverse("summary:dashboard"), {"sort": "name", "desc": "1"}).text
    positions = [html.find(f">{name}<") for name in LE_CHAN_WARDS]
    assert positions == sorted(positions, reverse=True)
