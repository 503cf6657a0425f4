"""Concurrency on PostgreSQL: many officers draw at once from a stock smaller than the demand.

With the guarded decrement (a conditional UPDATE … WHERE quantity >= n) the balance never
goes negative, exactly floor(stock / n) draws succeed and the ledger matches the balance.
With the guard swapped for an unguarded read-modify-write, the same scenario loses updates:
the second test shows that the first would catch a missing lock.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from supplies import services
from supplies.choices import MovementKind, RecipientType
from supplies.models import StockBalance, StockMovement

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

THREADS = 20
STOCK = 95
DRAW = 10  # 20 × 10 = 200 wanted, 95 held: 9 draws can succeed


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (set DATABASE_URL to a PostgreSQL database)")


def _draw_all_at_once(*, holder, item, user):
    """Start THREADS distributions together; return the number that succeeded."""
    barrier = threading.Barrier(THREADS, timeout=30)
    outcomes = []
    errors = []

    def draw(n):
        try:
            barrier.wait()
            services.stock_distribute(
                item=item, holder=holder, quantity=DRAW, recipient_type=RecipientType.RESIDENTIAL_GROUP,
                recipient=f"Tổ dân phố {n}", people_reached=4, user=user,
            )  # fmt: skip
            outcomes.append(True)
        except ValidationError:
            outcomes.append(False)
        except Exception as exc:  # noqa: BLE001 - reported to the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=draw, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert len(outcomes) == THREADS
    return sum(outcomes)


def _ledger(holder, item):
    return StockMovement.objects.filter(holder=holder, item=item).aggregate(s=Sum("quantity"))["s"]


def test_concurrent_draws_never_overdraw_and_ledger_matches(officer_an_bien, masks, an_bien_store, stocked):
    stocked(an_bien_store, STOCK)
    successes = _draw_all_at_once(holder=an_bien_store, item=masks, user=officer_an_bien)
    balance = StockBalance.objects.get(holder=an_bien_store, item=masks).quantity
    assert balance >= 0
    assert successes == STOCK // DRAW
    assert balance == STOCK - successes * DRAW
    assert StockMovement.objects.filter(kind=MovementKind.DISTRIBUTION).count() == successes
    assert _ledger(an_bien_store, masks) == balance


def test_without_the_guard_the_same_draws_lose_updates(monkeypatch, officer_an_bien, masks, an_bien_store, stocked):
    """NEGATIVE CONTROL: the guard removed on purpose; this test passes only if the race shows."""
    read_all = threading.Barrier(THREADS, timeout=30)

    def unguarded_decrement(*, holder_id, item_id, quantity):
        # Read, wait until every thread has read the same value, then write: the classic lost update.
        current = StockBalance.objects.get(holder_id=holder_id, item_id=item_id).quantity
        if current < quantity:
            return False
        read_all.wait()
        StockBalance.objects.filter(holder_id=holder_id, item_id=item_id).update(quantity=current - quantity)
        return True

    monkeypatch.setattr(services, "decrement_balance", unguarded_decrement)
    stocked(an_bien_store, STOCK)
    successes = _draw_all_at_once(holder=an_bien_store, item=masks, user=officer_an_bien)
    balance = StockBalance.objects.get(holder=an_bien_store, item=masks).quantity
    assert successes > STOCK // DRAW
    assert _ledger(an_bien_store, masks) != balance
