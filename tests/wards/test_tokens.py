"""API tokens: rotate and revoke one's own, administrators revoke anyone's, the obtain endpoint's throttle."""

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
ROTATE_URL = "/api/v1/auth/token/rotate/"
REVOKE_URL = "/api/v1/auth/token/revoke/"
WARDS_URL = "/api/v1/wards/"
# Not authenticated: 403 while SessionAuthentication is first in REST_FRAMEWORK, 401 with token first.
REFUSED = (401, 403)


def admin_revoke_url(user_id: int) -> str:
    return f"/api/v1/auth/tokens/{user_id}/revoke/"


def token_client(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


@pytest.fixture
def officer_token(officer_an_bien):
    return Token.objects.create(user=officer_an_bien).key


def test_rotate_gives_a_new_key_and_the_old_one_stops_working(officer_token):
    response = token_client(officer_token).post(ROTATE_URL)
    assert response.status_code == 200
    new = response.json()["token"]
    assert new != officer_token
    assert token_client(officer_token).get(WARDS_URL).status_code in REFUSED
    assert token_client(new).get(WARDS_URL).status_code == 200


def test_rotate_creates_a_token_for_a_session_user_without_one(officer_api, officer_an_bien):
    response = officer_api.post(ROTATE_URL)
    assert response.status_code == 200
    assert Token.objects.get(user=officer_an_bien).key == response.json()["token"]


def test_revoke_deletes_the_callers_token(officer_token, officer_an_bien):
    api = token_client(officer_token)
    assert api.post(REVOKE_URL).status_code == 204
    assert not Token.objects.filter(user=officer_an_bien).exists()
    assert api.get(WARDS_URL).status_code in REFUSED


def test_revoke_and_rotate_need_a_signed_in_user(anon_api):
    assert anon_api.post(REVOKE_URL).status_code in REFUSED
    assert anon_api.post(ROTATE_URL).status_code in REFUSED


def test_revoking_only_touches_the_callers_own_token(officer_token, officer_cat_dai):
    other = Token.objects.create(user=officer_cat_dai).key
    token_client(officer_token).post(REVOKE_URL)
    assert token_client(other).get(WARDS_URL).status_code == 200


def test_administrator_revokes_anyones_token(admin_api, officer_an_bien, officer_token):
    response = admin_api.post(admin_revoke_url(officer_an_bien.pk))
    assert response.status_code == 204
    assert token_client(officer_token).get(WARDS_URL).status_code in REFUSED
    # Revoking again (no token any more) is harmless.
    assert admin_api.post(admin_revoke_url(officer_an_bien.pk)).status_code == 204


def test_administrator_revoking_an_unknown_user_gets_404(admin_api):
    assert admin_api.post(admin_revoke_url(999_999)).status_code == 404


@pytest.mark.parametrize("persona", ["other_officer_api", "committee_api"])
def test_only_administrators_revoke_other_peoples_tokens(request, persona, officer_an_bien, officer_token):
    api = request.getfixturevalue(persona)
    assert api.post(admin_revoke_url(officer_an_bien.pk)).status_code == 403
    assert Token.objects.filter(key=officer_token).exists()


def test_anonymous_cannot_revoke_other_peoples_tokens(anon_api, officer_an_bien, officer_token):
    assert anon_api.post(admin_revoke_url(officer_an_bien.pk)).status_code in REFUSED
    assert Token.objects.filter(key=officer_token).exists()


def test_administrator_deletes_a_token_in_the_admin(admin_client_, officer_an_bien, officer_token):
    # DRF's token admin lists tokens by user id and deletes one from its page (no bulk actions).
    delete_url = f"/admin/authtoken/tokenproxy/{officer_an_bien.pk}/delete/"
    assert admin_client_.get(delete_url).status_code == 200
    response = admin_client_.post(delete_url, {"post": "yes"})
    assert response.status_code == 302
    assert not Token.objects.filter(key=officer_token).exists()


def test_token_endpoint_is_throttled_even_with_good_credentials(anon_api, officer_an_bien, monkeypatch):
    # Good credentials never trip the login lockout: the 429 here is the rate limit.
    monkeypatch.setattr(
        ScopedRateThrottle, "THROTTLE_RATES", {**ScopedRateThrottle.THROTTLE_RATES, "auth-token": "3/min"}
    )
    body = {"username": officer_an_bien.username, "password": PASSWORD}
    responses = [anon_api.post(TOKEN_URL, body, format="json") for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert int(responses[-1]["Retry-After"]) > 0
    assert "failure_limit" not in responses[-1].json()  # not the lockout answer


def test_token_endpoint_throttle_is_per_client_address(anon_api, officer_an_bien, monkeypatch):
    monkeypatch.setattr(
        ScopedRateThrottle, "THROTTLE_RATES", {**ScopedRateThrottle.THROTTLE_RATES, "auth-token": "1/min"}
    )
    body = {"username": officer_an_bien.username, "password": PASSWORD}
    assert anon_api.post(TOKEN_URL, body, format="json", REMOTE_ADDR="203.0.113.1").status_code == 200
    assert anon_api.post(TOKEN_URL, body, format="json", REMOTE_ADDR="203.0.113.1").status_code == 429
    assert anon_api.post(TOKEN_URL, body, format="json", REMOTE_ADDR="203.0.113.2").status_code == 200


def test_default_token_rate_is_twenty_a_minute():
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth-token"] == "20/min"
