"""Two administrators booking a team's last place at once: the team-row lock lets one through."""

import contextlib
import threading
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from inspections.models import InspectionSchedule
from inspections.services import schedule_create, scheduling
from tests.factories import AdminFactory, EstablishmentFactory, TeamFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_concurrent_schedulers_cannot_overbook_a_team(an_bien):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    today = timezone.localdate()
    admin = AdminFactory(username="admin.concurrent")
    team = TeamFactory(daily_capacity=1)
    first, second = EstablishmentFactory(ward=an_bien), EstablishmentFactory(ward=an_bien)

    # Each thread pauses right after counting the day's visits until the other has counted too
    # (or 2 s pass). With the lock the second thread cannot count before the first commits.
    counted = threading.Barrier(2)
    real_booked = scheduling._booked

    def booked_then_wait(team, days):
        result = real_booked(team, days)
        with contextlib.suppress(threading.BrokenBarrierError):
            counted.wait(timeout=2)
        return result

    outcomes = []

    def book(est):
        try:
            schedule_create(user=admin, team=team, establishment=est, date=today)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    with mock.patch.object(scheduling, "_booked", booked_then_wait):
        threads = [threading.Thread(target=book, args=(e,)) for e in (first, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert InspectionSchedule.objects.filter(team=team, date=today).count() == 1
