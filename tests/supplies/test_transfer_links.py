"""The transfers page links each transfer to the ledger row its reader may open (issue 12, item 9):
an officer's "Details" of a transfer to the ward opened the district store's movement and got 404."""

import re

import pytest
from django.urls import reverse

from supplies import services

pytestmark = pytest.mark.django_db


def _detail_links(client) -> list[str]:
    html = client.get("/supplies/transfers/").content.decode()
    return re.findall(r'href="(/supplies/movements/\d+/)"', html)


def test_officer_opens_the_receipt_of_a_transfer_to_the_ward_never_the_district_side(
    client, officer_an_bien, district_admin, stocked, district_store, an_bien_store, masks
):
    stocked(district_store, 500)
    transfer = services.stock_transfer(item=masks, to_holder=an_bien_store, quantity=200, user=district_admin)
    client.force_login(officer_an_bien)
    assert _detail_links(client) == []  # in transit: nothing on the ward's side yet
    receipt = services.transfer_acknowledge(transfer=transfer, quantity_received=200, user=officer_an_bien)
    assert receipt is not None
    links = _detail_links(client)
    assert links == [f"/supplies/movements/{receipt.pk}/"]
    assert client.get(links[0]).status_code == 200


def test_committee_opens_the_sending_movement(
    client, committee_member, district_admin, stocked, district_store, an_bien_store, masks
):
    stocked(district_store, 500)
    transfer = services.stock_transfer(item=masks, to_holder=an_bien_store, quantity=200, user=district_admin)
    client.force_login(committee_member)
    assert _detail_links(client) == [f"/supplies/movements/{transfer.sent_movement_id}/"]
    assert client.get(_detail_links(client)[0]).status_code == 200


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


def test_the_district_is_linked_to_the_sending_rows(committee_client, transfers):
    html = committee_client.get(reverse("supplies:transfers")).content.decode()
    links = MOVEMENT_LINK.findall(html)
    assert len(links) == 3
    for link in links:
        assert committee_client.get(link).status_code == 200, link
