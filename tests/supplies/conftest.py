"""Fixtures of the supplies tests: the seeded items and the stores of the persona wards."""

import pytest

from supplies import services
from supplies.models import SupplyItem
from supplies.seed import load_items


@pytest.fixture
def items(db):
    """The seed items by code (re-created if a transactional test flushed them)."""
    return load_items(SupplyItem)


@pytest.fixture
def masks(items):
    return items["mask-medical"]


@pytest.fixture
def sanitiser(items):
    return items["sanitiser-500ml"]


@pytest.fixture
def district_store(le_chan):
    return services.district_store(le_chan)


@pytest.fixture
def an_bien_store(an_bien):
    return services.holder_for_ward(an_bien)


@pytest.fixture
def cat_dai_store(cat_dai):
    return services.holder_for_ward(cat_dai)


@pytest.fixture
def stocked(district_admin, masks, district_store):
    """Return a function putting ``quantity`` of an item into a holder by a receipt."""

    def put(holder, quantity, item=None):
        return services.stock_receive(
            item=item or masks, holder=holder, quantity=quantity, user=district_admin, source="Sở Y tế Hải Phòng"
        )

    return put


@pytest.fixture
def ward_stock(stocked, an_bien_store):
    """An Biên's store holds 1,000 masks."""
    stocked(an_bien_store, 1000)
    return an_bien_store
