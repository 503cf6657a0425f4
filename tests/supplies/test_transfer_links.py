"""The transfers page links each transfer to the ledger row its reader may open (issue 12, item 9):
an officer's "Details" of a transfer to the ward opened the district store's movement and got 404."""

import re

import pytest

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
