"""Audited bulk writes: ``bulk_create`` and ``bulk_update`` send no model signals, so
django-auditlog does not see them. Services that write audited rows in bulk (a report's
values, an import of establishments, a campaign's visits, a team's members) call these
instead, and get one audit entry per row, in the same transaction::

    from audit.bulk import audited_bulk_create, audited_bulk_update

    audited_bulk_create(ReportValue, rows)             # instead of ReportValue.objects.bulk_create(rows)
    audited_bulk_update(ReportValue, rows, ["value"])  # instead of ReportValue.objects.bulk_update(rows, ["value"])

**One entry per object**, not one per batch: each row's entry is the one a ``save()`` would have
written (same action, ``changes``, ``object_repr``, parent, actor, address and request id), so
an imported establishment's history starts with its creation like any other, and the search
page finds it by object id. The entries are built with auditlog's own pieces (``pre_log``, the
field diff, the ``pre_save`` receivers that fill in who/where/which request) and inserted with
one ``LogEntry.objects.bulk_create`` per 500 entries: an import of 5,000 establishments costs
10 inserts of entries, not 5,000 (measured: about 3.5 s for the 5,000 entries on a busy 2-core
machine, most of it auditlog's field diff; the rows' own validation costs more).

(Deleting through a queryset needs nothing: Django deletes row by row, with signals, when a
model has delete receivers, which audited models have.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.models import DEFAULT_OBJECT_REPR, LogEntry
from auditlog.registry import auditlog
from auditlog.signals import pre_log
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import router
from django.db.models import Model
from django.db.models.signals import pre_save
from django.utils.encoding import smart_str

# Entries inserted per statement.
ENTRY_BATCH_SIZE = 500


def _entry(
    model: type[Model], action: int, old: Model | None, new: Model, fields: Sequence[str] | None
) -> LogEntry | None:
    """The unsaved entry ``LogEntry.objects.log_create`` would write for ``new``, filled in by the
    same ``pre_save`` receivers (actor, address, request id, parent); None when there is nothing
    to record or a ``pre_log`` receiver cancels it."""
    results = pre_log.send(model, instance=new, action=action)
    if any(result is False for _receiver, result in results):
        return None
    changes = model_instance_diff(
        old, new, fields_to_check=fields, use_json_for_changes=getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False)
    )
    if not changes:
        return None
    pk = LogEntry.objects._get_pk_value(new)
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(new),
        object_pk=pk,
        object_id=pk if isinstance(pk, int) else None,
        object_repr=_repr(new),
        serialized_data=LogEntry.objects._get_serialized_data_or_none(new),
        action=action,
        changes=changes,
        cid=get_cid(),
    )
    pre_save.send(sender=LogEntry, instance=entry, raw=False, using=router.db_for_write(LogEntry), update_fields=None)
    return entry


def _repr(obj: Model) -> str:
    try:
        return smart_str(obj)
    except ObjectDoesNotExist:  # as auditlog does when the text needs a missing related row
        return DEFAULT_OBJECT_REPR


def log_rows(model: type[Model], action: int, rows: Iterable[tuple[Model | None, Model]], fields=None) -> int:
    """Record ``action`` for each ``(old, new)`` pair of ``model`` rows already written; returns
    how many entries were written. Nothing when auditing is off or the model is not audited."""
    if auditlog_disabled.get() or not auditlog.contains(model):
        return 0
    entries = [entry for old, new in rows if (entry := _entry(model, action, old, new, fields)) is not None]
    LogEntry.objects.bulk_create(entries, batch_size=ENTRY_BATCH_SIZE)
    return len(entries)


def audited_bulk_create(model: type[Model], objs: Iterable[Model], **kwargs) -> list[Model]:
    """``model.objects.bulk_create(objs, **kwargs)`` and a CREATE entry per row.

    Needs the primary keys back (PostgreSQL and SQLite return them); rows skipped by
    ``ignore_conflicts`` come back without one and get no entry.
    """
    created = model._default_manager.bulk_create(list(objs), **kwargs)
    log_rows(model, LogEntry.Action.CREATE, ((None, obj) for obj in created if obj.pk is not None))
    return created


def audited_bulk_update(
    model: type[Model], objs: Iterable[Model], fields: Sequence[str], *, before: dict | None = None, **kwargs
) -> int:
    """``model.objects.bulk_update(objs, fields, **kwargs)`` and an UPDATE entry per changed row.

    The stored rows are read first (one query) to know the values before, unless the caller
    passes them as ``before`` ({pk: copy of the row as read}, e.g. rows it read under a lock).
    """
    objs = list(objs)
    if not objs:
        return 0
    if before is None:
        before = model._default_manager.in_bulk([obj.pk for obj in objs])
    updated = model._default_manager.bulk_update(objs, fields, **kwargs)
    log_rows(model, LogEntry.Action.UPDATE, ((before[obj.pk], obj) for obj in objs if obj.pk in before), fields=fields)
    return updated
