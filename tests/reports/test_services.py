"""Workflow, validation, deadlines, completeness, outliers and history, through the services."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from reports import services
from reports.choices import ChangeAction, ReportKind, ReportStatus, Severity
from reports.models import Report, ReportChange, ReportDeadline, ReportReview
from reports.periods import period_deadline
from reports.selectors import completeness, daily_completeness, missing_wards, ward_calendar
from tests.factories import DAILY_VALUES, WardFactory, at, bulk_daily, draft_daily, submitted_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    with translation.override("en"):  # messages are asserted in English (the msgids)
        yield


# ---- creating and values ---------------------------------------------------------------------


def test_officer_creates_draft_with_values_read_back_by_code(officer_an_bien, today):
    report = draft_daily(officer_an_bien, today, {"home_quarantine": 12, "confirmed_cases": 0, "samples_tested": 3})
    assert report.status == ReportStatus.DRAFT
    assert report.period_end == today
    stored = dict(report.values.values_list("indicator__code", "value"))
    assert stored == {"home_quarantine": Decimal(12), "confirmed_cases": Decimal(0), "samples_tested": Decimal(3)}


def test_zero_is_stored_and_blank_is_not_reported(officer_an_bien, today):
    report = draft_daily(officer_an_bien, today, {"confirmed_cases": 0, "suspected_cases": "", "masks_given": None})
    assert dict(report.values.values_list("indicator__code", "value")) == {"confirmed_cases": Decimal(0)}


@pytest.mark.parametrize(
    ("values", "code", "fragment"),
    [
        ({"home_quarantine": -1}, "home_quarantine", "negative"),
        ({"home_quarantine": 20001}, "home_quarantine", "exceed"),
        ({"home_quarantine": "mười hai"}, "home_quarantine", "number"),
        ({"home_quarantine": "1.5"}, "home_quarantine", "whole"),
        ({"home_quarantine": "NaN"}, "home_quarantine", "number"),
        ({"home_quarantine": True}, "home_quarantine", "number"),
        ({"confirmed_cases": 5, "samples_tested": 3}, "confirmed_cases", "must not exceed"),
        ({"violations_found": 4, "establishments_inspected": 2}, "violations_found", "must not exceed"),
        ({"no_such_indicator": 1}, "no_such_indicator", "not part"),
        ({"workers_affected": 3}, "workers_affected", "not part"),  # weekly/monthly only
    ],
)
def test_bad_values_are_refused_per_field_and_nothing_is_saved(officer_an_bien, today, values, code, fragment):
    with pytest.raises(ValidationError) as exc:
        draft_daily(officer_an_bien, today, values)
    assert code in exc.value.message_dict
    assert fragment in " ".join(exc.value.message_dict[code]).lower()
    assert not Report.objects.exists()


def test_cross_indicator_rule_sees_stored_values_on_partial_update(officer_an_bien, today):
    report = draft_daily(officer_an_bien, today, {"samples_tested": 3, "confirmed_cases": 1})
    with pytest.raises(ValidationError) as exc:
        services.report_update(
            report=report, user=officer_an_bien, version=report.version, values={"confirmed_cases": 4}
        )
    assert "confirmed_cases" in exc.value.message_dict
    assert report.values.get(indicator__code="confirmed_cases").value == 1


def test_period_in_the_future_is_refused(officer_an_bien, today):
    with pytest.raises(ValidationError) as exc:
        draft_daily(officer_an_bien, today + datetime.timedelta(days=1))
    assert "future" in exc.value.message_dict["period_start"][0]


def test_weekly_period_must_start_on_monday(officer_an_bien, today):
    with pytest.raises(ValidationError) as exc:
        services.report_create(user=officer_an_bien, ward=officer_an_bien.ward, kind="weekly", period_start=today)
    assert "Monday" in exc.value.message_dict["period_start"][0]
    monday = today - datetime.timedelta(days=today.weekday())
    report = services.report_create(user=officer_an_bien, ward=officer_an_bien.ward, kind="weekly", period_start=monday)
    assert report.period_end == monday + datetime.timedelta(days=6)


def test_second_report_for_same_ward_and_period_is_refused(officer_an_bien, today):
    draft_daily(officer_an_bien, today)
    with pytest.raises(ValidationError) as exc:
        draft_daily(officer_an_bien, today)
    assert "already has a report" in exc.value.message_dict["period_start"][0]
    assert Report.objects.count() == 1


def test_officer_cannot_create_report_for_another_ward(officer_an_bien, cat_dai, today):
    with pytest.raises(PermissionDenied):
        services.report_create(user=officer_an_bien, ward=cat_dai, kind="daily", period_start=today, values={})


def test_committee_cannot_create_reports(committee_member, an_bien, today):
    with pytest.raises(PermissionDenied):
        services.report_create(user=committee_member, ward=an_bien, kind="daily", period_start=today)


def test_narrative_html_is_stored_as_typed(officer_an_bien, today):
    report = draft_daily(officer_an_bien, today, situation="<script>alert(1)</script>")
    assert report.situation == "<script>alert(1)</script>"  # escaping happens on output


# ---- workflow by role ------------------------------------------------------------------------


def test_officer_submits_own_ward_report(officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == officer_an_bien
    assert report.is_late is False


def test_officer_of_another_ward_cannot_submit(officer_an_bien, officer_cat_dai, today):
    report = draft_daily(officer_an_bien, today)
    with pytest.raises(PermissionDenied):
        services.report_submit(report=report, user=officer_cat_dai)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_committee_cannot_submit_a_ward_report(officer_an_bien, committee_member, today):
    report = draft_daily(officer_an_bien, today)
    with pytest.raises(PermissionDenied):
        services.report_submit(report=report, user=committee_member)


def test_empty_report_cannot_be_submitted(officer_an_bien, today):
    report = draft_daily(officer_an_bien, today, {})
    with pytest.raises(ValidationError) as exc:
        services.report_submit(report=report, user=officer_an_bien)
    assert "values" in exc.value.message_dict


def test_submitted_report_cannot_be_submitted_twice(officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    with pytest.raises(ValidationError):
        services.report_submit(report=report, user=officer_an_bien)


@pytest.mark.parametrize("reviewer", ["committee_member", "district_admin"])
def test_committee_and_admin_approve(officer_an_bien, today, reviewer, request):
    user = request.getfixturevalue(reviewer)
    report = submitted_daily(officer_an_bien, today)
    report = services.report_approve(report=report, user=user, comment="Tốt")
    assert report.status == ReportStatus.APPROVED
    assert ReportReview.objects.get(report=report).decision == "approved"


@pytest.mark.parametrize("action", ["report_approve", "report_return"])
def test_officer_cannot_approve_or_return(officer_an_bien, today, action):
    report = submitted_daily(officer_an_bien, today)
    with pytest.raises(PermissionDenied):
        getattr(services, action)(report=report, user=officer_an_bien, comment="x")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_draft_cannot_be_approved(officer_an_bien, committee_member, today):
    report = draft_daily(officer_an_bien, today)
    with pytest.raises(ValidationError):
        services.report_approve(report=report, user=committee_member)


def test_return_needs_a_comment(officer_an_bien, committee_member, today):
    report = submitted_daily(officer_an_bien, today)
    with pytest.raises(ValidationError) as exc:
        services.report_return(report=report, user=committee_member, comment="  ")
    assert "comment" in exc.value.message_dict


def test_return_with_field_comments_then_resubmit_then_approve(officer_an_bien, committee_member, today):
    report = submitted_daily(officer_an_bien, today)
    report = services.report_return(
        report=report, user=committee_member, comment="", field_comments={"masks_given": "Số liệu quá cao?"}
    )
    assert report.status == ReportStatus.RETURNED
    assert services.latest_return(report).field_comments == {"masks_given": "Số liệu quá cao?"}
    report = services.report_update(
        report=report, user=officer_an_bien, version=report.version, values={"masks_given": 15}
    )
    report = services.report_submit(report=report, user=officer_an_bien)
    assert report.status == ReportStatus.RESUBMITTED
    report = services.report_approve(report=report, user=committee_member)
    assert report.status == ReportStatus.APPROVED


def test_return_refuses_unknown_field(officer_an_bien, committee_member, today):
    report = submitted_daily(officer_an_bien, today)
    with pytest.raises(ValidationError):
        services.report_return(report=report, user=committee_member, field_comments={"bogus": "?"})


def test_urgent_report_is_acknowledged_once_by_committee_only(officer_an_bien, committee_member, clock, today):
    report = services.report_create(
        user=officer_an_bien, ward=officer_an_bien.ward, kind=ReportKind.URGENT, title="Ca nghi nhiễm tại chợ",
        severity=Severity.CRITICAL, occurred_at=at(today, 8), location="Chợ An Biên", description="Một người sốt cao.",
    )  # fmt: skip
    report = services.report_submit(report=report, user=officer_an_bien)
    with pytest.raises(PermissionDenied):
        services.report_acknowledge(report=report, user=officer_an_bien)
    with pytest.raises(ValidationError):
        services.report_approve(report=report, user=committee_member)
    report = services.report_acknowledge(report=report, user=committee_member)
    assert report.acknowledged_by == committee_member
    with pytest.raises(ValidationError):
        services.report_acknowledge(report=report, user=committee_member)


def test_urgent_report_needs_title_severity_time_and_description(officer_an_bien):
    report = services.report_create(user=officer_an_bien, ward=officer_an_bien.ward, kind=ReportKind.URGENT)
    with pytest.raises(ValidationError) as exc:
        services.report_submit(report=report, user=officer_an_bien)
    assert set(exc.value.message_dict) == {"title", "severity", "occurred_at", "description"}


def test_periodic_report_cannot_be_acknowledged(officer_an_bien, committee_member, today):
    report = submitted_daily(officer_an_bien, today)
    with pytest.raises(ValidationError):
        services.report_acknowledge(report=report, user=committee_member)


# ---- stale edits and history ------------------------------------------------------------------


def test_stale_edit_is_refused_and_changes_nothing(officer_an_bien, today):
    report = draft_daily(officer_an_bien, today)
    read_version = report.version
    services.report_update(report=report, user=officer_an_bien, version=read_version, values={"masks_given": 10})
    with pytest.raises(services.StaleReportError):
        services.report_update(report=report, user=officer_an_bien, version=read_version, values={"masks_given": 99})
    assert report.values.get(indicator__code="masks_given").value == 10


def test_edits_after_submission_are_kept_in_history(officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    services.report_update(
        report=report, user=officer_an_bien, version=report.version, values={"masks_given": 200, "suspected_cases": 1},
        situation="Ổn định",
    )  # fmt: skip
    edits = {c.field: (c.old_value, c.new_value) for c in ReportChange.objects.filter(action=ChangeAction.EDIT)}
    assert edits == {"masks_given": ("150", "200"), "suspected_cases": ("", "1"), "situation": ("", "Ổn định")}
    assert all(c.user == officer_an_bien for c in ReportChange.objects.filter(action=ChangeAction.EDIT))


def test_draft_edits_are_not_history(officer_an_bien, today):
    report = draft_daily(officer_an_bien, today)
    services.report_update(report=report, user=officer_an_bien, version=report.version, values={"masks_given": 1})
    assert not ReportChange.objects.filter(action=ChangeAction.EDIT).exists()


def test_edit_after_approval_sends_report_back_for_review(officer_an_bien, committee_member, today):
    report = services.report_approve(report=submitted_daily(officer_an_bien, today), user=committee_member)
    report = services.report_update(
        report=report, user=officer_an_bien, version=report.version, values={"masks_given": 1}
    )
    assert report.status == ReportStatus.RESUBMITTED
    assert ReportChange.objects.filter(action=ChangeAction.RESUBMIT, field="status").exists()


def test_unchanged_save_keeps_version(officer_an_bien, today):
    report = draft_daily(officer_an_bien, today)
    same = services.report_update(report=report, user=officer_an_bien, version=report.version, values=DAILY_VALUES)
    assert same.version == report.version


# ---- deadlines and lateness ---------------------------------------------------------------------


def test_default_deadlines():
    assert period_deadline("daily", datetime.date(2020, 3, 17)) == at(datetime.date(2020, 3, 17), 16)
    assert period_deadline("weekly", datetime.date(2020, 3, 16)) == at(datetime.date(2020, 3, 23), 10)
    assert period_deadline("monthly", datetime.date(2020, 2, 1)) == at(datetime.date(2020, 3, 3), 10)
    assert period_deadline("monthly", datetime.date(2020, 12, 1)) == at(datetime.date(2021, 1, 3), 10)


@pytest.mark.parametrize(
    ("hour", "minute", "second", "late"),
    [(15, 59, 59, False), (16, 0, 0, False), (16, 0, 1, True), (16, 1, 0, True)],
)
def test_daily_report_late_flag_at_the_boundary_minute(officer_an_bien, clock, today, hour, minute, second, late):
    report = draft_daily(officer_an_bien, today)
    clock(today, hour, minute, second)
    report = services.report_submit(report=report, user=officer_an_bien)
    assert report.is_late is late
    assert report.deadline == at(today, 16)


def test_deadline_follows_administrators_setting(officer_an_bien, clock, today):
    ReportDeadline.objects.filter(kind="daily").update(time=datetime.time(17, 30))
    report = draft_daily(officer_an_bien, today)
    clock(today, 17, 0)
    assert services.report_submit(report=report, user=officer_an_bien).is_late is False


def test_monthly_report_late_after_the_third(officer_an_bien, clock):
    clock(datetime.date(2020, 3, 3), 10, 0)
    report = services.report_create(
        user=officer_an_bien, ward=officer_an_bien.ward, kind="monthly", period_start=datetime.date(2020, 2, 1),
        values={"workers_affected": 40},
    )  # fmt: skip
    clock(datetime.date(2020, 3, 3), 10, 1)
    assert services.report_submit(report=report, user=officer_an_bien).is_late is True


def test_resubmission_keeps_first_submission_lateness(officer_an_bien, committee_member, clock, today):
    report = submitted_daily(officer_an_bien, today)  # 09:00, on time
    report = services.report_return(report=report, user=committee_member, comment="Sửa")
    clock(today + datetime.timedelta(days=1), 9)
    report = services.report_submit(report=report, user=officer_an_bien)
    assert report.is_late is False


# ---- completeness ---------------------------------------------------------------------------------


def test_completeness_counts_only_wards_active_in_the_period(all_wards, officer_an_bien, today):
    bulk_daily(all_wards[:10], [today], officer_an_bien)
    bulk_daily(all_wards[10:12], [today], officer_an_bien, late=True)
    bulk_daily(all_wards[12:13], [today], officer_an_bien, status=ReportStatus.DRAFT)
    result = completeness("daily", today)
    assert (result["expected"], result["submitted"], result["late"], result["missing"]) == (15, 12, 2, 3)
    assert result["rate"] == 80.0


def test_completeness_with_a_ward_added_mid_month(all_wards, officer_an_bien):
    march = [datetime.date(2020, 3, d) for d in range(1, 17)]
    new_ward = WardFactory(code="phuong-moi", name="Phường Mới", active_from=datetime.date(2020, 3, 10))
    bulk_daily(all_wards, march, officer_an_bien)
    # The new ward reports from its first day; a stray report before that day is not counted.
    bulk_daily([new_ward], [d for d in march if d >= datetime.date(2020, 3, 9)], officer_an_bien)
    days = {row["day"]: row for row in daily_completeness(march[0], march[-1])}
    assert days[datetime.date(2020, 3, 9)]["expected"] == 15
    assert days[datetime.date(2020, 3, 9)]["submitted"] == 15
    assert days[datetime.date(2020, 3, 10)]["expected"] == 16
    assert all(row["rate"] == 100.0 for row in days.values())
    assert completeness("daily", datetime.date(2020, 3, 9))["expected"] == 15
    monthly = completeness("monthly", datetime.date(2020, 3, 1))
    assert monthly["expected"] == 16


def test_ward_that_closed_is_not_expected_afterwards(all_wards, today):
    ward = all_wards[0]
    ward.active_until = today - datetime.timedelta(days=1)
    ward.save()
    assert completeness("daily", today)["expected"] == 14
    assert ward not in missing_wards("daily", today)


def test_ward_calendar_marks_submitted_late_missing_and_upcoming(officer_an_bien, clock, today):
    ward = officer_an_bien.ward
    clock(datetime.date(2020, 3, 2), 9)
    submitted_daily(officer_an_bien, datetime.date(2020, 3, 2))
    clock(datetime.date(2020, 3, 3), 18)
    submitted_daily(officer_an_bien, datetime.date(2020, 3, 3))
    days = {d["day"].day: d["state"] for d in ward_calendar(ward, datetime.date(2020, 3, 1), today)}
    assert days[2] == "submitted"
    assert days[3] == "late"
    assert days[4] == "missing"
    assert days[17] == "upcoming"
    assert days[31] == "upcoming"


# ---- outliers -------------------------------------------------------------------------------------


def test_outlier_check_rule():
    history = [Decimal(v) for v in [10, 12, 11, 9, 10, 13, 11, 10, 12, 11, 10, 9, 11, 12]]
    assert services.outlier_check(Decimal(11), history) is False
    assert services.outlier_check(Decimal(20), history) is True
    zeros = [Decimal(0)] * 14
    assert services.outlier_check(Decimal(1), zeros) is False
    assert services.outlier_check(Decimal(4), zeros) is True
    assert services.outlier_check(Decimal(500), [Decimal(1)] * 4) is False  # too little history


def test_value_far_from_ward_history_is_accepted_but_flagged(officer_an_bien, today):
    days = [today - datetime.timedelta(days=k) for k in range(1, 15)]
    bulk_daily([officer_an_bien.ward], days, officer_an_bien, values={"masks_given": 150, "home_quarantine": 12})
    report = submitted_daily(officer_an_bien, today, {"masks_given": 5000, "home_quarantine": 12})
    flags = dict(report.values.values_list("indicator__code", "is_outlier"))
    assert flags == {"masks_given": True, "home_quarantine": False}
    masks = report.values.get(indicator__code="masks_given")
    assert (masks.baseline_median, masks.baseline_count) == (Decimal(150), 14)
    services.report_update(report=report, user=officer_an_bien, version=report.version, values={"masks_given": 160})
    assert report.values.get(indicator__code="masks_given").is_outlier is False


def test_outlier_baseline_uses_only_the_same_ward(officer_an_bien, cat_dai, today):
    days = [today - datetime.timedelta(days=k) for k in range(1, 15)]
    bulk_daily([cat_dai], days, officer_an_bien, values={"masks_given": 5000})
    bulk_daily([officer_an_bien.ward], days, officer_an_bien, values={"masks_given": 150})
    report = submitted_daily(officer_an_bien, today, {"masks_given": 150})
    assert report.values.get(indicator__code="masks_given").is_outlier is False
