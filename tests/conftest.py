"""Personas used across the suite, like healthchecks' alice/bob/charlie.

- ``officer_an_bien`` / ``officer_cat_dai``: ward officers of An Biên and Cát Dài (seeded wards)
- ``committee_member``: a member of the district steering committee
- ``district_admin``: a district administrator
- anonymous: the plain ``client`` fixture
Each persona has a logged-in client fixture (``*_client``) and an API client (``*_api``).
"""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import AdminFactory, CommitteeFactory, OfficerFactory
from wards.models import Ward


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttle counters and cached values must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def an_bien(db):
    return Ward.objects.get(code="an-bien")


@pytest.fixture
def cat_dai(db):
    return Ward.objects.get(code="cat-dai")


@pytest.fixture
def officer_an_bien(an_bien):
    return OfficerFactory(username="officer.an-bien.test", ward=an_bien, first_name="Lan")


@pytest.fixture
def officer_cat_dai(cat_dai):
    return OfficerFactory(username="officer.cat-dai.test", ward=cat_dai, first_name="Minh")


@pytest.fixture
def committee_member(db):
    return CommitteeFactory(username="committee.test")


@pytest.fixture
def district_admin(db):
    return AdminFactory(username="admin.test")


def _logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def officer_client(client, officer_an_bien):
    return _logged_in(client, officer_an_bien)


@pytest.fixture
def committee_client(client, committee_member):
    return _logged_in(client, committee_member)


@pytest.fixture
def admin_client_(client, district_admin):
    return _logged_in(client, district_admin)


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def officer_api(officer_an_bien):
    return _api(officer_an_bien)


@pytest.fixture
def other_officer_api(officer_cat_dai):
    return _api(officer_cat_dai)


@pytest.fixture
def committee_api(committee_member):
    return _api(committee_member)


@pytest.fixture
def admin_api(district_admin):
    return _api(district_admin)


@pytest.fixture
def anon_api():
    return APIClient()
