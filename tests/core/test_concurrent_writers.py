"""Several people saving at once, on whatever database the suite runs on (SQLite by default).

The embedded SQLite default must answer simultaneous writers as PostgreSQL does: every request
succeeds or is refused with the same clear 400, never a 500 "database is locked". Real threads,
each with its own connection, all released at the same moment.
"""

import threading

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from inspections.models import InspectionSchedule
from reports.models import Report
from tests.factories import AdminFactory, EstablishmentFactory, OfficerFactory, TeamFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _at_once(calls):
    """Run each call in its own thread, released together; return the responses in order."""
    start = threading.Barrier(len(calls), timeout=10)
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            start.wait()
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the test shows it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def _create_daily(api, day):
    return lambda: api.post("/api/v1/reports/", {"kind": "daily", "period_start": day.isoformat()}, format="json")


def test_six_officers_of_six_wards_create_reports_at_once_and_all_succeed(catalogue, all_wards, today):
    officers = [OfficerFactory(username=f"officer.at-once.{w.code}", ward=w) for w in all_wards[:6]]
    responses = _at_once([_create_daily(_api(o), today) for o in officers])
    assert [getattr(r, "status_code", r) for r in responses] == [201] * 6
    assert Report.objects.filter(kind="daily", period_start=today).count() == 6


def test_four_creations_for_one_ward_and_day_give_one_report_and_three_clear_refusals(catalogue, an_bien, today):
    officers = [OfficerFactory(username=f"officer.same-ward.{n}", ward=an_bien) for n in range(4)]
    responses = _at_once([_create_daily(_api(o), today) for o in officers])
    codes = sorted(getattr(r, "status_code", r) for r in responses)
    assert codes == [201, 400, 400, 400], responses
    for refused in (r for r in responses if r.status_code == 400):
        assert "period_start" in refused.json()  # the per-field message, as on PostgreSQL
    assert Report.objects.filter(ward=an_bien, kind="daily", period_start=today).count() == 1


def test_four_administrators_booking_a_team_of_capacity_two_get_two_places(an_bien):
    today = timezone.localdate()  # visits are planned from today on
    team = TeamFactory(daily_capacity=2, work_weekdays=[0, 1, 2, 3, 4, 5, 6])
    places = [EstablishmentFactory(ward=an_bien) for _ in range(4)]
    admins = [AdminFactory(username=f"admin.at-once.{n}") for n in range(4)]
    day = today.isoformat()

    def book(admin, place):
        body = {"team": team.pk, "establishment": place.pk, "date": day}
        return lambda: _api(admin).post("/api/v1/inspection-schedules/", body, format="json")

    responses = _at_once([book(a, p) for a, p in zip(admins, places, strict=True)])
    codes = sorted(getattr(r, "status_code", r) for r in responses)
    assert codes == [201, 201, 400, 400], [r.json() for r in responses]
    assert InspectionSchedule.objects.filter(team=team, date=today, status="planned").count() == 2
