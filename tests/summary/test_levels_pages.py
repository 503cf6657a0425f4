"""Epidemic levels on pages (issue 14 #3, #4): the ward map and its table, the criteria page, the badge on the
ward page, the summary and the dashboard; who may open what; query counts at two sizes."""

import datetime
import io
import re

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from reports.choices import ReportKind
from reports.summary.levels import MAP_LAYOUT
from reports.summary.models import LevelCriteria
from reports.summary.services import summary_compile
from tests.factories import WardFactory, daily

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
LEVELS = "/dashboard/levels/"
CRITERIA = "/dashboard/levels/criteria/"


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    yield


@pytest.fixture
def compiled(le_chan, all_wards, committee_member, today):
    """Every ward with 10,000 residents; An Biên 6 new cases (level 3), Cát Dài 2 (level 2)."""
    for ward in all_wards:
        ward.population = 10000
        ward.save(update_fields=["population"])
    by_code = {w.code: w for w in all_wards}
    daily(by_code["an-bien"], today, {"confirmed_cases": 6, "home_quarantine": 40}, committee_member)
    daily(by_code["cat-dai"], today, {"confirmed_cases": 2, "home_quarantine": 10}, committee_member)
    return summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# ---- who may open what --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "levels_status", "criteria_status"),
    [("client", 302, 302), ("officer_client", 403, 403), ("committee_client", 200, 403), ("admin_client_", 200, 200)],
)
def test_role_access_to_the_level_pages(request, persona, levels_status, criteria_status):
    client = request.getfixturevalue(persona)
    assert client.get(LEVELS).status_code == levels_status
    assert client.get(CRITERIA).status_code == criteria_status
    assert client.post(CRITERIA, {}).status_code == criteria_status if criteria_status != 200 else 400


# ---- the map ------------------------------------------------------------------------------------


def test_the_map_has_every_ward_linked_with_its_level_as_text_a_legend_and_a_table(committee_client, compiled, an_bien):
    body = text(committee_client.get(LEVELS))
    assert body.count('data-testid="map-tile"') == 15
    assert f'href="/wards/{an_bien.pk}/" aria-label="An Biên: Cấp 3 (cam)"' in body
    assert "Cấp 3" in body  # written on the tile, not colour alone
    legend = body[body.index('data-testid="map-legend"') :]
    for label in ("Cấp 1 (xanh)", "Cấp 2 (vàng)", "Cấp 3 (cam)", "Cấp 4 (đỏ)", "Chưa có cấp độ"):
        assert label in legend
    table = body[body.index('data-testid="map-table"') :]
    assert "<table" in table and "<caption" in table
    assert table.count('<th scope="row"') == 15
    row = re.search(r"An Biên</a></th><td>(.*?)</tr>", table)
    assert row is not None and "Cấp 3 (cam)" in row.group(1) and "60" in row.group(1)


def test_the_map_by_an_indicator_per_100000_residents(committee_client, compiled, an_bien):
    body = text(committee_client.get(LEVELS, {"indicator": "home_quarantine"}))
    assert f'href="/wards/{an_bien.pk}/" aria-label="An Biên: 400 / 100.000"' in body
    assert "Số người cách ly tại nhà" in body
    assert 'data-testid="map-table"' in body
    # an unknown indicator falls back to the levels, never an error
    assert committee_client.get(LEVELS, {"indicator": "nope"}).status_code == 200


def test_a_ward_added_later_without_a_place_in_the_layout_still_appears(committee_client, compiled, le_chan, today):
    WardFactory(district=le_chan, name="Phường Mới", code="phuong-moi", active_from=today, population=5000)
    assert "phuong-moi" not in MAP_LAYOUT
    body = text(committee_client.get(LEVELS))
    assert body.count('data-testid="map-tile"') == 16
    tile = re.search(r'aria-label="Phường Mới: [^"]*"[^>]*>\s*<rect x="(\d+)" y="(\d+)"', body)
    assert tile is not None and int(tile.group(2)) >= 5 * 76  # in the extra row below the district's layout
    assert "Phường Mới" in body[body.index('data-testid="map-table"') :]


def test_the_map_without_any_compiled_level_shows_every_ward_as_no_level(committee_client, le_chan):
    body = text(committee_client.get(LEVELS))
    assert body.count('data-testid="map-tile"') == 15
    assert body.count("Chưa có cấp độ") >= 15


# ---- where the level is shown --------------------------------------------------------------------


def test_the_ward_page_shows_its_level_and_its_changes_to_its_officer(
    officer_client, compiled, le_chan, an_bien, today
):
    body = text(officer_client.get(f"/wards/{an_bien.pk}/"))
    assert 'data-testid="ward-level"' in body and "Cấp 3 (cam)" in body
    assert f"từ {today:%d/%m/%Y}" in body
    assert 'data-testid="level-changes"' not in body  # one day recorded: no change yet
    summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today - 8 * DAY)  # level 1 then
    body = text(officer_client.get(f"/wards/{an_bien.pk}/"))
    changes = body[body.index('data-testid="level-changes"') :]
    assert f"{today:%d/%m/%Y}: " in changes and "Cấp 3 (cam)" in changes


def test_the_summary_and_the_dashboard_show_the_levels(committee_client, compiled):
    body = text(committee_client.get(f"/dashboard/summaries/{compiled.pk}/"))
    levels = body[body.index('data-testid="summary-levels"') :]
    assert "Cấp 3 (cam)" in levels and "Cấp 2 (vàng)" in levels
    dashboard = text(committee_client.get("/dashboard/"))
    assert 'data-testid="dashboard-map"' in dashboard and dashboard.count('data-testid="map-tile"') == 15


def test_a_district_with_too_many_wards_for_the_map_shows_the_count_per_level(
    committee_client, compiled, monkeypatch, le_chan, today, django_assert_max_num_queries
):
    monkeypatch.setattr("reports.summary.dashboard.MAP_MAX_WARDS", 10)  # Lê Chân's 15 wards are "too many"
    WardFactory(district=le_chan, name="Phường Mới", code="phuong-moi", active_from=today - 3 * DAY)  # no level
    dashboard = text(committee_client.get("/dashboard/"))
    counts = dashboard[dashboard.index('data-testid="level-counts"') :].split("</ul>", 1)[0]
    assert 'data-testid="map-tile"' not in dashboard and "16 phường" in dashboard
    found = re.findall(r"(Cấp \d \([^)]+\)|Chưa có cấp độ): <strong>(\d+)</strong>", counts)
    assert found == [("Cấp 4 (đỏ)", "0"), ("Cấp 3 (cam)", "1"), ("Cấp 2 (vàng)", "1"), ("Cấp 1 (xanh)", "13"),
                     ("Chưa có cấp độ", "1")]  # fmt: skip


def test_an_officer_sees_only_their_wards_level_on_the_summary(officer_client, compiled):
    body = text(officer_client.get(f"/dashboard/summaries/{compiled.pk}/"))
    levels = body[body.index('data-testid="summary-levels"') :]
    assert "An Biên" in levels and "Cát Dài" not in levels


# ---- the criteria page ---------------------------------------------------------------------------


def test_an_administrator_adds_criteria_and_bad_input_is_shown_next_to_the_field(admin_client_, today):
    bad = {"valid_from": (today - DAY).strftime("%d/%m/%Y"), "indicator": "confirmed_cases", "days": "7",
           "per_residents": "100.000", "level_2_from": "30", "level_3_from": "20", "level_4_from": "150"}  # fmt: skip
    response = admin_client_.post(CRITERIA, bad)
    assert response.status_code == 400
    body = text(response)
    assert "past days keep the level" in body or "giữ nguyên cấp độ" in body
    assert LevelCriteria.objects.count() == 1
    good = {**bad, "valid_from": (today + DAY).strftime("%d/%m/%Y"), "level_2_from": "12,5", "level_3_from": "40"}
    response = admin_client_.post(CRITERIA, good)
    assert response.status_code == 302
    added = LevelCriteria.objects.get(valid_from=today + DAY)
    assert (float(added.level_2_from), added.per_residents) == (12.5, 100000)
    assert "12,5" in text(admin_client_.get(CRITERIA))


def test_criteria_changes_are_audited(admin_client_, today):
    admin_client_.post(
        CRITERIA,
        {"valid_from": (today + DAY).strftime("%d/%m/%Y"), "indicator": "confirmed_cases", "days": "7",
         "per_residents": "100000", "level_2_from": "10", "level_3_from": "40", "level_4_from": "100"},
    )  # fmt: skip
    assert LogEntry.objects.filter(content_type__model="levelcriteria").exists()


# ---- query counts ---------------------------------------------------------------------------------


def test_the_levels_page_runs_the_same_queries_whatever_the_number_of_wards(
    committee_client, compiled, le_chan, today, django_assert_max_num_queries
):
    def count(indicator):
        with CaptureQueriesContext(connection) as ctx:
            assert committee_client.get(LEVELS, {"indicator": indicator}).status_code == 200
        return len(ctx.captured_queries)

    count("")  # the first request warms the session and the content types
    small = (count(""), count("home_quarantine"))
    WardFactory.create_batch(40, district=le_chan, population=1000, active_from=today - 30 * DAY)
    summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    large = (count(""), count("home_quarantine"))
    assert small == large
    with django_assert_max_num_queries(12):
        committee_client.get(LEVELS)


def pdf_text(content: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def test_the_pdf_lists_the_levels_in_words(committee_client, compiled, today):
    response = committee_client.get(f"/dashboard/summaries/{compiled.pk}/export.pdf")
    assert response.status_code == 200
    body = pdf_text(response.content)
    assert f"Cấp độ dịch ngày {today:%d/%m/%Y}" in body
    assert "An Biên Cấp 3 (cam) 60" in body and "Cát Dài Cấp 2 (vàng) 20" in body


def test_an_officers_pdf_has_their_wards_level_only(officer_client, compiled):
    own = pdf_text(officer_client.get(f"/dashboard/summaries/{compiled.pk}/export.pdf").content)
    assert "An Biên Cấp 3 (cam) 60" in own and "Cát Dài" not in own, own


# ---- the Django admin ------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), [("client", 302), ("officer_client", 302), ("committee_client", 302)])
def test_only_administrators_reach_the_levels_in_the_django_admin(request, persona, status):
    client = request.getfixturevalue(persona)
    for path in ("/admin/summaries/levelcriteria/", "/admin/summaries/wardlevel/"):
        assert client.get(path).status_code == status


def test_the_django_admin_shows_levels_read_only_and_deletes_only_an_upcoming_set(admin_client_, compiled, today):
    assert admin_client_.get("/admin/summaries/wardlevel/").status_code == 200
    in_force = LevelCriteria.objects.get()
    assert admin_client_.get(f"/admin/summaries/levelcriteria/{in_force.pk}/delete/").status_code == 403
    upcoming = LevelCriteria.objects.create(valid_from=today + DAY, level_2_from=1, level_3_from=2, level_4_from=3)
    assert (
        admin_client_.post(f"/admin/summaries/levelcriteria/{upcoming.pk}/delete/", {"post": "yes"}).status_code == 302
    )
    assert not LevelCriteria.objects.filter(pk=upcoming.pk).exists()
    assert admin_client_.get("/admin/summaries/levelcriteria/add/").status_code == 403


def test_the_criteria_are_told_in_words_with_the_indicators_name(committee_client, le_chan):
    body = text(committee_client.get(LEVELS))
    criteria = body[body.index('data-testid="criteria-in-force"') :]
    assert "Từ 22/01/2020: Ca mắc được xác định cộng dồn 7 ngày trên 100.000 dân." in criteria
    assert "confirmed_cases" not in criteria
