"""Sessions end after inactivity, the client address behind proxies, and request body limits."""

import datetime
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.test import RequestFactory
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.middleware import SESSION_REFRESHED_AT, client_ip

pytestmark = pytest.mark.django_db

HOME = "/"


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_sessions_last_two_hours_of_inactivity_by_default(settings):
    assert settings.SESSION_COOKIE_AGE == 2 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_REFRESH_INTERVAL == 60


def test_activity_pushes_the_expiry_forward(officer_client):
    assert officer_client.get(HOME).status_code == 200
    first_expiry = session_row(officer_client).expire_date
    # Ten minutes later the user is still working: the session now ends two hours after that.
    later = timezone.now() + datetime.timedelta(minutes=10)
    with (
        mock.patch("time.time", return_value=later.timestamp()),
        mock.patch("django.utils.timezone.now", return_value=later),
    ):
        response = officer_client.get(HOME)
    assert response.status_code == 200
    assert session_row(officer_client).expire_date >= first_expiry + datetime.timedelta(minutes=9)
    assert response.cookies["sessionid"]["max-age"] == 2 * 3600


def test_requests_within_the_refresh_interval_do_not_write_the_session(officer_client):
    officer_client.get(HOME)  # stamps the session
    stamped = officer_client.session[SESSION_REFRESHED_AT]
    response = officer_client.get(HOME)
    assert "sessionid" not in response.cookies  # not re-saved
    assert officer_client.session[SESSION_REFRESHED_AT] == stamped


def test_an_idle_session_is_logged_out_after_two_hours(officer_client):
    assert officer_client.get(HOME).status_code == 200
    idle = timezone.now() + datetime.timedelta(hours=2, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=idle):
        response = officer_client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_token_api_requests_do_not_touch_sessions(officer_an_bien):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer_an_bien).key}")
    response = api.get("/api/v1/wards/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()


# ---- Client address (login lockout and throttles) ---------------------------------------------


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.5"),  # no trusted proxy: the header is the client's own claim
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # a forged first entry is ignored
        (2, "198.51.100.1, 172.16.0.2", "198.51.100.1"),
        (3, "198.51.100.1", "198.51.100.1"),  # fewer entries than proxies: the leftmost
        (1, "", "10.0.0.5"),
    ],
)
def test_client_address_behind_trusted_proxies(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


# ---- Upload and body limits -----------------------------------------------------------------------


def test_upload_limits_default_to_five_megabytes(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024


def test_a_form_body_over_the_limit_is_refused(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    big = "x" * (1024 * 1024 + 1)
    response = client.post("/accounts/login/", {"username": "someone", "password": big})
    assert response.status_code == 400


def test_a_form_body_under_the_limit_is_read(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    response = client.post("/accounts/login/", {"username": "someone", "password": "x" * 1000})
    assert response.status_code == 200  # the form, with its "not correct" error
    assert response.context["form"].errors
