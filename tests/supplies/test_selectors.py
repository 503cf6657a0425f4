"""Selectors other apps use: distributed totals for the district summary, stock for the dashboard."""

import datetime

import pytest
from django.utils import timezone

from supplies import selectors, services
from supplies.choices import RecipientType
from tests.factories import distribution

pytestmark = pytest.mark.django_db


def test_supplies_distributed_sums_a_period_in_one_query(le_chan, district_admin, officer_an_bien, masks, ward_stock,
                                                         district_store, stocked, django_assert_num_queries):  # fmt: skip
    today = timezone.localdate()
    earlier = timezone.now() - datetime.timedelta(days=10)
    distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=100, people_reached=50, at=earlier)
    distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=30, people_reached=15)
    reversed_one = distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=7, people_reached=7)
    services.movement_reverse(movement=reversed_one, user=district_admin, reason="Nhập nhầm")
    stocked(district_store, 100)
    services.stock_distribute(
        item=masks, holder=district_store, quantity=20, recipient_type=RecipientType.COMMITTEE,
        recipient="Ban Chỉ đạo quận", people_reached=20, user=district_admin,
    )  # fmt: skip
    with django_assert_num_queries(1):
        rows = selectors.supplies_distributed(district=le_chan, start=today - datetime.timedelta(days=3), end=today)
    assert rows == [
        {"item_code": "mask-medical", "item_name_vi": "Khẩu trang y tế", "item_name_en": "Medical mask",
         "unit": "piece", "quantity": 50, "people_reached": 35, "distributions": 2},
    ]  # fmt: skip
    month = selectors.supplies_distributed(district=le_chan, start=today - datetime.timedelta(days=30), end=today)
    assert month[0]["quantity"] == 150


def test_stock_overview_counts_stock_transit_and_low_stores(le_chan, district_admin, masks, ward_stock, stocked,
                                                            cat_dai_store, district_store):  # fmt: skip
    stocked(cat_dai_store, 10)
    stocked(district_store, 600)
    services.stock_transfer(item=masks, to_holder=cat_dai_store, quantity=250, user=district_admin)
    rows = {row["code"]: row for row in selectors.stock_overview(district=le_chan)}
    assert rows["mask-medical"]["on_hand"] == 1000 + 10 + 350
    assert rows["mask-medical"]["in_transit"] == 250
    assert rows["mask-medical"]["low_holders"] == 2  # Cát Dài (10) and the district store (350) below 500
    assert rows["gloves"]["on_hand"] == 0
