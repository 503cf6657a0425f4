"""Fixtures of the wards tests: a logged-in client per role, by name."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

ROLES = ("officer", "committee", "admin")
PERSONA = {"officer": "officer_an_bien", "committee": "committee_member", "admin": "district_admin"}


@pytest.fixture
def user_for(request):
    """``user_for("officer" | "committee" | "admin")`` returns that persona."""
    return lambda role: request.getfixturevalue(PERSONA[role])


@pytest.fixture
def page_client_for(user_for):
    """A fresh logged-in page client for a role (several roles may be used in one test)."""

    def make(role):
        client = Client()
        client.force_login(user_for(role))
        return client

    return make


@pytest.fixture
def api_client_for(user_for):
    def make(role):
        api = APIClient()
        api.force_authenticate(user_for(role))
        return api

    return make
