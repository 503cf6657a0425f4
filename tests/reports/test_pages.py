"""Report pages: each role on each page, forms keep typed values, escaping, constant query counts."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from reports import services
from reports.choices import ReportStatus, Severity
from reports.models import Report, ReportChange
from tests.factories import OfficerFactory, WardFactory, at, bulk_daily, draft_daily, submitted_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"  # pages are asserted in English (the msgids); one test checks Vietnamese
    with translation.override("en"):
        yield


def _client_for(user):
    """A second logged-in client (the persona client fixtures share one ``client``)."""
    other = Client()
    other.force_login(user)
    return other


def _post_today(client, **values):
    data = {"action": "save", "situation": "", "difficulties": "", "proposals": ""}
    data.update({k: str(v) for k, v in values.items()})
    return client.post(reverse("reports:today"), data)


# ---- today page -------------------------------------------------------------------------------


def test_officer_today_page_shows_grouped_form(officer_client):
    res = officer_client.get(reverse("reports:today"))
    assert res.status_code == 200
    html = res.content.decode()
    assert 'name="home_quarantine"' in html and 'inputmode="numeric"' in html
    assert "Surveillance" in html and "Support" in html
    assert 'name="workers_affected"' not in html  # weekly/monthly only


@pytest.mark.parametrize("client_fixture", ["committee_client", "admin_client_"])
def test_today_page_is_for_officers_only(client_fixture, request):
    assert request.getfixturevalue(client_fixture).get(reverse("reports:today")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    res = client.get(reverse("reports:list"))
    assert res.status_code == 302 and "/accounts/login/" in res.url


def test_save_draft_then_prefilled_then_submit(officer_client, officer_an_bien, today):
    res = _post_today(officer_client, home_quarantine=12, confirmed_cases=0, samples_tested=4)
    assert res.status_code == 302
    report = Report.objects.get()
    assert report.status == ReportStatus.DRAFT
    page = officer_client.get(reverse("reports:today")).content.decode()
    assert 'value="12"' in page and 'name="version" value="2"' not in page
    data = {"action": "submit", "version": report.version, "home_quarantine": "13", "confirmed_cases": "0"}
    res = officer_client.post(reverse("reports:today"), data)
    assert res.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert dict(report.values.values_list("indicator__code", "value")) == {"home_quarantine": 13, "confirmed_cases": 0}


def test_invalid_values_keep_what_was_typed_and_show_errors_next_to_fields(officer_client):
    res = _post_today(officer_client, home_quarantine=-2, masks_given="abc", suspected_cases=7)
    assert res.status_code == 400
    html = res.content.decode()
    assert 'value="-2"' in html and 'value="abc"' in html and 'value="7"' in html
    assert "must not be negative" in html
    assert "Enter a number" in html
    assert not Report.objects.exists()


def test_cross_rule_error_on_the_page(officer_client):
    res = _post_today(officer_client, confirmed_cases=5, samples_tested=2)
    assert res.status_code == 400
    assert "must not exceed" in res.content.decode()


def test_stale_edit_on_the_page_is_a_form_error(officer_client, officer_an_bien, today):
    report = draft_daily(officer_an_bien, today)
    services.report_update(report=report, user=officer_an_bien, version=1, values={"masks_given": 1})
    res = officer_client.post(reverse("reports:today"), {"action": "save", "version": 1, "masks_given": "99"})
    assert res.status_code == 400
    html = res.content.decode()
    assert "changed by someone else" in html
    assert 'value="99"' in html
    assert report.values.get(indicator__code="masks_given").value == 1


def test_edit_page_after_submission_records_history(officer_client, officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    res = officer_client.post(
        reverse("reports:edit", args=[report.pk]),
        {"action": "save", "version": report.version, "home_quarantine": "20", "samples_tested": "8",
         "confirmed_cases": "0", "masks_given": "150"},
    )  # fmt: skip
    assert res.status_code == 302
    assert ReportChange.objects.filter(report=report, field="home_quarantine", old_value="12", new_value="20").exists()


def test_officer_cannot_open_other_ward_report(officer_client, officer_cat_dai, today):
    report = draft_daily(officer_cat_dai, today)
    assert officer_client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert officer_client.get(reverse("reports:edit", args=[report.pk])).status_code == 404
    assert officer_client.post(reverse("reports:submit", args=[report.pk])).status_code == 404


def test_committee_cannot_edit_ward_report(committee_client, officer_an_bien, today):
    report = draft_daily(officer_an_bien, today)
    assert committee_client.get(reverse("reports:edit", args=[report.pk])).status_code == 403


# ---- detail, review, acknowledge ----------------------------------------------------------------


def test_narratives_are_escaped(committee_client, officer_an_bien, today):
    report = draft_daily(officer_an_bien, today, situation='<script>alert("x")</script><b>bold</b>')
    services.report_submit(report=report, user=officer_an_bien)
    html = committee_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;" in html


def test_committee_approves_from_detail_page(committee_client, officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    detail = committee_client.get(reverse("reports:detail", args=[report.pk]))
    assert 'data-testid="review-forms"' in detail.content.decode()
    res = committee_client.post(
        reverse("reports:approve", args=[report.pk]), {"comment": "", "version": report.version}
    )
    assert res.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_committee_returns_with_field_comment_shown_to_officer(committee_client, client, officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    res = committee_client.post(
        reverse("reports:return", args=[report.pk]), {"comment": "Xem lại", "fc_masks_given": "Số khẩu trang quá cao"}
    )
    assert res.status_code == 302
    client.force_login(officer_an_bien)
    html = client.get(reverse("reports:today")).content.decode()
    assert "Số khẩu trang quá cao" in html and "Xem lại" in html


def test_return_without_comment_re_renders_with_error(committee_client, officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    res = committee_client.post(reverse("reports:return", args=[report.pk]), {"comment": ""})
    assert res.status_code == 400
    assert "Say what needs to be corrected" in res.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_officer_approve_is_forbidden(officer_client, officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    assert officer_client.post(reverse("reports:approve", args=[report.pk])).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_officer_cannot_see_review_queue(officer_client):
    assert officer_client.get(reverse("reports:review")).status_code == 403


def test_detail_shows_flags_and_history(committee_client, officer_an_bien, today):
    days = [today - datetime.timedelta(days=k) for k in range(1, 15)]
    bulk_daily([officer_an_bien.ward], days, officer_an_bien, values={"masks_given": 100})
    report = submitted_daily(officer_an_bien, today, {"masks_given": 9000})
    services.report_update(report=report, user=officer_an_bien, version=report.version, values={"masks_given": 8000})
    html = committee_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert 'data-testid="flagged-value"' in html
    assert "9000" in html and "8000" in html  # history old → new


def test_urgent_report_form_sends_and_committee_acknowledges(
    officer_client, committee_member, today, django_capture_on_commit_callbacks, mailoutbox
):
    committee_client = _client_for(committee_member)
    committee_member.email = "bcd@example.org"
    committee_member.save()
    with django_capture_on_commit_callbacks(execute=True):
        res = officer_client.post(
            reverse("reports:urgent-new"),
            {"title": "Ca nghi nhiễm <b>chợ</b>", "severity": Severity.CRITICAL, "occurred_at": "2020-03-17T08:30",
             "location": "Chợ Cột Đèn", "description": "Sốt cao"},
        )  # fmt: skip
    assert res.status_code == 302
    report = Report.objects.get(kind="urgent")
    assert report.status == ReportStatus.SUBMITTED
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["bcd@example.org"]
    home = committee_client.get("/").content.decode()
    assert 'data-testid="unread-badge"' in home
    assert "Ca nghi nhiễm &lt;b&gt;chợ&lt;/b&gt;" in home
    feed = committee_client.get(reverse("reports:urgent")).content.decode()
    assert "list-group-item-danger" in feed
    committee_client.post(reverse("reports:acknowledge", args=[report.pk]))
    report.refresh_from_db()
    assert report.acknowledged_at is not None
    feed = committee_client.get(reverse("reports:urgent")).content.decode()
    assert "list-group-item-danger" not in feed


def test_urgent_form_refuses_future_time(officer_client):
    res = officer_client.post(
        reverse("reports:urgent-new"),
        {"title": "x", "severity": "info", "occurred_at": "2020-03-18T08:30", "location": "x", "description": "x"},
    )
    assert res.status_code == 400 and "future" in res.content.decode()


def test_new_weekly_report_opens_edit_page(officer_client, today):
    res = officer_client.post(reverse("reports:new"), {"kind": "weekly", "day": today.isoformat()})
    assert res.status_code == 302
    report = Report.objects.get(kind="weekly")
    assert report.period_start == datetime.date(2020, 3, 16)
    html = officer_client.get(res.url).content.decode()
    assert 'name="workers_affected"' in html


def test_new_report_in_the_future_is_refused(officer_client):
    res = officer_client.post(reverse("reports:new"), {"kind": "monthly", "day": "2020-04-02"})
    assert res.status_code == 400 and not Report.objects.exists()


# ---- home partials, calendar, notifications ------------------------------------------------------


def test_officer_home_shows_today_status(officer_client, officer_an_bien, today):
    html = officer_client.get("/").content.decode()
    assert 'data-testid="today-card"' in html and "Not started" in html
    submitted_daily(officer_an_bien, today)
    html = officer_client.get("/").content.decode()
    assert "Submitted" in html


def test_committee_home_shows_completeness(committee_client, officer_an_bien, today):
    submitted_daily(officer_an_bien, today)
    html = committee_client.get("/").content.decode()
    assert '<div class="kpi-value" data-testid="completeness">1/15</div>' in html


def test_calendar_for_officer_and_committee(officer_client, committee_member, officer_an_bien, cat_dai, today):
    committee_client = _client_for(committee_member)
    submitted_daily(officer_an_bien, today - datetime.timedelta(days=1))
    html = officer_client.get(reverse("reports:calendar") + "?month=2020-03").content.decode()
    assert 'data-state="late"' in html and 'data-state="missing"' in html  # yesterday, sent this morning
    assert officer_client.get(reverse("reports:calendar") + f"?ward={cat_dai.pk}").status_code == 404
    assert committee_client.get(reverse("reports:calendar") + f"?ward={cat_dai.pk}").status_code == 200


def test_notifications_page_marks_read(client, officer_an_bien):
    services.notification_send(
        recipients=[officer_an_bien], kind="reminder", dedup_key="k1",
        params={"kind": "daily", "ward": "An Biên", "period": "17/03/2020", "deadline": "16:00"},
    )  # fmt: skip
    client.force_login(officer_an_bien)
    assert 'data-testid="unread-badge"' in client.get(reverse("reports:list")).content.decode()
    html = client.get(reverse("reports:notifications")).content.decode()
    assert "The daily report of An Biên for 17/03/2020 is due at 16:00." in html
    client.post(reverse("reports:notifications-read"))
    assert 'data-testid="unread-badge"' not in client.get(reverse("reports:list")).content.decode()


def test_notifications_page_filters_unread_and_kind_like_the_api(client, officer_an_bien):
    reminder = {"kind": "daily", "ward": "An Biên", "period": "17/03/2020", "deadline": "16:00"}
    services.notification_send(recipients=[officer_an_bien], kind="reminder", dedup_key="r1", params=reminder)
    services.notification_send(
        recipients=[officer_an_bien], kind="reminder", dedup_key="r2", params={**reminder, "period": "16/03/2020"}
    )
    services.notification_send(
        recipients=[officer_an_bien], kind="missing", dedup_key="m1",
        params={"kind": "daily", "period": "16/03/2020", "wards": "Cát Dài", "count": 1},
    )  # fmt: skip
    read = officer_an_bien.notifications.get(dedup_key="r2")
    services.notifications_mark_read(user=officer_an_bien, ids=[read.pk])
    client.force_login(officer_an_bien)
    page = reverse("reports:notifications")
    assert len(client.get(page).context["notifications"]) == 3
    unread = client.get(page, {"unread": "1"})
    assert {n.dedup_key for n in unread.context["notifications"]} == {"r1", "m1"}
    assert 'data-testid="unread-only"' in unread.content.decode()
    both = client.get(page, {"unread": "1", "kind": "reminder"})
    assert [n.dedup_key for n in both.context["notifications"]] == ["r1"]
    wrong = client.get(page, {"kind": "nonsense"})
    assert wrong.status_code == 200 and "invalid-feedback" in wrong.content.decode()


def test_vietnamese_is_the_default_language_on_the_form(client, officer_an_bien, settings):
    client.force_login(officer_an_bien)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"  # as the language switch leaves it
    html = client.get(reverse("reports:today")).content.decode()
    assert "Số người cách ly tại nhà" in html


def test_lists_show_the_number_of_unusual_values_of_each_report(committee_client, officer_an_bien, all_wards):
    flagged, plain = bulk_daily(all_wards[:2], [datetime.date(2020, 3, 16)], officer_an_bien)
    flagged.values.filter(indicator__code__in=["home_quarantine", "masks_given"]).update(is_outlier=True)
    for url in (reverse("reports:list"), reverse("reports:review")):
        counts = {r.pk: r.flag_count for r in committee_client.get(url).context["reports"]}
        assert (counts[flagged.pk], counts[plain.pk]) == (2, 0), url


# ---- query counts ---------------------------------------------------------------------------------


def _wards(n):
    return [WardFactory(code=f"extra-{i}", name=f"Phường {i}") for i in range(n)]


@pytest.mark.parametrize("extra_wards", [0, 135])
def test_list_and_review_query_counts_are_constant(
    committee_client, officer_an_bien, all_wards, extra_wards, django_assert_max_num_queries
):
    wards = all_wards + _wards(extra_wards)
    assert len(wards) in (15, 150)
    bulk_daily(wards, [datetime.date(2020, 3, 16)], officer_an_bien)
    urgent = services.report_create(
        user=officer_an_bien, ward=officer_an_bien.ward, kind="urgent", title="x", severity="info",
        occurred_at=at(datetime.date(2020, 3, 17), 8), description="y",
    )  # fmt: skip
    services.report_submit(report=urgent, user=officer_an_bien)
    for url in (reverse("reports:list"), reverse("reports:review"), reverse("reports:urgent"), "/"):
        with django_assert_max_num_queries(14):
            assert committee_client.get(url).status_code == 200


@pytest.mark.parametrize("extra_wards", [0, 135])
def test_officer_pages_query_counts_are_constant(client, all_wards, extra_wards, django_assert_max_num_queries):
    wards = all_wards + _wards(extra_wards)
    officer = OfficerFactory(ward=wards[0])
    days = [datetime.date(2020, 3, d) for d in range(1, 17)]
    bulk_daily(wards, days, officer)
    client.force_login(officer)
    for url in (reverse("reports:list"), reverse("reports:today"), reverse("reports:calendar"), "/"):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
