"""Fixtures of the audit trail tests."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

ADDRESS = "203.0.113.7"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Factories hash passwords; the default hasher costs ~0.3 s per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def entries_of(obj, action=None):
    """The audit entries about ``obj`` itself, oldest first."""
    qs = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk))
    if action is not None:
        qs = qs.filter(action=action)
    return list(qs.order_by("timestamp", "pk"))


def entries_of_model(model, action=None):
    qs = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    if action is not None:
        qs = qs.filter(action=action)
    return list(qs.order_by("timestamp", "pk"))
