"""The summary pages before the deadline (issue 14 #1): today's summary says "so far: 1/15 wards",
its silent wards are awaiting the deadline (chờ hạn), not missing; after the deadline they are missing."""

import datetime
import io

import pytest

from reports.choices import ReportKind
from reports.summary import selectors
from reports.summary.services import summary_compile
from tests.factories import at, daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    yield


@pytest.fixture
def today_summary(le_chan, all_wards, committee_member, today, clock):
    clock(today, 8, 30)
    daily(all_wards[0], today, {"confirmed_cases": 2}, committee_member)
    return summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)


def test_period_open_until_the_deadline(today):
    assert selectors.period_open_until(ReportKind.DAILY, today, now=at(today, 15, 59)) == at(today, 16)
    assert selectors.period_open_until(ReportKind.DAILY, today, now=at(today, 16)) is None
    # The week of 16/03/2020 is due on Monday 23/03 at 10:00.
    monday = today - datetime.timedelta(days=1)
    assert selectors.period_open_until(ReportKind.WEEKLY, monday, now=at(today, 21)) is not None


def test_before_the_deadline_the_summary_is_so_far_and_wards_are_pending(committee_client, today_summary):
    html = committee_client.get(f"/dashboard/summaries/{today_summary.pk}/").content.decode()
    assert 'data-testid="so-far-notice"' in html and "đến giờ: 1/15 phường" in html
    assert html.count('data-state="pending"') == 14 and 'data-state="missing"' not in html
    assert "Chờ hạn:" in html
    listing = committee_client.get("/dashboard/summaries/").content.decode()
    assert listing.count('data-testid="so-far-badge"') == 1


def test_an_officer_sees_their_ward_pending(client, officer_cat_dai, today_summary):
    client.force_login(officer_cat_dai)
    html = client.get(f"/dashboard/summaries/{today_summary.pk}/").content.decode()
    assert "Chờ hạn" in html.split('data-testid="ward-status"', 1)[1].split("</p>", 1)[0]


def test_after_the_deadline_they_are_missing(committee_client, today_summary, le_chan, today, clock):
    clock(today, 16, 5)
    html = committee_client.get(f"/dashboard/summaries/{today_summary.pk}/").content.decode()
    assert 'data-testid="so-far-notice"' not in html
    assert html.count('data-state="missing"') == 14 and 'data-state="pending"' not in html
    assert 'data-testid="so-far-badge"' not in committee_client.get("/dashboard/summaries/").content.decode()


def test_the_dashboard_links_the_closed_days_summary(
    committee_client, le_chan, all_wards, committee_member, today, clock
):
    yesterday = today - datetime.timedelta(days=1)
    daily(all_wards[0], yesterday, {"confirmed_cases": 1}, committee_member)
    closed = summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=yesterday)
    clock(today, 9)
    html = committee_client.get("/dashboard/").content.decode()
    assert f'href="/dashboard/summaries/{closed.pk}/" data-testid="closed-day-summary"' in html


def test_the_closed_days_export_before_and_after_the_deadline(
    committee_client, today_summary, le_chan, all_wards, committee_member, today, clock
):
    assert committee_client.get("/dashboard/summaries/closed-day/export.pdf").status_code == 404  # not compiled
    yesterday = today - datetime.timedelta(days=1)
    daily(all_wards[0], yesterday, {"confirmed_cases": 1}, committee_member)
    closed = summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=yesterday)
    clock(today, 9)
    response = committee_client.get("/dashboard/summaries/closed-day/export.csv")
    assert response.status_code == 302 and response.url == f"/dashboard/summaries/{closed.pk}/export.csv"
    clock(today, 16, 30)
    committee_client.force_login(committee_member)  # a new session: the morning one has been idle too long
    response = committee_client.get("/dashboard/summaries/closed-day/export.pdf")
    assert response.url == f"/dashboard/summaries/{today_summary.pk}/export.pdf"
    assert committee_client.get("/dashboard/summaries/closed-day/export.doc").status_code == 404


def test_an_officer_gets_the_closed_day_of_their_own_ward(
    client, officer_an_bien, today_summary, an_bien, clock, today
):
    clock(today, 16, 30)
    client.force_login(officer_an_bien)
    response = client.get("/dashboard/summaries/closed-day/export.csv", {"ward": an_bien.pk})
    assert response.url == f"/dashboard/summaries/{today_summary.pk}/export.csv?ward={an_bien.pk}"
    assert client.get(response.url).status_code == 200
    other = client.get("/dashboard/summaries/closed-day/export.csv", {"ward": an_bien.pk + 1})
    assert other.status_code == 302 and client.get(other.url).status_code == 404  # never another ward
    anonymous = client.__class__()
    assert anonymous.get("/dashboard/summaries/closed-day/export.csv").status_code == 302  # to the login


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader  # noqa: PLC0415 - only these tests read PDFs back

    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_before_the_deadline_the_exports_say_awaiting_not_missing(
    committee_client, committee_member, today_summary, today, clock
):
    base = f"/dashboard/summaries/{today_summary.pk}/export"
    csv_text = committee_client.get(f"{base}.csv").content.decode("utf-8-sig")
    assert csv_text.count("Chờ hạn") == 14 and "Thiếu" not in csv_text
    text = _pdf_text(committee_client.get(f"{base}.pdf").content)
    assert "Đến giờ, trước hạn 16:00 17/03/2020: 1/15 phường đã gửi; 14 phường chờ hạn." in text
    assert "Các phường chờ hạn:" in text and "Các phường chưa báo cáo" not in text
    # After the deadline the same summary's wards without a report are missing.
    clock(today, 16, 5)
    committee_client.force_login(committee_member)  # the morning's session has idled out by now
    response = committee_client.get(f"{base}.csv")
    assert response.status_code == 200, response.status_code
    csv_text = response.content.decode("utf-8-sig")
    assert "Chờ hạn" not in csv_text and csv_text.count("Thiếu") == 14
    assert "Chờ hạn" not in _pdf_text(committee_client.get(f"{base}.pdf").content)
