"""The demo stock loads through the services, tells the month's story, and loads only once."""

import datetime

import pytest
from django.db.models import Sum

from supplies import demo
from supplies.choices import MovementKind, TransferStatus
from supplies.models import StockBalance, StockMovement, Transfer
from wards import demo as wards_demo

pytestmark = pytest.mark.django_db


def test_demo_stock_is_consistent_and_idempotent(le_chan):
    today = datetime.date.today()
    wards_demo.load(today=today, password="demo-pass-123")
    demo.load(today=today, password="demo-pass-123")
    rows = StockMovement.objects.count()
    demo.load(today=today, password="demo-pass-123")
    assert StockMovement.objects.count() == rows

    receipts = dict(
        StockMovement.objects.filter(kind=MovementKind.RECEIPT).values_list("item__code").annotate(q=Sum("quantity"))
    )
    assert receipts["mask-medical"] == 50_000 and receipts["sanitiser-500ml"] == 3_000
    assert Transfer.objects.filter(to_holder__ward__district=le_chan).values("to_holder").distinct().count() == 15
    assert Transfer.objects.filter(status=TransferStatus.IN_TRANSIT).count() == 1
    assert [t.shortfall for t in Transfer.objects.filter(status=TransferStatus.RECEIVED) if t.shortfall] == [50]
    distributed = StockMovement.objects.filter(kind=MovementKind.DISTRIBUTION, item__code="mask-medical")
    assert distributed.values("holder").distinct().count() == 15
    for balance in StockBalance.objects.all():
        ledger = StockMovement.objects.filter(holder=balance.holder, item=balance.item).aggregate(s=Sum("quantity"))
        assert balance.quantity == ledger["s"] >= 0
