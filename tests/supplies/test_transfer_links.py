"""The transfers page links each transfer to a ledger row the user may open (issue 12 #9): a ward
officer once got "Details" links to the district store's rows, which answer 404."""

import re

import pytest
from django.urls import reverse

from supplies import selectors, services

pytestmark = pytest.mark.django_db

MOVEMENT_LINK = re.compile(r'href="(/supplies/movements/\d+/)"')


@pytest.fixture
def transfers(district_admin, officer_an_bien, masks, district_store, an_bien_store, stocked):
    """District → An Biên in transit, district → An Biên received, An Biên → district (a return)."""
    stocked(district_store, 1000)
    in_transit = services.stock_transfer(item=masks, to_holder=an_bien_store, quantity=100, user=district_admin)
    received = services.stock_transfer(item=masks, to_holder=an_bien_store, quantity=200, user=district_admin)
    services.transfer_acknowledge(transfer=received, quantity_received=200, user=officer_an_bien)
    returned = services.stock_return(item=masks, holder=an_bien_store, quantity=50, user=officer_an_bien, note="Thừa")
    received.refresh_from_db()
    return in_transit, received, returned


def test_every_link_on_the_officers_transfers_page_opens(officer_client, transfers):
    html = officer_client.get(reverse("supplies:transfers")).content.decode()
    links = MOVEMENT_LINK.findall(html)
    assert len(links) == 2  # the received transfer's receipt and the return's sending row; not the one in transit
    for link in links:
        assert officer_client.get(link).status_code == 200, link


def test_the_officer_is_linked_to_the_ward_side_rows(officer_an_bien, transfers):
    in_transit, received, returned = transfers
    assert selectors.transfer_movement_for_user(officer_an_bien, in_transit) is None
    assert selectors.transfer_movement_for_user(officer_an_bien, received) == received.receipt_movement_id
    assert selectors.transfer_movement_for_user(officer_an_bien, returned) == returned.sent_movement_id


def test_the_district_is_linked_to_the_sending_rows(committee_client, district_admin, transfers):
    for transfer in transfers:
        assert selectors.transfer_movement_for_user(district_admin, transfer) == transfer.sent_movement_id
    html = committee_client.get(reverse("supplies:transfers")).content.decode()
    links = MOVEMENT_LINK.findall(html)
    assert len(links) == 3
    for link in links:
        assert committee_client.get(link).status_code == 200, link


def test_another_wards_officer_sees_none_of_them(client, officer_cat_dai, transfers):
    for transfer in transfers:
        assert selectors.transfer_movement_for_user(officer_cat_dai, transfer) is None
