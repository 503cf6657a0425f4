"""Changing one's password: tokens revoked, wrong old passwords locked out like the login, audited."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD
from wards.models import User

pytestmark = pytest.mark.django_db

NEW = "Mật-khẩu-mới-2020!"
URL = "/accounts/password/"


def _change(client, old=PASSWORD, new=NEW):
    return client.post(URL, {"old_password": old, "new_password1": new, "new_password2": new})


def test_a_password_change_revokes_the_users_api_token_and_says_so(officer_client, officer_an_bien):
    key = Token.objects.create(user=officer_an_bien).key
    response = _change(officer_client)
    assert response.status_code == 302
    assert not Token.objects.filter(user=officer_an_bien).exists()
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/reports/").status_code == 401  # the old token no longer works
    page = officer_client.get(response.url).content.decode()
    assert "API" in page  # the message tells the user their token was revoked


def test_the_page_warns_before_the_change_that_tokens_stop_working(officer_client):
    html = officer_client.get(URL).content.decode()
    assert "API" in html


def test_other_users_tokens_are_kept(officer_client, officer_cat_dai):
    Token.objects.create(user=officer_cat_dai)
    _change(officer_client)
    assert Token.objects.filter(user=officer_cat_dai).exists()


def test_a_password_change_is_in_the_audit_trail_without_the_password(officer_client, officer_an_bien):
    before = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _change(officer_client)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_pk=str(officer_an_bien.pk), pk__gt=before
    )
    changed = [e for e in entries if "password" in (e.changes_dict or {})]
    assert len(changed) == 1, [(e.changes, e.additional_data) for e in changed]
    assert changed[0].actor == officer_an_bien
    stored = User.objects.get(pk=officer_an_bien.pk).password
    assert stored not in str(changed[0].changes) and NEW not in str(changed[0].changes)


def test_wrong_old_passwords_lock_the_form_like_the_login(settings, officer_an_bien):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    client.force_login(officer_an_bien)
    for _ in range(2):
        response = _change(client, old="sai-mat-khau")
        assert response.status_code == 200
        assert response.context["form"].errors["old_password"]
    locked = _change(client, old="sai-mat-khau")
    assert locked.status_code == 429
    still_locked = _change(client)  # even the right password, until the cool-off ends
    assert still_locked.status_code == 429
    assert User.objects.get(pk=officer_an_bien.pk).check_password(PASSWORD)


def test_token_obtained_with_a_password_is_audited_with_its_owner_as_actor(client, officer_an_bien):
    response = client.post(reverse("api:auth-token"), {"username": officer_an_bien.username, "password": PASSWORD})
    assert response.status_code == 200
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Token))
    assert entry.actor == officer_an_bien
    assert entry.remote_addr == "127.0.0.1"
