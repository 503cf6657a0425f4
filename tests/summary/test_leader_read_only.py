"""A leader in charge of wards reads the committee's dashboard but compiles nothing (issue 15 #3)."""

import pytest
from django.test import Client

from reports.summary.models import SummaryRecompile
from tests.factories import UserFactory
from wards.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader_client(le_chan, all_wards):
    client = Client()
    client.force_login(UserFactory(username="leader.read", role=Role.LEADER))
    return client


def test_the_leader_sees_the_dashboard_without_the_compile_form(leader_client, committee_client):
    assert 'data-testid="compile-form"' not in leader_client.get("/dashboard/").content.decode()
    assert 'data-testid="compile-form"' in committee_client.get("/dashboard/").content.decode()


def test_the_leader_cannot_compile(leader_client, today):
    response = leader_client.post("/dashboard/compile/", {"kind": "daily", "period_start": today.strftime("%d/%m/%Y")})
    assert response.status_code == 403
    assert not SummaryRecompile.objects.exists()
