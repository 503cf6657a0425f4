"""Celery tasks of the platform: the sweep of expired idempotency records."""

from celery import shared_task

from core import idempotency


@shared_task(name="core.tasks.sweep_idempotency_records")  # type: ignore[untyped-decorator]
def sweep_idempotency_records() -> int:
    """Delete idempotency records older than ``IDEMPOTENCY_TTL_DAYS``; return how many."""
    return idempotency.sweep()
