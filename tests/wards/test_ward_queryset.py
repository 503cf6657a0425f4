"""The rule "wards expected to report in a period" (WardQuerySet) and the default district, each written once."""

import datetime

import pytest
from django.db.models import Count, F

from reports.choices import ReportKind, ReportStatus
from reports.models import Report
from tests.factories import DistrictFactory, WardFactory
from wards.models import District, Ward, expected_to_report_q

pytestmark = pytest.mark.django_db

MARCH_1 = datetime.date(2020, 3, 1)
MARCH_31 = datetime.date(2020, 3, 31)


@pytest.fixture
def lifetimes(le_chan):
    """Wards of a new district, each with its own active dates around March 2020."""
    district = DistrictFactory(code="thu-nghiem")
    spans = {
        "always": (datetime.date(2020, 1, 1), None),
        "joins-last-day": (MARCH_31, None),
        "joins-after": (datetime.date(2020, 4, 1), None),
        "leaves-first-day": (datetime.date(2020, 1, 1), MARCH_1),
        "left-before": (datetime.date(2020, 1, 1), datetime.date(2020, 2, 29)),
        "inside": (datetime.date(2020, 3, 10), datetime.date(2020, 3, 12)),
    }
    return {
        code: WardFactory(district=district, code=code, active_from=start, active_until=until)
        for code, (start, until) in spans.items()
    }


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_wards_active_at_any_point_of_the_period_are_expected_first_and_last_days_included(lifetimes):
    district = lifetimes["always"].district
    expected = Ward.objects.expected_to_report(MARCH_1, MARCH_31, district=district)
    assert codes(expected) == ["always", "inside", "joins-last-day", "leaves-first-day"]


def test_one_day_period_expects_only_the_wards_active_that_day(lifetimes):
    district = lifetimes["always"].district
    assert codes(Ward.objects.expected_to_report(MARCH_31, MARCH_31, district=district)) == [
        "always",
        "joins-last-day",
    ]
    assert codes(Ward.objects.expected_to_report(MARCH_1, MARCH_1, district=district)) == [
        "always",
        "leaves-first-day",
    ]


def test_district_is_a_district_or_its_id_and_none_means_every_district(lifetimes, le_chan):
    district = lifetimes["always"].district
    by_object = Ward.objects.expected_to_report(MARCH_1, MARCH_31, district=district)
    by_id = Ward.objects.expected_to_report(MARCH_1, MARCH_31, district=district.pk)
    assert codes(by_object) == codes(by_id)
    everywhere = Ward.objects.expected_to_report(MARCH_1, MARCH_31)
    assert everywhere.count() == by_object.count() + Ward.objects.filter(district=le_chan).count()


def test_the_queryset_and_is_active_on_agree_on_every_day(lifetimes):
    district = lifetimes["always"].district
    day = datetime.date(2020, 2, 27)
    while day <= datetime.date(2020, 4, 2):
        in_query = set(Ward.objects.expected_to_report(day, day, district=district).values_list("code", flat=True))
        in_python = {code for code, ward in lifetimes.items() if ward.is_active_on(day)}
        assert in_query == in_python, day
        day += datetime.timedelta(days=1)


def test_the_rule_reaches_the_ward_through_a_relation_with_each_row_s_own_day(lifetimes, officer_an_bien):
    """``expected_to_report_q(F(...), F(...), prefix="ward__")``: a report counts only if its ward was
    expected on the report's own day (how daily completeness counts submissions)."""
    inside = lifetimes["inside"]  # active 10–12 March
    for day in (datetime.date(2020, 3, 9), datetime.date(2020, 3, 11), datetime.date(2020, 3, 13)):
        Report.objects.create(
            ward=inside,
            kind=ReportKind.DAILY,
            period_start=day,
            status=ReportStatus.SUBMITTED,
            created_by=officer_an_bien,
        )
    counted = Report.objects.filter(expected_to_report_q(F("period_start"), F("period_start"), prefix="ward__"))
    assert list(counted.values_list("period_start", flat=True)) == [datetime.date(2020, 3, 11)]


def test_default_district_is_the_first_created_whatever_the_names(le_chan):
    DistrictFactory(code="a-truoc", name="A trước theo tên")  # sorts first by name (the model's ordering)
    assert District.objects.default() == le_chan
    assert District.objects.filter(code="a-truoc").default().code == "a-truoc"


def test_default_district_keeps_the_querysets_annotations(le_chan):
    district = District.objects.annotate(ward_count=Count("wards")).default()
    assert district == le_chan
    assert district.ward_count == 15


def test_no_district_gives_none(le_chan):
    assert District.objects.exclude(pk=le_chan.pk).default() is None
