"""Pages speak Vietnamese whatever the browser's language, until the user switches."""

import pytest

pytestmark = pytest.mark.django_db


def test_page_is_vietnamese_even_when_the_browser_asks_for_english(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in response.content.decode()
    assert "Đăng nhập" in response.content.decode()


def test_switch_to_english_wins_over_the_default(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="vi")
    assert 'lang="en"' in response.content.decode()


def test_api_client_may_ask_for_english_with_accept_language(client):
    response = client.post("/api/v1/auth/token/", {"username": "nobody", "password": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "The username or password is not correct." in response.content.decode()
    response = client.post("/api/v1/auth/token/", {"username": "nobody", "password": "x"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
