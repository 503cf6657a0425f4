"""Idempotency keys (core.idempotency): one write per (user, key), the first result replayed.

The service on its own here; the API endpoints and the page forms of each app in
tests/<app>/test_idempotency.py.
"""

import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from config.celery import app
from core import idempotency
from core.idempotency import Fingerprint, KeyReused, Replay, canonical_hash, run_once
from core.models import IdempotencyRecord
from core.tasks import sweep_idempotency_records
from tests.factories import AdminFactory, OfficerFactory

pytestmark = pytest.mark.django_db

KEY = "3f0e8a52-6c1b-4f0e-9d55-0c2b8f1a7e10"


class Writes:
    """A stand-in write: counts its runs and answers like an API success (or a refusal)."""

    def __init__(self, status: int = 201):
        self.runs = 0
        self.status = status

    def __call__(self):
        self.runs += 1
        return {"status": self.status, "id": self.runs}


def keep_success(result):
    return {"response_status": result["status"], "response_body": result} if result["status"] < 300 else None


def fp(body, path="/api/v1/things/"):
    return Fingerprint.of("post", path, body)


def test_a_repeat_returns_the_stored_first_result_and_does_not_write_again(an_bien):
    user = OfficerFactory(ward=an_bien)
    write = Writes()
    first = run_once(user=user, key=KEY, fingerprint=fp({"a": 1}), perform=write, keep=keep_success)
    again = run_once(user=user, key=KEY, fingerprint=fp({"a": 1}), perform=write, keep=keep_success)
    assert first == {"status": 201, "id": 1}
    assert isinstance(again, Replay) and again.record.response_body == first
    assert again.record.response_status == 201
    assert write.runs == 1
    assert IdempotencyRecord.objects.count() == 1


def test_the_body_is_compared_whatever_the_order_of_its_keys():
    assert canonical_hash({"a": 1, "b": [1, 2]}) == canonical_hash({"b": [1, 2], "a": 1})
    assert canonical_hash({"a": 1}) != canonical_hash({"a": 2})
    assert canonical_hash({"a": [1, 2]}) != canonical_hash({"a": [2, 1]})  # a list's order is its meaning


@pytest.mark.parametrize(
    "other",
    [fp({"a": 2}), fp({"a": 1}, path="/api/v1/others/"), Fingerprint.of("put", "/api/v1/things/", {"a": 1})],
    ids=["another body", "another path", "another method"],
)
def test_the_same_key_for_another_request_is_refused_and_changes_nothing(an_bien, other):
    user = OfficerFactory(ward=an_bien)
    write = Writes()
    run_once(user=user, key=KEY, fingerprint=fp({"a": 1}), perform=write, keep=keep_success)
    with pytest.raises(KeyReused) as caught:
        run_once(user=user, key=KEY, fingerprint=other, perform=write, keep=keep_success)
    assert caught.value.record.response_body == {"status": 201, "id": 1}
    assert write.runs == 1
    assert IdempotencyRecord.objects.count() == 1


def test_a_key_is_per_user(an_bien):
    one, other = OfficerFactory(ward=an_bien), OfficerFactory(ward=an_bien)
    write = Writes()
    run_once(user=one, key=KEY, fingerprint=fp({"a": 1}), perform=write, keep=keep_success)
    second = run_once(user=other, key=KEY, fingerprint=fp({"a": 2}), perform=write, keep=keep_success)
    assert second == {"status": 201, "id": 2}  # not a replay of the first user's, nor a 422
    assert write.runs == 2
    assert IdempotencyRecord.objects.filter(key=KEY).count() == 2


def test_a_refusal_keeps_no_record_so_the_corrected_entry_may_reuse_the_key(an_bien):
    user = OfficerFactory(ward=an_bien)
    refused = Writes(status=400)
    assert run_once(user=user, key=KEY, fingerprint=fp({"a": -1}), perform=refused, keep=keep_success)["status"] == 400
    assert not IdempotencyRecord.objects.exists()
    fixed = run_once(user=user, key=KEY, fingerprint=fp({"a": 1}), perform=Writes(), keep=keep_success)
    assert fixed["status"] == 201 and IdempotencyRecord.objects.count() == 1


def test_an_exception_in_the_write_rolls_back_its_record(an_bien):
    user = OfficerFactory(ward=an_bien)

    def fails():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        run_once(user=user, key=KEY, fingerprint=fp({"a": 1}), perform=fails, keep=keep_success)
    assert not IdempotencyRecord.objects.exists()


def test_the_database_holds_one_record_per_user_and_key(an_bien):
    user = OfficerFactory(ward=an_bien)
    fields = {"user": user, "key": KEY, "request_method": "POST", "request_path": "/", "request_hash": "0" * 64}
    IdempotencyRecord.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        IdempotencyRecord.objects.create(**fields)


@pytest.mark.parametrize("key", ["", "a" * 101, "two words", "ключ", "a/b", "<script>"])
def test_a_malformed_key_is_refused_by_the_model_and_the_helper(an_bien, key):
    assert not idempotency.is_valid_key(key)
    record = IdempotencyRecord(
        user=OfficerFactory(ward=an_bien), key=key, request_method="POST", request_path="/", request_hash="0" * 64
    )
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    assert "key" in caught.value.message_dict


@pytest.mark.parametrize("key", [KEY, "a", "A" * 100, "offline:2026-12-01T07:00:00.123Z", "k_1.2-3"])
def test_well_formed_keys(key):
    assert idempotency.is_valid_key(key)


# ---- the sweep -----------------------------------------------------------------------------------


def _record(user, key, age_days):
    return IdempotencyRecord.objects.create(
        user=user, key=key, request_method="POST", request_path="/", request_hash="0" * 64,
        created_at=timezone.now() - datetime.timedelta(days=age_days),
    )  # fmt: skip


def test_the_sweep_deletes_only_records_older_than_the_ttl(an_bien):
    assert settings.IDEMPOTENCY_TTL_DAYS == 7
    user = OfficerFactory(ward=an_bien)
    _record(user, "new", 0)
    _record(user, "six-days", 6.9)
    _record(user, "eight-days", 8)
    _record(user, "a-month", 30)
    assert sweep_idempotency_records.apply().get() == 2
    assert set(IdempotencyRecord.objects.values_list("key", flat=True)) == {"new", "six-days"}


def test_the_sweep_is_in_the_beat_schedule():
    entry = app.conf.beat_schedule["core-sweep-idempotency-records"]
    assert entry["task"] == sweep_idempotency_records.name


@pytest.mark.parametrize(("value", "days"), [("1", 7), ("30", 30)])
def test_the_ttl_is_read_from_the_environment_and_never_below_seven_days(value, days):
    code = "from django.conf import settings; print(settings.IDEMPOTENCY_TTL_DAYS)"
    env = {**os.environ, "DEBUG": "1", "IDEMPOTENCY_TTL_DAYS": value, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == str(days), result.stderr


# ---- the schema and the admin --------------------------------------------------------------------


def test_the_schema_documents_the_header_on_posts_only(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    def header_on(path, method):
        return any(p["name"] == "Idempotency-Key" for p in schema["paths"][path][method].get("parameters", []))

    for path in ("/api/v1/reports/", "/api/v1/stock-movements/", "/api/v1/inspections/", "/api/v1/establishments/"):
        assert header_on(path, "post"), path
        assert not header_on(path, "get"), path
    assert header_on("/api/v1/stock-transfers/{id}/acknowledge/", "post")


def test_administrators_read_the_records_in_the_admin_and_change_nothing(an_bien):
    record = _record(OfficerFactory(ward=an_bien), KEY, 0)
    admin = Client()
    admin.force_login(AdminFactory())
    assert admin.get("/admin/core/idempotencyrecord/").status_code == 200
    page = admin.get(f"/admin/core/idempotencyrecord/{record.pk}/change/")
    assert page.status_code == 200 and KEY in page.content.decode()
    assert admin.get("/admin/core/idempotencyrecord/add/").status_code == 403
    assert admin.post(f"/admin/core/idempotencyrecord/{record.pk}/delete/", {"post": "yes"}).status_code == 403
    assert IdempotencyRecord.objects.filter(pk=record.pk).exists()


def test_a_copy_that_looked_before_the_first_committed_replays_from_the_constraint(an_bien, monkeypatch):
    """The race: both copies found no record, the first wrote; the second's insert hits the constraint."""
    user = OfficerFactory(ward=an_bien)
    write = Writes()
    first = run_once(user=user, key=KEY, fingerprint=fp({"a": 1}), perform=write, keep=keep_success)
    looked = []
    real_stored = idempotency._stored

    def stored_late(*args):
        looked.append(args)
        return None if len(looked) == 1 else real_stored(*args)  # the first look is before the commit

    monkeypatch.setattr(idempotency, "_stored", stored_late)
    again = run_once(user=user, key=KEY, fingerprint=fp({"a": 1}), perform=write, keep=keep_success)
    assert isinstance(again, Replay) and again.record.response_body == first
    assert write.runs == 1 and len(looked) == 2
    assert IdempotencyRecord.objects.count() == 1
