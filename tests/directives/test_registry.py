"""The registry: search with and without diacritics, filters, duplicate numbers, the signed file."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from directives import services
from directives.choices import DocumentKind, Issuer
from directives.models import Directive
from tests.directives.conftest import JPEG, PDF, upload

pytestmark = pytest.mark.django_db


def _titles(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("query", ["Kế hoạch phòng", "ke hoach phong", "KE HOACH", "58/KH", "rà soát", "ra soat"])
def test_registry_search_finds_with_or_without_diacritics(officer_client, directive, query):
    response = officer_client.get("/directives/", {"q": query})
    assert response.status_code == 200
    assert "58/KH-UBND" in _titles(response)


def test_registry_search_needs_every_word(officer_client, directive):
    assert "58/KH-UBND" not in _titles(officer_client.get("/directives/", {"q": "ke hoach tiem chung"}))


def test_registry_filters_by_issuer_kind_and_year(officer_api, directive, district_admin):
    services.directive_create(
        user=district_admin, number="16/CT-TTg", kind=DocumentKind.DIRECTIVE, issuer=Issuer.PRIME_MINISTER,
        signed_on=datetime.date(2020, 3, 31), title="Thực hiện các biện pháp cấp bách",
    )  # fmt: skip
    numbers = lambda **p: {d["number"] for d in officer_api.get("/api/v1/directives/", p).json()["results"]}  # noqa: E731
    assert numbers(issuer=Issuer.PRIME_MINISTER) == {"16/CT-TTg"}
    assert numbers(kind=DocumentKind.PLAN) == {"58/KH-UBND"}
    assert numbers(year=2020) == {"58/KH-UBND", "16/CT-TTg"}
    assert numbers(year=2021) == set()
    assert numbers(q="cap bach") == {"16/CT-TTg"}
    assert officer_api.get("/api/v1/directives/", {"year": "abc"}).status_code == 400


def test_duplicate_number_per_issuer_and_year_is_refused(directive, district_admin):
    with pytest.raises(ValidationError) as exc:
        services.directive_create(
            user=district_admin, number="58/kh-ubnd", kind=DocumentKind.PLAN, issuer=Issuer.DISTRICT_COMMITTEE,
            signed_on=datetime.date(2020, 5, 1), title="x",
        )  # fmt: skip
    assert "number" in exc.value.message_dict
    # Another issuer, or another year, may use the number.
    services.directive_create(
        user=district_admin, number="58/KH-UBND", kind=DocumentKind.PLAN, issuer=Issuer.CITY_COMMITTEE,
        signed_on=datetime.date(2020, 5, 1), title="x",
    )  # fmt: skip
    services.directive_create(
        user=district_admin, number="58/KH-UBND", kind=DocumentKind.PLAN, issuer=Issuer.DISTRICT_COMMITTEE,
        signed_on=datetime.date(2021, 1, 5), title="x",
    )  # fmt: skip
    assert Directive.objects.count() == 3


def test_duplicate_number_on_the_api_is_a_translated_400(admin_api, directive):
    body = {"number": "58/KH-UBND", "kind": "plan", "issuer": "district_committee", "signed_on": "2020-04-02",
            "title": "x"}  # fmt: skip
    response = admin_api.post("/api/v1/directives/", body, format="json", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert "number" in response.json()
    assert Directive.objects.count() == 1


def test_only_administrators_manage_the_registry(officer_api, committee_api, admin_api, directive, officer_an_bien):
    body = {"number": "1/TB-UBND", "kind": "notice", "issuer": "district_committee", "signed_on": "2020-04-02",
            "title": "Thông báo"}  # fmt: skip
    assert officer_api.post("/api/v1/directives/", body, format="json").status_code == 403
    assert committee_api.post("/api/v1/directives/", body, format="json").status_code == 403
    assert officer_api.patch(f"/api/v1/directives/{directive.pk}/", {"title": "x"}, format="json").status_code == 403
    assert admin_api.post("/api/v1/directives/", body, format="json").status_code == 201
    with pytest.raises(PermissionDenied):
        services.directive_create(user=officer_an_bien, **{**body, "signed_on": datetime.date(2020, 4, 2)})


def test_the_signed_file_must_be_a_pdf_by_its_content(district_admin, directive, client, officer_an_bien):
    with pytest.raises(ValidationError):
        services.directive_update(directive=directive, user=district_admin, file=upload("plan.pdf", JPEG))
    services.directive_update(directive=directive, user=district_admin, file=upload("plan.pdf", PDF, "application/pdf"))
    # Every officer reads the registry's files, whatever their ward's id and the document's.
    Directive.objects.filter(pk=directive.pk).update(id=officer_an_bien.ward_id + 1000)
    directive = Directive.objects.get(pk=officer_an_bien.ward_id + 1000)
    client.force_login(officer_an_bien)
    response = client.get(f"/directives/{directive.pk}/file/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    client.logout()
    assert client.get(f"/directives/{directive.pk}/file/").status_code == 302


def test_a_document_replaces_another(district_admin, directive, officer_client):
    newer = services.directive_create(
        user=district_admin, number="70/KH-UBND", kind=DocumentKind.PLAN, issuer=Issuer.DISTRICT_COMMITTEE,
        signed_on=datetime.date(2020, 4, 2), title="Kế hoạch thay thế", supersedes=directive,
    )  # fmt: skip
    assert "70/KH-UBND" in officer_client.get(f"/directives/{directive.pk}/").content.decode()
    assert "58/KH-UBND" in officer_client.get(f"/directives/{newer.pk}/").content.decode()


def test_the_admin_is_for_administrators_and_refuses_a_duplicate_number(
    client, directive, district_admin, officer_an_bien
):
    client.force_login(officer_an_bien)
    assert client.get("/admin/directives/directive/").status_code in (302, 403)
    client.force_login(district_admin)
    assert client.get("/admin/directives/directive/").status_code == 200
    assert client.get(f"/admin/directives/directive/{directive.pk}/change/").status_code == 200
    response = client.post(
        "/admin/directives/directive/add/",
        {"number": "58/KH-UBND", "kind": "plan", "issuer": "district_committee", "signed_on": "2020-05-02",
         "title": "x", "summary": ""},
    )  # fmt: skip
    assert response.status_code == 200  # the form again, with the error on the number
    assert list(response.context["adminform"].form.errors) == ["number"]
    assert Directive.objects.count() == 1
