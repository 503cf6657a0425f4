"""Login brute-force protection (django-axes): lockout per username+address, the lockout page, unlock."""

import datetime
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOKEN_URL = "/api/v1/auth/token/"
LIMIT = 3


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def login(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address="203.0.113.7"):
    return [login(client, username, "wrong-password", address).status_code for _ in range(times)]


def test_wrong_passwords_below_the_limit_show_the_form_error(client, officer_an_bien):
    assert fail(client, officer_an_bien.username, LIMIT - 1) == [200] * (LIMIT - 1)
    response = login(client, officer_an_bien.username, PASSWORD)
    assert response.status_code == 302  # still allowed in, and the failures are forgotten
    assert not AccessAttempt.objects.filter(username=officer_an_bien.username).exists()


def test_the_limit_th_failure_locks_out_with_a_translated_page(client, officer_an_bien):
    codes = fail(client, officer_an_bien.username, LIMIT)
    assert codes == [200] * (LIMIT - 1) + [429]
    response = login(client, officer_an_bien.username, "wrong-password")
    assert response.status_code == 429
    assert "security/lockout.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert '<html lang="vi">' in html
    with override("vi"):  # Vietnamese, the default language
        assert gettext("Too many failed logins") in html
    assert 'data-testid="lockout"' in html
    assert " 30 " in html  # the cool-off in minutes


def test_the_right_password_is_refused_while_locked_out(client, officer_an_bien):
    fail(client, officer_an_bien.username, LIMIT)
    response = login(client, officer_an_bien.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client, officer_an_bien, officer_cat_dai):
    fail(client, officer_an_bien.username, LIMIT)
    # The same person from another address, and another person from the same address, get in.
    assert login(client, officer_an_bien.username, PASSWORD, address="198.51.100.9").status_code == 302
    client.logout()
    assert login(client, officer_cat_dai.username, PASSWORD).status_code == 302


def test_lockout_ends_after_the_cool_off(client, officer_an_bien, settings):
    fail(client, officer_an_bien.username, LIMIT)
    later = timezone.now() + settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1)
    # django-axes stamps attempts with its own reference to timezone.now.
    with mock.patch("axes.handlers.proxy.now", return_value=later):
        assert login(client, officer_an_bien.username, PASSWORD).status_code == 302


def test_administrator_unlocks_with_the_management_command(client, officer_an_bien):
    fail(client, officer_an_bien.username, LIMIT)
    call_command("axes_reset_username", officer_an_bien.username, stdout=mock.Mock())
    assert login(client, officer_an_bien.username, PASSWORD).status_code == 302


def test_administrator_unlocks_in_the_admin(client, officer_an_bien, district_admin):
    fail(client, officer_an_bien.username, LIMIT)
    attempt = AccessAttempt.objects.get(username=officer_an_bien.username)
    client.force_login(district_admin)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert officer_an_bien.username in client.get(changelist).content.decode()
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert login(client, officer_an_bien.username, PASSWORD).status_code == 302


def test_the_admin_login_is_covered_too(client, district_admin):
    admin_login = reverse("admin:login")
    for _ in range(LIMIT):
        response = client.post(admin_login, {"username": district_admin.username, "password": "nope"})
    assert response.status_code == 429


# ---- The API token endpoint ---------------------------------------------------------------------


def post_token(api, username, password, address="203.0.113.7"):
    return api.post(TOKEN_URL, {"username": username, "password": password}, format="json", REMOTE_ADDR=address)


def test_token_endpoint_locks_out_with_a_json_429(anon_api, officer_an_bien, settings):
    codes = [post_token(anon_api, officer_an_bien.username, "wrong").status_code for _ in range(LIMIT)]
    assert codes == [400] * (LIMIT - 1) + [429]
    response = post_token(anon_api, officer_an_bien.username, PASSWORD)
    assert response.status_code == 429
    body = response.json()
    assert body["failure_limit"] == LIMIT
    assert body["cooloff_seconds"] == int(settings.AXES_COOLOFF_TIME.total_seconds())
    with override("vi"):  # translated (Vietnamese by default)
        assert body["detail"] == gettext(
            "Too many failed logins: this account is locked for this address. "
            "Try again later or ask the district administrator to unlock it."
        )
    assert response["Retry-After"] == str(body["cooloff_seconds"])


def test_token_endpoint_and_login_page_share_the_failure_count(client, anon_api, officer_an_bien):
    fail(client, officer_an_bien.username, LIMIT - 1)
    assert post_token(anon_api, officer_an_bien.username, "wrong").status_code == 429
    assert login(client, officer_an_bien.username, PASSWORD).status_code == 429


def test_token_endpoint_unlocked_by_the_command(anon_api, officer_an_bien):
    for _ in range(LIMIT):
        post_token(anon_api, officer_an_bien.username, "wrong")
    call_command("axes_reset_username", officer_an_bien.username, stdout=mock.Mock())
    response = post_token(anon_api, officer_an_bien.username, PASSWORD)
    assert response.status_code == 200
    assert response.json()["token"]


def test_lockout_is_keyed_on_username_and_address_with_a_30_minute_cool_off(settings):
    cooloff = settings.AXES_COOLOFF_TIME
    assert cooloff == datetime.timedelta(minutes=30)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
