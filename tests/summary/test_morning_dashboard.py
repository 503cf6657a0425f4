"""The committee's morning (issue 14 #1, #5): before today's daily deadline the dashboard leads with
the last closed day, today's figures are "so far: 7/15 wards" and never compared, a ward whose
deadline has not passed is pending (chờ hạn), not missing; the cards show whole names; week on week."""

import datetime
import re

import pytest
from django.core.cache import cache

from reports.choices import ReportKind
from reports.models import ReportDeadline
from reports.selectors import indicators_for_kind
from reports.summary import cache as dashboard_cache
from reports.summary import dashboard, selectors
from reports.summary.services import summary_compile
from tests.factories import WardFactory, at, bulk_daily, daily

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    cache.clear()
    yield
    cache.clear()


def text_of(html: str, name: str) -> str:
    """The text inside the element with ``data-testid=name`` (tags stripped, spaces collapsed)."""
    body = html.split(f'data-testid="{name}"', 1)[1].split(">", 1)[1]
    depth, out = 0, []
    for token in re.split(r"(<[^>]+>)", body):
        if token.startswith("</"):
            if depth == 0:
                break
            depth -= 1
        elif token.startswith("<"):
            depth += 0 if token.endswith("/>") else 1
        else:
            out.append(token)
    return " ".join("".join(out).split())


@pytest.fixture
def morning(le_chan, all_wards, committee_member, today, clock):
    """Yesterday complete (every ward, 3 confirmed cases each) and compiled; at 08:30 one ward reported today."""
    yesterday = today - datetime.timedelta(days=1)
    clock(yesterday, 21)
    bulk_daily(all_wards, [yesterday], committee_member, {"confirmed_cases": 3})
    summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=yesterday)
    clock(today, 8, 30)
    daily(all_wards[0], today, {"confirmed_cases": 2}, committee_member)
    summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    return all_wards


def test_day_state_turns_at_the_deadline(today):
    before = selectors.daily_day_state(now=at(today, 15, 59))
    assert before.closed_day == today - datetime.timedelta(days=1) and before.today_open
    after = selectors.daily_day_state(now=at(today, 16, 0))
    assert after.closed_day == today and not after.today_open
    assert selectors.shown_status("missing", open_period=True) == "pending"
    assert selectors.shown_status("missing", open_period=False) == "missing"
    assert selectors.shown_status("on_time", open_period=True) == "on_time"


def test_day_state_follows_the_administrators_deadline(le_chan, today, clock):
    ReportDeadline.objects.update_or_create(
        kind=ReportKind.DAILY, defaults={"days_after_period_end": 0, "time": datetime.time(10, 0)}
    )
    clock(today, 10, 30)
    district = selectors.dashboard_district(today=today)
    state = selectors.district_day_state(district, now=at(today, 10, 30))
    assert state.closed_day == today
    assert selectors.day_state().closed_day == today
    clock(today, 9, 30)
    assert selectors.day_state().closed_day == today - datetime.timedelta(days=1)


def test_before_the_deadline_the_dashboard_leads_with_the_closed_day(committee_client, morning, today):
    html = committee_client.get(DASHBOARD).content.decode()
    assert "16/03/2020" in text_of(html, "closed-day")
    assert text_of(html, "kpi-confirmed_cases") == "45"  # yesterday's 15 × 3, not today's partial 2
    so_far = text_of(html, "so-far-confirmed_cases")
    assert "đến giờ: 1/15 phường" in so_far and so_far.endswith("2")
    # Today is never compared with complete days: no "1 ngày: −43".
    assert "−43" not in html and "-43" not in html
    assert "14 chờ hạn" in text_of(html, "live-pending")
    assert 'data-testid="live-missing"' not in html
    assert text_of(html, "kpi-completeness") == "1/15"


def test_a_ward_whose_deadline_has_not_passed_is_pending_in_the_grid(committee_client, morning, today):
    html = committee_client.get(DASHBOARD, {"end": "17/03/2020"}).content.decode()
    assert html.count('data-state="pending"') == 14
    assert 'data-state="missing"' not in html
    assert "Chờ hạn" in html  # the legend says it in words, not by colour only


def test_after_the_deadline_missing_wards_are_missing(committee_client, morning, le_chan, today, clock):
    clock(today, 16, 30)
    summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    html = committee_client.get(DASHBOARD).content.decode()
    assert "17/03/2020" in text_of(html, "closed-day")
    assert text_of(html, "kpi-confirmed_cases") == "2"
    assert 'data-testid="so-far-confirmed_cases"' not in html
    assert text_of(html, "live-missing").startswith("14 ")
    assert html.count('data-state="missing"') == 14 and 'data-state="pending"' not in html


def test_cards_show_the_whole_indicator_name(committee_client, morning, catalogue):
    html = committee_client.get(DASHBOARD).content.decode()
    for code in ("home_quarantine", "central_quarantine"):
        assert text_of(html, f"kpi-name-{code}") == str(catalogue[code].name)
        card = html.split(f'data-testid="kpi-name-{code}"', 1)[0].rsplit("<div", 1)[1]
        assert "text-truncate" not in card
    assert text_of(html, "kpi-name-home_quarantine") != text_of(html, "kpi-name-central_quarantine")


def test_week_on_week_change(le_chan, all_wards, committee_member, today, clock):
    """The 7 days up to the closed day against the 7 before: 1 a day then 2 a day → +7 (+100 %)."""
    for k in range(15):
        day = today - datetime.timedelta(days=k)
        daily(all_wards[0], day, {"confirmed_cases": 2 if k < 7 else 1}, committee_member)
        summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=day)
    clock(today, 21)
    state = selectors.daily_day_state(now=at(today, 21))
    indicators = selectors.key_indicators(indicators_for_kind(ReportKind.DAILY))
    cards = {
        c["indicator"].code: c
        for c in selectors.kpi_cards(district=le_chan, state=state, indicators=indicators)["cards"]
    }
    card = cards["confirmed_cases"]
    assert (card["week"], card["previous_week"], card["change_week"], card["change_week_percent"]) == (14, 7, 7, 100.0)
    # Before the deadline the week ends on the closed day (yesterday): a week of 2s against 1,1,1,1,1,1,2.
    state = selectors.daily_day_state(now=at(today, 9))
    cards = {
        c["indicator"].code: c
        for c in selectors.kpi_cards(district=le_chan, state=state, indicators=indicators)["cards"]
    }
    assert (cards["confirmed_cases"]["week"], cards["confirmed_cases"]["previous_week"]) == (13, 7)
    assert cards["confirmed_cases"]["so_far"] == 2


def test_week_on_week_is_empty_when_a_day_is_not_compiled(le_chan, all_wards, committee_member, today):
    daily(all_wards[0], today, {"confirmed_cases": 2}, committee_member)
    summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    state = selectors.daily_day_state(now=at(today, 21))
    indicators = selectors.key_indicators(indicators_for_kind(ReportKind.DAILY))
    card = selectors.kpi_cards(district=le_chan, state=state, indicators=indicators)["cards"][0]
    assert card["change_week"] is None and card["change_week_percent"] is None


@pytest.mark.parametrize("hour", [9, 21])
def test_dashboard_queries_do_not_grow_with_the_wards(
    committee_client, le_chan, committee_member, today, clock, hour, django_assert_max_num_queries
):

    def load() -> None:
        assert committee_client.get("/").status_code == 200  # the session settles (a write on first use)
        cache.clear()
        with django_assert_max_num_queries(
            12
        ):  # session, user, menu, district, the dashboard's reads, the ward map's levels
            assert committee_client.get(DASHBOARD).status_code == 200
        with django_assert_max_num_queries(6):  # its summary parts cached until the next compile
            assert committee_client.get(DASHBOARD).status_code == 200

    clock(today, hour)
    load()
    WardFactory.create_batch(40, active_from=today - datetime.timedelta(days=30))
    wards = list(le_chan.wards.all())
    bulk_daily(wards, [today - datetime.timedelta(days=k) for k in range(3)], committee_member)
    for k in range(3):
        summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today - datetime.timedelta(days=k))
    load()


def test_the_comparison_counts_a_ward_not_yet_due_as_pending(morning, le_chan, today):
    state = selectors.daily_day_state(now=at(today, 8, 30))
    rows = selectors.ward_comparison(
        district=le_chan, start=today - datetime.timedelta(days=1), end=today, indicators=[], sort="completeness",
        open_from=state.closed_day + datetime.timedelta(days=1),
    )  # fmt: skip
    by_ward = {r["ward_id"]: r for r in rows}
    reported, waiting = by_ward[morning[0].pk], by_ward[morning[1].pk]
    assert (reported["days"], reported["submitted"], reported["missing"], reported["pending"]) == (2, 2, 0, 0)
    assert (waiting["days"], waiting["submitted"], waiting["missing"], waiting["pending"]) == (1, 1, 0, 1)
    assert waiting["rate"] == 100.0
    rows = selectors.ward_comparison(
        district=le_chan, start=today - datetime.timedelta(days=1), end=today, indicators=[], sort="completeness"
    )
    assert {r["ward_id"]: r for r in rows}[morning[1].pk]["missing"] == 1  # after the deadline: missing


def test_the_comparison_leaves_the_open_days_values_out(morning, le_chan, today):
    """A range ending today, before the deadline: the ward's figures are yesterday's alone (3), not 3 + today's
    partial 2; after the deadline today counts like any closed day."""
    cases = [i for i in indicators_for_kind(ReportKind.DAILY) if i.code == "confirmed_cases"]
    state = selectors.daily_day_state(now=at(today, 8, 30))
    rows = selectors.ward_comparison(
        district=le_chan, start=today - datetime.timedelta(days=1), end=today, indicators=cases,
        open_from=state.closed_day + datetime.timedelta(days=1),
    )  # fmt: skip
    assert {r["ward_id"]: r["values"] for r in rows}[morning[0].pk] == [3]
    rows = selectors.ward_comparison(
        district=le_chan, start=today, end=today, indicators=cases, open_from=today
    )  # only the open day: nothing to show yet
    assert {r["ward_id"]: r["values"] for r in rows}[morning[0].pk] == [None]
    rows = selectors.ward_comparison(
        district=le_chan, start=today - datetime.timedelta(days=1), end=today, indicators=cases
    )  # after the deadline
    assert {r["ward_id"]: r["values"] for r in rows}[morning[0].pk] == [5]


def test_the_dashboard_range_ending_today_shows_closed_days_figures(
    committee_client, morning, today, clock
):  # before the deadline, an explicit range to today: the ward table's figures are yesterday's
    clock(today, 8, 30)
    yesterday = today - datetime.timedelta(days=1)
    html = committee_client.get(
        f"{DASHBOARD}?start={yesterday:%Y-%m-%d}&end={today:%Y-%m-%d}&q={morning[0].name}"
    ).content.decode()
    row = html.split('data-testid="ward-table"', 1)[1].split(f">{morning[0].name}</a>", 1)[1].split("</tr>", 1)[0]
    cells = [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[0].startswith("2/2") and cells[3] == "3"  # confirmed cases: yesterday's 3, not 3 + today's 2
    assert f"Số liệu đến hết ngày {yesterday:%d/%m/%Y}" in text_of(html, "ward-table-open")


def test_the_first_load_after_a_compile_reads_what_the_compile_rendered(
    committee_client, le_chan, all_wards, committee_member, today, clock, django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):  # fmt: skip
    clock(today, 21)
    assert committee_client.get("/").status_code == 200  # the session settles
    daily(all_wards[0], today, {"confirmed_cases": 5}, committee_member)
    with django_capture_on_commit_callbacks(execute=True):
        summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    # The figures are a cache hit (the compile rendered them); today's live part and the page remain.
    with django_assert_max_num_queries(7):  # a miss reads the indicators, comparison, grid, cards too
        html = committee_client.get(DASHBOARD).content.decode()
    assert text_of(html, "kpi-confirmed_cases") == "5"
    committee_client.cookies["django_language"] = "en"
    html = committee_client.get(DASHBOARD).content.decode()
    assert "Day 17/03/2020, deadline passed" in text_of(html, "closed-day")


def test_a_compile_of_an_old_period_renders_nothing_ahead(le_chan, today, clock):
    clock(today, 21)
    assert not dashboard.warm(
        district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today - datetime.timedelta(days=40)
    )
    assert not dashboard.warm(district_id=le_chan.pk, kind=ReportKind.WEEKLY, period_start=today)
    assert dashboard.warm(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)


def test_a_compile_leaves_the_live_part_cached_and_a_submission_does_not(
    committee_client, le_chan, all_wards, committee_member, today, clock, django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):  # fmt: skip
    clock(today, 21)
    assert committee_client.get(DASHBOARD).status_code == 200  # the session settles, both parts cached
    live = dashboard_cache.generation(dashboard_cache.LIVE_GENERATION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    assert dashboard_cache.generation(dashboard_cache.LIVE_GENERATION_KEY) == live
    with django_assert_max_num_queries(5):  # session, user, district, menu: both parts from the cache
        assert committee_client.get(DASHBOARD).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        dashboard_cache.bump_generation()  # what a report change does
    assert dashboard_cache.generation(dashboard_cache.LIVE_GENERATION_KEY) == live + 1
