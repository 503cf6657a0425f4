"""Vietnamese by default, English through a language switch that persists.

The Vietnamese texts asserted here come from locale/vi (compiled by `make test`).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def switch(client, language: str, next_url: str = "/"):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


def test_login_page_is_vietnamese_by_default(client):
    response = client.get("/accounts/login/")
    assert response["Content-Language"] == "vi"
    assert html_lang(response) == "vi"
    assert "Đăng nhập" in response.text
    assert "Tên đăng nhập" in response.text


def test_officer_home_is_vietnamese_by_default(officer_client):
    html = officer_client.get("/").text
    assert "Phường An Biên" in html
    assert "Trang chủ" in html and "Phường của tôi" in html and "Đăng xuất" in html
    assert "Ban Chỉ đạo phường" in html


def test_committee_home_is_vietnamese_by_default(committee_client):
    html = committee_client.get("/").text
    assert "Tổng quan quận" in html
    assert "15 phường" in html


def test_wrong_password_error_is_vietnamese(client, officer_an_bien):
    response = client.post("/accounts/login/", {"username": officer_an_bien.username, "password": "sai-mat-khau"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.text


def test_error_pages_are_vietnamese(client, committee_client, an_bien):
    assert "Không tìm thấy trang" in client.get("/no-such-page/").text
    assert "Không có quyền truy cập" in committee_client.get(f"/wards/{an_bien.pk}/edit/").text


def test_switching_to_english_sets_a_persistent_cookie(client):
    response = switch(client, "en", "/accounts/login/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600  # survives closing the browser


def test_english_persists_across_requests_and_pages(client, officer_an_bien):
    switch(client, "en", "/accounts/login/")
    login_page = client.get("/accounts/login/")
    assert html_lang(login_page) == "en"
    assert "Log in" in login_page.text and "Đăng nhập" not in login_page.text
    client.post("/accounts/login/", {"username": officer_an_bien.username, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": officer_an_bien.username, "password": "wrong"})
    assert "The username or password is not correct." in response.text
    client.force_login(officer_an_bien)
    home = client.get("/")
    assert html_lang(home) == "en"
    assert "Ward An Biên" in home.text and "My ward" in home.text
    assert "Phường An Biên" not in home.text


def test_english_survives_logging_in_through_the_form(client, officer_an_bien):
    switch(client, "en", "/accounts/login/")
    client.post("/accounts/login/", {"username": officer_an_bien.username, "password": PASSWORD})
    assert html_lang(client.get("/")) == "en"


def test_switching_back_to_vietnamese(client, officer_an_bien):
    client.force_login(officer_an_bien)
    switch(client, "en")
    assert html_lang(client.get("/")) == "en"
    response = switch(client, "vi")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"
    home = client.get("/")
    assert html_lang(home) == "vi"
    assert "Phường An Biên" in home.text


def test_unknown_language_is_ignored(client):
    switch(client, "fr", "/accounts/login/")
    page = client.get("/accounts/login/")
    assert html_lang(page) == "vi"  # only the languages in settings.LANGUAGES are served
    assert "Đăng nhập" in page.text


def test_language_switch_is_offered_on_every_page(client, officer_client):
    html = officer_client.get("/").text
    assert 'action="/i18n/setlang/"' in html
    assert 'value="vi"' in html and 'value="en"' in html


def test_language_switch_refuses_an_external_next_url(client):
    response = switch(client, "en", "https://evil.example/")
    assert response["Location"] == "/"


# ---- The Vietnamese catalog is complete ---------------------------------------------------------


def catalog_entries(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr forms, flags (a small, strict parser)."""
    entries, entry, key = [], None, None

    def unquote(text: str) -> str:
        return text[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        if entry is None:
            entry = {"msgid": "", "msgid_plural": None, "msgstr": {}, "flags": "", "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"] += line[2:]
        elif line.startswith("msgid_plural "):
            key, entry["msgid_plural"] = "msgid_plural", unquote(line[13:])
        elif line.startswith("msgid "):
            key, entry["msgid"] = "msgid", unquote(line[6:])
        elif line.startswith("msgstr"):
            form = re.match(r"msgstr(?:\[(\d+)\])? (.*)", line)
            key = ("msgstr", int(form.group(1) or 0))
            entry["msgstr"][key[1]] = unquote(form.group(2))
        elif line.startswith('"') and key is not None:
            if isinstance(key, tuple):
                entry["msgstr"][key[1]] += unquote(line)
            else:
                entry[key] += unquote(line)
    return [e for e in entries if e["msgid"] and not e["obsolete"]]


VI_CATALOG = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_vietnamese_catalog_translates_every_message_with_the_same_placeholders():
    entries = catalog_entries(VI_CATALOG)
    assert len(entries) > 500
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values()) or not e["msgstr"]]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"{len(untranslated)} untranslated in locale/vi: {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in locale/vi: {fuzzy[:5]}"
    for e in entries:
        placeholders = sorted(re.findall(r"%\(\w+\)[sd]", e["msgid"]))
        for form in e["msgstr"].values():
            assert sorted(re.findall(r"%\(\w+\)[sd]", form)) == placeholders, e["msgid"]


def test_compiled_catalog_is_in_use():
    with translation.override("vi"):
        assert translation.gettext("Log in") == "Đăng nhập"
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"
