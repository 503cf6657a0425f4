"""Accounts: log in, log out and change one's password."""

import pytest
from django.test import Client

from tests.factories import PASSWORD
from tests.helpers import logs_in, t

pytestmark = pytest.mark.django_db


def login_errors(client, username, password):
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 200
    return response, list(response.context["form"].non_field_errors())


def test_login_with_good_credentials_goes_home(client, officer_an_bien):
    response = client.post("/accounts/login/", {"username": officer_an_bien.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").context["user"] == officer_an_bien


def test_login_wrong_password_shows_a_translated_error_that_does_not_say_which_part(client, officer_an_bien):
    wrong_password, errors_password = login_errors(client, officer_an_bien.username, "wrong-password")
    _unknown_user, errors_user = login_errors(client, "nobody-here", PASSWORD)
    assert errors_password == [t("The username or password is not correct.")]
    # The same message whichever part was wrong: no hint that the account exists.
    assert errors_user == errors_password
    assert t("The username or password is not correct.") in wrong_password.text
    # What was typed as username is kept; the password is not echoed back.
    assert f'value="{officer_an_bien.username}"' in wrong_password.text
    assert "wrong-password" not in wrong_password.text


def test_login_of_an_inactive_user_gets_the_same_error(client, officer_an_bien):
    officer_an_bien.is_active = False
    officer_an_bien.save()
    _response, errors = login_errors(client, officer_an_bien.username, PASSWORD)
    assert errors == [t("The username or password is not correct.")]


def test_login_page_redirects_a_logged_in_user_home(officer_client):
    response = officer_client.get("/accounts/login/")
    assert response.status_code == 302


def test_logout_ends_the_session(officer_client):
    response = officer_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert officer_client.get("/")["Location"].startswith("/accounts/login/")


def test_logout_is_post_only(officer_client):
    assert officer_client.get("/accounts/logout/").status_code == 405
    assert officer_client.get("/").status_code == 200


def test_password_change_then_login_with_the_new_password(officer_client, officer_an_bien):
    new = "Mật-khẩu-mới-2026"
    response = officer_client.get("/accounts/password/")
    assert response.status_code == 200
    response = officer_client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/done/"
    assert officer_client.get("/accounts/password/done/").status_code == 200
    officer_an_bien.refresh_from_db()
    assert officer_an_bien.check_password(new)
    fresh = Client()
    assert logs_in(fresh, officer_an_bien.username, new)


def test_password_change_with_wrong_old_password_keeps_the_old_one(officer_client, officer_an_bien):
    new = "Mật-khẩu-mới-2026"
    response = officer_client.post(
        "/accounts/password/", {"old_password": "nope", "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    officer_an_bien.refresh_from_db()
    assert officer_an_bien.check_password(PASSWORD)
