"""Dates dd/mm/yyyy everywhere: shown by Django, typed in the page forms and filters, and in the
services' messages (never "20-11-2026", never mm/dd/yyyy)."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, timezone, translation

from inspections.services.common import short_date
from reports.models import Report
from tests.factories import AdminFactory, EstablishmentFactory, TeamFactory, submitted_daily

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 20)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_django_writes_dates_day_month_year_in_both_languages(language):
    moment = timezone.make_aware(datetime.datetime(2026, 11, 20, 14, 30))
    with translation.override(language):
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == "20/11/2026"
        assert formats.date_format(DAY) == "20/11/2026"
        html = Template("{{ day }} · {{ moment }}").render(Context({"day": DAY, "moment": moment}))
    assert html == "20/11/2026 · 14:30 20/11/2026"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_django_reads_day_month_year_first(language):
    with translation.override(language):
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"


def test_a_service_message_prints_the_date_day_month_year():
    with translation.override("vi"):
        assert short_date(DAY) == "20/11/2026"


@pytest.fixture
def vi(settings):
    settings.LANGUAGE_CODE = "vi"


def test_scheduling_in_the_past_says_the_date_as_dd_mm_yyyy(client, vi, an_bien):
    client.force_login(AdminFactory())
    team, place = TeamFactory(), EstablishmentFactory(ward=an_bien)
    past = timezone.localdate() - datetime.timedelta(days=3)
    response = client.post(
        reverse("inspections:schedule_create"),
        {"team": team.pk, "establishment": place.pk, "date": past.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert past.strftime("%d/%m/%Y") in html
    assert past.strftime("%d-%m-%Y") not in html
    assert f'value="{past.strftime("%d/%m/%Y")}"' in html  # what was typed is kept


@pytest.mark.parametrize("typed", ["{d:%d/%m/%Y}", "{d.day}/{d.month}/{d.year}", "{d:%d%m%Y}", "{d:%Y-%m-%d}"])
def test_a_visit_is_scheduled_with_the_date_typed_the_vietnamese_way(client, vi, an_bien, typed):
    client.force_login(AdminFactory())
    team, place = TeamFactory(daily_capacity=5), EstablishmentFactory(ward=an_bien)
    day = timezone.localdate() + datetime.timedelta(days=1)
    while day.weekday() > 4:  # a working day of the team
        day += datetime.timedelta(days=1)
    response = client.post(
        reverse("inspections:schedule_create"),
        {"team": team.pk, "establishment": place.pk, "date": typed.format(d=day)},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert place.schedules.get().date == day


def test_a_new_weekly_report_is_started_from_a_day_typed_dd_mm_yyyy(officer_client, vi, catalogue, clock):
    response = officer_client.post(reverse("reports:new"), {"kind": "weekly", "day": "17/03/2020"})
    assert response.status_code == 302
    assert Report.objects.get(kind="weekly").period_start == datetime.date(2020, 3, 16)


def test_a_mistyped_date_is_refused_with_the_expected_format(officer_client, vi, catalogue, clock):
    response = officer_client.post(reverse("reports:new"), {"kind": "weekly", "day": "03/17/2020"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "dd/mm/yyyy" in html and 'value="03/17/2020"' in html


def test_an_urgent_report_takes_the_date_and_the_time_from_two_inputs(officer_client, vi, catalogue, clock):
    response = officer_client.post(
        reverse("reports:urgent-new"),
        {"title": "Ca nghi nhiễm", "severity": "critical", "occurred_at_date": "17/03/2020",
         "occurred_at_time": "08:30", "location": "Chợ Cột Đèn", "description": "Sốt cao"},
    )  # fmt: skip
    assert response.status_code == 302
    report = Report.objects.get(kind="urgent")
    assert timezone.localtime(report.occurred_at).replace(tzinfo=None) == datetime.datetime(2020, 3, 17, 8, 30)


def test_the_urgent_form_shows_a_dd_mm_yyyy_date_and_a_time_input(officer_client, vi, catalogue, clock):
    html = officer_client.get(reverse("reports:urgent-new")).content.decode()
    assert 'name="occurred_at_date"' in html and 'value="17/03/2020"' in html
    assert 'name="occurred_at_time"' in html and 'type="time"' in html


def test_the_ward_form_shows_its_dates_dd_mm_yyyy(client, vi, an_bien):
    client.force_login(AdminFactory())
    html = client.get(reverse("wards:edit", args=[an_bien.pk])).content.decode()
    assert f'value="{an_bien.active_from:%d/%m/%Y}"' in html
    assert 'type="date"' not in html


def test_the_reports_list_filters_by_a_period_typed_dd_mm_yyyy(committee_client, vi, officer_an_bien, catalogue, clock):
    submitted_daily(officer_an_bien, datetime.date(2020, 3, 10))
    submitted_daily(officer_an_bien, datetime.date(2020, 3, 16))
    response = committee_client.get(reverse("reports:list"), {"period_from": "15/03/2020"})
    assert response.status_code == 200
    assert "16/03/2020" in response.content.decode()
    assert "10/03/2020" not in response.content.decode()


def test_the_audit_filter_reads_dd_mm_yyyy(client, vi):
    client.force_login(AdminFactory())
    response = client.get(reverse("audit:list"), {"date_from": "01/03/2020", "date_to": "31/03/2020"})
    assert response.status_code == 200
    assert not response.context["filter"].form.errors


def test_the_inspection_calendar_opens_the_week_of_a_day_typed_dd_mm_yyyy(client, vi):
    client.force_login(AdminFactory())
    response = client.get(reverse("inspections:calendar"), {"start": "19/11/2026"})
    assert response.status_code == 200
    assert 'value="16/11/2026"' in response.content.decode()  # the Monday of that week


def test_the_dashboard_range_is_typed_dd_mm_yyyy(committee_client, vi, catalogue, clock):
    response = committee_client.get(reverse("summary:dashboard"), {"start": "01/03/2020", "end": "17/03/2020"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="01/03/2020"' in html and 'value="17/03/2020"' in html
