"""The API does what its OpenAPI schema says (issue 16, item 9): documented error answers, the
team calendar a plain list, ``version`` required by a report's PATCH, invalid filter and
pagination values refused with 400 naming the parameter, JSON server errors under /api/."""

import datetime

import pytest
from django.http import HttpResponse
from django.urls import path
from drf_spectacular.generators import SchemaGenerator
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from config.urls import handler403, handler404, handler500  # noqa: F401  (this module is a URLconf in some tests)
from config.urls import urlpatterns as project_urlpatterns
from inspections.models import ChecklistItem
from tests.factories import ScheduleFactory, TeamFactory, draft_daily

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


# ---- a URLconf with views that fail, under /api/ and as a page --------------------------------------


class FailingAPIView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("deliberate failure in an API view")


def failing_page(request) -> HttpResponse:
    raise RuntimeError("deliberate failure in a page")


urlpatterns = [
    path("api/v1/test-only/fail/", FailingAPIView.as_view()),
    path("test-only/fail/", failing_page),
    *project_urlpatterns,
]


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for route, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield route, method, item[method]


def detail_schema(response: dict) -> dict:
    return response["content"]["application/json"]["schema"]


# ---- 1. every operation documents its error answers ----------------------------------------------


def test_every_operation_documents_401_403_with_a_detail_body(schema):
    error = schema["components"]["schemas"]["ErrorDetail"]
    assert error["required"] == ["detail"] and error["properties"]["detail"]["type"] == "string"
    missing = []
    for route, method, operation in operations(schema):
        if route == "/api/v1/auth/token/":  # open to anyone: wrong credentials are its 400
            continue
        for code in ("401", "403"):
            response = operation["responses"].get(code)
            if response is None or detail_schema(response) != {"$ref": "#/components/schemas/ErrorDetail"}:
                missing.append(f"{method.upper()} {route} {code}")
    assert not missing


def test_operations_on_one_object_document_404_and_those_with_input_400(schema):
    missing = []
    for route, method, operation in operations(schema):
        has_input = "requestBody" in operation or any(p["in"] == "query" for p in operation.get("parameters", []))
        if has_input and "400" not in operation["responses"]:
            missing.append(f"{method.upper()} {route} 400")
        if "{" in route and "404" not in operation["responses"]:
            missing.append(f"{method.upper()} {route} 404")
    assert not missing
    assert "429" in schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    report_400 = schema["paths"]["/api/v1/reports/"]["post"]["responses"]["400"]
    assert detail_schema(report_400)["type"] == "object"


def test_the_documented_errors_are_the_answers(officer_api, anon_api, officer_cat_dai, catalogue, today):
    other_report = draft_daily(officer_cat_dai, today)
    assert anon_api.get("/api/v1/reports/").status_code == 401
    forbidden = officer_api.get("/api/v1/audit-log/")
    hidden = officer_api.get(f"/api/v1/reports/{other_report.pk}/")
    assert forbidden.status_code == 403 and set(forbidden.json()) == {"detail"}
    assert hidden.status_code == 404 and set(hidden.json()) == {"detail"}


def test_a_path_no_route_matches_answers_json_404_under_api_only(officer_api, officer_client):
    response = officer_api.get("/api/v1/reports/not-a-number/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}
    page = officer_client.get("/reports/not-a-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


# ---- 2. the team calendar is a plain list --------------------------------------------------------


def test_the_calendar_is_documented_and_answered_as_a_plain_list(schema, admin_api, an_bien):
    operation = schema["paths"]["/api/v1/inspection-teams/{id}/calendar/"]["get"]
    assert detail_schema(operation["responses"]["200"]) == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Schedule"},
    }
    names = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
    assert names == {"start", "days"}  # no page, page_size or the team list's filters

    team = TeamFactory()
    schedule = ScheduleFactory(team=team)
    monday = schedule.date - datetime.timedelta(days=schedule.date.weekday())
    response = admin_api.get(f"/api/v1/inspection-teams/{team.pk}/calendar/?start={monday.isoformat()}")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [schedule.pk]


@pytest.mark.parametrize(
    ("query", "name"), [("days=0", "days"), ("days=63", "days"), ("days=x", "days"), ("start=2026-02-30", "start")]
)
def test_bad_calendar_queries_name_their_parameter(admin_api, query, name):
    team = TeamFactory()
    response = admin_api.get(f"/api/v1/inspection-teams/{team.pk}/calendar/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [name]


# ---- 3. version is required to PATCH a report -----------------------------------------------------


def test_report_patch_documents_version_as_required(schema):
    body = schema["paths"]["/api/v1/reports/{id}/"]["patch"]["requestBody"]
    assert body["required"] is True
    ref = body["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert "version" in component["required"]
    # Other PATCH bodies stay partial.
    team_body = schema["paths"]["/api/v1/inspection-teams/{id}/"]["patch"]["requestBody"]
    assert team_body["content"]["application/json"]["schema"]["$ref"].endswith("/PatchedTeamWriteRequest")


def test_report_patch_without_version_is_refused(officer_api, officer_an_bien, catalogue, today):
    report = draft_daily(officer_an_bien, today)
    response = officer_api.patch(f"/api/v1/reports/{report.pk}/", {"values": {"masks_given": 1}}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


# ---- 4. invalid filter and pagination values are refused ------------------------------------------


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/checklist-items/?page_size=null", "page_size"),
        ("/api/v1/checklist-items/?page_size=0", "page_size"),
        ("/api/v1/checklist-items/?page_size=501", "page_size"),
        ("/api/v1/checklist-items/?page_size=", "page_size"),
        ("/api/v1/checklist-items/?page=abc", "page"),
        ("/api/v1/checklist-items/?page=0", "page"),
        ("/api/v1/checklist-items/?page=last", "page"),
        ("/api/v1/checklist-items/?active=%C3%B8%C3%BB", "active"),
        ("/api/v1/checklist-items/?active=", "active"),
        ("/api/v1/reports/?status=", "status"),
        ("/api/v1/reports/?status=nonsense", "status"),
        ("/api/v1/reports/?is_late=maybe", "is_late"),
        ("/api/v1/reports/?period_from=2026-13-45", "period_from"),
        ("/api/v1/reports/?ward=", "ward"),
        ("/api/v1/notifications/?unread=yes", "unread"),
        ("/api/v1/inspections/?date_to=tomorrow", "date_to"),
        ("/api/v1/audit-log/?action=", "action"),
    ],
)
def test_invalid_query_values_are_refused_naming_the_parameter(admin_api, url, name):
    response = admin_api.get(url)
    assert response.status_code == 400, response.content
    assert name in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/checklist-items/?page_size=500&page=1",
        "/api/v1/checklist-items/?active=true",
        "/api/v1/checklist-items/?active=False",
        "/api/v1/checklist-items/?active=0",
        "/api/v1/notifications/?unread=1",
        "/api/v1/reports/?status=draft&period_from=2026-11-01",
        "/api/v1/audit-log/?q=&user=",  # free text may be empty
    ],
)
def test_valid_query_values_are_accepted(admin_api, url):
    assert admin_api.get(url).status_code == 200


def test_boolean_filters_filter(admin_api):
    inactive = ChecklistItem.objects.create(code="test-inactive", text="Inactive", active=False)
    codes = {row["code"] for row in admin_api.get("/api/v1/checklist-items/?active=0&page_size=500").json()["results"]}
    assert codes == {inactive.code}


def test_a_page_past_the_last_is_404(admin_api):
    assert admin_api.get("/api/v1/wards/?page=999").status_code == 404


def test_filter_parameters_are_documented_with_their_types(schema):
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/reports/"]["get"]["parameters"]}
    assert parameters["page"] == {"type": "integer", "minimum": 1, "maximum": 999_999_999}
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 500}
    assert parameters["is_late"]["type"] == "boolean"
    assert set(parameters["status"]["enum"]) >= {"draft", "submitted"}
    assert parameters["period_from"] == {"type": "string", "format": "date"}
    inspections = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/inspections/"]["get"]["parameters"]}
    assert inspections["establishment"]["type"] == "integer"


# ---- 5. a server error under /api/ answers JSON ---------------------------------------------------


@pytest.fixture
def failing_urls(settings, client):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False


def test_a_server_error_under_api_answers_json_in_the_request_language(failing_urls, client):
    response = client.get("/api/v1/test-only/fail/", headers={"accept-language": "vi"})
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Đã xảy ra lỗi máy chủ."}
    english = client.get("/api/v1/test-only/fail/", headers={"accept-language": "en"})
    assert english.json() == {"detail": "A server error occurred."}


def test_a_server_error_on_a_page_keeps_the_html_page(failing_urls, client):
    response = client.get("/test-only/fail/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "<html" in response.text
