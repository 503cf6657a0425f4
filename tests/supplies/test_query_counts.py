"""List pages and API lists run the same number of queries with few or many rows."""

import pytest
from django.urls import reverse

from supplies import services
from supplies.choices import RecipientType

pytestmark = pytest.mark.django_db

PAGES = [
    ("supplies:stock", None),
    ("supplies:ledger", None),
    ("supplies:transfers", None),
    ("supplies:distributions", None),
    ("supplies:card", "masks"),
]
API = ["/api/v1/stock/", "/api/v1/stock-movements/", "/api/v1/stock-transfers/", "/api/v1/supply-items/"]


def fill(*, size, admin, items, district_store, wards):
    """``size`` rounds of receipts, transfers (half acknowledged) and distributions over the wards."""
    for n in range(size):
        for item in items.values():
            services.stock_receive(item=item, holder=district_store, quantity=1000, user=admin, source="Nhà tài trợ")
        for ward in wards:
            holder = services.holder_for_ward(ward)
            transfer = services.stock_transfer(item=items["mask-medical"], to_holder=holder, quantity=20, user=admin)
            if n % 2 == 0:
                services.transfer_acknowledge(transfer=transfer, quantity_received=20, user=admin)
                services.stock_distribute(
                    item=items["mask-medical"], holder=holder, quantity=5, recipient_type=RecipientType.SCHOOL,
                    recipient=f"Trường {n}", people_reached=5, user=admin,
                )  # fmt: skip


def _count_queries(client, django_assert_max_num_queries, url, bound):
    with django_assert_max_num_queries(bound):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", [1, 4])
@pytest.mark.parametrize(("name", "arg"), PAGES)
def test_pages_query_count_is_constant(admin_client_, district_admin, items, district_store, all_wards,
                                       django_assert_max_num_queries, size, name, arg):  # fmt: skip
    wards = all_wards if size > 1 else all_wards[:2]
    fill(size=size, admin=district_admin, items=items, district_store=district_store, wards=wards)
    url = reverse(name, args=[items["mask-medical"].pk]) if arg else reverse(name)
    # 13: a test's first page also reads the district's identity for the footer (then cached).
    _count_queries(admin_client_, django_assert_max_num_queries, url, 13)


@pytest.mark.parametrize("size", [1, 4])
@pytest.mark.parametrize("url", API)
def test_api_lists_query_count_is_constant(admin_api, district_admin, items, district_store, all_wards,
                                           django_assert_max_num_queries, size, url):  # fmt: skip
    wards = all_wards if size > 1 else all_wards[:2]
    fill(size=size, admin=district_admin, items=items, district_store=district_store, wards=wards)
    _count_queries(admin_api, django_assert_max_num_queries, url, 6)


@pytest.mark.parametrize("size", [1, 3])
def test_officer_stock_form_query_count_is_constant(officer_client, district_admin, items, district_store, an_bien,
                                                    django_assert_max_num_queries, size):  # fmt: skip
    fill(size=size, admin=district_admin, items=items, district_store=district_store, wards=[an_bien])
    _count_queries(officer_client, django_assert_max_num_queries, reverse("supplies:distribute"), 12)
