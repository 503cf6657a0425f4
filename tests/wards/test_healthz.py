"""/healthz/: JSON with the database and broker state; 200 when the database answers."""

import socket
from unittest import mock

import pytest
from django.db import OperationalError

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
    with mock.patch("wards.views.connection.cursor", return_value=broken):
        response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == {"status": "error", "detail": "OperationalError"}
    assert body["broker"]["status"] == "eager"
