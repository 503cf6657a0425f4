"""Idempotency keys on the supplies API and the distribution form: a resent write records once."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import IdempotencyRecord
from supplies import services
from supplies.choices import MovementKind
from supplies.models import StockMovement, Transfer
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db

MOVES = "/api/v1/stock-movements/"
KEY = "0d4f9f8e-2b7a-4c55-8f8e-9a1c3e5b7d20"


def distribute_body(holder, item, **extra):
    body = {
        "kind": "distribution", "item": item.pk, "holder": holder.pk, "quantity": 100,
        "recipient_type": "school", "recipient": "Trường THCS Lê Chân", "people_reached": 100,
    }  # fmt: skip
    body.update(extra)
    return body


def post(api, body, key=KEY, path=MOVES):
    return api.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def distributions():
    return StockMovement.objects.filter(kind=MovementKind.DISTRIBUTION).count()


def test_a_replayed_distribution_returns_the_first_result_and_records_once(officer_api, masks, ward_stock):
    first = post(officer_api, distribute_body(ward_stock, masks))
    again = post(officer_api, distribute_body(ward_stock, masks))
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert distributions() == 1
    assert services.available(holder_id=ward_stock.pk, item_id=masks.pk) == 900


def test_the_same_key_with_another_body_is_422_and_changes_nothing(officer_api, masks, ward_stock):
    post(officer_api, distribute_body(ward_stock, masks))
    response = post(officer_api, distribute_body(ward_stock, masks, quantity=50))
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]
    assert distributions() == 1
    assert services.available(holder_id=ward_stock.pk, item_id=masks.pk) == 900


def test_the_422_message_is_vietnamese_for_a_vietnamese_client(officer_api, masks, ward_stock):
    post(officer_api, distribute_body(ward_stock, masks))
    response = officer_api.post(
        MOVES, distribute_body(ward_stock, masks, quantity=7), format="json",
        HTTP_IDEMPOTENCY_KEY=KEY, HTTP_ACCEPT_LANGUAGE="vi",
    )  # fmt: skip
    assert response.status_code == 422
    assert "khóa" in response.json()["detail"].lower()


def test_another_officer_using_the_same_key_records_their_own_distribution(officer_api, masks, ward_stock):
    colleague = APIClient()
    colleague.force_authenticate(OfficerFactory(username="officer.colleague", ward=ward_stock.ward))
    first = post(officer_api, distribute_body(ward_stock, masks))
    second = post(colleague, distribute_body(ward_stock, masks))
    assert second.status_code == 201 and "Idempotent-Replayed" not in second
    assert second.json()["id"] != first.json()["id"]
    assert distributions() == 2


def test_a_refused_distribution_keeps_no_record_and_the_corrected_one_uses_the_key(officer_api, masks, ward_stock):
    refused = post(officer_api, distribute_body(ward_stock, masks, quantity=5000))
    assert refused.status_code == 400 and not IdempotencyRecord.objects.exists()
    fixed = post(officer_api, distribute_body(ward_stock, masks, quantity=500))
    assert fixed.status_code == 201 and distributions() == 1


def test_a_malformed_key_is_400_and_records_nothing(officer_api, masks, ward_stock):
    response = post(officer_api, distribute_body(ward_stock, masks), key="not a key!")
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["detail"]
    assert distributions() == 0


def test_without_a_key_each_post_records(officer_api, masks, ward_stock):
    for _ in range(2):
        assert officer_api.post(MOVES, distribute_body(ward_stock, masks), format="json").status_code == 201
    assert distributions() == 2


def test_a_replayed_transfer_and_acknowledgement_each_happen_once(
    admin_api, officer_api, masks, stocked, district_store, an_bien_store
):
    stocked(district_store, 1000)
    ward_store = an_bien_store
    send = {"kind": "transfer_out", "item": masks.pk, "to_holder": ward_store.pk, "quantity": 300}
    assert post(admin_api, send, key="transfer-1").status_code == 201
    assert post(admin_api, send, key="transfer-1")["Idempotent-Replayed"] == "true"
    transfer = Transfer.objects.get()
    path = f"/api/v1/stock-transfers/{transfer.pk}/acknowledge/"
    body = {"quantity_received": 300, "note": ""}
    first, again = post(officer_api, body, key="ack-1", path=path), post(officer_api, body, key="ack-1", path=path)
    assert first.status_code == again.status_code == 200 and again.json() == first.json()
    assert services.available(holder_id=ward_store.pk, item_id=masks.pk) == 300


# ---- concurrent duplicates: real threads, each with its own connection ---------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_copies_sent_at_once_record_one_distribution(officer_an_bien, masks, ward_stock):
    start = threading.Barrier(2, timeout=10)
    results: list = [None, None]

    def send(i):
        api = APIClient()
        api.force_authenticate(officer_an_bien)
        try:
            start.wait()
            results[i] = post(api, distribute_body(ward_stock, masks))
        except Exception as exc:  # noqa: BLE001 - the assertion shows it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert [getattr(r, "status_code", r) for r in results] == [201, 201], results
    assert results[0].json() == results[1].json()
    assert sorted(r.get("Idempotent-Replayed", "") for r in results) == ["", "true"]
    assert distributions() == 1
    assert services.available(holder_id=ward_stock.pk, item_id=masks.pk) == 900


# ---- the distribution page -----------------------------------------------------------------------


def distribution_form(holder, item, key=KEY, **extra):
    data = {"holder": holder.pk, "item": item.pk, "quantity": "120", "recipient_type": "residential_group",
            "recipient": "Tổ dân phố 7", "people_reached": "60", "note": "", "idempotency_key": key}  # fmt: skip
    data.update(extra)
    return data


def test_the_distribution_form_carries_a_new_key_at_each_render(officer_client, ward_stock):
    pages = [officer_client.get(reverse("supplies:distribute")).content.decode() for _ in range(2)]
    keys = [page.split('name="idempotency_key" value="')[1].split('"')[0] for page in pages]
    assert all(len(k) == 36 for k in keys) and keys[0] != keys[1]


def test_a_resent_distribution_form_redirects_to_the_first_movement(officer_client, masks, ward_stock):
    first = officer_client.post(reverse("supplies:distribute"), distribution_form(ward_stock, masks))
    again = officer_client.post(reverse("supplies:distribute"), distribution_form(ward_stock, masks), follow=True)
    movement = StockMovement.objects.get(kind=MovementKind.DISTRIBUTION)
    assert first.status_code == 302 and first["Location"] == reverse("supplies:movement", args=[movement.pk])
    assert again.redirect_chain == [(first["Location"], 302)]
    assert "already been sent" in again.content.decode() or "đã được gửi" in again.content.decode()
    assert services.available(holder_id=ward_stock.pk, item_id=masks.pk) == 880


def test_a_form_resent_with_other_values_is_422_shows_them_and_changes_nothing(officer_client, masks, ward_stock):
    officer_client.post(reverse("supplies:distribute"), distribution_form(ward_stock, masks))
    response = officer_client.post(
        reverse("supplies:distribute"), distribution_form(ward_stock, masks, recipient="Trường Mầm non Hoa Sen")
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Trường Mầm non Hoa Sen" in page  # what was typed is shown, not lost
    movement = StockMovement.objects.get(kind=MovementKind.DISTRIBUTION)
    assert reverse("supplies:movement", args=[movement.pk]) in page
    assert services.available(holder_id=ward_stock.pk, item_id=masks.pk) == 880


def test_a_refused_form_keeps_no_record_and_the_corrected_form_sends(officer_client, masks, ward_stock):
    refused = officer_client.post(reverse("supplies:distribute"), distribution_form(ward_stock, masks, quantity="5000"))
    assert refused.status_code == 400 and not IdempotencyRecord.objects.exists()
    fixed = officer_client.post(reverse("supplies:distribute"), distribution_form(ward_stock, masks))
    assert fixed.status_code == 302
    assert StockMovement.objects.filter(kind=MovementKind.DISTRIBUTION).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_double_tap_on_the_distribution_form_records_once(officer_an_bien, masks, ward_stock):
    start = threading.Barrier(2, timeout=10)
    results: list = [None, None]
    data = distribution_form(ward_stock, masks, key="double-tap")

    def send(i):
        browser = Client()
        browser.force_login(officer_an_bien)
        try:
            start.wait()
            results[i] = browser.post(reverse("supplies:distribute"), data)
        except Exception as exc:  # noqa: BLE001 - the assertion shows it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert [getattr(r, "status_code", r) for r in results] == [302, 302], results
    movement = StockMovement.objects.get(kind=MovementKind.DISTRIBUTION)
    assert {r["Location"] for r in results} == {reverse("supplies:movement", args=[movement.pk])}
    assert services.available(holder_id=ward_stock.pk, item_id=masks.pk) == 880
