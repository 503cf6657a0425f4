"""Two officers marking the same site at once (PostgreSQL): the row lock lets one through."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from inspections import services
from inspections.choices import Category
from inspections.models import DisinfectionTarget
from tests.factories import AdminFactory, EstablishmentFactory, OfficerFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_site_is_marked_once_when_two_officers_mark_it_together(an_bien):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    today = timezone.localdate()
    admin = AdminFactory(username="admin.disinfection-concurrent")
    EstablishmentFactory(ward=an_bien, name="Chợ An Biên", category=Category.MARKET)
    round_ = services.round_create(
        user=admin,
        data={"title": "Đợt chợ", "start": today - datetime.timedelta(days=1), "end": today, "categories": ["market"]},
    )
    target = DisinfectionTarget.objects.get(round=round_)
    officers = [OfficerFactory(username=f"officer.concurrent.{n}", ward=an_bien) for n in range(2)]
    start = threading.Barrier(2)
    outcomes = []

    def mark(officer, product):
        try:
            start.wait(timeout=5)
            services.target_mark_done(
                user=officer, round_=round_, target_id=target.pk,
                data={"done_on": today, "done_by": officer.username, "product": product, "quantity": Decimal(1)},
            )  # fmt: skip
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=mark, args=(o, f"P{n}")) for n, o in enumerate(officers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refused"]
    target.refresh_from_db()
    assert target.done_by in {o.username for o in officers} and target.product in {"P0", "P1"}
