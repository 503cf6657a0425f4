"""The browser fixture keeps ``serialized_rollback`` working after a flush (the first test here
flushes): with Playwright's event loop running in this thread Django hands out other connection
objects, which must still carry the test database's serialized contents, or a browser test after a
flush would run without the migrations' seeded rows."""

import pytest
from django.db import connection

from reports.summary.models import LevelCriteria

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_transactional_test_first_flushes_the_database_after_it():
    assert LevelCriteria.objects.exists()


def test_a_browser_test_restores_the_migrations_rows(chromium_browser):
    assert hasattr(connection, "_test_serialized_contents")
    assert LevelCriteria.objects.filter(valid_from="2020-01-22").exists()  # seeded by a data migration
