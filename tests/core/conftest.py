"""Fixtures of the platform tests: django-axes state (failed logins, lockouts) is cleared around every test."""

import pytest
from axes.utils import reset
from django.contrib.contenttypes.models import ContentType


@pytest.fixture(autouse=True)
def _reset_axes(request):
    """Failed-login records must not leak between tests (transactional tests keep their rows)."""
    names = request.fixturenames
    if request.node.get_closest_marker("django_db") is None and not {"db", "transactional_db"} & set(names):
        yield
        return
    # Make sure the database is set up before touching it (fixture order is not guaranteed).
    request.getfixturevalue("transactional_db" if "transactional_db" in names else "db")

    # A transactional test that ran before may have flushed the content types this process has
    # cached (the audit trail writes entries pointing at them): look them up afresh.
    ContentType.objects.clear_cache()
    reset()
    yield
    reset()
