"""What DRF, django-filter and Django say to API clients comes back in Vietnamese (issue 16, 15).

The portal answers `Content-Language: vi` by default; the framework's own messages (401, 404,
405, 429, validation errors) used to stay English. Their Vietnamese lives in locale/vi, kept
alive by core/framework_messages.py (see its docstring).
"""

import ast
import re
from pathlib import Path

import django_filters.fields
import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import validators
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils import translation
from rest_framework import exceptions, fields, pagination, relations, serializers
from rest_framework import validators as drf_validators
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

MODULE = Path(settings.BASE_DIR) / "core" / "framework_messages.py"
VI_CATALOG = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"

ESTABLISHMENT = {"name": "Quán cà phê Hoa Sữa", "address": "12 Tô Hiệu", "category": "cafe"}


def detail(response) -> str:
    return response.json()["detail"]


# ---- The issue's five examples, on real endpoints ------------------------------------------------


def test_request_without_credentials_is_refused_in_vietnamese(anon_api):
    response = anon_api.get("/api/v1/wards/")
    assert response.status_code == 401
    assert response["Content-Language"] == "vi"
    assert detail(response) == "Chưa cung cấp thông tin xác thực."


def test_bad_token_is_refused_in_vietnamese(an_bien):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token khong-phai-ma-that")
    response = api.get("/api/v1/wards/")
    assert response.status_code == 401
    assert detail(response) == "Mã truy cập không hợp lệ."


def test_invalid_choice_is_refused_in_vietnamese(admin_api, an_bien):
    response = admin_api.post(
        "/api/v1/establishments/", {**ESTABLISHMENT, "ward": an_bien.code, "category": "spaceport"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["category"] == ["“spaceport” không phải là lựa chọn hợp lệ."]


def test_negative_value_where_zero_or_more_is_required_is_refused_in_vietnamese(admin_api, an_bien):
    response = admin_api.post(
        "/api/v1/establishments/", {**ESTABLISHMENT, "ward": an_bien.code, "workers": -1}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["workers"] == ["Giá trị này phải lớn hơn hoặc bằng 0."]


def test_unknown_primary_key_is_refused_in_vietnamese(officer_api, an_bien):
    response = officer_api.post("/api/v1/reports/", {"ward": 99999, "kind": "daily"}, format="json")
    assert response.status_code == 400
    assert response.json()["ward"] == ["Mã “99999” không hợp lệ: đối tượng không tồn tại."]


# ---- More of what the framework answers ----------------------------------------------------------


def test_throttled_request_is_refused_in_vietnamese_with_the_wait(anon_api, officer_an_bien, monkeypatch):
    monkeypatch.setattr(
        ScopedRateThrottle, "THROTTLE_RATES", {**ScopedRateThrottle.THROTTLE_RATES, "auth-token": "1/min"}
    )
    body = {"username": officer_an_bien.username, "password": PASSWORD}
    assert anon_api.post("/api/v1/auth/token/", body, format="json").status_code == 200
    response = anon_api.post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 429
    assert re.fullmatch(
        r"Yêu cầu bị tạm từ chối vì gửi quá nhiều lần\. Vui lòng thử lại sau \d+ giây\.", detail(response)
    ), detail(response)


@pytest.mark.parametrize("wait", [1, 42])
def test_throttle_message_is_vietnamese_for_one_and_many_seconds(wait):
    with translation.override("vi"):
        message = str(exceptions.Throttled(wait=wait).detail)
    assert message == f"Yêu cầu bị tạm từ chối vì gửi quá nhiều lần. Vui lòng thử lại sau {wait} giây."


def test_page_past_the_end_is_refused_in_vietnamese(admin_api):
    response = admin_api.get("/api/v1/wards/?page=999")
    assert response.status_code == 404
    assert detail(response) == "Trang không hợp lệ."


def test_unknown_object_is_not_found_in_vietnamese(admin_api):
    response = admin_api.get("/api/v1/wards/99999/")
    assert response.status_code == 404
    assert detail(response).startswith("Không tìm thấy")


def test_method_not_allowed_is_refused_in_vietnamese(admin_api):
    response = admin_api.delete("/api/v1/wards/")
    assert response.status_code == 405
    assert detail(response) == "Phương thức “DELETE” không được phép."


def test_officer_refused_an_administrators_action_in_vietnamese(officer_api, an_bien):
    response = officer_api.post("/api/v1/establishments/", {**ESTABLISHMENT, "ward": an_bien.code}, format="json")
    assert response.status_code == 403
    assert detail(response) == "Bạn không có quyền thực hiện thao tác này."


def test_malformed_json_is_refused_in_vietnamese_with_its_position(admin_api):
    response = admin_api.post("/api/v1/establishments/", "{khong-phai-json", content_type="application/json")
    assert response.status_code == 400
    assert detail(response) == "Nội dung yêu cầu không phải là JSON hợp lệ (dòng 1, cột 2)."


def test_unsupported_media_type_is_refused_in_vietnamese(admin_api):
    response = admin_api.post("/api/v1/establishments/", "x", content_type="text/plain")
    assert response.status_code == 415
    assert detail(response) == "Kiểu dữ liệu “text/plain” của yêu cầu không được hỗ trợ."


def test_missing_and_blank_fields_are_refused_in_vietnamese(admin_api, an_bien):
    response = admin_api.post("/api/v1/establishments/", {"ward": an_bien.code, "name": ""}, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["name"] == ["Trường này không được để trống."]
    assert errors["address"] == ["Trường này là bắt buộc."]


def test_too_long_and_not_a_number_are_refused_in_vietnamese(admin_api, an_bien):
    response = admin_api.post(
        "/api/v1/establishments/", {**ESTABLISHMENT, "ward": an_bien.code, "name": "x" * 201, "workers": "nhiều"}
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["name"] == ["Trường này không được dài quá 200 ký tự."]
    assert errors["workers"] == ["Cần một số nguyên hợp lệ."]


def test_invalid_filter_value_is_refused_in_vietnamese(admin_api):
    # django-filter validates with a Django form: the message comes from Django's vi catalogue.
    response = admin_api.get("/api/v1/establishments/?status=khong-co")
    assert response.status_code == 400
    assert response.json()["status"] == [
        "Hãy chọn một lựa chọn hợp lệ. khong-co không phải là một trong các lựa chọn khả thi."
    ]


def test_an_api_client_asking_for_english_gets_english(anon_api):
    response = anon_api.get("/api/v1/wards/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"
    assert detail(response) == "Authentication credentials were not provided."


# ---- Django's own messages that reach users ------------------------------------------------------


def _validation_messages(validator, value) -> list[str]:
    try:
        validator(value)
    except validators.ValidationError as exc:
        return exc.messages
    raise AssertionError(f"{validator!r} accepted {value!r}")


@pytest.mark.parametrize(
    ("validator", "value", "vietnamese"),
    [
        # Django's vi catalogue translates these; ours only tidies their punctuation.
        (validators.MinValueValidator(0), -1, "Giá trị này phải lớn hơn hoặc bằng 0."),
        (validators.MaxValueValidator(10), 11, "Giá trị này phải nhỏ hơn hoặc bằng 10."),
        (validators.MaxLengthValidator(3), "abcd", "Giá trị này chỉ được có tối đa 3 ký tự (hiện có 4)."),
        (validators.EmailValidator(), "khong-phai-email", "Nhập một địa chỉ email hợp lệ."),
        # Django's vi catalogue leaves these English.
        (validators.validate_slug, "a b", "Nhập một “slug” hợp lệ, chỉ gồm chữ cái, chữ số, dấu gạch dưới hoặc dấu gạch ngang."),
        (validators.ProhibitNullCharactersValidator(), "a\x00b", "Không được chứa ký tự rỗng (NUL)."),
        (validators.FileExtensionValidator(["pdf"]), type("F", (), {"name": "plan.exe"})(), "Không chấp nhận tệp có đuôi “exe”. Các đuôi tệp được phép: pdf."),
    ],
)  # fmt: skip
def test_django_validators_speak_vietnamese(validator, value, vietnamese):
    with translation.override("vi"):
        assert _validation_messages(validator, value) == [vietnamese]


def test_django_form_fields_speak_vietnamese():
    class Form(forms.Form):
        day = forms.DateField()
        count = forms.IntegerField(min_value=1)
        kind = forms.ChoiceField(choices=[("a", "A")])

    with translation.override("vi"):
        errors = Form({"day": "hôm qua", "count": "0", "kind": "b"}).errors
        assert errors["day"] == ["Nhập một ngày hợp lệ."]  # Django's vi catalogue
        assert errors["count"] == ["Giá trị này phải lớn hơn hoặc bằng 1."]
        assert errors["kind"] == ["Hãy chọn một lựa chọn hợp lệ. b không phải là một trong các lựa chọn khả thi."]
        assert Form({}).errors["day"] == ["Trường này là bắt buộc."]


def test_password_validators_speak_vietnamese():
    with translation.override("vi"), pytest.raises(validators.ValidationError) as exc:
        validate_password("123")
    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự." in exc.value.messages
    assert "Mật khẩu này hoàn toàn là số." in exc.value.messages  # Django's vi catalogue


def test_paginator_errors_speak_vietnamese():
    with translation.override("vi"):
        paginator = Paginator([1, 2, 3], 2)
        with pytest.raises(PageNotAnInteger, match="Số trang không phải là số nguyên"):
            paginator.validate_number("x")
        with pytest.raises(EmptyPage, match="Trang này không có kết quả nào"):
            paginator.validate_number(9)


# ---- Every framework message has a Vietnamese translation ---------------------------------------


def catalog(path: Path) -> dict[tuple[str, str | None], dict]:
    """(msgid, msgid_plural) → {"msgstr": [forms], "fuzzy": bool} of a .po file's live entries."""
    entries, entry, key = {}, None, None

    def unquote(text: str) -> str:
        return text[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip() or line.startswith("#~"):
            if entry and entry["msgid"]:
                entries[(entry["msgid"], entry["msgid_plural"])] = entry
            entry = key = None
            continue
        if entry is None:
            entry = {"msgid": "", "msgid_plural": None, "msgstr": [], "fuzzy": False}
        if line.startswith("#,"):
            entry["fuzzy"] |= "fuzzy" in line
        elif line.startswith(("msgid_plural ", "msgid ", "msgstr")):
            key, _space, text = line.partition(" ")
            if key.startswith("msgstr"):
                entry["msgstr"].append(unquote(text))
            else:
                entry[key] = unquote(text)
        elif line.startswith('"') and key:
            if key.startswith("msgstr"):
                entry["msgstr"][-1] += unquote(line)
            else:
                entry[key] += unquote(line)
    return entries


def listed_msgids() -> list[tuple[str, str | None]]:
    """(msgid, msgid_plural) of every gettext_noop / ngettext_lazy call in core/framework_messages.py:
    read the way the extractor reads it, from the source."""
    calls = []
    for node in ast.walk(ast.parse(MODULE.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"gettext_noop", "ngettext_lazy"}:
            args = [arg.value for arg in node.args]
            calls.append((args[0], args[1] if node.func.id == "ngettext_lazy" else None))
    return calls


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sdr]|%[sd]|\{[\w:]*\}", text))


def test_framework_messages_module_lists_the_issues_examples():
    msgids = {msgid for msgid, _plural in listed_msgids()}
    assert len(msgids) > 250
    for msgid in (
        "Authentication credentials were not provided.",
        "Invalid token.",
        '"{input}" is not a valid choice.',
        "Ensure this value is greater than or equal to {min_value}.",
        'Invalid pk "{pk_value}" - object does not exist.',
        "Expected available in {wait} seconds.",
        "Invalid page.",
        "Select a lookup.",
    ):
        assert msgid in msgids


def test_every_listed_framework_message_has_a_vietnamese_translation():
    entries = catalog(VI_CATALOG)
    problems = []
    for msgid, plural in listed_msgids():
        entry = entries.get((msgid, plural))
        if entry is None:
            problems.append(f"missing from locale/vi: {msgid!r}")
        elif entry["fuzzy"]:
            problems.append(f"fuzzy: {msgid!r}")
        elif not entry["msgstr"] or not all(s.strip() for s in entry["msgstr"]):
            problems.append(f"untranslated: {msgid!r}")
        elif any(placeholders(s) != placeholders(msgid) for s in entry["msgstr"]):
            problems.append(f"placeholders differ: {msgid!r}")
    assert not problems, "\n".join(problems)


def test_listed_framework_messages_are_compiled_and_win_over_other_catalogues():
    entries = catalog(VI_CATALOG)
    with translation.override("vi"):
        for msgid, plural in listed_msgids():
            expected = entries[(msgid, plural)]["msgstr"][0]
            got = translation.ngettext(msgid, plural, 2) if plural else translation.gettext(msgid)
            assert got == expected, msgid


# Every message DRF and django-filter can put in an API answer, found from the classes themselves:
# a DRF or django-filter upgrade that adds one fails here until it is listed and translated.


def _drf_messages():
    messages = []
    classes = [exceptions.APIException, fields.Field, serializers.BaseSerializer, django_filters.fields.RangeField]
    seen = set()
    while classes:
        cls = classes.pop()
        if cls in seen:
            continue
        seen.add(cls)
        classes.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] not in {"rest_framework", "django_filters"}:
            continue
        if "default_detail" in vars(cls):
            messages.append((f"{cls.__name__}.default_detail", cls.default_detail))
        for key, message in vars(cls).get("default_error_messages", {}).items():
            messages.append((f"{cls.__name__}.{key}", message))
    messages += [
        ("Throttled.extra_detail_singular", exceptions.Throttled.extra_detail_singular),
        ("Throttled.extra_detail_plural", exceptions.Throttled.extra_detail_plural),
        ("PageNumberPagination.invalid_page_message", pagination.PageNumberPagination.invalid_page_message),
        ("PrimaryKeyRelatedField.does_not_exist", relations.PrimaryKeyRelatedField.default_error_messages["does_not_exist"]),
    ]  # fmt: skip
    for validator in (drf_validators.UniqueValidator, drf_validators.UniqueTogetherValidator):
        messages.append((f"{validator.__name__}.message", validator.message))
    return messages


def test_every_drf_and_django_filter_error_message_is_translated():
    messages = _drf_messages()
    assert len(messages) > 60
    untranslated = []
    for name, message in messages:
        with translation.override("en"):
            english = str(message)
        with translation.override("vi"):
            vietnamese = str(message)
        if vietnamese == english:
            untranslated.append(f"{name}: {english}")
    assert not untranslated, "\n".join(untranslated)
