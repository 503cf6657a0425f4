"""A cache that is down costs speed only: token logins, page logins, pages and the dashboard go on.

The cache here is the production backend pointed at a port where nothing listens (connection
refused at once), the state a Redis crash leaves behind.
"""

import socket
from unittest import mock

import pytest
from django.core.cache import cache, caches
from django.test import override_settings
from django.urls import reverse

from core import cache as core_cache
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: nothing listens there


@pytest.fixture
def cache_down():
    location = f"redis://127.0.0.1:{_closed_port()}/0"
    backend = {
        "BACKEND": "core.cache.ForgivingRedisCache",
        "LOCATION": location,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    with override_settings(CACHES={"default": backend}):
        yield caches["default"]


def test_token_login_answers_200_with_the_cache_down(cache_down, client, officer_an_bien):
    response = client.post("/api/v1/auth/token/", {"username": officer_an_bien.username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    assert response.json()["token"]


def test_login_page_and_login_work_with_the_cache_down(cache_down, client, officer_an_bien):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": officer_an_bien.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # the home page and its menu


def test_dashboard_works_with_the_cache_down(cache_down, committee_client, le_chan):
    response = committee_client.get(reverse("summary:dashboard"))
    assert response.status_code == 200


def test_api_lists_work_with_the_cache_down(cache_down, officer_api):
    assert officer_api.get("/api/v1/wards/").status_code == 200


def test_an_unreachable_cache_reads_as_empty_and_forgets_writes(cache_down):
    assert cache_down.get("k", "default") == "default"
    cache_down.set("k", 1)
    assert cache_down.add("k", 1) is False
    assert cache_down.get_many(["k"]) == {}
    with pytest.raises(ValueError):
        cache_down.incr("k")  # like a missing key: callers already handle that


def test_after_a_failure_the_cache_is_not_tried_again_for_a_while(cache_down):
    cache_down.get("k")
    assert cache_down.is_down
    with mock.patch("django.core.cache.backends.redis.RedisCacheClient.get") as tried:
        cache_down.get("k")
        cache_down.get("other")
    tried.assert_not_called()  # no connect timeout paid per call during an outage


def test_one_warning_per_outage(cache_down):
    with mock.patch.object(core_cache.logger, "warning") as warned:
        for _ in range(3):
            cache_down.get("k")
    assert warned.call_count == 1


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="needs the Redis at 127.0.0.1:6379")
def test_a_cache_that_comes_back_is_used_again(monkeypatch):
    backend = {"BACKEND": "core.cache.ForgivingRedisCache", "LOCATION": "redis://127.0.0.1:6379/9"}
    with override_settings(CACHES={"default": backend}):
        live = caches["default"]
        monkeypatch.setattr(core_cache, "RETRY_AFTER", 0.0)
        with mock.patch("django.core.cache.backends.redis.RedisCacheClient.get", side_effect=ConnectionError):
            assert live.get("pcd-test-key") is None
        assert live.is_down is False  # RETRY_AFTER passed: the next call tries Redis again
        live.set("pcd-test-key", 42, 30)
        assert live.get("pcd-test-key") == 42
        live.delete("pcd-test-key")
    assert cache is not None
