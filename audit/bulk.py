"""Audited bulk writes: ``bulk_create`` and ``bulk_update`` send no model signals, so
django-auditlog does not see them. Services that write audited rows in bulk (a report's
values) call these instead, and get one audit entry per row, in the same transaction::

    from audit.bulk import audited_bulk_create, audited_bulk_update

    audited_bulk_create(ReportValue, rows)             # instead of ReportValue.objects.bulk_create(rows)
    audited_bulk_update(ReportValue, rows, ["value"])  # instead of ReportValue.objects.bulk_update(rows, ["value"])

(Deleting through a queryset needs nothing: Django deletes row by row, with signals, when a
model has delete receivers, which audited models have.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import pre_log
from django.db.models import Model


def _log(model, action: int, old: Model | None, new: Model, fields: Sequence[str] | None = None) -> None:
    if auditlog_disabled.get() or not auditlog.contains(model):
        return
    results = pre_log.send(model, instance=new, action=action)
    if any(result is False for _receiver, result in results):
        return
    changes = model_instance_diff(old, new, fields_to_check=fields)
    if changes:
        LogEntry.objects.log_create(new, action=action, changes=changes)


def audited_bulk_create(model: type[Model], objs: Iterable[Model], **kwargs) -> list[Model]:
    """``model.objects.bulk_create(objs, **kwargs)`` and a CREATE entry per row.

    Needs the primary keys back (PostgreSQL and SQLite return them); rows skipped by
    ``ignore_conflicts`` come back without one and get no entry.
    """
    created = model._default_manager.bulk_create(list(objs), **kwargs)
    for obj in created:
        if obj.pk is not None:
            _log(model, LogEntry.Action.CREATE, None, obj)
    return created


def audited_bulk_update(model: type[Model], objs: Iterable[Model], fields: Sequence[str], **kwargs) -> int:
    """``model.objects.bulk_update(objs, fields, **kwargs)`` and an UPDATE entry per changed row.

    The stored rows are read first (one query) to know the values before.
    """
    objs = list(objs)
    if not objs:
        return 0
    before = model._default_manager.in_bulk([obj.pk for obj in objs])
    updated = model._default_manager.bulk_update(objs, fields, **kwargs)
    for obj in objs:
        old = before.get(obj.pk)
        if old is not None:
            _log(model, LogEntry.Action.UPDATE, old, obj, fields)
    return updated
