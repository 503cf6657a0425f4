"""Risk intervals, the due list at its boundaries, coverage figures and district totals."""

import datetime

import pytest

from inspections.choices import Action, Category, EstablishmentStatus, Result, ScheduleStatus
from inspections.models import RiskInterval
from inspections.selectors import (
    coverage,
    coverage_grand_total,
    coverage_totals,
    due_list,
    inspection_totals,
    inspection_totals_by_ward,
)
from tests.factories import EstablishmentFactory, InspectionFactory, ScheduleFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 3, 15)


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def due_names(user, **kw):
    return {e.name: (e.due_on, e.overdue) for e in due_list(user=user, today=TODAY, **kw)}


def test_default_intervals_are_seeded_schools_and_markets_more_often_than_offices(db):
    table = dict(RiskInterval.objects.values_list("category", "interval_days"))
    assert table[Category.PRIMARY_SCHOOL] == 14 and table[Category.MARKET] == 14
    assert table[Category.OFFICE] == 60
    assert all(r.after_violation_days < r.interval_days for r in RiskInterval.objects.all())


@pytest.mark.parametrize(
    ("last_days_ago", "due_in", "listed", "overdue"),
    [
        (14, 0, True, False),   # due today: listed, not yet overdue
        (15, -1, True, True),   # due yesterday: overdue
        (7, 7, True, False),    # due at the horizon's last day
        (6, 8, False, False),   # due beyond the 7-day horizon
    ],
)  # fmt: skip
def test_due_date_is_last_inspection_plus_interval_at_the_boundaries(
    district_admin, an_bien, last_days_ago, due_in, listed, overdue
):
    market = EstablishmentFactory(ward=an_bien, category=Category.MARKET, name="Chợ Ga")
    InspectionFactory(establishment=market, inspected_on=days_ago(last_days_ago))
    rows = due_names(district_admin)
    assert ("Chợ Ga" in rows) is listed
    if listed:
        assert rows["Chợ Ga"] == (TODAY + datetime.timedelta(days=due_in), overdue)


def test_after_a_violation_the_shorter_interval_applies(district_admin, an_bien):
    market = EstablishmentFactory(ward=an_bien, category=Category.MARKET, name="Chợ Đôn")
    InspectionFactory(establishment=market, inspected_on=days_ago(8), result=Result.VIOLATION,
                      action=Action.WARNING, correct_by=days_ago(1))  # fmt: skip
    assert due_names(district_admin)["Chợ Đôn"] == (days_ago(1), True)  # 7 days after a violation


def test_only_the_last_inspection_counts(district_admin, an_bien):
    office = EstablishmentFactory(ward=an_bien, category=Category.OFFICE, name="UBND phường")
    InspectionFactory(establishment=office, inspected_on=days_ago(100))
    InspectionFactory(establishment=office, inspected_on=days_ago(10))
    assert "UBND phường" not in due_names(district_admin)  # due in 50 days


def test_never_inspected_is_due_an_interval_after_registration(district_admin, an_bien):
    EstablishmentFactory(ward=an_bien, category=Category.OFFICE, name="Mới", registered_on=days_ago(61))
    EstablishmentFactory(ward=an_bien, category=Category.OFFICE, name="Mới hơn", registered_on=days_ago(30))
    rows = due_names(district_admin)
    assert rows["Mới"] == (days_ago(1), True) and "Mới hơn" not in rows


def test_admin_edited_interval_is_used(district_admin, an_bien):
    RiskInterval.objects.filter(category=Category.OFFICE).update(interval_days=20, after_violation_days=10)
    office = EstablishmentFactory(ward=an_bien, category=Category.OFFICE, name="Cơ quan")
    InspectionFactory(establishment=office, inspected_on=days_ago(21))
    assert due_names(district_admin)["Cơ quan"] == (days_ago(1), True)


def test_permanently_closed_are_never_due_and_filters_apply(district_admin, an_bien, cat_dai):
    EstablishmentFactory(ward=an_bien, status=EstablishmentStatus.CLOSED, name="Đã đóng", registered_on=days_ago(400))
    EstablishmentFactory(ward=an_bien, name="Quán A", registered_on=days_ago(400))
    EstablishmentFactory(ward=cat_dai, name="Quán B", registered_on=days_ago(400), category=Category.KARAOKE)
    assert set(due_names(district_admin)) == {"Quán A", "Quán B"}
    assert set(due_names(district_admin, ward_id=cat_dai.pk)) == {"Quán B"}
    assert set(due_names(district_admin, category=Category.KARAOKE)) == {"Quán B"}


def test_officer_due_list_holds_only_their_ward(officer_an_bien, an_bien, cat_dai):
    EstablishmentFactory(ward=an_bien, name="Quán A", registered_on=days_ago(400))
    EstablishmentFactory(ward=cat_dai, name="Quán B", registered_on=days_ago(400))
    assert set(due_names(officer_an_bien)) == {"Quán A"}


def test_unplanned_only_hides_establishments_with_a_planned_visit(district_admin, an_bien):
    a = EstablishmentFactory(ward=an_bien, name="Quán A", registered_on=days_ago(400))
    EstablishmentFactory(ward=an_bien, name="Quán B", registered_on=days_ago(400))
    ScheduleFactory(establishment=a, date=TODAY + datetime.timedelta(days=2))
    rows = {e.name: e.next_planned_on for e in due_list(user=district_admin, today=TODAY)}
    assert rows["Quán A"] == TODAY + datetime.timedelta(days=2)
    assert set(due_names(district_admin, unplanned_only=True)) == {"Quán B"}


@pytest.fixture
def known_data(an_bien, cat_dai):
    """An Biên: 4 schools (2 inspected in March, one with a 1.5M fine), 1 closed school.
    Cát Dài: 2 restaurants (1 inspected in March with a violation), 1 inspected only in February."""
    march = (datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    s = [
        EstablishmentFactory(ward=an_bien, category=Category.PRIMARY_SCHOOL, registered_on=days_ago(200))
        for _ in range(4)
    ]
    EstablishmentFactory(ward=an_bien, category=Category.PRIMARY_SCHOOL, status=EstablishmentStatus.CLOSED)
    InspectionFactory(establishment=s[0], inspected_on=datetime.date(2024, 3, 4))
    InspectionFactory(establishment=s[0], inspected_on=datetime.date(2024, 3, 12), result=Result.VIOLATION,
                      action=Action.FINE, fine_amount=1_500_000, correct_by=datetime.date(2024, 3, 20))  # fmt: skip
    InspectionFactory(establishment=s[1], inspected_on=datetime.date(2024, 3, 10))
    InspectionFactory(establishment=s[2], inspected_on=datetime.date(2024, 2, 20))  # February only
    r = [
        EstablishmentFactory(ward=cat_dai, category=Category.RESTAURANT, registered_on=days_ago(200)) for _ in range(2)
    ]
    InspectionFactory(establishment=r[0], inspected_on=datetime.date(2024, 3, 14), result=Result.VIOLATION,
                      action=Action.CLOSURE, correct_by=datetime.date(2024, 3, 28), repeat_violation=True)  # fmt: skip
    return march


def test_coverage_per_ward_and_category_for_known_data(district_admin, an_bien, cat_dai, known_data):
    start, end = known_data
    rows = {
        (r["ward_name"], r["category"]): r for r in coverage(user=district_admin, start=start, end=end, today=TODAY)
    }
    schools = rows[("An Biên", Category.PRIMARY_SCHOOL)]
    assert schools["establishments"] == 4  # the closed one is not counted
    assert schools["inspected"] == 2 and schools["share"] == 50.0
    assert schools["inspections"] == 3 and schools["violations"] == 1 and schools["fines_total"] == 1_500_000
    # Overdue on 15/3: s[2] (20/2 + 14 = 5/3) and s[3] (never; registered 200 days ago); s[0] after its
    # violation on 12/3 is due 19/3, s[1] due 24/3.
    assert schools["overdue"] == 2
    restaurants = rows[("Cát Dài", Category.RESTAURANT)]
    assert (restaurants["establishments"], restaurants["inspected"], restaurants["share"]) == (2, 1, 50.0)
    assert restaurants["violations"] == 1 and restaurants["overdue"] == 1
    total = coverage_grand_total(list(rows.values()))
    assert (total["establishments"], total["inspected"], total["share"]) == (6, 3, 50.0)
    by_ward = {g["label"]: g for g in coverage_totals(list(rows.values()), "ward")}
    assert by_ward["An Biên"]["fines_total"] == 1_500_000


def test_coverage_of_schools_this_month_for_an_officer(officer_cat_dai, known_data):
    start, end = known_data
    assert coverage(user=officer_cat_dai, start=start, end=end, today=TODAY, category="schools") == []
    rows = coverage(user=officer_cat_dai, start=start, end=end, today=TODAY)
    assert [r["ward_name"] for r in rows] == ["Cát Dài"]


def test_inspection_totals_for_the_district_summary(le_chan, cat_dai, known_data, django_assert_num_queries):
    start, end = known_data
    with django_assert_num_queries(1):
        totals = inspection_totals(district=le_chan, start=start, end=end)
    assert totals == {
        "inspections": 4, "establishments_inspected": 3, "violations": 2, "repeat_violations": 1,
        "fines": 1, "fines_total": 1_500_000, "closures": 1,
    }  # fmt: skip
    by_ward = inspection_totals_by_ward(district=le_chan, start=start, end=end)
    assert by_ward[cat_dai.pk]["closures"] == 1 and by_ward[cat_dai.pk]["inspections"] == 1


def test_cancelled_schedules_do_not_count_as_planned(district_admin, an_bien):
    a = EstablishmentFactory(ward=an_bien, name="Quán A", registered_on=days_ago(400))
    ScheduleFactory(establishment=a, date=TODAY + datetime.timedelta(days=2), status=ScheduleStatus.CANCELLED)
    assert set(due_names(district_admin, unplanned_only=True)) == {"Quán A"}
