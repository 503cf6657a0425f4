"""/healthz/: JSON with the database and broker state; 200 when the database answers."""

import datetime
import socket
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from reports.models import Indicator, ReportDeadline
from reports.seed import load_defaults
from reports.summary.services import summary_compile

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_reports_database_ok_with_200(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] in ("sqlite", "postgresql")
    assert "time" in body


def test_healthz_needs_no_login(client, settings):
    settings.CELERY_BROKER_URL = ""
    assert client.get("/healthz/").status_code == 200


def test_healthz_reports_eager_broker_when_none_is_configured(client, settings):
    settings.CELERY_BROKER_URL = ""
    assert client.get("/healthz/").json()["broker"]["status"] == "eager"


@pytest.mark.parametrize("scheme", ["redis", "amqp"])
def test_healthz_reports_an_unreachable_broker_without_failing(client, settings, scheme):
    settings.CELERY_BROKER_URL = f"{scheme}://127.0.0.1:{closed_port()}/0"
    response = client.get("/healthz/")
    assert response.status_code == 200  # the database answers; the broker's state is information
    body = response.json()
    assert body["status"] == "ok"
    assert body["broker"]["status"] == "error"
    assert body["broker"]["detail"]
    # No URL, password or host in the public answer.
    assert "127.0.0.1" not in response.content.decode()


def test_healthz_reports_a_reachable_redis_broker(client, settings):
    url = "redis://127.0.0.1:6379/8"
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CELERY_BROKER_URL = url
    assert client.get("/healthz/").json()["broker"] == {"status": "ok"}


def test_healthz_returns_503_when_the_database_does_not_answer(client, settings):
    settings.CELERY_BROKER_URL = ""
    broken = mock.MagicMock()
    broken.__enter__.return_value.execute.side_effect = OperationalError("connection refused")
    with mock.patch("core.health.connection.cursor", return_value=broken):
        response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == {"status": "error", "detail": "OperationalError"}
    assert body["broker"]["status"] == "eager"


def test_healthz_reports_no_summary_before_the_first_compile(client, settings):
    settings.CELERY_BROKER_URL = ""
    assert client.get("/healthz/").json()["summary"] == {"last_compiled_at": None, "age_seconds": None}


def test_healthz_reports_the_age_of_the_last_compiled_summary(client, settings, le_chan, django_assert_num_queries):

    settings.CELERY_BROKER_URL = ""
    load_defaults(Indicator, ReportDeadline)
    compiled = timezone.make_aware(datetime.datetime(2020, 3, 17, 16, 5))
    for minutes_later, day in ((0, datetime.date(2020, 3, 16)), (10, datetime.date(2020, 3, 17))):
        with mock.patch("django.utils.timezone.now", return_value=compiled + datetime.timedelta(minutes=minutes_later)):
            summary_compile(district_id=le_chan.pk, kind="daily", period_start=day)
    with (
        mock.patch("django.utils.timezone.now", return_value=compiled + datetime.timedelta(minutes=25)),
        django_assert_num_queries(2),  # SELECT 1 and one Max() over the summaries
    ):
        response = client.get("/healthz/")
    assert response.status_code == 200
    summary = response.json()["summary"]
    assert datetime.datetime.fromisoformat(summary["last_compiled_at"]) == compiled + datetime.timedelta(minutes=10)
    assert summary["age_seconds"] == 15 * 60


def test_healthz_leaves_the_summary_empty_when_the_database_does_not_answer(client, settings):
    settings.CELERY_BROKER_URL = ""
    broken = mock.MagicMock()
    broken.__enter__.return_value.execute.side_effect = OperationalError("connection refused")
    with mock.patch("core.health.connection.cursor", return_value=broken):
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["summary"] == {"last_compiled_at": None, "age_seconds": None}
