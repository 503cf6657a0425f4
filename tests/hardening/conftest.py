"""Fixtures of the hardening tests: the 15-ward world built once per test."""

import pytest

from tests.hardening.world import build_world


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The world creates 16 users; the default hasher costs ~0.3 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(all_wards):
    return build_world(all_wards)
