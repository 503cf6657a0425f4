"""The lists, the export and the API cost the same number of queries at two data sizes."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directives import services
from directives.choices import DocumentKind, Issuer
from directives.models import Assignment

pytestmark = pytest.mark.django_db

BUDGET = 12


def _documents(admin, first: int, n: int, today):
    for i in range(first, first + n):
        d = services.directive_create(
            user=admin, number=f"{100 + i}/CV-UBND", kind=DocumentKind.OFFICIAL_LETTER,
            issuer=Issuer.DISTRICT_COMMITTEE, signed_on=datetime.date(2020, 3, 1), title=f"Công văn {i}",
        )  # fmt: skip
        services.task_create(user=admin, directive=d, title=f"Việc {i}", due_on=today, today=today)


def _counts(clients, urls) -> dict[str, int]:
    counts = {}
    for role, url in urls:
        client = clients[role]
        client.get(url)  # warm the menu and the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[f"{role} {url}"] = len(queries)
    return counts


def test_lists_export_and_api_queries_do_not_grow_with_the_data(
    district_admin, officer_an_bien, committee_member, today, clock, all_wards
):
    clients = {"officer": Client(), "committee": Client()}
    clients["officer"].force_login(officer_an_bien)
    clients["committee"].force_login(committee_member)
    _documents(district_admin, 0, 2, today)
    mine = Assignment.objects.filter(ward=officer_an_bien.ward).first()
    urls = [
        ("officer", "/"), ("officer", "/directives/"), ("officer", "/directives/inbox/"),
        ("officer", f"/directives/{mine.task.directive_id}/"),
        ("committee", f"/directives/{mine.task.directive_id}/"),
        ("committee", "/directives/overdue/"), ("committee", "/directives/inbox/"),
        ("committee", "/directives/assignments.csv"), ("committee", "/api/v1/assignments/"),
        ("committee", "/api/v1/directives/"), ("committee", "/api/v1/directive-tasks/"),
    ]  # fmt: skip
    small = _counts(clients, urls)
    _documents(district_admin, 2, 8, today)
    large = _counts(clients, urls)
    assert small == large
    # (the officer's home page has its own budget: tests/summary/test_officer_home.py)
    assert all(n <= BUDGET for page, n in large.items() if page != "officer /"), large
