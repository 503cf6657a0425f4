"""The lists cost the same number of queries at two data sizes."""

import datetime

import pytest
from django.test import Client

from directives import services
from directives.choices import DocumentKind, Issuer

pytestmark = pytest.mark.django_db


def _documents(admin, n: int, today):
    for i in range(n):
        d = services.directive_create(
            user=admin, number=f"{100 + i}/CV-UBND", kind=DocumentKind.OFFICIAL_LETTER,
            issuer=Issuer.DISTRICT_COMMITTEE, signed_on=datetime.date(2020, 3, 1), title=f"Công văn {i}",
        )  # fmt: skip
        services.task_create(user=admin, directive=d, title=f"Việc {i}", due_on=today, today=today)


@pytest.mark.parametrize("size", [2, 8])
def test_lists_and_api_query_counts_are_constant(
    size, district_admin, officer_an_bien, committee_member, today, clock, django_assert_max_num_queries, all_wards
):
    _documents(district_admin, size, today)
    officer, committee = Client(), Client()
    officer.force_login(officer_an_bien)
    committee.force_login(committee_member)
    for client, url, budget in (
        (officer, "/directives/", 12),
        (officer, "/directives/inbox/", 12),
        (committee, "/directives/overdue/", 12),
        (committee, "/directives/inbox/", 12),
        (committee, "/directives/assignments.csv", 8),
        (committee, "/api/v1/assignments/", 8),
        (committee, "/api/v1/directives/", 8),
        (committee, "/api/v1/directive-tasks/", 8),
    ):
        client.get(url)  # warm the menu and the session
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200, url
