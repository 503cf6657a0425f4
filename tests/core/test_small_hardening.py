"""Smaller hardening: Retry-After on the login lockout, the language cookie's flags, CSV times in
local time, and a timed-out request named in the log."""

import csv
import datetime
import io
import json
import runpy
from pathlib import Path
from unittest import mock

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from config import settings as project_settings
from core import middleware
from core.exports import csv_response

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_the_login_lockout_says_when_to_try_again(client, officer_an_bien, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    for _ in range(2):
        response = client.post("/accounts/login/", {"username": officer_an_bien.username, "password": "sai"})
    assert response.status_code == 429
    assert response["Retry-After"] == "1800"
    assert "30" in response.content.decode()  # the page says the minutes too


def test_the_language_cookie_is_samesite_httponly_and_secure_in_production(settings, db):
    settings.LANGUAGE_COOKIE_SECURE = True  # what DEBUG off sets (SECURE_COOKIES)
    response = Client().post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["samesite"] == "Lax" and cookie["httponly"] and cookie["secure"]


def test_production_settings_mark_the_language_cookie_secure():
    assert project_settings.LANGUAGE_COOKIE_SAMESITE == "Lax"
    assert project_settings.LANGUAGE_COOKIE_SECURE is not project_settings.DEBUG


def test_csv_times_are_local_and_to_the_second():
    utc = datetime.datetime(2020, 3, 17, 9, 5, 9, 123456, tzinfo=datetime.UTC)
    response = csv_response("x.csv", ["at"], [[utc]])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ["2020-03-17 16:05:09"]  # Asia/Ho_Chi_Minh, as the pages show it


def test_the_ledger_csv_shows_local_times(committee_client, le_chan, district_admin):
    from supplies import services  # noqa: PLC0415 - a supplies fixture-free setup for one core test
    from supplies.models import SupplyItem  # noqa: PLC0415
    from supplies.seed import load_items  # noqa: PLC0415

    masks = load_items(SupplyItem)["mask-medical"]
    at = datetime.datetime(2020, 3, 17, 9, 5, 9, 654321, tzinfo=datetime.UTC)
    services.stock_receive(
        item=masks, holder=services.district_store(le_chan), quantity=10, user=district_admin, source="Sở Y tế", at=at
    )
    response = committee_client.get("/supplies/ledger.csv")
    text = response.content.decode("utf-8-sig")
    assert "2020-03-17 16:05:09" in text
    assert "09:05:09" not in text and "654321" not in text


def test_a_request_in_flight_is_registered_and_forgotten():
    seen = {}

    def view(request):
        seen["during"] = middleware.requests_in_flight()
        from django.http import HttpResponse  # noqa: PLC0415

        return HttpResponse("ok")

    request = RequestFactory().get("/reports/today/", HTTP_X_REQUEST_ID="abc123")
    middleware.RequestIdMiddleware(view)(request)
    assert [(r["request_id"], r["path"], r["method"]) for r in seen["during"]] == [("abc123", "/reports/today/", "GET")]
    assert middleware.requests_in_flight() == []


def test_gunicorns_timeout_hook_logs_the_path_and_request_id():
    conf = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    worker = mock.Mock()
    with mock.patch.object(
        middleware,
        "_in_flight",
        {1: {"request_id": "req-42", "method": "POST", "path": "/inspections/import/", "started": 0.0}},
    ):
        conf["worker_abort"](worker)
    line = json.loads(worker.log.access_log.error.call_args.args[0])
    assert line["path"] == "/inspections/import/" and line["request_id"] == "req-42" and line["method"] == "POST"
    assert timezone.now()  # the hook never needs the database
