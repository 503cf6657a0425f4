"""On PostgreSQL the database itself refuses to change or delete audit entries.

Run with ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/pcd_audit``.
"""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import DatabaseError, connection, transaction

from tests.audit.conftest import entries_of
from tests.factories import AdminFactory, WardFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is installed on PostgreSQL only")


@pytest.fixture
def entry(district_admin):
    with set_actor(district_admin):
        ward = WardFactory(name="Phường bất biến")
    [created] = entries_of(ward)
    return created


def test_update_of_an_entry_is_refused(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="đã sửa")
    entry.refresh_from_db()
    assert entry.object_repr == "Phường bất biến"


def test_update_through_raw_sql_is_refused(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE auditlog_logentry SET changes = '{}'::jsonb WHERE id = %s", [entry.pk])


def test_delete_of_an_entry_is_refused(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_clearing_the_actor_with_another_change_is_refused(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(actor=None, remote_addr="10.9.9.9")


def test_deleting_a_user_keeps_their_entries_and_username(le_chan):
    author = AdminFactory(username="admin.leaving")
    with set_actor(author):
        ward = WardFactory(name="Phường lưu vết")
    author.delete()  # ON DELETE SET NULL of the actor is the one update allowed
    [created] = entries_of(ward)
    assert created.actor_id is None
    assert created.additional_data["actor_username"] == "admin.leaving"
    assert created.object_repr == "Phường lưu vết"
