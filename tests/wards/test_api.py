"""The REST API of the foundation: token auth, wards per role, pagination, schema and docs."""

import datetime
import re

import pytest
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from tests.factories import PASSWORD
from wards.models import Ward, WardCommittee
from wards.seed import LE_CHAN_WARDS

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
WARDS_URL = "/api/v1/wards/"


def t(msgid: str) -> str:
    with translation.override("vi"):
        return translation.gettext(msgid)


# ---- Token auth -------------------------------------------------------------------------------


def test_token_endpoint_returns_a_token_for_good_credentials(anon_api, officer_an_bien):
    response = anon_api.post(TOKEN_URL, {"username": officer_an_bien.username, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=officer_an_bien).key}


def test_token_endpoint_returns_the_same_token_twice(anon_api, officer_an_bien):
    body = {"username": officer_an_bien.username, "password": PASSWORD}
    first = anon_api.post(TOKEN_URL, body, format="json").json()["token"]
    assert anon_api.post(TOKEN_URL, body, format="json").json()["token"] == first


def test_token_endpoint_accepts_form_data(anon_api, officer_an_bien):
    response = anon_api.post(
        TOKEN_URL, {"username": officer_an_bien.username, "password": PASSWORD}, format="multipart"
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("username", "password"),
    [("officer.an-bien.test", "wrong-password"), ("nobody-here", PASSWORD)],
    ids=["wrong-password", "unknown-user"],
)
def test_token_endpoint_refuses_bad_credentials_without_a_hint(anon_api, officer_an_bien, username, password):
    response = anon_api.post(TOKEN_URL, {"username": username, "password": password}, format="json")
    assert response.status_code == 400
    # One message for both cases, not tied to the username or password field.
    assert response.json() == {"non_field_errors": [t("The username or password is not correct.")]}
    assert not Token.objects.exists()


def test_token_endpoint_refuses_an_inactive_user(anon_api, officer_an_bien):
    officer_an_bien.is_active = False
    officer_an_bien.save()
    response = anon_api.post(TOKEN_URL, {"username": officer_an_bien.username, "password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [t("The username or password is not correct.")]}


def test_token_endpoint_requires_both_fields(anon_api):
    response = anon_api.post(TOKEN_URL, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_token_authenticates_api_requests(anon_api, officer_an_bien, an_bien):
    key = anon_api.post(TOKEN_URL, {"username": officer_an_bien.username, "password": PASSWORD}, format="json").json()[
        "token"
    ]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get(WARDS_URL)
    assert response.status_code == 200
    assert [w["code"] for w in response.json()["results"]] == ["an-bien"]


def test_a_wrong_token_is_refused(officer_an_bien):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api.get(WARDS_URL)
    # 403 while SessionAuthentication is listed first in REST_FRAMEWORK, 401 with token first.
    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_token_endpoint_is_rate_limited(anon_api, settings):
    rates = {**ScopedRateThrottle.THROTTLE_RATES, "auth-token": "3/min"}
    ScopedRateThrottle.THROTTLE_RATES, saved = rates, ScopedRateThrottle.THROTTLE_RATES
    try:
        codes = [
            anon_api.post(TOKEN_URL, {"username": "x", "password": "y"}, format="json").status_code for _ in range(4)
        ]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = saved
    assert codes == [400, 400, 400, 429]


# ---- Wards per role ---------------------------------------------------------------------------


def test_officer_lists_only_own_ward(officer_api):
    response = officer_api.get(WARDS_URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [w["code"] for w in body["results"]] == ["an-bien"]


def test_officer_reads_own_ward_detail(officer_api, an_bien):
    response = officer_api.get(f"{WARDS_URL}{an_bien.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "An Biên"
    assert body["district"] == "le-chan" and body["district_name"] == "Lê Chân"
    assert set(body["committee"]) == {
        "head_name",
        "deputy_name",
        "phone",
        "established_on",
        "plan_reference",
        "has_plan",
    }


def test_officer_of_an_bien_gets_404_for_cat_dai(officer_api, cat_dai):
    response = officer_api.get(f"{WARDS_URL}{cat_dai.pk}/")
    assert response.status_code == 404
    assert "Cát Dài" not in response.content.decode()


def test_officer_cannot_find_another_ward_by_filter(officer_api):
    response = officer_api.get(WARDS_URL, {"code": "cat-dai"})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_officer_of_cat_dai_sees_cat_dai_only(other_officer_api, an_bien):
    assert [w["code"] for w in other_officer_api.get(WARDS_URL).json()["results"]] == ["cat-dai"]
    assert other_officer_api.get(f"{WARDS_URL}{an_bien.pk}/").status_code == 404


@pytest.mark.parametrize("role", ["committee", "admin"])
def test_committee_and_admin_list_all_fifteen_wards(api_client_for, role):
    body = api_client_for(role).get(WARDS_URL).json()
    assert body["count"] == 15
    assert {w["code"]: w["name"] for w in body["results"]} == dict(LE_CHAN_WARDS)


@pytest.mark.parametrize("role", ["committee", "admin"])
def test_committee_and_admin_read_any_ward(api_client_for, role, cat_dai):
    response = api_client_for(role).get(f"{WARDS_URL}{cat_dai.pk}/")
    assert response.status_code == 200
    assert response.json()["name"] == "Cát Dài"


def test_wards_filter_by_code(committee_api):
    body = committee_api.get(WARDS_URL, {"code": "cat-dai"}).json()
    assert [w["name"] for w in body["results"]] == ["Cát Dài"]


@pytest.mark.parametrize("role", ["officer", "committee", "admin"])
def test_wards_api_is_read_only(api_client_for, role, an_bien):
    api = api_client_for(role)
    assert api.post(WARDS_URL, {"code": "x", "name": "X"}, format="json").status_code == 405
    assert api.patch(f"{WARDS_URL}{an_bien.pk}/", {"name": "X"}, format="json").status_code == 405
    assert api.delete(f"{WARDS_URL}{an_bien.pk}/").status_code == 405


@pytest.mark.parametrize("url", [WARDS_URL, f"{WARDS_URL}1/", "/api/v1/"])
def test_anonymous_gets_no_api_data(anon_api, url, le_chan):
    response = anon_api.get(url)
    assert response.status_code in (401, 403)
    assert "An Biên" not in response.content.decode()


def test_session_login_works_for_the_api(client, officer_an_bien):
    client.force_login(officer_an_bien)
    response = client.get(WARDS_URL)
    assert response.status_code == 200
    assert response.json()["count"] == 1


# ---- Pagination -------------------------------------------------------------------------------


def test_wards_list_is_paginated(committee_api):
    body = committee_api.get(WARDS_URL, {"page_size": 10}).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 15 and len(body["results"]) == 10
    assert body["previous"] is None and "page=2" in body["next"]
    second = committee_api.get(body["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None
    names = [w["name"] for w in body["results"] + second["results"]]
    assert sorted(names) == sorted(name for _code, name in LE_CHAN_WARDS)


def test_wards_list_runs_a_constant_number_of_queries(committee_api, le_chan, django_assert_max_num_queries):

    wards = Ward.objects.bulk_create(
        Ward(district=le_chan, code=f"extra-{i}", name=f"Phường {i}", active_from=datetime.date(2020, 1, 22))
        for i in range(135)
    )
    WardCommittee.objects.bulk_create(WardCommittee(ward=w) for w in wards)
    with django_assert_max_num_queries(3):
        body = committee_api.get(WARDS_URL, {"page_size": 500}).json()
    assert len(body["results"]) == 150


# ---- Schema and docs --------------------------------------------------------------------------


def test_openapi_schema_is_served(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/wards/" in schema["paths"]
    assert "/api/v1/wards/{id}/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/auth/token/"]
    security_schemes = schema["components"]["securitySchemes"]
    assert {"cookieAuth", "tokenAuth"} <= set(security_schemes)


def test_api_docs_page_renders_without_cdn(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html.lower()
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
    # The schema URL is in the page, or in its start-up script (a separate request under the CSP).
    if "/api/schema/" not in html:
        script_url = re.search(r'<script src="(/api/docs/\?script=[^"]*)"', html).group(1)
        script = client.get(script_url)
        assert script.status_code == 200
        assert "/api/schema/" in script.content.decode()
