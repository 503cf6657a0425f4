"""Compiling a district summary: totals, per-ward lines, completeness, urgent list, idempotence."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from reports import services
from reports.choices import ReportKind, ReportStatus, Severity
from reports.models import Report
from reports.selectors import completeness
from reports.summary.models import DistrictSummary, DistrictSummaryWard
from reports.summary.services import summary_compile
from tests.factories import WardFactory, add_reports, at, bulk_daily, daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    yield


def compile_day(district, day, kind=ReportKind.DAILY):
    return summary_compile(district_id=district.pk, kind=kind, period_start=day)


def ward_rows(summary):
    return {r.ward.code: (r.status, r.values) for r in summary.ward_rows.select_related("ward")}


def test_totals_are_the_sum_of_the_ward_values(le_chan, all_wards, committee_member, today):
    an_bien, an_duong, cat_dai = all_wards[0], all_wards[1], all_wards[2]
    daily(an_bien, today, {"home_quarantine": 12, "confirmed_cases": 1, "samples_tested": 8}, committee_member)
    daily(an_duong, today, {"home_quarantine": 30, "confirmed_cases": 0, "masks_given": 500}, committee_member)
    daily(cat_dai, today, {"home_quarantine": 7, "samples_tested": 4}, committee_member, late=True)
    # A draft and another day's report are not counted.
    daily(all_wards[3], today, {"home_quarantine": 1000}, committee_member, status=ReportStatus.DRAFT)
    daily(an_bien, today - datetime.timedelta(days=1), {"home_quarantine": 999}, committee_member)

    summary = compile_day(le_chan, today)

    assert summary.totals == {"home_quarantine": 49, "confirmed_cases": 1, "samples_tested": 12, "masks_given": 500}
    rows = ward_rows(summary)
    assert rows["an-bien"] == ("on_time", {"home_quarantine": 12, "confirmed_cases": 1, "samples_tested": 8})
    assert rows["an-duong"] == ("on_time", {"home_quarantine": 30, "confirmed_cases": 0, "masks_given": 500})
    assert rows["cat-dai"] == ("late", {"home_quarantine": 7, "samples_tested": 4})
    assert rows["du-hang"] == ("missing", {})
    assert len(rows) == 15
    # Totals equal the sum of the stored ward lines, indicator by indicator.
    for code, total in summary.totals.items():
        assert total == sum(values.get(code, 0) for _s, values in rows.values())
    assert (summary.expected, summary.submitted, summary.on_time, summary.late) == (15, 3, 2, 1)
    assert summary.completeness_rate == 20.0
    assert summary.timeliness_rate == 13.3
    assert [w["name"] for w in summary.late_wards] == ["Cát Dài"]
    assert len(summary.missing_wards) == 12
    assert "Dư Hàng" in [w["name"] for w in summary.missing_wards]
    assert summary.period_end == today


def test_completeness_matches_the_reports_apps_own_count(le_chan, all_wards, committee_member, today):
    daily(all_wards[0], today, {"confirmed_cases": 1}, committee_member)
    daily(all_wards[1], today, {"confirmed_cases": 1}, committee_member, late=True)
    daily(all_wards[2], today, {}, committee_member, status=ReportStatus.DRAFT)
    WardFactory(district=le_chan, active_from=today + datetime.timedelta(days=1))
    summary = compile_day(le_chan, today)
    reference = completeness(ReportKind.DAILY, today, le_chan)
    assert (summary.expected, summary.submitted, summary.on_time, summary.late) == (
        reference["expected"], reference["submitted"], reference["on_time"], reference["late"],
    )  # fmt: skip


def test_decimal_values_are_summed_exactly(le_chan, all_wards, committee_member, catalogue, today):
    catalogue["masks_given"].value_type = "decimal"
    catalogue["masks_given"].save()
    daily(all_wards[0], today, {"masks_given": "0.10"}, committee_member)
    daily(all_wards[1], today, {"masks_given": "0.20"}, committee_member)
    assert compile_day(le_chan, today).totals == {"masks_given": 0.3}


def test_compiling_twice_leaves_one_row_with_the_same_figures(le_chan, all_wards, committee_member, today):
    bulk_daily(all_wards[:5], [today], committee_member, {"home_quarantine": 3, "masks_given": 10})
    first = compile_day(le_chan, today)
    first_lines = sorted(DistrictSummaryWard.objects.values_list("pk", "ward_id", "status", "values"))
    second = compile_day(le_chan, today)
    assert DistrictSummary.objects.count() == 1
    assert second.pk == first.pk
    second.refresh_from_db()
    fields = ("totals", "expected", "submitted", "on_time", "late", "missing_wards", "late_wards", "urgent")
    assert {f: getattr(second, f) for f in fields} == {f: getattr(first, f) for f in fields}
    assert sorted(DistrictSummaryWard.objects.values_list("pk", "ward_id", "status", "values")) == first_lines


def test_recompile_after_a_late_report_changes_the_figures(le_chan, all_wards, committee_member, today):
    daily(all_wards[0], today, {"confirmed_cases": 2}, committee_member)
    before = compile_day(le_chan, today)
    assert (before.totals, before.submitted, before.late) == ({"confirmed_cases": 2}, 1, 0)
    daily(all_wards[1], today, {"confirmed_cases": 3}, committee_member, late=True)
    after = compile_day(le_chan, today)
    assert after.pk == before.pk
    assert (after.totals, after.submitted, after.late) == ({"confirmed_cases": 5}, 2, 1)
    assert ward_rows(after)["an-duong"] == ("late", {"confirmed_cases": 3})


def test_a_returned_report_still_counts_as_sent(le_chan, all_wards, committee_member, today):
    daily(all_wards[0], today, {"confirmed_cases": 2}, committee_member, status=ReportStatus.RETURNED)
    summary = compile_day(le_chan, today)
    assert (summary.submitted, summary.totals) == (1, {"confirmed_cases": 2})


@pytest.mark.parametrize(
    ("active_from", "active_until", "expected"),
    [
        (datetime.date(2020, 3, 17), None, True),  # starts on the day
        (datetime.date(2020, 3, 18), None, False),  # starts the next day
        (datetime.date(2020, 1, 1), datetime.date(2020, 3, 17), True),  # ends on the day
        (datetime.date(2020, 1, 1), datetime.date(2020, 3, 16), False),  # ended the day before
    ],
)
def test_expected_wards_at_the_activity_boundaries(
    le_chan, committee_member, today, active_from, active_until, expected
):
    ward = WardFactory(district=le_chan, active_from=active_from, active_until=active_until, name="Phường Mới")
    summary = compile_day(le_chan, today)
    assert summary.expected == 15 + expected
    assert ("Phường Mới" in [w["name"] for w in summary.missing_wards]) is expected
    assert summary.ward_rows.filter(ward=ward).exists() is expected


def test_a_ward_that_stopped_reporting_leaves_the_summary_on_recompile(le_chan, all_wards, today):
    compile_day(le_chan, today)
    ward = all_wards[0]
    ward.active_until = today - datetime.timedelta(days=1)
    ward.save()
    summary = compile_day(le_chan, today)
    assert summary.expected == 14
    assert not summary.ward_rows.filter(ward=ward).exists()


def test_report_submitted_at_the_deadline_is_on_time_and_a_second_later_is_late(
    le_chan, officer_an_bien, officer_cat_dai, today, clock
):
    on_time = services.report_create(
        user=officer_an_bien, ward=officer_an_bien.ward, kind=ReportKind.DAILY, period_start=today,
        values={"confirmed_cases": 1},
    )  # fmt: skip
    late = services.report_create(
        user=officer_cat_dai, ward=officer_cat_dai.ward, kind=ReportKind.DAILY, period_start=today,
        values={"confirmed_cases": 2},
    )  # fmt: skip
    clock(today, 16, 0, 0)
    services.report_submit(report=on_time, user=officer_an_bien)
    clock(today, 16, 0, 1)
    services.report_submit(report=late, user=officer_cat_dai)
    summary = compile_day(le_chan, today)
    rows = ward_rows(summary)
    assert rows["an-bien"][0] == "on_time"
    assert rows["cat-dai"][0] == "late"
    assert (summary.on_time, summary.late, summary.timeliness_rate) == (1, 1, round(100 / 15, 1))


def test_weekly_summary_covers_monday_to_sunday_from_weekly_reports(le_chan, all_wards, committee_member, today):
    monday = today - datetime.timedelta(days=today.weekday())
    add_reports(
        [(all_wards[0], monday, {"masks_given": 700}, ReportStatus.SUBMITTED, False)],
        committee_member,
        ReportKind.WEEKLY,
    )
    daily(all_wards[1], today, {"masks_given": 5}, committee_member)  # a daily report is not in the weekly summary
    summary = compile_day(le_chan, today + datetime.timedelta(days=2), ReportKind.WEEKLY)
    assert (summary.period_start, summary.period_end) == (monday, monday + datetime.timedelta(days=6))
    assert summary.totals == {"masks_given": 700}
    assert summary.submitted == 1


def test_urgent_reports_of_the_period_are_listed_with_their_acknowledgement(
    le_chan, an_bien, committee_member, officer_an_bien, today
):
    def urgent(title, sent_at, acknowledged=False, status=ReportStatus.SUBMITTED):
        return Report.objects.create(
            ward=an_bien, kind=ReportKind.URGENT, status=status, title=title, severity=Severity.SERIOUS,
            occurred_at=sent_at, description="…", created_by=officer_an_bien, submitted_at=sent_at,
            acknowledged_at=sent_at if acknowledged else None, acknowledged_by=committee_member if acknowledged else None,
        )  # fmt: skip

    urgent("Ca nghi nhiễm tại chợ Cát Dài", at(today, 0, 0))
    urgent("Tụ tập đông người", at(today, 23, 59), acknowledged=True)
    urgent("Hôm qua", at(today, 0, 0) - datetime.timedelta(seconds=1))
    urgent("Nháp", at(today, 10), status=ReportStatus.DRAFT)
    summary = compile_day(le_chan, today)
    assert [(u["title"], u["acknowledged_at"] is not None) for u in summary.urgent] == [
        ("Ca nghi nhiễm tại chợ Cát Dài", False),
        ("Tụ tập đông người", True),
    ]
    assert summary.urgent[1]["acknowledged_by_name"] == committee_member.username
    assert summary.urgent[0]["ward_name"] == "An Biên"


def test_inspection_and_supply_figures_are_included(le_chan, today):
    summary = compile_day(le_chan, today)
    assert summary.inspections["inspections"] == 0
    assert summary.supplies == []


def test_failing_inspection_figures_do_not_stop_the_compile(le_chan, all_wards, committee_member, today):
    daily(all_wards[0], today, {"confirmed_cases": 2}, committee_member)
    with mock.patch("reports.summary.services.inspection_totals", side_effect=DatabaseError("app in flux")):
        summary = compile_day(le_chan, today)
    assert summary.inspections == {}
    assert summary.totals == {"confirmed_cases": 2}


def test_unknown_kind_and_district_are_refused(le_chan, today):
    with pytest.raises(ValidationError):
        summary_compile(district_id=le_chan.pk, kind=ReportKind.URGENT, period_start=today)
    with pytest.raises(ValidationError):
        summary_compile(district_id=le_chan.pk + 999, kind=ReportKind.DAILY, period_start=today)


def test_compile_runs_the_same_number_of_queries_whatever_the_number_of_wards(le_chan, committee_member, today):
    def queries_for(extra_wards):
        extra = WardFactory.create_batch(extra_wards, district=le_chan)
        bulk_daily(extra, [today], committee_member, {"home_quarantine": 3, "masks_given": 10})
        DistrictSummary.objects.all().delete()  # both measure a first compile
        with CaptureQueriesContext(connection) as ctx:
            compile_day(le_chan, today)
        return [q["sql"] for q in ctx.captured_queries]

    small, large = queries_for(3), queries_for(60)
    assert len(small) == len(large)
    # The wards, their reports and the values are read by ONE aggregate query (GROUP BY ward, indicator).
    # (The epidemic levels' query, which sums one indicator over the week, is not that read.)
    figures = [q for q in large if '"reports_reportvalue"' in q and '"summaries_wardlevel"' not in q]
    assert len(figures) == 1
    assert len([q for q in figures if "GROUP BY" in q]) == 1
