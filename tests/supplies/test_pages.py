"""Pages of the supplies app for every role: stock, card, ledger, forms, transfers, totals."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from supplies import services
from supplies.choices import MovementKind, TransferStatus
from supplies.models import StockBalance, StockMovement
from tests.factories import OfficerFactory, WardFactory, distribution

pytestmark = pytest.mark.django_db


def state():
    return list(StockBalance.objects.order_by("pk").values_list("quantity", flat=True)), StockMovement.objects.count()


READ_PAGES = ["supplies:stock", "supplies:ledger", "supplies:transfers", "supplies:distributions"]


@pytest.mark.parametrize("name", READ_PAGES)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", READ_PAGES)
def test_every_role_reads_the_supplies_pages(
    officer_client, committee_member, district_admin, client, name, ward_stock
):
    assert officer_client.get(reverse(name)).status_code == 200
    for user in (committee_member, district_admin):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 200


def test_officer_stock_page_shows_only_own_ward(officer_client, ward_stock, cat_dai_store, stocked):
    stocked(cat_dai_store, 77)
    response = officer_client.get(reverse("supplies:stock"))
    holders = {b.holder_id for b in response.context["balances"]}
    assert holders == {ward_stock.pk}


def test_stock_page_flags_low_stock_and_lists_what_runs_out(committee_client, officer_an_bien, masks, ward_stock):
    distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=700)  # 300 left, 50/day: 6 days
    response = committee_client.get(reverse("supplies:stock"))
    body = response.content.decode()
    assert 'data-testid="low-stock"' in body
    running_out = response.context["running_out"]
    assert [(b.holder_id, round(b.days_cover)) for b in running_out] == [(ward_stock.pk, 6)]


def test_stock_card_shows_running_balance(officer_client, officer_an_bien, masks, ward_stock):
    now = timezone.now()
    distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=100, at=now)
    distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=50, at=now + datetime.timedelta(hours=1))
    response = officer_client.get(reverse("supplies:card", args=[masks.pk]))
    rows = [(m.quantity, m.balance_after) for m in response.context["movements"]]
    assert rows == [(-50, 850), (-100, 900), (1000, 1000)]


def test_stock_card_of_another_ward_is_404(officer_client, masks, cat_dai_store):
    url = reverse("supplies:card", args=[masks.pk]) + f"?holder={cat_dai_store.pk}"
    assert officer_client.get(url).status_code == 404


def test_ledger_filters_by_kind(committee_client, officer_an_bien, masks, ward_stock):
    distribution(holder=ward_stock, item=masks, user=officer_an_bien)
    response = committee_client.get(reverse("supplies:ledger"), {"kind": "distribution"})
    assert [m.kind for m in response.context["movements"]] == [MovementKind.DISTRIBUTION]


# ---- forms -------------------------------------------------------------------------------------------


def distribution_post(holder, item, **extra):
    data = {"holder": holder.pk, "item": item.pk, "quantity": "120", "recipient_type": "residential_group",
            "recipient": "Tổ dân phố 7", "people_reached": "60", "note": ""}  # fmt: skip
    data.update(extra)
    return data


def test_officer_records_a_distribution_on_the_page(officer_client, masks, ward_stock):
    response = officer_client.post(reverse("supplies:distribute"), distribution_post(ward_stock, masks))
    assert response.status_code == 302
    movement = StockMovement.objects.get(kind=MovementKind.DISTRIBUTION)
    assert response["Location"] == reverse("supplies:movement", args=[movement.pk])
    assert services.available(holder_id=ward_stock.pk, item_id=masks.pk) == 880


def test_distribution_page_refuses_more_than_the_stock_keeping_input(officer_client, masks, ward_stock):
    before = state()
    response = officer_client.post(
        reverse("supplies:distribute"), distribution_post(ward_stock, masks, quantity="1500")
    )
    assert response.status_code == 400
    assert "1000" in str(response.context["form"].errors["quantity"])
    assert response.context["form"]["recipient"].value() == "Tổ dân phố 7"
    assert state() == before


@pytest.mark.parametrize("quantity", ["0", "-4", "2.5"])
def test_distribution_page_refuses_bad_quantities(officer_client, masks, ward_stock, quantity):
    before = state()
    response = officer_client.post(
        reverse("supplies:distribute"), distribution_post(ward_stock, masks, quantity=quantity)
    )
    assert response.status_code == 400 and "quantity" in response.context["form"].errors
    assert state() == before


def test_officer_cannot_distribute_from_another_ward_on_the_page(client, officer_cat_dai, masks, ward_stock):
    client.force_login(officer_cat_dai)
    before = state()
    response = client.post(reverse("supplies:distribute"), distribution_post(ward_stock, masks))
    assert response.status_code == 400 and "holder" in response.context["form"].errors
    assert state() == before


def test_committee_cannot_open_the_stock_forms(committee_client):
    for name in ("supplies:distribute", "supplies:adjust", "supplies:return", "supplies:receive", "supplies:transfer"):
        assert committee_client.get(reverse(name)).status_code == 403


def test_officer_cannot_receive_or_transfer(officer_client):
    assert officer_client.get(reverse("supplies:receive")).status_code == 403
    assert officer_client.get(reverse("supplies:transfer")).status_code == 403


def test_admin_receives_and_transfers_on_the_pages(admin_client_, masks, district_store, an_bien_store):
    response = admin_client_.post(reverse("supplies:receive"), {
        "holder": district_store.pk, "item": masks.pk, "quantity": "50000", "source": "UBND thành phố",
        "batch": "L-01", "expiry_date": (timezone.localdate() + datetime.timedelta(days=365)).isoformat(), "note": "",
    })  # fmt: skip
    assert response.status_code == 302
    response = admin_client_.post(reverse("supplies:transfer"), {
        "to_holder": an_bien_store.pk, "item": masks.pk, "quantity": "4000", "batch": "L-01", "note": "",
    })  # fmt: skip
    assert response.status_code == 302
    assert services.available(holder_id=district_store.pk, item_id=masks.pk) == 46000


def test_receipt_page_refuses_past_expiry(admin_client_, masks, district_store):
    before = state()
    response = admin_client_.post(reverse("supplies:receive"), {
        "holder": district_store.pk, "item": masks.pk, "quantity": "10", "source": "X", "expiry_date": "2019-12-31",
    })  # fmt: skip
    assert response.status_code == 400 and "expiry_date" in response.context["form"].errors
    assert state() == before


def test_officer_adjusts_and_returns_on_the_pages(officer_client, masks, ward_stock):
    response = officer_client.post(
        reverse("supplies:adjust"), {"holder": ward_stock.pk, "item": masks.pk, "quantity": "-20", "reason": "Kiểm kê"}
    )
    assert response.status_code == 302
    response = officer_client.post(
        reverse("supplies:return"), {"holder": ward_stock.pk, "item": masks.pk, "quantity": "80", "note": "Dư"}
    )
    assert response.status_code == 302
    assert services.available(holder_id=ward_stock.pk, item_id=masks.pk) == 900


# ---- transfers -----------------------------------------------------------------------------------------


@pytest.fixture
def transfer(district_admin, masks, district_store, an_bien_store, stocked):
    stocked(district_store, 500)
    return services.stock_transfer(item=masks, to_holder=an_bien_store, quantity=200, user=district_admin)


def test_officer_lists_transfers_to_and_returns_from_their_ward_only(
    officer_client, committee_member, district_admin, officer_an_bien, masks, transfer, cat_dai_store, ward_stock
):
    to_cat_dai = services.stock_transfer(item=masks, to_holder=cat_dai_store, quantity=50, user=district_admin)
    returned = services.stock_return(
        item=masks, holder=ward_stock, quantity=20, user=officer_an_bien, note="Thừa sau đợt phát"
    )
    response = officer_client.get(reverse("supplies:transfers"))
    assert {t.pk for t in response.context["transfers"]} == {transfer.pk, returned.pk}
    assert officer_client.get(reverse("supplies:stock")).context["in_transit"] == 2
    officer_client.force_login(committee_member)
    listed = {t.pk for t in officer_client.get(reverse("supplies:transfers")).context["transfers"]}
    assert listed == {transfer.pk, returned.pk, to_cat_dai.pk}


def test_officer_acknowledges_a_short_receipt_on_the_page(officer_client, transfer, masks, an_bien_store):
    url = reverse("supplies:acknowledge", args=[transfer.pk])
    assert officer_client.get(url).context["form"]["quantity_received"].value() == 200
    response = officer_client.post(url, {"quantity_received": "180", "note": ""})
    assert response.status_code == 400 and "note" in response.context["form"].errors
    response = officer_client.post(url, {"quantity_received": "180", "note": "Rách 2 hộp"})
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RECEIVED and transfer.shortfall == 20
    response = officer_client.post(url, {"quantity_received": "180", "note": "x"})
    assert response.status_code == 400
    assert services.available(holder_id=an_bien_store.pk, item_id=masks.pk) == 180


def test_other_ward_and_committee_cannot_acknowledge(client, officer_cat_dai, committee_member, transfer):
    url = reverse("supplies:acknowledge", args=[transfer.pk])
    client.force_login(officer_cat_dai)
    assert client.get(url).status_code == 404
    assert client.post(url, {"quantity_received": "200"}).status_code == 404
    client.force_login(committee_member)
    assert client.post(url, {"quantity_received": "200"}).status_code == 403
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.IN_TRANSIT


# ---- movement detail and reversal --------------------------------------------------------------------


def test_movement_detail_is_scoped(officer_client, client, officer_cat_dai, officer_an_bien, masks, ward_stock):
    movement = distribution(holder=ward_stock, item=masks, user=officer_an_bien)
    assert officer_client.get(reverse("supplies:movement", args=[movement.pk])).status_code == 200
    client.force_login(officer_cat_dai)
    assert client.get(reverse("supplies:movement", args=[movement.pk])).status_code == 404


def test_admin_reverses_from_the_detail_page(admin_client_, officer_an_bien, masks, ward_stock):
    movement = distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=30)
    page = admin_client_.get(reverse("supplies:movement", args=[movement.pk]))
    assert 'data-testid="reverse-form"' in page.content.decode()
    response = admin_client_.post(reverse("supplies:reverse", args=[movement.pk]), {"reason": "Nhập trùng"})
    assert response.status_code == 302
    assert services.available(holder_id=ward_stock.pk, item_id=masks.pk) == 1000
    again = admin_client_.post(reverse("supplies:reverse", args=[movement.pk]), {"reason": "x"})
    assert again.status_code == 400


def test_officer_and_committee_cannot_reverse(officer_client, client, committee_member, officer_an_bien, masks,
                                              ward_stock):  # fmt: skip
    movement = distribution(holder=ward_stock, item=masks, user=officer_an_bien)
    assert (
        'data-testid="reverse-form"'
        not in officer_client.get(reverse("supplies:movement", args=[movement.pk])).content.decode()
    )
    assert officer_client.post(reverse("supplies:reverse", args=[movement.pk]), {"reason": "x"}).status_code == 403
    client.force_login(committee_member)
    assert client.post(reverse("supplies:reverse", args=[movement.pk]), {"reason": "x"}).status_code == 403
    assert not StockMovement.objects.filter(kind=MovementKind.REVERSAL).exists()


# ---- distribution totals ----------------------------------------------------------------------------


def test_distribution_totals_per_ward_with_masks_per_1000(committee_client, officer_an_bien, masks, ward_stock,
                                                          an_bien):  # fmt: skip
    an_bien.population = 14200
    an_bien.save()
    distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=710, people_reached=355)
    response = committee_client.get(reverse("supplies:distributions"))
    rows = {r["name"]: r for r in response.context["rows"]}
    assert rows["An Biên"]["quantity"] == 710 and rows["An Biên"]["people_reached"] == 355
    assert rows["An Biên"]["per_1000"] == pytest.approx(50.0)
    assert rows["Cát Dài"]["quantity"] == 0 and rows["Cát Dài"]["per_1000"] is None
    assert len(rows) == 15


def test_distribution_totals_count_only_the_items_standing_distributions_of_the_period(
    committee_client, officer_an_bien, district_admin, masks, sanitiser, ward_stock, stocked
):
    stocked(ward_stock, 100, item=sanitiser)
    distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=30, people_reached=20)
    reversed_ = distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=40, people_reached=25)
    services.movement_reverse(movement=reversed_, user=district_admin, reason="Nhập nhầm")
    distribution(holder=ward_stock, item=sanitiser, user=officer_an_bien, quantity=7)  # another item
    old = timezone.now() - datetime.timedelta(days=45)  # before the default 30-day period
    distribution(holder=ward_stock, item=masks, user=officer_an_bien, quantity=50, at=old)
    rows = {r["name"]: r for r in committee_client.get(reverse("supplies:distributions")).context["rows"]}
    assert (rows["An Biên"]["quantity"], rows["An Biên"]["people_reached"], rows["An Biên"]["distributions"]) == (
        30, 20, 1,
    )  # fmt: skip


def test_officer_sees_only_own_ward_totals(officer_client, ward_stock):
    rows = officer_client.get(reverse("supplies:distributions")).context["rows"]
    assert [r["name"] for r in rows] == ["An Biên"]


def test_a_ward_added_later_can_receive_transfers_and_distribute(admin_client_, client, district_admin, masks,
                                                                   district_store, stocked, le_chan):  # fmt: skip

    ward = WardFactory(name="Phường Mới", population=8000)
    stocked(district_store, 100)
    form = admin_client_.get(reverse("supplies:transfer")).context["form"]
    new_store = form.fields["to_holder"].queryset.get(ward=ward)
    assert admin_client_.post(reverse("supplies:transfer"), {
        "to_holder": new_store.pk, "item": masks.pk, "quantity": "40", "batch": "", "note": "",
    }).status_code == 302  # fmt: skip
    officer = OfficerFactory(ward=ward)
    client.force_login(officer)
    assert client.get(reverse("supplies:distribute")).context["form"].fields["holder"].queryset.get() == new_store
