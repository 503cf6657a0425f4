"""Property: whatever sequence of movements is attempted, every balance equals the sum of its
ledger rows and never falls below zero; refused steps change nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplies import services
from supplies.choices import RecipientType, TransferStatus
from supplies.models import StockBalance, StockMovement, Transfer

pytestmark = pytest.mark.django_db

quantities = st.integers(min_value=-20, max_value=400)
step = st.one_of(
    st.tuples(st.just("receive"), st.integers(0, 2), st.integers(0, 1), quantities),
    st.tuples(st.just("transfer"), st.integers(1, 2), st.integers(0, 1), quantities),
    st.tuples(st.just("acknowledge"), st.integers(0, 9), st.integers(0, 1), st.integers(0, 100)),
    st.tuples(st.just("distribute"), st.integers(0, 2), st.integers(0, 1), quantities),
    st.tuples(st.just("adjust"), st.integers(0, 2), st.integers(0, 1), quantities),
    st.tuples(st.just("return"), st.integers(1, 2), st.integers(0, 1), quantities),
    st.tuples(st.just("reverse"), st.integers(0, 30), st.integers(0, 1), st.integers(0, 1)),
)


def _run(step_, *, holders, items, admin, officers):
    action, h, i, n = step_
    holder, item = holders[h % len(holders)], items[i]
    if action == "receive":
        services.stock_receive(item=item, holder=holder, quantity=n, user=admin, source="Nhà tài trợ")
    elif action == "transfer":
        services.stock_transfer(item=item, to_holder=holder, quantity=n, user=admin)
    elif action == "acknowledge":
        pending = list(Transfer.objects.filter(status=TransferStatus.IN_TRANSIT).order_by("pk"))
        if pending:
            transfer = pending[h % len(pending)]
            user = admin if transfer.to_holder.ward_id is None else officers[transfer.to_holder.ward_id]
            received = transfer.quantity_sent * n // 100
            services.transfer_acknowledge(transfer=transfer, quantity_received=received, user=user, note="thiếu")
    elif action == "distribute":
        user = admin if holder.ward_id is None else officers[holder.ward_id]
        services.stock_distribute(
            item=item, holder=holder, quantity=n, recipient_type=RecipientType.QUARANTINED,
            recipient="Hộ cách ly", people_reached=3, user=user,
        )  # fmt: skip
    elif action == "adjust":
        services.stock_adjust(item=item, holder=holder, quantity=n - 100, reason="Kiểm kê", user=admin)
    elif action == "return":
        services.stock_return(item=item, holder=holder, quantity=n, user=officers[holder.ward_id], note="Dư")
    elif action == "reverse":
        movements = list(StockMovement.objects.order_by("pk"))
        if movements:
            services.movement_reverse(movement=movements[h % len(movements)], user=admin, reason="Sửa sai")


def _state():
    balances = {
        (b["holder_id"], b["item_id"]): b["quantity"]
        for b in StockBalance.objects.values("holder_id", "item_id", "quantity")
    }
    sums = {
        (m["holder_id"], m["item_id"]): m["total"]
        for m in StockMovement.objects.values("holder_id", "item_id").annotate(total=Sum("quantity"))
    }
    return balances, sums


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=25))
def test_balance_always_equals_the_sum_of_movements(
    steps, district_admin, officer_an_bien, officer_cat_dai, district_store, an_bien_store, cat_dai_store, masks,
    sanitiser,
):  # fmt: skip
    holders = [district_store, an_bien_store, cat_dai_store]
    officers = {officer_an_bien.ward_id: officer_an_bien, officer_cat_dai.ward_id: officer_cat_dai}
    with transaction.atomic():
        for s in steps:
            before = _state()
            try:
                with transaction.atomic():
                    _run(s, holders=holders, items=[masks, sanitiser], admin=district_admin, officers=officers)
            except ValidationError:
                assert _state() == before, f"refused step {s} changed stock"
            balances, sums = _state()
            assert all(q >= 0 for q in balances.values())
            for key in set(balances) | set(sums):
                assert balances.get(key, 0) == sums.get(key, 0), f"after {s}: {key}"
        transaction.set_rollback(True)
