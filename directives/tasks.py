"""Celery tasks of the directives app (scheduled in config/celery.py)."""

from celery import shared_task

from directives import services

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "max_retries": 5}


@shared_task(acks_late=True, **RETRY)
def daily() -> dict:
    """Top up repeating tasks' occurrences, then send today's reminders (safe to run again)."""
    created = services.assignments_generate_due()
    return {"assignments_created": created, **services.reminders_send()}
